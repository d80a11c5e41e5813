#include "fermata/ledger/ledger.h"

#include <algorithm>
#include <climits>
#include <map>

#include "fermata/base/crash_point.h"
#include "fermata/base/date.h"
#include "fermata/ledger/canonical.h"
#include "fermata/ledger/ledger_profile.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {
namespace {

constexpr std::int64_t kPostingsPerCheckpointRow = 4;

}  // namespace

Ledger::Ledger(LedgerStorage& storage, LedgerOptions options)
    : storage_(storage), options_(std::move(options)), profile_(LedgerProfile::from_environment()) {
  FERMATA_ASSERT(!options_.actor.empty());
}

Ledger::~Ledger() = default;

Status Ledger::begin_write() {
  FERMATA_ASSERT(!in_unit_);
  FERMATA_RETURN_IF_ERROR(storage_.begin());
  in_unit_ = true;
  tip_loaded_ = false;
  poisoned_ = false;
  appended_in_unit_ = 0;
  return ok_status();
}

Status Ledger::commit() {
  ProfileTimer timer(profile_ ? &profile_->commits : nullptr);
  FERMATA_ASSERT(in_unit_);
  if (poisoned_) {
    rollback();
    return make_error(ErrorCode::kStorageError,
                      "an append failed after it had started writing; the whole unit of work "
                      "was rolled back and nothing was committed");
  }
  maybe_crash_at("before_commit");
  Status status = storage_.commit();
  in_unit_ = false;
  tip_loaded_ = false;
  if (status) maybe_crash_at("after_commit");
  return status;
}

void Ledger::rollback() {
  if (!in_unit_) return;
  storage_.rollback();
  in_unit_ = false;
  tip_loaded_ = false;
}

// The tip is read once per unit of work and then advanced in memory: the
// write lock held since Begin guarantees no other writer moves it.
Status Ledger::load_tip() {
  if (tip_loaded_) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(ChainTip tip, storage_.tip());
  tip_seq_ = tip.seq;
  tip_sha256_ = tip.sha256;
  // One recorded time per unit of work: its transactions become visible
  // together at commit, so "as known at" must never see half of them. Times
  // never go backwards, so "as known at" is always a prefix of the chain.
  unit_recorded_at_ = std::max(utc_now_micros(), tip.recorded_at);
  postings_since_checkpoint_ = tip.postings_since_checkpoint;
  FERMATA_ASSIGN_OR_RETURN(std::optional<std::string> latest,
                           storage_.latest_checkpoint_date("9999-12-31", INT64_MAX));
  if (latest.value_or("") != last_checkpoint_date_) last_checkpoint_rows_ = -1;
  last_checkpoint_date_ = latest.value_or("");
  tip_loaded_ = true;
  return ok_status();
}

Result<AppendOutcome> Ledger::append(const NewTransaction& txn) {
  ProfileTimer timer(profile_ ? &profile_->appends : nullptr);
  FERMATA_ASSERT(in_unit_);
  FERMATA_RETURN_IF_ERROR(validate_transaction(txn));
  const std::string content_sha256 = sha256_hex(internal::encode_content(txn));
  FERMATA_ASSIGN_OR_RETURN(std::optional<AppendOutcome> repeated,
                           check_repeat(txn, content_sha256));
  if (repeated) return *repeated;
  FERMATA_RETURN_IF_ERROR(load_tip());
  // Every rule a posting can break is checked before the first write, so a
  // rejected transaction leaves nothing behind. A failure after that is a
  // storage failure or an overflowing checkpoint: it poisons the unit, and
  // commit refuses, so a half-written transaction can never be committed.
  std::vector<std::int64_t> account_ids;
  account_ids.reserve(txn.postings.size());
  for (const Posting& posting : txn.postings) {
    FERMATA_ASSIGN_OR_RETURN(std::int64_t id, storage_.resolve_account(posting.account, false));
    account_ids.push_back(id);
  }
  Result<std::int64_t> seq = write_transaction(txn, content_sha256, account_ids);
  if (!seq) {
    poisoned_ = true;
    return seq.error();
  }
  if (++appended_in_unit_ == crash_after_transactions()) maybe_crash_at("mid_commit");
  return AppendOutcome{AppendStatus::kAppended, *seq};
}

Result<std::int64_t> Ledger::write_transaction(const NewTransaction& txn,
                                               const std::string& content_sha256,
                                               std::vector<std::int64_t>& account_ids) {
  for (std::size_t i = 0; i < account_ids.size(); ++i) {
    if (account_ids[i] != 0) continue;
    FERMATA_ASSIGN_OR_RETURN(account_ids[i],
                             storage_.resolve_account(txn.postings[i].account, true));
  }
  StoredTransaction stored{tip_seq_ + 1, txn, unit_recorded_at_, options_.actor, content_sha256,
                           tip_sha256_,  ""};
  stored.sha256 = sha256_hex(internal::encode_chain_link(stored));
  FERMATA_RETURN_IF_ERROR(storage_.insert(stored, account_ids));
  tip_seq_ = stored.seq;
  tip_sha256_ = stored.sha256;
  postings_since_checkpoint_ += static_cast<std::int64_t>(txn.postings.size());
  FERMATA_RETURN_IF_ERROR(correct_checkpoints(txn, account_ids));
  FERMATA_RETURN_IF_ERROR(maybe_checkpoint());
  return stored.seq;
}

// The same key again: a no-op when the content is the same, a conflict
// otherwise. The source link is provenance, not content: the same entry
// re-read from a corrected copy of its file is the same entry.
Result<std::optional<AppendOutcome>> Ledger::check_repeat(const NewTransaction& txn,
                                                          const std::string& content_sha256) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<StoredTransaction> existing,
                           storage_.find_by_key(txn.idempotency_key));
  if (!existing) return std::optional<AppendOutcome>();
  NewTransaction same_source = existing->content;
  same_source.source = txn.source;
  if (existing->content_sha256 == content_sha256 ||
      internal::encode_content(same_source) == internal::encode_content(txn)) {
    return std::optional<AppendOutcome>(AppendOutcome{AppendStatus::kAlreadyExists, existing->seq});
  }
  return make_error(ErrorCode::kExistsWithDifferentContent,
                    "transaction key '" + txn.idempotency_key + "' already holds transaction " +
                        std::to_string(existing->seq) + " with different content",
                    {"", 0, "key", txn.idempotency_key});
}

// A posting dated on or before an existing checkpoint changes that
// checkpoint's balance. Checkpoint rows are never updated, so a corrected
// row is appended at every later checkpoint date, in the same unit of work;
// readers take the latest row per account.
Status Ledger::correct_checkpoints(const NewTransaction& txn,
                                   const std::vector<std::int64_t>& ids) {
  if (last_checkpoint_date_.empty() || txn.effective_date > last_checkpoint_date_) {
    return ok_status();
  }
  std::map<std::int64_t, Decimal> net_by_account;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    FERMATA_ASSIGN_OR_RETURN(net_by_account[ids[i]],
                             net_by_account[ids[i]].checked_add(txn.postings[i].amount));
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> dates,
                           storage_.checkpoint_dates_from(txn.effective_date));
  for (const std::string& date : dates) {
    for (const auto& [account_id, net] : net_by_account) {
      FERMATA_ASSIGN_OR_RETURN(std::optional<CheckpointRow> base,
                               storage_.latest_checkpoint_row(account_id, date));
      const Decimal before = base ? base->balance : Decimal();
      FERMATA_ASSIGN_OR_RETURN(Decimal after, before.checked_add(net));
      FERMATA_RETURN_IF_ERROR(
          storage_.insert_checkpoint_row(CheckpointRow{account_id, date, tip_seq_, after}));
    }
  }
  return ok_status();
}

// A checkpoint costs a row per account with a balance, about what a posting
// costs. In a book of many accounts (stock: owner x SKU x location x
// status) the next one therefore waits for kPostingsPerCheckpointRow
// postings per row of the last, so checkpoints add at most a quarter to
// the work of appending; a read of the whole book still walks at most
// that many postings per checkpoint row it reads.
Status Ledger::maybe_checkpoint() {
  if (options_.checkpoint_every_postings <= 0 ||
      postings_since_checkpoint_ < options_.checkpoint_every_postings) {
    return ok_status();
  }
  if (last_checkpoint_rows_ < 0) {
    last_checkpoint_rows_ = 0;
    if (!last_checkpoint_date_.empty()) {
      FERMATA_ASSIGN_OR_RETURN(last_checkpoint_rows_,
                               storage_.count_checkpoint_rows(last_checkpoint_date_));
    }
  }
  if (postings_since_checkpoint_ < kPostingsPerCheckpointRow * last_checkpoint_rows_) {
    return ok_status();
  }
  FERMATA_ASSIGN_OR_RETURN(std::string max_date, storage_.max_effective_date());
  // The day before the newest effective date: postings still arriving for
  // the newest day then do not each need a corrected checkpoint row.
  const std::string date = add_days(max_date, -1);
  if (!last_checkpoint_date_.empty() && date <= last_checkpoint_date_) return ok_status();
  return write_checkpoint(date);
}

Status Ledger::write_checkpoint(std::string_view date) {
  FERMATA_ASSERT(in_unit_);
  FERMATA_ASSERT(is_iso_date(date));
  FERMATA_RETURN_IF_ERROR(load_tip());
  const std::string as_of(date);
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> existing,
                           storage_.checkpoint_dates_from(as_of));
  if (!existing.empty() && existing.front() == date) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(auto by_account, balances_by_id("", as_of, INT64_MAX));
  FERMATA_RETURN_IF_ERROR(storage_.insert_checkpoint_header(as_of, tip_seq_));
  std::int64_t rows = 0;
  for (const auto& [account_id, balance] : by_account) {
    if (balance.is_zero()) continue;
    FERMATA_RETURN_IF_ERROR(
        storage_.insert_checkpoint_row(CheckpointRow{account_id, as_of, tip_seq_, balance}));
    ++rows;
  }
  if (as_of > last_checkpoint_date_) {
    last_checkpoint_date_ = as_of;
    last_checkpoint_rows_ = rows;
  }
  postings_since_checkpoint_ = 0;
  return ok_status();
}

Result<AppendOutcome> Ledger::void_transaction(std::int64_t seq, std::string_view reason,
                                               std::string_view effective_date) {
  FERMATA_ASSIGN_OR_RETURN(StoredTransaction original, storage_.find_by_seq(seq));
  if (original.content.voids_seq != 0) {
    return make_error(ErrorCode::kAlreadyVoided, "transaction " + std::to_string(seq) +
                                                     " is itself a reversal of " +
                                                     std::to_string(original.content.voids_seq) +
                                                     "; post a new entry instead");
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
  Result<AppendOutcome> outcome = append(reversal);
  if (!outcome && outcome.error().code == ErrorCode::kExistsWithDifferentContent) {
    return make_error(ErrorCode::kAlreadyVoided,
                      "transaction " + std::to_string(seq) + " was already voided");
  }
  return outcome;
}

Result<StoredTransaction> Ledger::get(std::int64_t seq) {
  return storage_.find_by_seq(seq);
}

}  // namespace fermata
