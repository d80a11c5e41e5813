// fermata close --through DATE: make run periods final (royalty/close.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/royalty/close.h"

namespace fermata::cli {
namespace {

int run_close(Context& ctx, const std::string& through) {
  if (!is_iso_date(through)) {
    return fail(make_error(ErrorCode::kDateInvalid, "--through needs a date YYYY-MM-DD",
                           {"", 0, "--through", through}));
  }
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Ledger& ledger = *books->ledger;
  if (Status begun = ledger.begin_write(); !begun) return fail(begun.error());
  Result<CloseSummary> summary =
      close_periods(*books->database, through, utc_now_micros(), ledger.actor());
  if (!summary) {
    ledger.rollback();
    return fail(summary.error());
  }
  if (Status committed = ledger.commit(); !committed) return fail(committed.error());
  if (ctx.json) {
    nlohmann::json closed = nlohmann::json::array();
    for (const ClosedPeriod& c : summary->closed)
      closed.push_back({{"agreement", c.agreement_id}, {"period_end", c.period_end}});
    std::cout << nlohmann::json{{"through", through},
                                {"closed", closed},
                                {"already_closed", summary->already_closed}}
                     .dump(2)
              << "\n";
    return 0;
  }
  for (const ClosedPeriod& c : summary->closed)
    std::cout << "closed " << c.agreement_id << " period ending " << c.period_end << "\n";
  std::cout << summary->closed.size() << " periods closed, " << summary->already_closed
            << " already closed\n";
  return 0;
}

}  // namespace

void add_close_command(CLI::App& app, Context& ctx) {
  auto through = std::make_shared<std::string>();
  CLI::App* close = app.add_subcommand(
      "close", "Make run periods final: later corrections go to the next open period");
  close->add_option("--through", *through, "Close periods ending on or before this day")
      ->required();
  close->add_flag("--json", ctx.json, "Machine-readable output");
  close->callback([&ctx, through] { ctx.exit_code = run_close(ctx, *through); });
}

}  // namespace fermata::cli
