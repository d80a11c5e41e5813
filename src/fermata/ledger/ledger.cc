#include "fermata/ledger/ledger.h"

#include <map>

#include "fermata/base/crash_point.h"
#include "fermata/base/date.h"
#include "fermata/ledger/canonical.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {

Ledger::Ledger(LedgerStorage& storage, LedgerOptions options)
    : storage_(storage), options_(std::move(options)) {
  FERMATA_ASSERT(!options_.actor.empty());
}

Status Ledger::BeginWrite() {
  FERMATA_ASSERT(!in_unit_);
  FERMATA_RETURN_IF_ERROR(storage_.Begin());
  in_unit_ = true;
  tip_loaded_ = false;
  appended_in_unit_ = 0;
  return OkStatus();
}

Status Ledger::Commit() {
  FERMATA_ASSERT(in_unit_);
  MaybeCrashAt("before_commit");
  Status status = storage_.Commit();
  in_unit_ = false;
  tip_loaded_ = false;
  if (status) MaybeCrashAt("after_commit");
  return status;
}

void Ledger::Rollback() {
  if (!in_unit_) return;
  storage_.Rollback();
  in_unit_ = false;
  tip_loaded_ = false;
}

// The tip is read once per unit of work and then advanced in memory: the
// write lock held since Begin guarantees no other writer moves it.
Status Ledger::LoadTip() {
  if (tip_loaded_) return OkStatus();
  FERMATA_ASSIGN_OR_RETURN(ChainTip tip, storage_.Tip());
  tip_seq_ = tip.seq;
  tip_sha256_ = tip.sha256;
  last_recorded_at_ = tip.recorded_at;
  postings_since_checkpoint_ = tip.postings_since_checkpoint;
  FERMATA_ASSIGN_OR_RETURN(std::optional<std::string> latest,
                           storage_.LatestCheckpointDate("9999-12-31", INT64_MAX));
  last_checkpoint_date_ = latest.value_or("");
  tip_loaded_ = true;
  return OkStatus();
}

Result<AppendOutcome> Ledger::Append(const NewTransaction& txn) {
  FERMATA_ASSERT(in_unit_);
  FERMATA_RETURN_IF_ERROR(ValidateTransaction(txn));
  const std::string content_sha256 = internal::Sha256Hex(internal::EncodeContent(txn));
  FERMATA_ASSIGN_OR_RETURN(std::optional<StoredTransaction> existing,
                           storage_.FindByKey(txn.idempotency_key));
  if (existing) {
    if (existing->content_sha256 == content_sha256) {
      return AppendOutcome{AppendStatus::kAlreadyExists, existing->seq};
    }
    return MakeError(ErrorCode::kExistsWithDifferentContent,
                     "transaction key '" + txn.idempotency_key + "' already holds transaction " +
                         std::to_string(existing->seq) + " with different content",
                     {"", 0, "key", txn.idempotency_key});
  }
  std::vector<std::int64_t> account_ids;
  account_ids.reserve(txn.postings.size());
  for (const Posting& posting : txn.postings) {
    FERMATA_ASSIGN_OR_RETURN(std::int64_t id, storage_.ResolveAccount(posting.account));
    account_ids.push_back(id);
  }
  FERMATA_RETURN_IF_ERROR(LoadTip());
  StoredTransaction stored{tip_seq_ + 1, txn, UtcNowMicros(), options_.actor,
                           content_sha256, tip_sha256_, ""};
  // Recorded times never go backwards, so "as known at" is a prefix of the chain.
  if (stored.recorded_at < last_recorded_at_) stored.recorded_at = last_recorded_at_;
  stored.sha256 = internal::Sha256Hex(internal::EncodeChainLink(stored));
  FERMATA_RETURN_IF_ERROR(storage_.Insert(stored, account_ids));
  tip_seq_ = stored.seq;
  tip_sha256_ = stored.sha256;
  last_recorded_at_ = stored.recorded_at;
  postings_since_checkpoint_ += static_cast<std::int64_t>(txn.postings.size());
  FERMATA_RETURN_IF_ERROR(CorrectCheckpoints(txn, account_ids));
  FERMATA_RETURN_IF_ERROR(MaybeCheckpoint());
  if (++appended_in_unit_ == CrashAfterTransactions()) MaybeCrashAt("mid_commit");
  return AppendOutcome{AppendStatus::kAppended, stored.seq};
}

// A posting dated on or before an existing checkpoint changes that
// checkpoint's balance. Checkpoint rows are never updated, so a corrected
// row is appended at every later checkpoint date, in the same unit of work;
// readers take the latest row per account.
Status Ledger::CorrectCheckpoints(const NewTransaction& txn,
                                  const std::vector<std::int64_t>& ids) {
  if (last_checkpoint_date_.empty() || txn.effective_date > last_checkpoint_date_) {
    return OkStatus();
  }
  std::map<std::int64_t, Decimal> net_by_account;
  for (std::size_t i = 0; i < ids.size(); ++i) net_by_account[ids[i]] += txn.postings[i].amount;
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> dates,
                           storage_.CheckpointDatesFrom(txn.effective_date));
  for (const std::string& date : dates) {
    for (const auto& [account_id, net] : net_by_account) {
      FERMATA_ASSIGN_OR_RETURN(std::optional<CheckpointRow> base,
                               storage_.LatestCheckpointRow(account_id, date));
      const Decimal before = base ? base->balance : Decimal();
      FERMATA_ASSIGN_OR_RETURN(Decimal after, before.CheckedAdd(net));
      FERMATA_RETURN_IF_ERROR(
          storage_.InsertCheckpointRow(CheckpointRow{account_id, date, tip_seq_, after}));
    }
  }
  return OkStatus();
}

Status Ledger::MaybeCheckpoint() {
  if (options_.checkpoint_every_postings <= 0 ||
      postings_since_checkpoint_ < options_.checkpoint_every_postings) {
    return OkStatus();
  }
  FERMATA_ASSIGN_OR_RETURN(std::string max_date, storage_.MaxEffectiveDate());
  // The day before the newest effective date: postings still arriving for
  // the newest day then do not each need a corrected checkpoint row.
  const std::string date = AddDays(max_date, -1);
  if (!last_checkpoint_date_.empty() && date <= last_checkpoint_date_) return OkStatus();
  return WriteCheckpoint(date);
}

Status Ledger::WriteCheckpoint(std::string_view date) {
  FERMATA_ASSERT(in_unit_);
  FERMATA_ASSERT(IsIsoDate(date));
  FERMATA_RETURN_IF_ERROR(LoadTip());
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> existing,
                           storage_.CheckpointDatesFrom(std::string(date)));
  if (!existing.empty() && existing.front() == date) return OkStatus();
  BalanceQuery query;
  query.as_of = std::string(date);
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> balances, Balances(query));
  FERMATA_RETURN_IF_ERROR(storage_.InsertCheckpointHeader(query.as_of, tip_seq_));
  for (const AccountBalance& balance : balances) {
    FERMATA_ASSIGN_OR_RETURN(std::int64_t id, storage_.ResolveAccount(balance.account));
    FERMATA_RETURN_IF_ERROR(
        storage_.InsertCheckpointRow(CheckpointRow{id, query.as_of, tip_seq_, balance.balance}));
  }
  if (query.as_of > last_checkpoint_date_) last_checkpoint_date_ = query.as_of;
  postings_since_checkpoint_ = 0;
  return OkStatus();
}

Result<AppendOutcome> Ledger::Void(std::int64_t seq, std::string_view reason,
                                   std::string_view effective_date) {
  FERMATA_ASSIGN_OR_RETURN(StoredTransaction original, storage_.FindBySeq(seq));
  if (original.content.voids_seq != 0) {
    return MakeError(ErrorCode::kAlreadyVoided,
                     "transaction " + std::to_string(seq) + " is itself a reversal of " +
                         std::to_string(original.content.voids_seq) + "; post a new entry instead");
  }
  NewTransaction reversal;
  reversal.idempotency_key = "void:" + std::to_string(seq);
  reversal.effective_date =
      effective_date.empty() ? original.content.effective_date : std::string(effective_date);
  reversal.memo = "Void of transaction " + std::to_string(seq) + ": " + std::string(reason);
  reversal.voids_seq = seq;
  for (const Posting& posting : original.content.postings) {
    reversal.postings.push_back(Posting{posting.account, -posting.amount});
  }
  Result<AppendOutcome> outcome = Append(reversal);
  if (!outcome && outcome.error().code == ErrorCode::kExistsWithDifferentContent) {
    return MakeError(ErrorCode::kAlreadyVoided,
                     "transaction " + std::to_string(seq) + " was already voided");
  }
  return outcome;
}

Result<StoredTransaction> Ledger::Get(std::int64_t seq) { return storage_.FindBySeq(seq); }

}  // namespace fermata
