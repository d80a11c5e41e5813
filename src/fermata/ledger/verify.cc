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
#include <map>
#include <set>

#include "fermata/ledger/canonical.h"
#include "fermata/ledger/ledger.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {
namespace {

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
    prev = txn.sha256;
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

Status verify_checkpoints(LedgerStorage& storage, VerifyReport& report) {
  FERMATA_ASSIGN_OR_RETURN(auto headers, storage.all_checkpoint_headers());
  FERMATA_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows, storage.all_checkpoint_rows());
  report.checkpoint_rows = static_cast<std::int64_t>(rows.size());
  std::map<std::pair<std::string, std::int64_t>, std::map<std::int64_t, Decimal>> cache;
  auto balances_at = [&](const std::string& date,
                         std::int64_t seq) -> Result<const std::map<std::int64_t, Decimal>*> {
    auto key = std::make_pair(date, seq);
    auto found = cache.find(key);
    if (found == cache.end()) {
      FERMATA_ASSIGN_OR_RETURN(auto computed, compute_balances_at(storage, date, seq));
      found = cache.emplace(key, std::move(computed)).first;
    }
    return &found->second;
  };
  for (const CheckpointRow& row : rows) {
    FERMATA_ASSIGN_OR_RETURN(const auto* expected, balances_at(row.as_of, row.through_seq));
    auto it = expected->find(row.account_id);
    const Decimal want = it == expected->end() ? Decimal() : it->second;
    if (want != row.balance) {
      add_problem(report, row.through_seq,
                  "checkpoint of account " + std::to_string(row.account_id) + " at " + row.as_of +
                      " says " + row.balance.to_string() + ", postings sum to " + want.to_string());
    }
  }
  for (const auto& [date, seq] : headers) {
    FERMATA_ASSIGN_OR_RETURN(const auto* expected, balances_at(date, seq));
    std::set<std::int64_t> covered;
    for (const CheckpointRow& row : rows) {
      if (row.as_of == date && row.through_seq == seq) covered.insert(row.account_id);
    }
    for (const auto& [account_id, balance] : *expected) {
      if (!balance.is_zero() && !covered.count(account_id)) {
        add_problem(report, seq,
                    "checkpoint at " + date + " lacks account " + std::to_string(account_id));
      }
    }
  }
  return ok_status();
}

}  // namespace

Result<VerifyReport> Ledger::verify() {
  VerifyReport report;
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
