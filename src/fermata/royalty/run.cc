#include "fermata/royalty/run.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

#include "fermata/royalty/convert.h"
#include "fermata/royalty/pool_book.h"
#include "fermata/royalty/records.h"
#include "fermata/royalty/split.h"

namespace fermata {
namespace {

// What one agreement's periods need from storage, read once.
struct AgreementBooks {
  std::vector<EarningRecord> earnings;       // The licensor's and scoped labels', with reversals.
  std::vector<RoyaltyPeriodRecord> periods;  // Already run (grows as this run goes).
  std::vector<RoyaltyLine> lines;            // Posted (grows as this run goes).
};

Result<AgreementBooks> read_books(Database& db, const std::string& id,
                                  const std::vector<AgreementVersion>& versions) {
  AgreementBooks books;
  FERMATA_ASSIGN_OR_RETURN(books.earnings, agreement_earnings(db, versions));
  FERMATA_ASSIGN_OR_RETURN(books.periods, db.royalty_register().periods(id));
  FERMATA_ASSIGN_OR_RETURN(books.lines, db.royalty_register().lines(id));
  return books;
}

// The indices of the earnings a period ending `period_end` takes, in order:
// earnings_for_period()'s rule, without copying the earnings.
std::vector<std::size_t> picked_for_period(const std::vector<EarningRecord>& earnings,
                                           const std::vector<RoyaltyPeriodRecord>& earlier,
                                           const std::string& period_end, std::int64_t through) {
  std::vector<std::size_t> out;
  bool reversals = false;
  for (std::size_t i = 0; i < earnings.size(); ++i) {
    const EarningRecord& e = earnings[i];
    if (e.reported_on <= period_end && e.id <= through && !taken_by(earlier, e)) {
      out.push_back(i);
      reversals = reversals || e.reverses != 0;
    }
  }
  if (!reversals) return out;
  // An earning and its reversal both due here cancel: neither is taken.
  std::set<std::int64_t> taken, cancelled;
  for (std::size_t i : out) taken.insert(earnings[i].id);
  for (std::size_t i : out) {
    const EarningRecord& e = earnings[i];
    if (e.reverses != 0 && taken.contains(e.reverses)) {
      cancelled.insert(e.id);
      cancelled.insert(e.reverses);
    }
  }
  std::erase_if(out, [&](std::size_t i) { return cancelled.contains(earnings[i].id); });
  return out;
}

// Each report's chain position (import id -> the party it is net of) and
// payer, and each party's agreements as licensor with those that account to
// it (its aggregators: the level above it in a chain), read once a run.
struct ChainPositions {
  std::map<std::int64_t, std::string> net_of, payer;
  std::set<std::int64_t> invoices;  // Imports of stock files: invoiced shipments.
  // Licensor -> the party accounting to it -> that agreement's versions.
  std::map<std::string, std::map<std::string, std::vector<AgreementVersion>>> upstream;
};

Result<ChainPositions> chain_positions(
    Database& db, const std::map<std::string, std::vector<AgreementVersion>>& agreements) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> reports, db.report_register().reports());
  ChainPositions out;
  for (const ReportRecord& r : reports) {
    out.net_of[r.import_id] = r.chain_net_of;
    out.payer[r.import_id] = r.payer;
    if (r.format == "stock") out.invoices.insert(r.import_id);
  }
  for (const auto& [id, versions] : agreements) {
    const AgreementVersion& v = versions.back();
    if (!v.party_id("licensor").empty() && !v.accounting_party().empty())
      out.upstream[v.party_id("licensor")].emplace(v.accounting_party(), versions);
  }
  return out;
}

// The accounting parties' rounding carry per licensor and currency. Each
// accounting party's rounding balances are read from the ledger once, when
// its first agreement is run, and then kept up to date with the rounding
// postings this run appends (the run writes its unit of work alone), so the
// carry is the ledger's balance without re-reading, for every period, the
// accounting party's balances, which grow with every agreement run before.
class FeeCarry {
 public:
  explicit FeeCarry(Ledger& ledger) : ledger_(ledger) {}

  // The carry of `accounting` for `licensor`, per currency (zero left out).
  Result<std::map<std::string, Decimal>> of(const std::string& accounting,
                                            const std::string& licensor) {
    FERMATA_ASSIGN_OR_RETURN(Book * book, book_of(accounting));
    std::map<std::string, Decimal> carry;
    if (const auto found = book->find(licensor); found != book->end()) {
      for (const auto& [currency, balance] : found->second) {
        if (!balance.is_zero()) carry[currency] = balance;
      }
    }
    return carry;
  }

  // Takes in the rounding postings of a transaction just appended.
  Status appended(const NewTransaction& txn) {
    for (const Posting& p : txn.postings) {
      if (p.account.kind != AccountKind::kRounding) continue;
      const auto book = books_.find(p.account.party);
      if (book == books_.end()) continue;  // Not read yet: the ledger has it when it is.
      Decimal& balance = book->second[p.account.counterparty][p.account.commodity];
      FERMATA_ASSIGN_OR_RETURN(balance, balance.checked_add(p.amount));
    }
    return ok_status();
  }

 private:
  // Licensor -> currency -> balance.
  using Book = std::map<std::string, std::map<std::string, Decimal>>;

  Result<Book*> book_of(const std::string& accounting) {
    if (const auto found = books_.find(accounting); found != books_.end()) return &found->second;
    FERMATA_ASSIGN_OR_RETURN(
        std::vector<AccountBalance> balances,
        ledger_.balances(BalanceQuery{accounting, AccountKind::kRounding, "", ""}));
    Book book;
    for (const AccountBalance& b : balances) {
      Decimal& balance = book[b.account.counterparty][b.account.commodity];
      FERMATA_ASSIGN_OR_RETURN(balance, balance.checked_add(b.balance));
    }
    return &books_.emplace(accounting, std::move(book)).first->second;
  }

  Ledger& ledger_;
  std::map<std::string, Book> books_;
};

// Posts one computed period and records it. Returns the transactions appended.
Result<std::int64_t> post_period(Database& db, Ledger& ledger, FeeCarry& carry,
                                 PeriodResult& result, AgreementBooks& books) {
  std::int64_t appended = 0;
  for (RoyaltyAmount& amount : result.amounts) {
    FERMATA_ASSIGN_OR_RETURN(AppendOutcome outcome, ledger.append(amount.txn));
    if (outcome.status == AppendStatus::kAppended) {
      ++appended;
      FERMATA_RETURN_IF_ERROR(carry.appended(amount.txn));
    }
    amount.line.txn_seq = outcome.seq;
    FERMATA_RETURN_IF_ERROR(db.royalty_register().put_line(amount.line));
    books.lines.push_back(amount.line);
  }
  return appended;
}

// The agreement's periods through `options.through` not run yet, in date
// order; those already run are counted.
std::vector<AccountingPeriod> due_periods(const std::vector<AgreementVersion>& versions,
                                          const AgreementVersion& latest,
                                          const AgreementBooks& books, const RunOptions& options,
                                          RunSummary& summary) {
  std::vector<AccountingPeriod> due;
  for (AccountingPeriod& period :
       periods_through(latest.payment.period, versions.front().effective_from, options.through)) {
    if (std::any_of(books.periods.begin(), books.periods.end(),
                    [&](const auto& run) { return run.period_end == period.end; })) {
      ++summary.already_run;
    } else {
      due.push_back(std::move(period));
    }
  }
  return due;
}

// The period's earnings (earnings_for_period), moved out of the books for
// the last period due (`last`), which no later period reads.
std::vector<EarningRecord> take_earnings(AgreementBooks& books, const AccountingPeriod& period,
                                         std::int64_t seen, bool last) {
  const std::vector<std::size_t> picked =
      picked_for_period(books.earnings, books.periods, period.end, seen);
  std::vector<EarningRecord> out;
  out.reserve(picked.size());
  for (std::size_t i : picked) {
    if (last) {
      out.push_back(std::move(books.earnings[i]));
    } else {
      out.push_back(books.earnings[i]);
    }
  }
  return out;
}

// What one run of an agreement shares with its periods.
struct AgreementRun {
  Database& db;
  Ledger& ledger;
  FeeCarry& carry;
  const std::string& id;
  const RunOptions& options;
  RunSummary& summary;
};

// Posts a computed period, records it as run and counts it.
Status record_period(AgreementRun& run, AgreementBooks& books, const AccountingPeriod& period,
                     std::int64_t seen, PeriodResult result) {
  FERMATA_ASSIGN_OR_RETURN(std::int64_t appended,
                           post_period(run.db, run.ledger, run.carry, result, books));
  const RoyaltyPeriodRecord record{
      run.id, period.start, period.end, seen, run.options.recorded_at, run.ledger.actor()};
  FERMATA_RETURN_IF_ERROR(run.db.royalty_register().put_period(record));
  books.periods.push_back(record);
  run.summary.transactions += appended;
  if (result.amounts.empty() && result.earnings.empty()) {
    ++run.summary.quiet_periods;
  } else {
    run.summary.periods.push_back(PeriodRun{run.id, period, std::move(result), appended});
  }
  return ok_status();
}

Status run_agreement(AgreementRun& run, const std::vector<AgreementVersion>& versions,
                     const ChainPositions& chain) {
  const AgreementVersion* latest = version_on(versions, run.options.through);
  if (!latest || latest->party_id("licensor").empty() || latest->accounting_party().empty())
    return ok_status();  // Not in force yet, or not a distribution agreement.
  const std::string& licensor = latest->party_id("licensor");
  const std::string& accounting = latest->accounting_party();
  FERMATA_ASSIGN_OR_RETURN(AgreementBooks books, read_books(run.db, run.id, versions));
  const std::int64_t seen = books.earnings.empty() ? 0 : books.earnings.back().id;
  const std::vector<AccountingPeriod> due =
      due_periods(versions, *latest, books, run.options, run.summary);
  const auto upstream = chain.upstream.find(accounting);
  for (const AccountingPeriod& period : due) {
    PeriodInput input{run.id, versions, period, {}, chain.net_of, {}, books.lines};
    input.invoice_imports = &chain.invoices;
    input.earnings = take_earnings(books, period, seen, &period == &due.back());
    FERMATA_ASSIGN_OR_RETURN(input.fee_carry, run.carry.of(accounting, licensor));
    if (upstream != chain.upstream.end()) {
      input.upstream = upstream->second;
      input.payer_of = chain.payer;
      for (const auto& [party, unused] : upstream->second) {
        FERMATA_ASSIGN_OR_RETURN(input.upstream_carry[party], run.carry.of(party, licensor));
      }
    }
    FERMATA_ASSIGN_OR_RETURN(PeriodResult result, compute_period(input));
    FERMATA_RETURN_IF_ERROR(convert_period(run.db, input, result));
    FERMATA_RETURN_IF_ERROR(record_period(run, books, period, seen, std::move(result)));
  }
  return ok_status();
}

// One split agreement's part of a run: its books and the periods due.
struct SplitRun {
  std::string id;
  const std::vector<AgreementVersion>* versions;
  AgreementBooks books;
  std::int64_t seen = 0;
  std::vector<AccountingPeriod> due;
};

Status run_split_period(AgreementRun& run, SplitRun& split, std::size_t index,
                        const ChainPositions& chain, PoolBook& pools) {
  const AccountingPeriod& period = split.due[index];
  const AgreementVersion& latest = *version_on(*split.versions, run.options.through);
  const std::string& licensor = latest.party_id("licensor");
  SplitInput input{split.id,
                   *split.versions,
                   period,
                   {},
                   {},
                   chain.net_of,
                   {},
                   split.books.lines,
                   pools.outstanding(period.end)};
  // The label's distribution agreements: those it has with the parties accounting to it.
  if (const auto found = chain.upstream.find(licensor); found != chain.upstream.end())
    input.distribution = found->second;
  input.earnings = take_earnings(split.books, period, split.seen, index + 1 == split.due.size());
  FERMATA_ASSIGN_OR_RETURN(input.royalty_carry,
                           run.carry.of(latest.splits.front().payee, licensor));
  FERMATA_ASSIGN_OR_RETURN(PeriodResult result, compute_split_period(input));
  for (const RoyaltyAmount& amount : result.amounts) pools.posted(amount.line);
  return record_period(run, split.books, period, split.seen, std::move(result));
}

// Split agreements run after every distribution agreement, period by period
// across agreements (by period end, then agreement id), so a pool shared by
// several agreements is recouped in date order whatever dates runs stop at.
Status run_splits(Database& db, Ledger& ledger, FeeCarry& carry,
                  const std::map<std::string, std::vector<AgreementVersion>>& agreements,
                  const ChainPositions& chain, const RunOptions& options, RunSummary& summary) {
  std::vector<SplitRun> splits;
  for (const auto& [id, versions] : agreements) {
    const AgreementVersion* latest = version_on(versions, options.through);
    if (!latest || !is_split_agreement(*latest)) continue;
    SplitRun split{id, &versions, {}, 0, {}};
    FERMATA_ASSIGN_OR_RETURN(split.books, read_books(db, id, versions));
    split.seen = split.books.earnings.empty() ? 0 : split.books.earnings.back().id;
    split.due = due_periods(versions, *latest, split.books, options, summary);
    splits.push_back(std::move(split));
  }
  if (splits.empty()) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(PoolBook pools, PoolBook::read(db, agreements));
  std::vector<std::tuple<std::string, std::size_t, std::size_t>> order;  // End, split, period.
  for (std::size_t i = 0; i < splits.size(); ++i) {
    for (std::size_t k = 0; k < splits[i].due.size(); ++k)
      order.emplace_back(splits[i].due[k].end, i, k);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [end, i, k] : order) {
    AgreementRun run{db, ledger, carry, splits[i].id, options, summary};
    FERMATA_RETURN_IF_ERROR(run_split_period(run, splits[i], k, chain, pools));
  }
  return ok_status();
}

}  // namespace

Result<std::vector<EarningRecord>> agreement_earnings(
    Database& db, const std::vector<AgreementVersion>& versions) {
  std::set<std::string> owners;
  for (const AgreementVersion& v : versions) {
    if (!v.party_id("licensor").empty()) owners.insert(v.party_id("licensor"));
    owners.insert(v.scope.labels.begin(), v.scope.labels.end());
  }
  ReportRegister& reports = db.report_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::int64_t> voided, reports.voided_imports());
  std::vector<EarningRecord> out;  // Each owner's in id order; usually there is one owner.
  for (const std::string& owner : owners) {
    FERMATA_ASSIGN_OR_RETURN(std::vector<EarningRecord> earnings, reports.earnings(owner));
    if (out.empty()) {
      out = std::move(earnings);
    } else {
      out.insert(out.end(), std::make_move_iterator(earnings.begin()),
                 std::make_move_iterator(earnings.end()));
    }
  }
  if (!voided.empty()) {
    std::set<std::int64_t> reversed_imports;  // Voided with their earnings reversed.
    for (const EarningRecord& e : out) {
      if (e.reverses != 0) reversed_imports.insert(e.import_id);
    }
    // A void recorded before reversals existed (schema 4) left no reversal:
    // its import's earnings are left out, as they were then.
    std::erase_if(out, [&](const EarningRecord& e) {
      return std::binary_search(voided.begin(), voided.end(), e.import_id) &&
             !reversed_imports.contains(e.import_id);
    });
  }
  if (owners.size() > 1) {
    std::sort(out.begin(), out.end(),
              [](const EarningRecord& a, const EarningRecord& b) { return a.id < b.id; });
  }
  return out;
}

bool taken_by(const std::vector<RoyaltyPeriodRecord>& periods, const EarningRecord& earning) {
  return std::any_of(periods.begin(), periods.end(), [&](const RoyaltyPeriodRecord& run) {
    return earning.id <= run.earnings_through && earning.reported_on <= run.period_end;
  });
}

std::vector<EarningRecord> earnings_for_period(const std::vector<EarningRecord>& earnings,
                                               const std::vector<RoyaltyPeriodRecord>& earlier,
                                               const std::string& period_end,
                                               std::int64_t through) {
  std::vector<EarningRecord> out;
  const std::vector<std::size_t> picked = picked_for_period(earnings, earlier, period_end, through);
  out.reserve(picked.size());
  for (std::size_t i : picked) out.push_back(earnings[i]);
  return out;
}

std::vector<EarningRecord> earnings_taken(const std::vector<EarningRecord>& earnings,
                                          const std::vector<RoyaltyPeriodRecord>& periods,
                                          const RoyaltyPeriodRecord& period) {
  std::vector<RoyaltyPeriodRecord> earlier;
  for (const RoyaltyPeriodRecord& p : periods) {
    if (p.period_end < period.period_end) earlier.push_back(p);
  }
  return earnings_for_period(earnings, earlier, period.period_end, period.earnings_through);
}

Result<RunSummary> run_royalties(Database& database, Ledger& ledger, const RunOptions& options) {
  FERMATA_ASSIGN_OR_RETURN(auto agreements, load_agreements(database));
  FERMATA_ASSIGN_OR_RETURN(ChainPositions chain, chain_positions(database, agreements));
  RunSummary summary;
  FeeCarry carry(ledger);
  for (const auto& [id, versions] : agreements) {
    AgreementRun run{database, ledger, carry, id, options, summary};
    FERMATA_RETURN_IF_ERROR(run_agreement(run, versions, chain));
  }
  FERMATA_RETURN_IF_ERROR(run_splits(database, ledger, carry, agreements, chain, options, summary));
  return summary;
}

}  // namespace fermata
