// fermata run --through DATE: the royalty run (royalty/run.h).
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/royalty/records.h"
#include "fermata/royalty/run.h"
#include "fermata/royalty/split.h"
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
    if (!a.line.base_currency.empty()) lines.back()["base_currency"] = a.line.base_currency;
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

// The files of issued statements, written on worker threads while the
// statements are issued: rendering is a pure function of the recorded rows,
// and the PDFs are most of the work. Each statement keeps its own slot, so
// the results come back in issue order whatever thread wrote them.
class StatementWriter {
 public:
  StatementWriter(std::string dir, unsigned threads) : dir_(std::move(dir)) {
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  StatementWriter(const StatementWriter&) = delete;
  StatementWriter& operator=(const StatementWriter&) = delete;
  ~StatementWriter() { finish(); }

  void add(IssueOutcome outcome) {
    {
      std::lock_guard lock(mutex_);
      slots_.push_back(Slot{std::move(outcome), "", std::nullopt});
    }
    ready_.notify_one();
  }

  // Waits until every statement added is written.
  void finish() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
  }

  struct Slot {
    IssueOutcome outcome;
    std::string path;            // The CSV's, once written.
    std::optional<Error> error;  // Why it was not written.
  };
  // After finish(): every statement, in the order added.
  const std::deque<Slot>& slots() const { return slots_; }

 private:
  void work() {
    for (;;) {
      Slot* slot = nullptr;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return next_ < slots_.size() || closed_; });
        if (next_ == slots_.size()) return;
        slot = &slots_[next_++];
      }
      try {
        Result<std::string> path = write_statement(slot->outcome.statement, dir_);
        if (path) {
          slot->path = std::move(*path);
        } else {
          slot->error = path.error();
        }
      } catch (const std::exception& e) {
        slot->error =
            make_error(ErrorCode::kIoError,
                       "cannot write statement " +
                           statement_number_text(slot->outcome.statement.number) + ": " + e.what(),
                       {dir_, 0, "", ""});
      }
    }
  }

  const std::string dir_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Slot> slots_;  // Appended under mutex_; a slot is then its worker's alone.
  std::size_t next_ = 0;    // The next slot to write.
  bool closed_ = false;
  std::vector<std::thread> workers_;
};

// Issues (or reprints) one agreement's statement. Returns nothing when the
// agreement has no run period of that name.
Result<std::optional<IssueOutcome>> issue_one(Books& books, const std::string& id,
                                              const std::vector<AgreementVersion>& versions,
                                              const StatementArgs& args) {
  Result<IssueOutcome> outcome = issue_royalty_statement(*books.database, id, versions, args.period,
                                                         utc_now_micros(), books.ledger->actor());
  if (!outcome) {
    if (outcome.error().where.field == "period") {
      return std::optional<IssueOutcome>();  // Not run for this period.
    }
    return outcome.error();
  }
  return std::optional<IssueOutcome>(std::move(*outcome));
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
  // Statements are issued here, one after another in one unit of work, and
  // written on one thread per core (at most kMaxWriters: each keeps its own
  // fonts and layouts) meanwhile; the unit commits once every file is written.
  constexpr unsigned kMaxWriters = 8;
  StatementWriter writer(args.out,
                         std::clamp(std::thread::hardware_concurrency(), 1U, kMaxWriters));
  for (const auto& [id, versions] : *agreements) {
    // A licensor's statements, and those of the payees it accounts to.
    const AgreementVersion& latest = versions.back();
    const AgreementParty* licensor = latest.party("licensor");
    if (!licensor || (latest.accounting_party().empty() && !is_split_agreement(latest))) continue;
    const bool addressee =
        licensor->party_id == args.party ||
        (is_split_agreement(latest) && latest.splits.front().payee == args.party);
    if (!args.party.empty() && !addressee) continue;
    Result<std::optional<IssueOutcome>> done = issue_one(*books, id, versions, args);
    if (!done) {
      writer.finish();
      books->ledger->rollback();
      return fail(done.error());
    }
    if (*done) writer.add(std::move(**done));
  }
  writer.finish();
  for (const StatementWriter::Slot& slot : writer.slots()) {
    if (slot.error) {
      books->ledger->rollback();
      return fail(*slot.error);
    }
    const IssuedStatement& issued = slot.outcome.statement;
    Result<std::vector<StatementRow>> rows = parse_statement_csv(issued.csv);
    if (!rows) {
      books->ledger->rollback();
      return fail(rows.error());
    }
    std::cout << slot.path << "  " << (slot.outcome.reprinted ? "reprinted " : "issued ")
              << statement_number_text(issued.number)
              << (slot.outcome.reprinted ? " as issued " + issued.issued_at : "") << "\n";
    print_summary(*rows);
  }
  if (Status committed = books->ledger->commit(); !committed) return fail(committed.error());
  if (writer.slots().empty()) {
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
