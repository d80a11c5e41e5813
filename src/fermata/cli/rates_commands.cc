// fermata rates import|list: exchange rates (fx/fx.h, docs/FORMATS.md §13).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/fx/fx.h"

namespace fermata::cli {
namespace {

struct RatesArgs {
  std::string file;
  std::string pair;  // "EUR/USD"; "" = every pair.
};

nlohmann::json rate_json(const FxRate& r) {
  return {{"base", r.base}, {"quote", r.quote},           {"from", r.from},
          {"to", r.to},     {"rate", r.rate.to_string()}, {"source", r.source}};
}

int run_rates_import(Context& ctx, const RatesArgs& args) {
  Result<std::string> text = read_text_file(args.file);
  if (!text) return fail(text.error());
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  if (Status begun = books->ledger->begin_write(); !begun) return fail(begun.error());
  Result<RatesImport> imported =
      import_rates(*books->database, *text, args.file, utc_now_micros(), books->ledger->actor());
  if (!imported) {
    books->ledger->rollback();  // All or nothing.
    return fail(imported.error());
  }
  if (Status committed = books->ledger->commit(); !committed) return fail(committed.error());
  if (ctx.json) {
    nlohmann::json added = nlohmann::json::array(), unchanged = nlohmann::json::array();
    for (const FxRate& r : imported->added) added.push_back(rate_json(r));
    for (const FxRate& r : imported->unchanged) unchanged.push_back(rate_json(r));
    std::cout
        << nlohmann::json{{"file", args.file}, {"added", added}, {"unchanged", unchanged}}.dump(2)
        << "\n";
  } else if (imported->added.empty()) {
    std::cout << "unchanged: every rate in " << args.file << " is already on file ("
              << imported->unchanged.size() << " rates)\n";
  } else {
    std::cout << "added " << imported->added.size() << " rates from " << args.file;
    if (!imported->unchanged.empty())
      std::cout << " (" << imported->unchanged.size() << " already on file)";
    std::cout << "\n";
  }
  return 0;
}

int run_rates_list(Context& ctx, const RatesArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<RateTable> table = load_rate_table(*books->database);
  if (!table) return fail(table.error());
  nlohmann::json all = nlohmann::json::array();
  Table out{{"pair", "from", "to", "rate", "source"}, {false, false, false, true, false}, {}};
  for (const FxRate& r : table->rates()) {
    if (!args.pair.empty() && r.pair() != args.pair) continue;
    if (ctx.json) {
      all.push_back(rate_json(r));
    } else {
      out.rows.push_back({r.pair(), r.from, r.to, r.rate.to_string(), r.source});
    }
  }
  if (ctx.json) {
    std::cout << all.dump(2) << "\n";
  } else if (out.rows.empty()) {
    std::cout << "no rates on file" << (args.pair.empty() ? "" : " for " + args.pair) << "\n";
  } else {
    print_table(out, std::cout);
  }
  return 0;
}

}  // namespace

void add_rates_commands(CLI::App& app, Context& ctx) {
  CLI::App* rates = app.add_subcommand("rates", "Exchange rates: exact decimal, per day or period");
  rates->require_subcommand(1);
  auto args = std::make_shared<RatesArgs>();
  CLI::App* import = rates->add_subcommand(
      "import", "Record the rates of a rates CSV (docs/FORMATS.md §13); all or none, idempotent");
  import->add_option("file", args->file, "Rates file")->required()->check(CLI::ExistingFile);
  import->add_flag("--json", ctx.json, "Machine-readable output");
  import->callback([&ctx, args] { ctx.exit_code = run_rates_import(ctx, *args);
});
CLI::App* list = rates->add_subcommand("list", "Every rate on file, by pair and first day");
list->add_option("--pair", args->pair, "Only this pair, e.g. EUR/USD");
list->add_flag("--json", ctx.json, "Machine-readable output");
list->callback([&ctx, args] { ctx.exit_code = run_rates_list(ctx, *args); });
}  // namespace fermata::cli

}  // namespace fermata::cli
