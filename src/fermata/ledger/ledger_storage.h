// LedgerStorage: what the ledger needs from persistence, and nothing more.
//
// The ledger decides (validation, hashing, balance arithmetic); a storage
// keeps rows. storage/sqlite implements this for the embedded default and a
// later storage/postgres for server mode, with the same semantics:
//  1. Rows are append-only: an implementation refuses updates and deletes
//     of transactions, postings and checkpoints at the lowest level it can
//     (SQLite triggers, PostgreSQL rules or grants).
//  2. Everything between Begin and Commit becomes durable at once; Commit
//     returns only after the data is on stable storage.
//  3. Sequence numbers are dense and start at 1.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/ledger/ledger.h"

namespace fermata {

// The predecessor hash of transaction 1.
inline constexpr char kGenesisSha256[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The head of the hash chain.
struct ChainTip {
  std::int64_t seq = 0;  // 0 when the ledger is empty.
  std::string sha256;    // 64 zeros when empty.
  std::string recorded_at;
  std::int64_t postings_since_checkpoint = 0;
};

// One row of the checkpoint table: the balance of `account_id` over all
// postings with effective date <= as_of and seq <= through_seq.
struct CheckpointRow {
  std::int64_t account_id = 0;
  std::string as_of;
  std::int64_t through_seq = 0;
  Decimal balance;
};

// A posting as read back for balance arithmetic.
struct PostingRow {
  std::int64_t seq = 0;
  std::int64_t account_id = 0;
  std::string effective_date;
  Decimal amount;
};

class LedgerStorage {
 public:
  virtual ~LedgerStorage() = default;

  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;

  virtual Result<ChainTip> tip() = 0;
  virtual Result<std::optional<StoredTransaction>> find_by_key(const std::string& key) = 0;
  // Errors: transaction_not_found.
  virtual Result<StoredTransaction> find_by_seq(std::int64_t seq) = 0;

  // The id of the account. When it does not exist yet: created if `create`,
  // otherwise 0 once it is known that it could be created (so callers can
  // check every posting before writing anything). Errors: party_unknown,
  // commodity_unknown (an SKU without a product).
  virtual Result<std::int64_t> resolve_account(const AccountRef& ref, bool create) = 0;
  virtual Result<AccountRef> account_by_id(std::int64_t account_id) = 0;
  // Calls `visit` with every account of `party` ("" = of every party), in
  // no particular order, in one read: a party's balances can span thousands
  // of accounts (stock: SKU x location x status), and a lookup each would
  // cost more than the balances. Stops at the first error `visit` returns.
  using AccountVisitor = std::function<Status(std::int64_t id, AccountRef& account)>;
  virtual Status scan_accounts(const std::string& party, const AccountVisitor& visit) = 0;

  // Appends a transaction and its postings. REQUIRES: txn.seq == tip().seq + 1
  // and account_ids[i] resolves txn.content.postings[i].account.
  virtual Status insert(const StoredTransaction& txn,
                        const std::vector<std::int64_t>& account_ids) = 0;

  // Checkpoints. Dates of checkpoint headers (every account with a nonzero
  // balance has a row at a header's date with the header's through_seq).
  virtual Status insert_checkpoint_header(const std::string& as_of, std::int64_t through_seq) = 0;
  virtual Status insert_checkpoint_row(const CheckpointRow& row) = 0;
  // Header dates >= `date`, ascending.
  virtual Result<std::vector<std::string>> checkpoint_dates_from(const std::string& date) = 0;
  // The latest header date <= as_of with through_seq <= seq_bound.
  virtual Result<std::optional<std::string>> latest_checkpoint_date(const std::string& as_of,
                                                                    std::int64_t seq_bound) = 0;
  // For the given accounts ("party" filter as in FindAccounts), the latest
  // row per account at `as_of` with through_seq <= seq_bound.
  virtual Result<std::vector<CheckpointRow>> checkpoint_rows(const std::string& party,
                                                             const std::string& as_of,
                                                             std::int64_t seq_bound) = 0;
  // Postings of `party` ("" = all) with from < effective_date <= to and
  // seq <= seq_bound. from "" = no lower bound.
  virtual Result<std::vector<PostingRow>> postings_between(const std::string& party,
                                                           const std::string& from_exclusive,
                                                           const std::string& to_inclusive,
                                                           std::int64_t seq_bound) = 0;
  // The postings of one account (owned by `party`) dated after `date`, in
  // date order.
  virtual Result<std::vector<PostingRow>> account_postings_after(const std::string& party,
                                                                 std::int64_t account_id,
                                                                 const std::string& date) = 0;
  // The latest row of one account at exactly `as_of` (any through_seq).
  virtual Result<std::optional<CheckpointRow>> latest_checkpoint_row(std::int64_t account_id,
                                                                     const std::string& as_of) = 0;
  // How many rows the checkpoint at `as_of` holds (corrections included).
  virtual Result<std::int64_t> count_checkpoint_rows(const std::string& as_of) = 0;
  // Every checkpoint row (for Verify).
  virtual Result<std::vector<CheckpointRow>> all_checkpoint_rows() = 0;
  // Every header (date, through_seq) (for Verify).
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> all_checkpoint_headers() = 0;
  // The largest seq recorded at or before `recorded_at_prefix` (a prefix of
  // an ISO time: "2026-11-25" means the end of that day).
  virtual Result<std::int64_t> seq_known_at(const std::string& recorded_at_prefix) = 0;
  // Storage-level self-checks for Verify: rows whose copies of ledger facts
  // disagree with the facts (a posting's owner or date against its account
  // and transaction), and missing append-only guards. Each finding is
  // (transaction seq or 0, description).
  virtual Result<std::vector<std::pair<std::int64_t, std::string>>> storage_findings() = 0;
  // The largest effective date of any posting ("" when empty).
  virtual Result<std::string> max_effective_date() = 0;
};

}  // namespace fermata
