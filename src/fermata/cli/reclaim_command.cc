// fermata reclaim: a label's units to take back from its distributor: the
// pick list per warehouse, recall requests per store, the statement of goods
// held (PDF), and with --confirm the return of the warehouse units
// (inventory/reclaim.h, inventory/reclaim_books.h, docs/RECLAIM.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/inventory/reclaim_books.h"
#include "fermata/statement/goods_held_pdf.h"
#include "fermata/storage/archive.h"

namespace fermata::cli {
namespace {

struct ReclaimArgs {
  std::string party, location, as_of, pdf, recall_dir, document, date;
  bool confirm = false;
};

nlohmann::json value_json(const std::optional<Price>& value) {
  if (!value) return nullptr;
  return {{"amount", value->amount.to_string()}, {"currency", value->currency}};
}

nlohmann::json values_json(const Values& values) {
  return {{"ppd", value_json(values.ppd)},
          {"cost", value_json(values.cost)},
          {"srp", value_json(values.srp)}};
}

nlohmann::json product_json(const ProductLine& p) {
  return {{"sku", p.sku},
          {"catalog_number", p.catalog_number},
          {"upc", p.upc},
          {"release", p.release_id},
          {"title", p.title}};
}

nlohmann::json document_json(const TitleDocument& d) {
  nlohmann::json out = {{"sku", d.sku},
                        {"kind", d.kind},
                        {"date", d.date},
                        {"document", d.document},
                        {"location", d.location},
                        {"units", d.units.to_string()},
                        {"passes_title", d.passes_title}};
  if (!d.buyer.empty()) out["buyer"] = d.buyer;
  return out;
}

nlohmann::json pick_lists_json(const Reclaim& r) {
  nlohmann::json lists = nlohmann::json::array();
  for (const PickList& list : r.pick_lists) {
    nlohmann::json lines = nlohmann::json::array();
    for (const PickLine& l : list.lines) {
      nlohmann::json line = product_json(l.product);
      line.update({{"bin", l.bin},
                   {"on_hand", l.on_hand.to_string()},
                   {"damaged", l.damaged.to_string()},
                   {"allocated", l.allocated.to_string()},
                   {"values", values_json(l.values)}});
      lines.push_back(line);
    }
    lists.push_back(
        {{"location", list.location}, {"name", r.display_name(list.location)}, {"lines", lines}});
  }
  return lists;
}

nlohmann::json recalls_json(const Reclaim& r) {
  nlohmann::json recalls = nlohmann::json::array();
  for (const RecallRequest& request : r.recalls) {
    nlohmann::json lines = nlohmann::json::array();
    for (const RecallLine& l : request.lines) {
      nlohmann::json line = product_json(l.product);
      line.update({{"units", l.units.to_string()}, {"values", values_json(l.values)}});
      lines.push_back(line);
    }
    nlohmann::json deliveries = nlohmann::json::array();
    for (const TitleDocument& d : request.deliveries) deliveries.push_back(document_json(d));
    recalls.push_back({{"store", request.store},
                       {"name", r.display_name(request.store)},
                       {"lines", lines},
                       {"deliveries", deliveries}});
  }
  return recalls;
}

nlohmann::json reclaim_json(const Reclaim& r) {
  nlohmann::json documents = nlohmann::json::array();
  for (const TitleDocument& d : r.documents) documents.push_back(document_json(d));
  nlohmann::json agreements = nlohmann::json::array();
  for (const TitleAgreement& a : r.agreements) {
    agreements.push_back({{"id", a.id},
                          {"version", a.version},
                          {"effective_from", a.effective_from},
                          {"distributor", a.distributor},
                          {"clause", a.clause}});
  }
  return {
      {"label", r.label},       {"name", r.display_name(r.label)},  {"as_of", r.as_of},
      {"holders", r.holders},   {"pick_lists", pick_lists_json(r)}, {"recalls", recalls_json(r)},
      {"documents", documents}, {"agreements", agreements},         {"filings", r.filings},
      {"warnings", r.warnings}};
}

std::string values_text(const std::map<std::string, Decimal>& values) {
  std::string text;
  for (const auto& [currency, amount] : values) {
    text += (text.empty() ? "" : ", ") + money_text(amount, currency) + " " + currency;
  }
  return text.empty() ? "not priced" : text;
}

std::string totals_text(const ReclaimTotals& t) {
  return "value at PPD " + values_text(t.ppd) + "; at cost " + values_text(t.cost);
}

void print_pick_list(const Reclaim& r, const PickList& list) {
  std::cout << "\nPick list: " << r.display_name(list.location) << "\n";
  Table table{{"sku", "catalog_number", "upc", "title", "bin", "on_hand", "damaged", "allocated"},
              {false, false, false, false, false, true, true, true},
              {}};
  for (const PickLine& l : list.lines) {
    const ProductLine& p = l.product;
    table.rows.push_back({p.sku, p.catalog_number, p.upc, p.title, l.bin, l.on_hand.to_string(),
                          l.damaged.to_string(), l.allocated.to_string()});
  }
  const ReclaimTotals t = totals_of(list.lines);
  table.rows.push_back({"total", "", "", "", "", (t.units - t.damaged - t.allocated).to_string(),
                        t.damaged.to_string(), t.allocated.to_string()});
  print_table(table, std::cout);
  std::cout << totals_text(t) << "\n";
}

void print_recall(const Reclaim& r, const RecallRequest& request) {
  std::cout << "\nRecall request: " << r.display_name(request.store) << "\n";
  Table table{
      {"sku", "catalog_number", "upc", "title", "units"}, {false, false, false, false, true}, {}};
  for (const RecallLine& l : request.lines) {
    const ProductLine& p = l.product;
    table.rows.push_back({p.sku, p.catalog_number, p.upc, p.title, l.units.to_string()});
  }
  const ReclaimTotals t = totals_of(request.lines);
  table.rows.push_back({"total", "", "", "", t.units.to_string()});
  print_table(table, std::cout);
  std::cout << totals_text(t) << "\n";
}

std::string document_line(const Reclaim& r, const TitleDocument& d) {
  std::string line = d.sku + "  " + d.kind + "  " + (d.document.empty() ? "-" : d.document) + "  " +
                     d.date + "  " + d.units.to_string() + " unit(s) at " + d.location;
  if (d.passes_title) line += ": title passed to " + r.display_name(d.buyer);
  return line;
}

void print_proof(const Reclaim& r) {
  std::cout << "\nTitle documents\n";
  if (r.documents.empty()) std::cout << "  (none recorded)\n";
  for (const TitleDocument& d : r.documents) std::cout << "  " << document_line(r, d) << "\n";
  std::cout << "Agreements\n";
  if (r.agreements.empty()) std::cout << "  (none on file with the holder)\n";
  for (const TitleAgreement& a : r.agreements) {
    std::cout << "  " << a.id << " version " << a.version << " from " << a.effective_from
              << " with " << r.display_name(a.distributor) << ": "
              << (a.clause.empty() ? "title clause: not stated in the agreement on file"
                                   : "title clause " + a.clause)
              << "\n";
  }
  std::cout << "Filing references: none recorded\n";
}

void print_reclaim(const Reclaim& r) {
  std::string holders;
  for (const std::string& h : r.holders)
    holders += (holders.empty() ? "" : ", ") + r.display_name(h);
  std::cout << "Reclaim for " << r.display_name(r.label) << " as of " << r.as_of << "; held by "
            << (holders.empty() ? "(no distributor in the catalog)" : holders) << "\n";
  if (r.pick_lists.empty()) std::cout << "\nNo units of " << r.label << " at warehouses.\n";
  for (const PickList& list : r.pick_lists) print_pick_list(r, list);
  if (r.recalls.empty()) std::cout << "\nNo units of " << r.label << " on consignment at stores.\n";
  for (const RecallRequest& request : r.recalls) print_recall(r, request);
  print_proof(r);
  for (const std::string& w : r.warnings) std::cerr << "fermata: warning: " << w << "\n";
}

Status write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    return make_error(ErrorCode::kIoError, "cannot write '" + path + "'", {path, 0, "", ""});
  return ok_status();
}

// One letter per store; returns the paths written.
Result<std::vector<std::string>> write_letters(const Reclaim& r, const std::string& dir) {
  std::error_code ignored;
  std::filesystem::create_directories(dir, ignored);
  std::vector<std::string> paths;
  for (const RecallRequest& request : r.recalls) {
    const std::string path =
        (std::filesystem::path(dir) / ("recall_" + r.label + "_" + request.store + ".txt"))
            .string();
    FERMATA_RETURN_IF_ERROR(write_file(path, recall_letter(r, request)));
    paths.push_back(path);
  }
  return paths;
}

int show(Context& ctx, const ReclaimArgs& args) {
  if (!args.document.empty() || !args.date.empty()) {
    return fail(make_error(ErrorCode::kUsage, "--document and --date go with --confirm"));
  }
  const std::string as_of = args.as_of.empty() ? utc_now_micros().substr(0, 10) : args.as_of;
  if (!is_iso_date(as_of)) {
    return fail(make_error(ErrorCode::kDateInvalid, "--as-of needs a date YYYY-MM-DD",
                           field_ref("--as-of", as_of)));
  }
  Result<Books> books = open_books_to_read(ctx);
  if (!books) return fail(books.error());
  Result<Reclaim> r =
      load_reclaim(*books->database, *books->ledger, {args.party, args.location, as_of});
  if (!r) return fail(r.error());
  std::vector<std::string> written;
  if (!args.pdf.empty()) {
    if (Status pdf = write_goods_held_pdf(*r, args.pdf); !pdf) return fail(pdf.error());
    written.push_back(args.pdf);
  }
  if (!args.recall_dir.empty()) {
    Result<std::vector<std::string>> letters = write_letters(*r, args.recall_dir);
    if (!letters) return fail(letters.error());
    written.insert(written.end(), letters->begin(), letters->end());
  }
  if (ctx.json) {
    nlohmann::json out = reclaim_json(*r);
    out["written"] = written;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  print_reclaim(*r);
  for (const std::string& path : written) std::cout << "wrote " << path << "\n";
  return 0;
}

nlohmann::json outcome_json(const ReturnOutcome& o, const ReclaimArgs& args) {
  nlohmann::json movements = nlohmann::json::array();
  for (const StockMovementRecord& m : o.movements) {
    movements.push_back({{"sku", m.sku},
                         {"from", m.from},
                         {"to", m.to},
                         {"condition", m.condition},
                         {"units", m.units.to_string()}});
  }
  return {{"document", args.document},    {"already_confirmed", o.already_confirmed},
          {"transaction", o.txn_seq},     {"date", o.date},
          {"units", o.units.to_string()}, {"note_sha256", o.note_sha256},
          {"movements", movements},       {"warnings", o.warnings}};
}

void print_outcome(const ReturnOutcome& o, const ReclaimArgs& args) {
  if (o.already_confirmed) {
    std::cout << "return " << args.document << " of " << args.party
              << " was already confirmed as transaction " << o.txn_seq << " on " << o.date << " ("
              << o.units.to_string() << " units); nothing changed\n";
    return;
  }
  std::cout << "returned " << o.units.to_string() << " units to " << args.party
            << " in transaction " << o.txn_seq << " (return note " << args.document << ", sha256 "
            << o.note_sha256 << ")\n";
  for (const StockMovementRecord& m : o.movements) {
    std::cout << "  " << m.sku << "  " << m.from << " -> " << m.to << "  " << m.units.to_string()
              << (m.condition == "damaged" ? " damaged" : "") << "\n";
  }
  for (const std::string& w : o.warnings) std::cerr << "fermata: warning: " << w << "\n";
}

int confirm(Context& ctx, const ReclaimArgs& args) {
  if (args.document.empty() || args.date.empty()) {
    return fail(make_error(ErrorCode::kUsage, "--confirm needs --document REF and --date DATE"));
  }
  if (!args.as_of.empty() && args.as_of != args.date) {
    return fail(make_error(ErrorCode::kUsage,
                           "--confirm returns the units held on --date; leave out --as-of"));
  }
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  const ReturnRequest request{args.party, args.location, args.document, args.date,
                              SourceArchive::for_database(ctx.db_path).directory()};
  Result<ReturnOutcome> outcome =
      confirm_return_to_owner(*books->database, *books->ledger, request);
  if (!outcome) return fail(outcome.error());
  if (ctx.json) {
    std::cout << outcome_json(*outcome, args).dump(2) << "\n";
  } else {
    print_outcome(*outcome, args);
  }
  return 0;
}

}  // namespace

void add_reclaim_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReclaimArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reclaim",
      "A label's units held by others: pick lists, recall requests, the statement of goods held, "
      "and with --confirm their return to the label");
  cmd->add_option("--party", args->party, "The label (owner)")->required();
  cmd->add_option("--location", args->location, "Only this warehouse or store");
  cmd->add_option("--as-of", args->as_of, "Balances as of this day (default: today)");
  cmd->add_flag("--json", ctx.json, "Machine-readable output");
  CLI::Option* pdf =
      cmd->add_option("--pdf", args->pdf, "Write the statement of goods held for the owner here");
  CLI::Option* letters =
      cmd->add_option("--recall-dir", args->recall_dir, "Write one recall letter per store here");
  CLI::Option* confirm_flag = cmd->add_flag("--confirm", args->confirm,
                                            "Post the return of every warehouse unit to the label");
  confirm_flag->excludes(pdf)->excludes(letters);
  cmd->add_option("--document", args->document, "With --confirm: the return note's number");
  cmd->add_option("--date", args->date, "With --confirm: the day the units left");
  cmd->callback(
      [&ctx, args] { ctx.exit_code = args->confirm ? confirm(ctx, *args) : show(ctx, *args); });
}

}  // namespace fermata::cli
