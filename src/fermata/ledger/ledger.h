// Ledger: the append-only, double-entry, hash-chained book of every value.
//
// Every amount of money and every unit of inventory Fermata knows about sits
// in an account, and moves only by transactions that balance per commodity
// (each currency and each inventory item separately). An account belongs to
// an owner party: the party the value belongs to, not the party holding it
// (money received for a label's sales sits in that label's trust account even
// while the distributor's bank holds it).
//
// Transactions are never changed or removed; a correction is a new
// transaction (void_transaction appends the exact reversal). Each transaction carries an
// idempotency key: appending the same key with the same content is a no-op
// reported as kAlreadyExists, the same key with other content is
// kExistsWithDifferentContent. Content is everything but the recorded time,
// the actor and the source link (provenance: the same entry re-read from a
// corrected copy of its file is the same entry). Each stored transaction's hash covers its
// canonical encoding (docs/FORMATS.md) and its predecessor's hash, so an edit
// behind the ledger's back is found by Verify.
//
// Balances are derived from postings: the latest checkpoint at or before the
// requested date plus the postings after it (see balance.cc).
//
// Thread safety: a Ledger is used by one thread at a time; concurrent writers
// in other processes are serialised by the storage (kStorageBusy after its
// busy timeout).
//
//   Ledger ledger(storage, {.actor = "ana"});
//   auto unit = ledger.begin_write();            // all or nothing
//   Result<AppendOutcome> r = ledger.append(txn);
//   ledger.commit();                            // durable before it returns
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata {

// Numbers are stored; never renumber.
enum class AccountKind : std::uint8_t {
  kCash = 1,               // Money at a bank, owned by the account holder.
  kReceivable = 2,         // Money another party (the counterparty) owes the owner.
  kPayable = 3,            // Money the owner owes the counterparty (negative balance).
  kTrust = 4,              // Money held by someone else for the owner (e.g. a label).
  kEscrow = 5,             // Money held by a neutral party until a condition is met.
  kReserve = 6,            // Money withheld from the owner against future returns.
  kFeeIncome = 7,          // Fees the owner earned (negative balance: income).
  kExpense = 8,            // Costs the owner bore.
  kSuspense = 9,           // Value not yet matched to an owner; must be cleared.
  kRounding = 10,          // Sub-unit residue carried to the next period.
  kExternal = 11,          // The outside world: pressings, sales, write-offs.
  kInventory = 12,         // Units of one product at one location, owned by one party.
  kClaim = 13,             // A claim the owner has against a failed party.
  kEquity = 14,            // Opening balances and the owner's capital.
  kExchange = 15,          // One side of a currency conversion: the owner's money in one
                           // currency traded with the counterparty for another.
  kExchangeGainLoss = 16,  // Differences between the rate money was recognised
                           // at and the rate it was paid at (+ loss, - gain).
  // Royalties the owner earned from the counterparty's income (an artist's
  // or producer's share; negative balance: income).
  kRoyaltyIncome = 17,
  // An advance or cost recoverable only from the counterparty's future
  // royalties: not a debt. The payer holds it positive, the payee negative.
  kRecoupable = 18,
  // Units by status (inventory/, docs/INVENTORY.md). Each holds only SKU
  // commodities, like kInventory, which is stock on hand at `location`.
  kInTransit = 19,        // On the way to `location`, not yet received there.
  kConsigned = 20,        // At the store `location` on consignment: title stays with the owner.
  kAllocated = 21,        // On hand at `location`, set aside for the counterparty's order.
  kDamaged = 22,          // At `location`, unfit for sale.
  kReturnedToOwner = 23,  // Given back to the owner at `location`: out of the distributor's hands.
};

std::string_view account_kind_name(AccountKind kind);
// Errors: account_kind_unknown.
Result<AccountKind> parse_account_kind(std::string_view name);

// A commodity is an ISO 4217 currency ("USD") or an inventory item, written
// "SKU:<sku>" and counted in whole units.
bool is_inventory_commodity(std::string_view commodity);

// True for the kinds that hold units only: kInventory and the unit statuses
// (in transit, consigned, allocated, damaged, returned to the owner).
bool is_unit_account_kind(AccountKind kind);
// True for the kinds that may hold units: the unit kinds, kExternal (units
// entering or leaving the books), kSuspense and kClaim.
bool may_hold_units(AccountKind kind);

// The identity of an account. Two refs with equal fields are the same account.
struct AccountRef {
  std::string party;  // Owner party id (catalog), e.g. "L0001".
  AccountKind kind = AccountKind::kCash;
  std::string commodity;     // "USD" or "SKU:CD-0001".
  std::string location;      // Party id of the place units sit; "" for money.
  std::string counterparty;  // Party owed or owing; "" when not applicable.

  // "L0001:trust:USD", with "@location" and "/counterparty" when set.
  std::string name() const;
  // True when this account's name() sorts before the other's, without
  // building either name (a label's balances sort thousands of accounts).
  bool name_before(const AccountRef& other) const;
  friend bool operator==(const AccountRef&, const AccountRef&) = default;
};

// Hashes an account by its fields, for maps keyed by AccountRef (the
// storage's account cache, the unit book): no name is built per lookup.
struct AccountRefHash {
  std::size_t operator()(const AccountRef& account) const noexcept;
};

struct Posting {
  AccountRef account;
  Decimal amount;  // Positive: value into the account; negative: out of it.
};

// Where a transaction came from. Both fields are empty for manual entries.
struct SourceLink {
  // Hex SHA-256 of the source document as the source archive keeps it (the
  // file's text in UTF-8; for plain UTF-8 files, the file's own bytes).
  std::string document_sha256;
  std::string line_ranges;  // e.g. "12-40,52"; 1-based physical lines.
};

struct NewTransaction {
  std::string idempotency_key;  // Unique per ledger; REQUIRES: not empty.
  std::string effective_date;   // YYYY-MM-DD: when it happened.
  std::string memo;
  SourceLink source;
  std::vector<Posting> postings;
  std::int64_t voids_seq = 0;  // The transaction this one reverses, or 0.
};

struct StoredTransaction {
  std::int64_t seq = 0;  // 1-based position in the chain; the TXN id.
  NewTransaction content;
  std::string recorded_at;     // UTC, "2026-11-25T21:40:00.123456Z".
  std::string actor;           // Who recorded it.
  std::string content_sha256;  // Hex; over the content encoding only.
  std::string prev_sha256;     // Hex; 64 zeros for the first transaction.
  std::string sha256;          // Hex; the chain hash.
};

// What Append did.
enum class AppendStatus { kAppended, kAlreadyExists };
struct AppendOutcome {
  AppendStatus status = AppendStatus::kAppended;
  std::int64_t seq = 0;  // The new or the existing transaction.
};

struct AccountBalance {
  AccountRef account;
  Decimal balance;
};

// A posting of one account on its day (Ledger::postings_after).
struct DatedAmount {
  std::string effective_date;
  Decimal amount;
};

struct BalanceQuery {
  std::string party;  // "" = every party.
  std::optional<AccountKind> kind;
  std::string as_of;        // YYYY-MM-DD inclusive; "" = all dates.
  std::string as_known_at;  // Recorded-time bound (prefix of ISO time); "" = now.
};

struct VerifyReport {
  std::int64_t transactions = 0;
  std::int64_t postings = 0;
  std::int64_t checkpoint_rows = 0;
  std::vector<std::string> problems;  // Empty when the ledger is sound.
  std::optional<std::int64_t> first_broken_seq;
  // The head of the chain. Kept outside the database (printed by verify,
  // written by the hledger export), it also exposes a truncated chain or one
  // rewritten from some point on with freshly computed hashes.
  std::int64_t tip_seq = 0;
  std::string tip_sha256;
};

// A chain tip recorded outside the database (printed by verify): the
// transaction `seq` must still exist and hash to `sha256`.
struct ChainAnchor {
  std::int64_t seq = 0;
  std::string sha256;
};

// Per commodity: the sum of positive balances (debits), the magnitude of the
// sum of negative ones (credits) and their difference, which must be zero.
struct CommodityTotals {
  std::string commodity;
  Decimal debits, credits, net;
};

class LedgerStorage;
class LedgerProfile;

struct LedgerOptions {
  std::string actor;  // Recorded on every append. REQUIRES: not empty.
  // A checkpoint is appended automatically once this many postings were
  // appended since the last one, and at least four per row the last one
  // wrote (a checkpoint writes a row per account with a balance: in a book
  // of many accounts they come less often, and their cost stays a fraction
  // of the postings'). Default 100,000: balance reads walk at most
  // max(100,000, 4 x accounts) postings after a checkpoint. 0 disables
  // automatic checkpoints.
  std::int64_t checkpoint_every_postings = 100'000;
};

class Ledger {
 public:
  // REQUIRES: storage outlives the Ledger.
  Ledger(LedgerStorage& storage, LedgerOptions options);
  ~Ledger();  // With FERMATA_LEDGER_PROFILE set, writes its profile (ledger_profile.h).
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Starts the unit of work that the next Commit makes durable at once.
  Status begin_write();
  // Makes everything appended since BeginWrite durable; returns after fsync.
  Status commit();
  // Discards everything since BeginWrite.
  void rollback();

  // Validates and appends. REQUIRES: inside BeginWrite/Commit.
  // Errors: transaction_too_few_postings, transaction_unbalanced,
  // units_not_whole, commodity_unknown, party_unknown, date_invalid,
  // exists_with_different_content, storage errors. Nothing is written on error.
  Result<AppendOutcome> append(const NewTransaction& txn);

  // Appends the exact reversal of transaction `seq`, dated `effective_date`
  // ("" = the original's date). Errors: transaction_not_found, already_voided
  // (when voided with another reason), exists_with_different_content.
  Result<AppendOutcome> void_transaction(std::int64_t seq, std::string_view reason,
                                         std::string_view effective_date = "");

  // Appends a checkpoint of every account's balance as of `date`.
  Status write_checkpoint(std::string_view date);

  Result<std::vector<AccountBalance>> balances(const BalanceQuery& query);
  // The postings of `account` dated after `date` (ISO), oldest day first,
  // those of the unit of work in progress included: what it takes to check
  // that a movement dated back leaves the account covered on every later day.
  Result<std::vector<DatedAmount>> postings_after(const AccountRef& account,
                                                  const std::string& date);
  // The newest effective date of any posting ("" when the ledger is empty).
  Result<std::string> newest_effective_date();
  Result<StoredTransaction> get(std::int64_t seq);
  // Recomputes every hash and every checkpoint from the postings and, when
  // given, checks the chain against an anchor kept outside the database.
  Result<VerifyReport> verify(const std::optional<ChainAnchor>& anchor = std::nullopt);

  // Who this ledger records as the actor of its appends.
  const std::string& actor() const { return options_.actor; }

 private:
  Status load_tip();
  Result<std::int64_t> write_transaction(const NewTransaction& txn,
                                         const std::string& content_sha256,
                                         std::vector<std::int64_t>& account_ids);
  Result<std::optional<AppendOutcome>> check_repeat(const NewTransaction& txn,
                                                    const std::string& content_sha256);
  Status correct_checkpoints(const NewTransaction& txn, const std::vector<std::int64_t>& ids);
  Status maybe_checkpoint();
  // Nonzero and zero balances by account id, in id order: the latest
  // checkpoint at or before `as_of` plus the postings after it (balance.cc).
  Result<std::vector<std::pair<std::int64_t, Decimal>>> balances_by_id(const std::string& party,
                                                                       const std::string& as_of,
                                                                       std::int64_t seq_bound);
  Result<std::vector<AccountBalance>> named_by_scan(
      const BalanceQuery& query, const std::vector<std::pair<std::int64_t, Decimal>>& by_account);

  LedgerStorage& storage_;
  LedgerOptions options_;
  bool in_unit_ = false;
  bool tip_loaded_ = false;
  std::int64_t tip_seq_ = 0;
  std::string tip_sha256_;
  std::string unit_recorded_at_;      // Shared by every append of the unit.
  std::string last_checkpoint_date_;  // "" = none.
  std::int64_t postings_since_checkpoint_ = 0;
  std::int64_t last_checkpoint_rows_ = -1;  // Rows at last_checkpoint_date_; -1 = not read.
  long appended_in_unit_ = 0;
  bool poisoned_ = false;                   // An append failed after writing: commit must refuse.
  std::unique_ptr<LedgerProfile> profile_;  // Null unless FERMATA_LEDGER_PROFILE is set.
};

// Totals per commodity, in commodity order. Pure. Errors: decimal_overflow.
Result<std::vector<CommodityTotals>> trial_balance(const std::vector<AccountBalance>& balances);

// Validates a transaction's shape before it touches storage. Pure.
// Errors as for Ledger::append, minus the storage ones.
Status validate_transaction(const NewTransaction& txn);

}  // namespace fermata
