// fermata prices import|list, fermata insurance import|list, fermata inventory:
// price lists, insured bases and what stock is worth (inventory/prices_csv.h,
// inventory/valuation.h, docs/FORMATS.md §14.1).
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/inventory/prices_csv.h"
#include "fermata/inventory/valuation.h"

namespace fermata::cli {
namespace {

struct RegisterArgs {
  std::vector<std::string> files;
  std::string sku;  // prices list: only this SKU; "" = every one.
};

// What a file's rows are called in messages.
struct Noun {
  const char* one;
  const char* many;
};

struct InventoryArgs {
  std::string party, location, as_of, currency;
};

nlohmann::json error_json(const Error& error) {
  return {{"code", error_code_name(error.code)}, {"file", error.where.file},
          {"line", error.where.line_number},     {"field", error.where.field},
          {"value", error.where.value},          {"message", error.message}};
}

nlohmann::json price_json(const PriceRecord& p) {
  return {{"sku", p.sku},
          {"kind", p.kind},
          {"currency", p.currency},
          {"from", p.from},
          {"amount", p.amount.to_string()},
          {"file", p.file}};
}

nlohmann::json insurance_json(const InsuranceRecord& r) {
  return {{"location", r.location},
          {"basis", r.basis},
          {"currency", r.currency},
          {"from", r.from},
          {"sum_insured",
           r.sum_insured.is_zero() ? nlohmann::json() : nlohmann::json(r.sum_insured.to_string())},
          {"file", r.file}};
}

nlohmann::json line_json(const PriceLine& line) {
  nlohmann::json out = price_json(line.price);
  out["line"] = line.line_number;
  return out;
}

nlohmann::json line_json(const InsuranceLine& line) {
  nlohmann::json out = insurance_json(line.insurance);
  out["line"] = line.line_number;
  return out;
}

template <typename Line>
using Importer = std::function<Result<FileImport<Line>>(
    Database&, std::string_view, const std::string&, const std::string&, const std::string&)>;

// Records one file in its own storage transaction; returns its exit code.
template <typename Line>
int import_one(Books& books, const std::string& file, const Importer<Line>& importer,
               nlohmann::json& report) {
  report = {{"file", file},
            {"added", nlohmann::json::array()},
            {"unchanged", nlohmann::json::array()},
            {"errors", nlohmann::json::array()}};
  Result<std::string> text = read_text_file(file);
  if (!text) return fail(text.error());
  if (Status begun = books.ledger->begin_write(); !begun) return fail(begun.error());
  Result<FileImport<Line>> imported =
      importer(*books.database, *text, file, utc_now_micros(), books.ledger->actor());
  if (!imported || !imported->errors.empty()) {
    books.ledger->rollback();  // All or nothing.
    if (!imported) return fail(imported.error());
    for (const Error& error : imported->errors) {
      report["errors"].push_back(error_json(error));
      fail(error);
    }
    std::cerr << file << ": NOT imported, nothing written (" << imported->errors.size()
              << (imported->errors.size() == 1 ? " error)\n" : " errors)\n");
    return exit_code_for(imported->errors.front().code);
  }
  if (Status committed = books.ledger->commit(); !committed) return fail(committed.error());
  for (const Line& line : imported->added) report["added"].push_back(line_json(line));
  for (const Line& line : imported->unchanged) report["unchanged"].push_back(line_json(line));
  return 0;
}

void print_import(const nlohmann::json& report, Noun noun) {
  const std::string file = report["file"];
  const std::size_t added = report["added"].size(), unchanged = report["unchanged"].size();
  if (!report["errors"].empty()) return;  // Said on stderr.
  if (added == 0) {
    std::cout << "unchanged: every " << noun.one << " in " << file << " is already on file ("
              << unchanged << " " << (unchanged == 1 ? noun.one : noun.many) << ")\n";
    return;
  }
  std::cout << "added " << added << " " << (added == 1 ? noun.one : noun.many) << " from " << file;
  if (unchanged != 0) std::cout << " (" << unchanged << " already on file)";
  std::cout << "\n";
}

// Each file is recorded wholly or not at all; a bad file does not stop the
// next. The exit code is the first failure's.
template <typename Line>
int run_import(Context& ctx, const RegisterArgs& args, const Importer<Line>& importer, Noun noun) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  int exit_code = 0;
  nlohmann::json reports = nlohmann::json::array();
  for (const std::string& file : args.files) {
    nlohmann::json report;
    const int code = import_one(*books, file, importer, report);
    if (exit_code == 0) exit_code = code;
    if (!ctx.json && code == 0) print_import(report, noun);
    reports.push_back(std::move(report));
  }
  if (ctx.json) std::cout << reports.dump(2) << "\n";
  return exit_code;
}

int run_prices_list(Context& ctx, const RegisterArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<PriceRecord>> prices = books->database->stock_register().prices();
  if (!prices) return fail(prices.error());
  nlohmann::json all = nlohmann::json::array();
  Table out{{"sku", "kind", "currency", "from", "amount", "file"},
            {false, false, false, false, true, false},
            {}};
  for (const PriceRecord& p : *prices) {
    if (!args.sku.empty() && p.sku != args.sku) continue;
    all.push_back(price_json(p));
    out.rows.push_back(
        {p.sku, p.kind, p.currency, p.from, money_text(p.amount, p.currency), p.file});
  }
  if (ctx.json) {
    std::cout << all.dump(2) << "\n";
  } else if (out.rows.empty()) {
    std::cout << "no prices on file" << (args.sku.empty() ? "" : " for " + args.sku) << "\n";
  } else {
    print_table(out, std::cout);
  }
  return 0;
}

int run_insurance_list(Context& ctx) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<InsuranceRecord>> insurance = books->database->stock_register().insurance();
  if (!insurance) return fail(insurance.error());
  nlohmann::json all = nlohmann::json::array();
  Table out{{"location", "basis", "currency", "from", "sum insured", "file"},
            {false, false, false, false, true, false},
            {}};
  for (const InsuranceRecord& r : *insurance) {
    all.push_back(insurance_json(r));
    out.rows.push_back({r.location, r.basis, r.currency, r.from,
                        r.sum_insured.is_zero() ? "-" : money_text(r.sum_insured, r.currency),
                        r.file});
  }
  if (ctx.json) {
    std::cout << all.dump(2) << "\n";
  } else if (out.rows.empty()) {
    std::cout << "no insured bases on file\n";
  } else {
    print_table(out, std::cout);
  }
  return 0;
}

// ---- fermata inventory ----

nlohmann::json optional_json(const std::optional<Decimal>& value) {
  return value ? nlohmann::json(value->to_string()) : nlohmann::json();
}

nlohmann::json values_json(const PriceValues& v) {
  return {{"ppd", optional_json(v.ppd)},
          {"cost", optional_json(v.cost)},
          {"srp", optional_json(v.srp)}};
}

nlohmann::json row_json(const ValuationRow& r) {
  return {{"owner", r.owner},
          {"sku", r.sku},
          {"location", r.location},
          {"status", unit_status_name(r.status)},
          {"counterparty", r.counterparty},
          {"units", r.units.to_string()},
          {"currency", r.currency},
          {"unit_price", values_json(r.unit_price)},
          {"value", values_json(r.value)}};
}

nlohmann::json totals_json(const std::vector<ValuationTotal>& totals, const char* key) {
  nlohmann::json out = nlohmann::json::array();
  for (const ValuationTotal& t : totals) {
    out.push_back({{key, t.key},
                   {"currency", t.currency},
                   {"units", t.units.to_string()},
                   {"ppd", t.ppd.to_string()},
                   {"cost", t.cost.to_string()},
                   {"srp", t.srp.to_string()},
                   {"units_without",
                    {{"ppd", t.units_without_ppd.to_string()},
                     {"cost", t.units_without_cost.to_string()},
                     {"srp", t.units_without_srp.to_string()}}}});
  }
  return out;
}

nlohmann::json insurance_check_json(const InsuranceCheck& c) {
  return {{"location", c.location},
          {"basis", c.policy.basis},
          {"currency", c.policy.currency},
          {"from", c.policy.from},
          {"sum_insured", optional_json(c.sum_insured)},
          {"units", c.units.to_string()},
          {"units_not_valued", c.units_not_valued.to_string()},
          {"sale_value", c.sale_value.to_string()},
          {"basis_value", c.basis_value.to_string()},
          {"insured_value", c.insured_value.to_string()},
          {"limited_by", c.capped_by_sum ? "sum_insured" : "basis"},
          {"gap", c.gap.to_string()}};
}

nlohmann::json valuation_json(const Valuation& v, const InventoryArgs& args) {
  nlohmann::json rows = nlohmann::json::array(), insurance = nlohmann::json::array(),
                 missing = nlohmann::json::array();
  for (const ValuationRow& r : v.rows) rows.push_back(row_json(r));
  for (const InsuranceCheck& c : v.insurance) insurance.push_back(insurance_check_json(c));
  for (const MissingPrice& m : v.missing) {
    missing.push_back({{"sku", m.sku},
                       {"kind", price_kind_name(m.kind)},
                       {"currency", m.currency},
                       {"units", m.units.to_string()}});
  }
  return {{"as_of", v.date},
          {"party", args.party},
          {"location", args.location},
          {"currency", args.currency},
          {"rows", rows},
          {"totals",
           {{"by_owner", totals_json(v.by_owner, "owner")},
            {"by_location", totals_json(v.by_location, "location")},
            {"returned_by_owner", totals_json(v.returned_by_owner, "owner")}}},
          {"insurance", insurance},
          {"uninsured_locations", v.uninsured_locations},
          {"missing_prices", missing}};
}

std::string value_cell(const std::optional<Decimal>& value, const std::string& currency) {
  return value ? money_text(*value, currency) : "-";
}

// A total's value, with the units it leaves out for want of a price.
std::string total_cell(Decimal value, Decimal units_without, const std::string& currency) {
  if (currency.empty()) return "-";
  std::string cell = money_text(value, currency);
  if (!units_without.is_zero()) cell += " (" + units_without.to_string() + " unpriced)";
  return cell;
}

void print_rows(const Valuation& v) {
  Table out{{"owner", "sku", "location", "status", "units", "currency", "PPD", "cost", "SRP"},
            {false, false, false, false, true, false, true, true, true},
            {}};
  for (const ValuationRow& r : v.rows) {
    std::string location = r.location;
    if (!r.counterparty.empty()) location += "/" + r.counterparty;
    out.rows.push_back({r.owner, r.sku, location, std::string(unit_status_name(r.status)),
                        r.units.to_string(), r.currency.empty() ? "-" : r.currency,
                        value_cell(r.value.ppd, r.currency), value_cell(r.value.cost, r.currency),
                        value_cell(r.value.srp, r.currency)});
  }
  print_table(out, std::cout);
}

void print_totals(const std::vector<ValuationTotal>& totals, const char* title, const char* key) {
  if (totals.empty()) return;
  std::cout << "\n" << title << "\n";
  Table out{
      {key, "currency", "units", "PPD", "cost", "SRP"}, {false, false, true, true, true, true}, {}};
  for (const ValuationTotal& t : totals) {
    out.rows.push_back({t.key, t.currency.empty() ? "-" : t.currency, t.units.to_string(),
                        total_cell(t.ppd, t.units_without_ppd, t.currency),
                        total_cell(t.cost, t.units_without_cost, t.currency),
                        total_cell(t.srp, t.units_without_srp, t.currency)});
  }
  print_table(out, std::cout);
}

void print_insurance(const Valuation& v) {
  if (v.insurance.empty() && v.uninsured_locations.empty()) return;
  std::cout << "\nInsurance in force on " << v.date << " (stock at the location, not in transit)\n";
  if (!v.insurance.empty()) {
    Table out{{"location", "basis", "from", "sum insured", "units", "sale value (PPD)",
               "insured value", "gap"},
              {false, false, false, true, true, true, true, true},
              {}};
    for (const InsuranceCheck& c : v.insurance) {
      const std::string& cur = c.policy.currency;
      out.rows.push_back({c.location, c.policy.basis, c.policy.from,
                          c.sum_insured ? money_text(*c.sum_insured, cur) : "-",
                          c.units.to_string(), money_text(c.sale_value, cur),
                          money_text(c.insured_value, cur), money_text(c.gap, cur)});
    }
    print_table(out, std::cout);
  }
  for (const InsuranceCheck& c : v.insurance) {
    const std::string& cur = c.policy.currency;
    if (!c.units_not_valued.is_zero()) {
      std::cout << "not compared at " << c.location << ": " << c.units_not_valued.to_string()
                << " units without a PPD or " << c.policy.basis << " price in " << cur << "\n";
    }
    if (c.gap.is_zero()) continue;
    std::cout << "insurance gap at " << c.location << ": sale value "
              << money_text(c.sale_value, cur) << " " << cur << " at PPD, insured for "
              << money_text(c.insured_value, cur) << " " << cur << " ("
              << (c.capped_by_sum ? "the sum insured" : "at " + c.policy.basis)
              << "): " << money_text(c.gap, cur) << " " << cur << " uninsured\n";
  }
  for (const std::string& location : v.uninsured_locations) {
    std::cout << "no insured basis on file for " << location << "\n";
  }
}

void print_valuation(const Valuation& v, const InventoryArgs& args) {
  std::cout << "Stock" << (args.party.empty() ? "" : " of " + args.party)
            << (args.location.empty() ? "" : " at " + args.location) << " as of " << v.date
            << ": units x the price in force that day ('-': no price on file)\n";
  if (v.rows.empty()) {
    std::cout << "no units\n";
    return;
  }
  print_rows(v);
  print_totals(v.by_owner, "Totals by owner (held; returned units apart)", "owner");
  print_totals(v.by_location, "Totals by location", "location");
  print_totals(v.returned_by_owner, "Returned to the owner (out of the distributor's hands)",
               "owner");
  print_insurance(v);
  if (!v.missing.empty()) std::cout << "\n";
  for (const MissingPrice& m : v.missing) {
    std::cout << "missing price: " << price_kind_name(m.kind) << " of " << m.sku
              << (m.currency.empty() ? "" : " in " + m.currency) << " on " << v.date << " ("
              << m.units.to_string() << " units)\n";
  }
}

// An unknown party or location is an error, not an empty inventory.
Status check_party(Database& database, const std::string& id, const char* field) {
  if (id.empty()) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(std::optional<Party> party, database.find_party(id));
  if (party) return ok_status();
  return make_error(ErrorCode::kPartyUnknown, "no party '" + id + "' in the catalog",
                    {"", 0, field, id});
}

Result<Valuation> load_valuation(Books& books, const InventoryArgs& args) {
  FERMATA_RETURN_IF_ERROR(check_party(*books.database, args.party, "party"));
  FERMATA_RETURN_IF_ERROR(check_party(*books.database, args.location, "location"));
  if (!args.currency.empty() && !lookup_currency(args.currency)) {
    return make_error(ErrorCode::kCurrencyUnknown, "not an ISO 4217 currency code",
                      {"", 0, "currency", args.currency});
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> balances,
                           books.ledger->balances({args.party, std::nullopt, args.as_of, ""}));
  StockRegister& reg = books.database->stock_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<PriceRecord> prices, prices_held(reg, balances));
  FERMATA_ASSIGN_OR_RETURN(std::vector<InsuranceRecord> insurance, reg.insurance());
  return value_inventory(balances, PriceList(prices), insurance,
                         {.date = args.as_of,
                          .owner = args.party,
                          .location = args.location,
                          .currency = args.currency});
}

int run_inventory(Context& ctx, InventoryArgs args) {
  if (args.as_of.empty()) args.as_of = utc_now_micros().substr(0, 10);  // Today (UTC).
  if (!is_iso_date(args.as_of)) {
    return fail(make_error(ErrorCode::kDateInvalid, "as-of must be a real YYYY-MM-DD day",
                           {"", 0, "as-of", args.as_of}));
  }
  // One snapshot: balances, prices and insured bases of the same moment.
  Result<Books> books = open_books_to_read(ctx);
  if (!books) return fail(books.error());
  Result<Valuation> valuation = load_valuation(*books, args);
  if (!valuation) return fail(valuation.error());
  if (ctx.json) {
    std::cout << valuation_json(*valuation, args).dump(2) << "\n";
  } else {
    print_valuation(*valuation, args);
  }
  return 0;
}

void add_register_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RegisterArgs>();
  CLI::App* prices = app.add_subcommand(
      "prices", "Price lists per product: PPD, the label's unit cost, SRP, from a day on");
  prices->require_subcommand(1);
  CLI::App* import = prices->add_subcommand(
      "import", "Record price files (docs/FORMATS.md §14.1); each all or none, idempotent");
  import->add_option("files", args->files, "Price files")->required()->check(CLI::ExistingFile);
  import->add_flag("--json", ctx.json, "Machine-readable output");
  import->callback([&ctx, args] {
    ctx.exit_code = run_import<PriceLine>(ctx, *args, import_prices, {"price", "prices"});
});
CLI::App* list = prices->add_subcommand("list", "Every price on file, by SKU, kind and day");
list->add_option("--sku", args->sku, "Only this SKU");
list->add_flag("--json", ctx.json, "Machine-readable output");
list->callback([&ctx, args] { ctx.exit_code = run_prices_list(ctx, *args); });

CLI::App* insurance = app.add_subcommand(
    "insurance", "Insured bases per location: cost, PPD or SRP, and the sum insured");
insurance->require_subcommand(1);
CLI::App* insure = insurance->add_subcommand(
    "import", "Record insurance files (docs/FORMATS.md §14.1); each all or none, idempotent");
insure->add_option("files", args->files, "Insurance files")->required()->check(CLI::ExistingFile);
insure->add_flag("--json", ctx.json, "Machine-readable output");
insure->callback([&ctx, args] {
  ctx.exit_code =
      run_import<InsuranceLine>(ctx, *args, import_insurance, {"insured basis", "insured bases"});
});
CLI::App* listed = insurance->add_subcommand("list", "Every insured basis on file");
listed->add_flag("--json", ctx.json, "Machine-readable output");
listed->callback([&ctx] { ctx.exit_code = run_insurance_list(ctx); });
}  // namespace

}  // namespace fermata::cli

void add_inventory_commands(CLI::App& app, Context& ctx) {
  add_register_commands(app, ctx);
  auto args = std::make_shared<InventoryArgs>();
  CLI::App* inventory =
      app.add_subcommand("inventory",
                         "Units and their value per owner, product and location on a day, and the "
                         "insurance gap where the insured basis is below the sale value");
  inventory->add_option("--party", args->party, "Only what this party owns (title)");
  inventory->add_option("--location", args->location, "Only units at this location");
  inventory->add_option("--as-of", args->as_of, "Day YYYY-MM-DD (default: today, UTC)");
  inventory->add_option("--currency", args->currency,
                        "Value in this currency (default: each product's price currency)");
  inventory->add_flag("--json", ctx.json, "Machine-readable output");
  inventory->callback([&ctx, args] { ctx.exit_code = run_inventory(ctx, *args); });
}

}  // namespace fermata::cli
