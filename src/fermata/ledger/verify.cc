// Verify: recompute everything derived from the postings and compare.
//
// 1. The hash chain: each transaction's content hash from its rows, its
//    predecessor link, and its chain hash. The first mismatch is reported as
//    the first broken link: an edit made behind the ledger's back (triggers
//    dropped, an amount changed in the sqlite3 shell) shows there.
// 2. Balance: every transaction sums to zero per commodity.
// 3. Checkpoints: every row equals the sum of its account's postings up to
//    its date and seq, recomputed from scratch; every header covers every
//    account with a nonzero balance.
#include <map>
#include <set>

#include "fermata/ledger/canonical.h"
#include "fermata/ledger/ledger.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {
namespace {

void Report(VerifyReport& report, std::int64_t seq, std::string problem) {
  if (!report.first_broken_seq || seq < *report.first_broken_seq) report.first_broken_seq = seq;
  report.problems.push_back("transaction " + std::to_string(seq) + ": " + std::move(problem));
}

Status VerifyChain(LedgerStorage& storage, VerifyReport& report) {
  FERMATA_ASSIGN_OR_RETURN(ChainTip tip, storage.Tip());
  std::string prev = internal::kZeroHash;
  for (std::int64_t seq = 1; seq <= tip.seq; ++seq) {
    FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, storage.FindBySeq(seq));
    ++report.transactions;
    report.postings += static_cast<std::int64_t>(txn.content.postings.size());
    const std::string content = internal::Sha256Hex(internal::EncodeContent(txn.content));
    if (content != txn.content_sha256) Report(report, seq, "content does not match its hash");
    if (txn.prev_sha256 != prev) Report(report, seq, "does not link to its predecessor's hash");
    StoredTransaction relinked = txn;
    relinked.content_sha256 = content;
    relinked.prev_sha256 = prev;
    if (internal::Sha256Hex(internal::EncodeChainLink(relinked)) != txn.sha256) {
      Report(report, seq, "chain hash does not match");
    }
    Status balanced = ValidateTransaction(txn.content);
    if (!balanced) Report(report, seq, balanced.error().message);
    prev = txn.sha256;
  }
  return OkStatus();
}

Result<std::map<std::int64_t, Decimal>> BalancesAt(LedgerStorage& storage, const std::string& date,
                                                   std::int64_t seq) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<PostingRow> rows,
                           storage.PostingsBetween("", "", date, seq));
  std::map<std::int64_t, Decimal> balances;
  for (const PostingRow& row : rows) {
    FERMATA_ASSIGN_OR_RETURN(balances[row.account_id],
                             balances[row.account_id].CheckedAdd(row.amount));
  }
  return balances;
}

Status VerifyCheckpoints(LedgerStorage& storage, VerifyReport& report) {
  FERMATA_ASSIGN_OR_RETURN(auto headers, storage.AllCheckpointHeaders());
  FERMATA_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows, storage.AllCheckpointRows());
  report.checkpoint_rows = static_cast<std::int64_t>(rows.size());
  std::map<std::pair<std::string, std::int64_t>, std::map<std::int64_t, Decimal>> cache;
  auto balances_at = [&](const std::string& date,
                         std::int64_t seq) -> Result<const std::map<std::int64_t, Decimal>*> {
    auto key = std::make_pair(date, seq);
    auto found = cache.find(key);
    if (found == cache.end()) {
      FERMATA_ASSIGN_OR_RETURN(auto computed, BalancesAt(storage, date, seq));
      found = cache.emplace(key, std::move(computed)).first;
    }
    return &found->second;
  };
  for (const CheckpointRow& row : rows) {
    FERMATA_ASSIGN_OR_RETURN(const auto* expected, balances_at(row.as_of, row.through_seq));
    auto it = expected->find(row.account_id);
    const Decimal want = it == expected->end() ? Decimal() : it->second;
    if (want != row.balance) {
      Report(report, row.through_seq,
             "checkpoint of account " + std::to_string(row.account_id) + " at " + row.as_of +
                 " says " + row.balance.ToString() + ", postings sum to " + want.ToString());
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
        Report(report, seq,
               "checkpoint at " + date + " lacks account " + std::to_string(account_id));
      }
    }
  }
  return OkStatus();
}

}  // namespace

Result<VerifyReport> Ledger::Verify() {
  VerifyReport report;
  FERMATA_RETURN_IF_ERROR(VerifyChain(storage_, report));
  FERMATA_RETURN_IF_ERROR(VerifyCheckpoints(storage_, report));
  return report;
}

}  // namespace fermata
