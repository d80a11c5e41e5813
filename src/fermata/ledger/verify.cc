// Verify: recompute everything derived from the postings and compare.
//
// 1. The hash chain: each transaction's content hash from its rows, its
//    predecessor link, and its chain hash. The first mismatch is reported as
//    the first broken link: an edit made behind the ledger's back (triggers
//    dropped, an amount changed in the sqlite3 shell) shows there.
// 2. Balance: every transaction sums to zero per commodity.
// 3. Storage self-checks: copies of ledger facts kept for fast reads (a
//    posting's owner and date) agree with the facts, and the append-only
//    guards are in place.
// 4. Checkpoints: every row equals the sum of its account's postings up to
//    its date and seq, recomputed from scratch; every header covers every
//    account with a nonzero balance.
#include <climits>
#include <map>
#include <set>

#include "fermata/ledger/canonical.h"
#include "fermata/ledger/ledger.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {
namespace {

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void add_problem(VerifyReport& report, std::int64_t seq, std::string problem) {
  if (!report.first_broken_seq || seq < *report.first_broken_seq) report.first_broken_seq = seq;
  report.problems.push_back("transaction " + std::to_string(seq) + ": " + std::move(problem));
}

Status verify_chain(LedgerStorage& storage, VerifyReport& report) {
  FERMATA_ASSIGN_OR_RETURN(ChainTip tip, storage.tip());
  report.tip_seq = tip.seq;
  report.tip_sha256 = tip.sha256;
  std::string prev = kGenesisSha256;
  for (std::int64_t seq = 1; seq <= tip.seq; ++seq) {
    Result<StoredTransaction> found = storage.find_by_seq(seq);
    if (!found && found.error().code == ErrorCode::kTransactionNotFound) {
      // A hole in the sequence: rows were deleted behind the ledger's back.
      add_problem(report, seq, "is missing from the chain");
      continue;
    }
    if (!found) return found.error();
    const StoredTransaction& txn = *found;
    ++report.transactions;
    report.postings += static_cast<std::int64_t>(txn.content.postings.size());
    const std::string content = sha256_hex(internal::encode_content(txn.content));
    if (content != txn.content_sha256) add_problem(report, seq, "content does not match its hash");
    if (txn.prev_sha256 != prev)
      add_problem(report, seq, "does not link to its predecessor's hash");
    StoredTransaction relinked = txn;
    relinked.content_sha256 = content;
    relinked.prev_sha256 = prev;
    if (sha256_hex(internal::encode_chain_link(relinked)) != txn.sha256) {
      add_problem(report, seq, "chain hash does not match");
    }
    Status balanced = validate_transaction(txn.content);
    if (!balanced) add_problem(report, seq, balanced.error().message);
    // The chain encoding takes raw hash bytes; a stored value that is not a
    // SHA-256 in hex is itself a broken link, not a reason to stop verifying.
    if (!is_sha256_hex(txn.sha256)) {
      add_problem(report, seq, "stored hash is not 64 lower-case hex digits");
      prev = kGenesisSha256;
    } else {
      prev = txn.sha256;
    }
  }
  return ok_status();
}

Result<std::map<std::int64_t, Decimal>> compute_balances_at(LedgerStorage& storage,
                                                            const std::string& date,
                                                            std::int64_t seq) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<PostingRow> rows,
                           storage.postings_between("", "", date, seq));
  std::map<std::int64_t, Decimal> balances;
  for (const PostingRow& row : rows) {
    FERMATA_ASSIGN_OR_RETURN(balances[row.account_id],
                             balances[row.account_id].checked_add(row.amount));
  }
  return balances;
}

// Balances of every account over postings with date <= D and seq <= S,
// computed once per (D, S).
class BalanceCache {
 public:
  explicit BalanceCache(LedgerStorage& storage) : storage_(storage) {}

  Result<const std::map<std::int64_t, Decimal>*> at(const std::string& date, std::int64_t seq) {
    auto key = std::make_pair(date, seq);
    auto found = cache_.find(key);
    if (found == cache_.end()) {
      FERMATA_ASSIGN_OR_RETURN(auto computed, compute_balances_at(storage_, date, seq));
      found = cache_.emplace(key, std::move(computed)).first;
    }
    return &found->second;
  }

 private:
  LedgerStorage& storage_;
  std::map<std::pair<std::string, std::int64_t>, std::map<std::int64_t, Decimal>> cache_;
};

Decimal balance_of(const std::map<std::int64_t, Decimal>& balances, std::int64_t account_id) {
  auto it = balances.find(account_id);
  return it == balances.end() ? Decimal() : it->second;
}

// Each row equals its account's postings up to its own date and seq.
Status verify_rows(const std::vector<CheckpointRow>& rows, BalanceCache& cache,
                   VerifyReport& report) {
  for (const CheckpointRow& row : rows) {
    FERMATA_ASSIGN_OR_RETURN(const auto* expected, cache.at(row.as_of, row.through_seq));
    const Decimal want = balance_of(*expected, row.account_id);
    if (want != row.balance) {
      add_problem(report, row.through_seq,
                  "checkpoint of account " + std::to_string(row.account_id) + " at " + row.as_of +
                      " says " + row.balance.to_string() + ", postings sum to " + want.to_string());
    }
  }
  return ok_status();
}

// A header covers every nonzero account at its own seq, and the latest row
// per account at its date equals all postings up to that date as the books
// stand now: a backdated posting whose corrected row is missing shows here.
Status verify_headers(const std::vector<std::pair<std::string, std::int64_t>>& headers,
                      const std::vector<CheckpointRow>& rows, BalanceCache& cache,
                      VerifyReport& report) {
  for (const auto& [date, seq] : headers) {
    FERMATA_ASSIGN_OR_RETURN(const auto* at_header, cache.at(date, seq));
    FERMATA_ASSIGN_OR_RETURN(const auto* now, cache.at(date, INT64_MAX));
    std::set<std::int64_t> covered;
    std::map<std::int64_t, const CheckpointRow*> latest;
    for (const CheckpointRow& row : rows) {
      if (row.as_of != date) continue;
      if (row.through_seq == seq) covered.insert(row.account_id);
      const CheckpointRow*& newest = latest[row.account_id];
      if (newest == nullptr || row.through_seq > newest->through_seq) newest = &row;
    }
    for (const auto& [account_id, balance] : *at_header) {
      if (!balance.is_zero() && !covered.count(account_id)) {
        add_problem(report, seq,
                    "checkpoint at " + date + " lacks account " + std::to_string(account_id));
      }
    }
    std::set<std::int64_t> accounts;
    for (const auto& entry : *now) accounts.insert(entry.first);
    for (const auto& entry : latest) accounts.insert(entry.first);
    for (std::int64_t account_id : accounts) {
      const CheckpointRow* row = latest.count(account_id) ? latest[account_id] : nullptr;
      const Decimal stored = row ? row->balance : Decimal();
      if (stored != balance_of(*now, account_id)) {
        add_problem(report, row ? row->through_seq : seq,
                    "checkpoint of account " + std::to_string(account_id) + " at " + date +
                        " is stale: a later posting dated on or before it has no corrected row");
      }
    }
  }
  return ok_status();
}

Status verify_checkpoints(LedgerStorage& storage, VerifyReport& report) {
  FERMATA_ASSIGN_OR_RETURN(auto headers, storage.all_checkpoint_headers());
  FERMATA_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows, storage.all_checkpoint_rows());
  report.checkpoint_rows = static_cast<std::int64_t>(rows.size());
  BalanceCache cache(storage);
  FERMATA_RETURN_IF_ERROR(verify_rows(rows, cache, report));
  return verify_headers(headers, rows, cache, report);
}

}  // namespace

Result<VerifyReport> Ledger::verify(const std::optional<ChainAnchor>& anchor) {
  VerifyReport report;
  if (anchor) {
    Result<StoredTransaction> anchored = storage_.find_by_seq(anchor->seq);
    if (!anchored && anchored.error().code != ErrorCode::kTransactionNotFound) {
      return anchored.error();
    }
    if (!anchored || anchored->sha256 != anchor->sha256) {
      add_problem(report, anchor->seq,
                  "the anchor " + anchor->sha256 + " no longer holds: " +
                      (anchored ? "the transaction now hashes to " + anchored->sha256
                                : "the chain no longer reaches this transaction"));
    }
  }
  FERMATA_RETURN_IF_ERROR(verify_chain(storage_, report));
  FERMATA_ASSIGN_OR_RETURN(auto findings, storage_.storage_findings());
  for (auto& [seq, problem] : findings) {
    if (seq > 0) {
      add_problem(report, seq, std::move(problem));
    } else {
      report.problems.push_back(std::move(problem));
    }
  }
  FERMATA_RETURN_IF_ERROR(verify_checkpoints(storage_, report));
  return report;
}

}  // namespace fermata
