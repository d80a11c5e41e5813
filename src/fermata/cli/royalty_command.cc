// fermata run --through DATE: the royalty run (royalty/run.h).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/royalty/records.h"
#include "fermata/royalty/run.h"
#include "fermata/statement/royalty_statement.h"

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

struct StatementArgs {
  std::string period, party, out;
};

// Writes one issued statement's CSV (its text as issued), XLSX and PDF (from
// the same rows) into `dir`; returns the CSV's path.
Result<std::string> write_statement(const IssuedStatement& statement, const std::string& dir) {
  const std::string path =
      (std::filesystem::path(dir) /
       (statement.licensor + "_" + statement.agreement_id + "_" + statement.period_name + ".csv"))
          .string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << statement.csv;
  out.close();
  if (!out)
    return make_error(ErrorCode::kIoError, "cannot write '" + path + "'", {path, 0, "", ""});
  FERMATA_ASSIGN_OR_RETURN(std::vector<StatementRow> rows, parse_statement_csv(statement.csv));
  const std::string stem = path.substr(0, path.size() - 4);
  FERMATA_RETURN_IF_ERROR(write_statement_xlsx(rows, stem + ".xlsx"));
  FERMATA_RETURN_IF_ERROR(write_statement_pdf(rows, stem + ".pdf"));
  return path;
}

// Prints the statement's summary rows: the identity, per currency.
void print_summary(const std::vector<StatementRow>& rows) {
  std::string currency;
  for (const StatementRow& r : rows) {
    if (r.section != "summary") continue;
    if (r.currency != currency)
      std::cout << (currency.empty() ? "" : "\n") << "  " << r.currency << ":";
    currency = r.currency;
    std::cout << " " << r.item << " " << r.text;
  }
  if (!currency.empty()) std::cout << "\n";
}

// Issues (or reprints) and writes one agreement's statement. Returns false
// when the agreement has no run period of that name.
Result<bool> issue_one(Books& books, const std::string& id, const StatementArgs& args) {
  Result<IssueOutcome> outcome = issue_royalty_statement(*books.database, id, args.period,
                                                         utc_now_micros(), books.ledger->actor());
  if (!outcome) {
    if (outcome.error().where.field == "period") return false;  // Not run for this period.
    return outcome.error();
  }
  const IssuedStatement& issued = outcome->statement;
  FERMATA_ASSIGN_OR_RETURN(std::string path, write_statement(issued, args.out));
  FERMATA_ASSIGN_OR_RETURN(std::vector<StatementRow> rows, parse_statement_csv(issued.csv));
  std::cout << path << "  " << (outcome->reprinted ? "reprinted " : "issued ")
            << statement_number_text(issued.number)
            << (outcome->reprinted ? " as issued " + issued.issued_at : "") << "\n";
  print_summary(rows);
  return true;
}

int run_statements(Context& ctx, const StatementArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::map<std::string, std::vector<AgreementVersion>>> agreements =
      load_agreements(*books->database);
  if (!agreements) return fail(agreements.error());
  std::error_code ignored;
  std::filesystem::create_directories(args.out, ignored);
  if (Status begun = books->ledger->begin_write(); !begun) return fail(begun.error());
  int written = 0;
  for (const auto& [id, versions] : *agreements) {
    const AgreementParty* licensor = versions.back().party("licensor");
    if (!licensor || (!args.party.empty() && licensor->party_id != args.party)) continue;
    Result<bool> done = issue_one(*books, id, args);
    if (!done) {
      books->ledger->rollback();
      return fail(done.error());
    }
    written += *done ? 1 : 0;
  }
  if (Status committed = books->ledger->commit(); !committed) return fail(committed.error());
  if (written == 0) {
    return fail(make_error(ErrorCode::kFieldInvalid,
                           "no statement for period " + args.period +
                               (args.party.empty() ? "" : " and party " + args.party) +
                               ": run `fermata run --through` the period's last day first",
                           {"", 0, "--period", args.period}));
  }
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

  auto statement_args = std::make_shared<StatementArgs>();
  CLI::App* statements = app.add_subcommand(
      "statements", "Write each licensor's royalty statement for a run period (CSV, XLSX and PDF)");
  statements->add_option("--period", statement_args->period, "Period name, e.g. 2026-Q1")
      ->required();
  statements->add_option("--party", statement_args->party, "Only this licensor");
  statements->add_option("--out", statement_args->out, "Directory to write into")->required();
  statements->callback(
      [&ctx, statement_args] { ctx.exit_code = run_statements(ctx, *statement_args); });
}

}  // namespace fermata::cli
