// Movement: one thing that happened to units of one product, and the ledger
// postings it makes.
//
// Units are a commodity ("SKU:<sku>") in the same double-entry ledger as
// money. Every unit sits in an account of its owner (whose title it is) at a
// location, in a status given by the account kind: on hand (`inventory`),
// `in_transit` to a location, `consigned` at a store, `allocated` to a store's
// order, `damaged`, `returned` to its owner. Units never appear or vanish:
// pressings, receipts of new stock, destruction, promotional use and count
// adjustments post against the owner's `external` account; everything else
// moves units between accounts. A firm sale passes title: the units move to
// the store's own account at the store (counterparty: the label whose
// product it is), from which the store's sell-through or returns take them.
//
// plan_movement() writes nothing: it reads the units each account holds
// (UnitBook; for a movement dated before an account's later postings, also
// those postings) and refuses a movement that would take more than an
// account holds on its day or any later one (stock_insufficient, naming the
// account and both figures), so an over-shipment changes nothing. Money is
// not planned here: the importer turns sale shipments and their returns into
// sales (ingest/import_stock.cc).
//
// Thread safety: plain values; a UnitBook is not shared between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/ledger/ledger.h"
#include "fermata/money/money.h"

namespace fermata {

enum class MovementKind {
  kPress,          // New units made for the owner at `to` (a pressing).
  kReceipt,        // Consignment receipt at `to` from the owner (delivery note): title stays.
  kPurchase,       // The buyer (distributor) buys the owner's units at `to`: title passes.
  kOrder,          // A store's order: units at `from` set aside for `store`.
  kShip,           // Units leave `from` for `store`, on sale or on consignment.
  kReturn,         // A store gives units back (return authorisation) to `to`.
  kTransfer,       // Units leave `from` for another warehouse `to` (in transit).
  kArrive,         // Units in transit arrive at `to`.
  kDamage,         // Units at `from` found unfit for sale.
  kReturnToOwner,  // Units at `from` given back to their owner (at `to`, default the owner).
  kDestroy,        // Units at `from` destroyed on the owner's written instruction.
  kPromo,          // Units at `from` given away (promo, free goods) on instruction.
  kAdjust,         // A count adjustment at `from`: signed units, with a reason.
  kSellThrough,    // A store sold units to consumers (the physical sales report).
  kPurchaseOrder,  // The buyer orders units from the owner (`document`: the PO number).
  kCancelOrder,    // The purchase order `document` is cancelled.
};

// "press", "receipt", ... as written in stock files. Errors: field_invalid.
Result<MovementKind> parse_movement_kind(std::string_view name);
std::string_view movement_kind_name(MovementKind kind);

// How units reach a store: a firm sale with return right (title passes to
// the store, invoiced at PPD) or on consignment (title stays, paid on sale).
enum class ShipTerms { kSale, kConsignment };
// What a returned unit is fit for.
enum class Condition { kRestock, kDamaged };

struct Movement {
  MovementKind kind = MovementKind::kReceipt;
  std::int64_t line_number = 0;  // Source line (stock file or sales report).
  std::string date;              // ISO; when it happened.
  std::string document;          // Delivery note, invoice, RA or instruction number.
  std::string order;             // Purchase order or store order it belongs to.
  std::string sku;
  Decimal units;      // Whole and > 0; kAdjust: signed (+ found, - missing).
  std::string owner;  // Whose units (title) before the movement: the label.
  std::string from, to;
  std::string store;  // The store of an order, shipment, return or sell-through.
  std::string buyer;  // kPurchase: who buys (the distributor).
  ShipTerms terms = ShipTerms::kSale;
  Condition condition = Condition::kRestock;
  std::optional<Decimal> price;  // Per unit: PPD of a sale, price of a purchase.
  std::string currency;
  std::string reason;
};

// The postings to one account after a day (ISO), oldest first: the ledger's
// (Ledger::postings_after) for a book read from it.
using UnitHistory = std::function<Result<std::vector<DatedAmount>>(const AccountRef& account,
                                                                   const std::string& after)>;

// What an account can give up on a day.
struct Holding {
  Decimal units;    // Its lowest balance from that day on.
  std::string day;  // The day of that balance: the day asked, or a later one.
};

// The units each account holds. Keyed by the account's fields (two refs with
// equal fields are the same account), so a lookup builds no name string: an
// import asks it two or three times per movement over books of a million
// accounts.
//
// A movement may be dated before postings the account already has (a file
// of last month's returns after this month's shipments); taking units then
// must not leave the account short on any later day. The book knows, per
// account, a day no posting to it is later than: the latest day it applied,
// else the newest day of the ledger it was read from. A movement dated on
// or after that day checks the balance now; an earlier one reads the
// account's later postings (UnitHistory) once and checks the lowest balance
// from its day on.
class UnitBook {
 public:
  // A book of its own: a balance is the answer on every day.
  UnitBook() = default;
  // `newest`: the newest effective date of the ledger the balances added
  // with add() come from.
  explicit UnitBook(std::string_view newest);

  Decimal units(const AccountRef& account) const;
  // The units `account` can give up on `date` without going below zero on
  // that day or any later one. Without `history`, its balance now.
  Result<Holding> holding_on(const AccountRef& account, const std::string& date,
                             const UnitHistory* history) const;
  // Adds a balance read from the ledger.
  void add(const AccountRef& account, Decimal units);
  void add(AccountRef&& account, Decimal units);
  // Adds every unit posting (SKU commodity) of a transaction dated `date`.
  void apply(const std::vector<Posting>& postings, const std::string& date);

 private:
  struct Entry {
    Decimal units;
    // No posting to the account is dated later (a day number, yyyymmdd);
    // -1: the ledger's newest day. Narrowed by holding_on().
    mutable std::int32_t latest = -1;
  };
  std::int32_t latest_of(const Entry& entry) const;

  std::int32_t newest_ = 0;
  std::unordered_map<AccountRef, Entry, AccountRefHash> units_;
};

// The accounts a movement's units leave and enter.
AccountRef unit_account(std::string party, AccountKind kind, const std::string& sku,
                        std::string location = "", std::string counterparty = "");

// What to do when a movement finds too few units.
struct PlanOptions {
  // The agreement allows the owner's stock at a location to go negative.
  bool allow_negative = false;
  // kSellThrough: the party whose suspense takes units sold beyond those the
  // store holds (the distributor whose books these are).
  std::string holder;
  // The later postings of the book's accounts, for a movement dated before
  // them (UnitBook::holding_on); null: the book's balances are the check.
  const UnitHistory* history = nullptr;
};

// The units a sell-through took from each place, for the importer to price.
struct SellThroughSplit {
  Decimal firm;         // From the store's own (firm-sale) units: money already invoiced.
  Decimal consigned;    // From the owner's units on consignment: a sale now.
  Decimal unexplained;  // Beyond what the store holds: to unit suspense, reported.
};

// Postings for `movement`: balanced per SKU, whole units; none for a
// purchase order or its cancellation (documents only). Errors:
// stock_insufficient naming the account, what it holds and what was asked;
// field_missing for a location or store the kind needs.
Result<std::vector<Posting>> plan_movement(const Movement& movement, const UnitBook& book,
                                           const PlanOptions& options = {},
                                           SellThroughSplit* split = nullptr);

}  // namespace fermata
