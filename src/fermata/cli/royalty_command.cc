// fermata run --through DATE: the royalty run (royalty/run.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/royalty/run.h"

namespace fermata::cli {
namespace {

struct RunArgs {
  std::string through;
  bool dry_run = false;
};

nlohmann::json period_json(const PeriodRun& run) {
  nlohmann::json currencies = nlohmann::json::object();
  for (const auto& [currency, total] : run.result.earnings) {
    currencies[currency] = {{"earnings", total.amount.to_string()},
                            {"earning_rows", total.earnings},
                            {"late", total.late},
                            {"already_net", total.already_net}};
  }
  nlohmann::json lines = nlohmann::json::array();
  for (const RoyaltyAmount& a : run.result.amounts) {
    lines.push_back({{"kind", a.line.kind},
                     {"version", a.line.version},
                     {"clause", a.line.clause},
                     {"currency", a.line.currency},
                     {"base", a.line.base.to_string()},
                     {"rate", a.line.rate.to_string()},
                     {"amount", a.line.amount.to_string()},
                     {"txn", a.line.txn_seq},
                     {"memo", a.txn.memo}});
  }
  return {{"agreement", run.agreement_id},
          {"period", run.period.name},
          {"start", run.period.start},
          {"end", run.period.end},
          {"currencies", currencies},
          {"lines", lines},
          {"not_covered", run.result.not_covered},
          {"transactions", run.transactions}};
}

void print_period(const PeriodRun& run) {
  std::cout << run.agreement_id << " " << run.period.name << " (" << run.period.start << ".."
            << run.period.end << ")\n";
  for (const auto& [currency, total] : run.result.earnings) {
    std::cout << "  earnings " << money_text(total.amount, currency) << " " << currency << " ("
              << total.earnings << " rows";
    if (total.late) std::cout << ", " << total.late << " reported in earlier periods";
    if (total.already_net) std::cout << ", " << total.already_net << " already net of the fee";
    std::cout << ")\n";
  }
  for (const RoyaltyAmount& a : run.result.amounts) {
    std::cout << "  " << a.line.kind << " " << money_text(a.line.amount, a.line.currency) << " "
              << a.line.currency << "  " << a.txn.memo << "\n";
  }
  if (run.result.not_covered) {
    std::cout << "  " << run.result.not_covered
              << " earnings outside the agreement's scope or territories (no fee taken)\n";
  }
}

int run_run(Context& ctx, const RunArgs& args) {
  if (!is_iso_date(args.through)) {
    return fail(make_error(ErrorCode::kDateInvalid, "--through needs a date YYYY-MM-DD",
                           {"", 0, "--through", args.through}));
  }
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Ledger& ledger = *books->ledger;
  if (Status begun = ledger.begin_write(); !begun) return fail(begun.error());
  Result<RunSummary> summary =
      run_royalties(*books->database, ledger, RunOptions{args.through, utc_now_micros()});
  if (!summary || args.dry_run) {
    ledger.rollback();
    if (!summary) return fail(summary.error());
  } else if (Status committed = ledger.commit(); !committed) {
    return fail(committed.error());
  }
  if (ctx.json) {
    nlohmann::json periods = nlohmann::json::array();
    for (const PeriodRun& run : summary->periods) periods.push_back(period_json(run));
    std::cout << nlohmann::json{{"through", args.through},
                                {"dry_run", args.dry_run},
                                {"periods", periods},
                                {"quiet_periods", summary->quiet_periods},
                                {"already_run", summary->already_run},
                                {"transactions", summary->transactions}}
                     .dump(2)
              << "\n";
    return 0;
  }
  for (const PeriodRun& run : summary->periods) print_period(run);
  std::cout << (args.dry_run ? "dry run, nothing written: " : "") << summary->periods.size()
            << " periods posted (" << summary->transactions << " transactions), "
            << summary->quiet_periods << " with nothing to post, " << summary->already_run
            << " already run\n";
  return 0;
}

}  // namespace

void add_royalty_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand(
      "run", "Royalty run: post fees, tax on fees and reserves for every period ended");
  run->add_option("--through", args->through, "Run periods ending on or before this day")
      ->required();
  run->add_flag("--dry-run", args->dry_run, "Compute and show, write nothing");
  run->add_flag("--json", ctx.json, "Machine-readable output");
  run->callback([&ctx, args] { ctx.exit_code = run_run(ctx, *args); });
}

}  // namespace fermata::cli
