// fermata stock MOVEMENT ... : one movement of units as a command, and what
// the stock register holds (movements, purchase orders).
//
// A movement command composes the one-row stock file (docs/FORMATS.md §14)
// its options describe and imports it like any file: the same checks, one
// transaction, the row archived as its source, and the same command twice
// changes nothing.
#include <array>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/import_report.h"
#include "fermata/cli/table.h"
#include "fermata/ingest/import.h"
#include "fermata/inventory/movement.h"
#include "fermata/storage/archive.h"

namespace fermata::cli {
namespace {

// The stock file's columns, in order, and what each option fills.
constexpr std::array<std::string_view, 16> kColumns = {
    "movement", "date",  "document", "sku",       "units", "owner",    "from",  "to",
    "store",    "buyer", "terms",    "condition", "price", "currency", "order", "reason"};

struct MovementArgs {
  std::map<std::string, std::string> fields;  // Column -> value.
  std::string recipient;
  bool dry_run = false;
};

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string compose_row(const MovementArgs& args) {
  std::string header, row;
  for (std::string_view column : kColumns) {
    if (!header.empty()) {
      header += ",";
      row += ",";
    }
    header += column;
    auto found = args.fields.find(std::string(column));
    if (found != args.fields.end()) row += csv_field(found->second);
  }
  return header + "\n" + row + "\n";
}

int run_movement(Context& ctx, MovementArgs args) {
  if (args.fields["date"].empty()) args.fields["date"] = utc_now_micros().substr(0, 10);
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  ImportOptions options;
  options.format = ImportFormat::kStock;
  options.dry_run = args.dry_run;
  options.recipient = args.recipient;
  options.archive_directory = SourceArchive::for_database(ctx.db_path).directory();
  const std::string name = "stock " + args.fields["movement"] + " " + args.fields["document"];
  Result<ImportReport> report =
      import_text(*books->database, *books->ledger, name, compose_row(args), options);
  if (!report) return fail(report.error());
  if (ctx.json) {
    std::cout << import_report_json(*report).dump(2) << "\n";
  } else {
    print_import_report(*report, args.dry_run);
  }
  return report->rejected.empty() ? 0 : exit_code_for(report->rejected.front().code);
}

// What each option means, by column.
constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kOptionHelp = {{
    {"date", "When it happened, YYYY-MM-DD (default: today, UTC)"},
    {"document", "Delivery note, invoice, order, return authorisation or instruction number"},
    {"sku", "The product's SKU (a physical product of the catalog)"},
    {"units", "Whole units (an adjust is signed)"},
    {"owner", "Whose units they are before the movement (the label)"},
    {"from", "Location the units leave (party id)"},
    {"to", "Location the units reach (party id)"},
    {"store", "The store of an order, shipment or return"},
    {"buyer", "Who buys (a purchase or purchase order): the distributor"},
    {"terms", "sale (default) or consignment"},
    {"condition", "restock (default) or damaged"},
    {"price", "Unit price (PPD of a sale; else the price list's)"},
    {"currency", "ISO 4217 currency of the price"},
    {"order", "The purchase order or store order it belongs to"},
    {"reason", "Why (adjustments, damage, destruction, promo use)"},
}};

void add_movement_command(CLI::App& stock, Context& ctx, std::string_view kind,
                          std::string_view help) {
  auto args = std::make_shared<MovementArgs>();
  CLI::App* cmd = stock.add_subcommand(std::string(kind), std::string(help));
  args->fields["movement"] = std::string(kind);
  for (const auto& [column, text] : kOptionHelp) {
    cmd->add_option("--" + std::string(column), args->fields[std::string(column)],
                    std::string(text));
  }
  cmd->add_option("--recipient", args->recipient,
                  "Whose books (party id); default: the catalog's only distributor");
  cmd->add_flag("--dry-run", args->dry_run, "Check and report; write nothing");
  cmd->callback([&ctx, args] { ctx.exit_code = run_movement(ctx, *args); });
}

}  // namespace

void add_stock_commands(CLI::App& app, Context& ctx) {
  CLI::App* stock = app.add_subcommand(
      "stock", "Units: one movement per command (as one row of a stock file), and the register");
  stock->require_subcommand(1);
  const std::pair<std::string_view, std::string_view> kinds[] = {
      {"press", "New units pressed for the owner (--to)"},
      {"receipt", "Consignment receipt from the owner (--document delivery note, --to)"},
      {"purchase_order", "A purchase order from --buyer to the owner (--document PO number)"},
      {"cancel_order", "Cancel purchase order --document"},
      {"purchase", "The buyer buys the owner's units: title passes (--to, --buyer)"},
      {"order", "A store's order: units set aside (--document, --from, --store)"},
      {"ship", "Ship to a store on sale or consignment (--document invoice, --from, --store)"},
      {"return", "A store returns units (--document RA, --store, --to, --terms, --condition)"},
      {"transfer", "Send units to another warehouse (--from, --to): in transit"},
      {"arrive", "Units in transit arrive (--to)"},
      {"damage", "Units found unfit for sale (--from, --reason)"},
      {"return_to_owner", "Give units back to their owner (--from)"},
      {"destroy", "Destroy units on the owner's written instruction (--document, --reason)"},
      {"promo", "Promo or free goods on the owner's instruction (--document, --reason)"},
      {"adjust", "A count adjustment (--from, signed --units, --reason)"},
  };
  for (const auto& [kind, help] : kinds) add_movement_command(*stock, ctx, kind, help);
  add_stock_register_commands(*stock, ctx);
}

}  // namespace fermata::cli
