#include "fermata/inventory/movement.h"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>

namespace fermata {
namespace {

struct KindName {
  MovementKind kind;
  std::string_view name;
};

constexpr std::array kKindNames = {
    KindName{MovementKind::kPress, "press"},
    KindName{MovementKind::kReceipt, "receipt"},
    KindName{MovementKind::kPurchase, "purchase"},
    KindName{MovementKind::kOrder, "order"},
    KindName{MovementKind::kShip, "ship"},
    KindName{MovementKind::kReturn, "return"},
    KindName{MovementKind::kTransfer, "transfer"},
    KindName{MovementKind::kArrive, "arrive"},
    KindName{MovementKind::kDamage, "damage"},
    KindName{MovementKind::kReturnToOwner, "return_to_owner"},
    KindName{MovementKind::kDestroy, "destroy"},
    KindName{MovementKind::kPromo, "promo"},
    KindName{MovementKind::kAdjust, "adjust"},
    KindName{MovementKind::kSellThrough, "sell_through"},
    KindName{MovementKind::kPurchaseOrder, "purchase_order"},
    KindName{MovementKind::kCancelOrder, "cancel_order"},
};

using Postings = std::vector<Posting>;

Error missing(std::string_view field, const Movement& m) {
  return make_error(ErrorCode::kFieldMissing,
                    "a " + std::string(movement_kind_name(m.kind)) + " movement needs '" +
                        std::string(field) + "'",
                    {"", m.line_number, std::string(field), ""});
}

// Checks `from` holds `units` on the movement's day and every later one
// (unless negative stock is allowed there).
Status check_holds(const UnitBook& book, const AccountRef& from, Decimal units, const Movement& m,
                   const PlanOptions& options, bool allow_negative) {
  if (allow_negative) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(Holding held, book.holding_on(from, m.date, options.history));
  if (held.units >= units) return ok_status();
  const std::string prefix = std::string(movement_kind_name(m.kind)) + " of " + units.to_string() +
                             " unit(s) from " + from.name();
  const std::string message =
      held.day == m.date ? prefix + ", which holds " + held.units.to_string() + " on " + m.date
                         : prefix + " dated " + m.date + ", which holds " + held.units.to_string() +
                               " on " + held.day + " after movements dated later";
  return make_error(ErrorCode::kStockInsufficient, message,
                    {"", m.line_number, "units", units.to_string()});
}

// Moves `units` from one account to another after checking the source.
Result<Postings> move(const UnitBook& book, const AccountRef& from, const AccountRef& to,
                      Decimal units, const Movement& m, const PlanOptions& options,
                      bool allow_negative = false) {
  FERMATA_RETURN_IF_ERROR(check_holds(book, from, units, m, options, allow_negative));
  return Postings{{from, -units}, {to, units}};
}

// New units enter the books (pressing, receipt from outside, a count found more).
Postings from_outside(const AccountRef& to, Decimal units) {
  return Postings{{unit_account(to.party, AccountKind::kExternal, to.commodity.substr(4)), -units},
                  {to, units}};
}

// The account a damaged-or-not movement takes units from.
AccountRef held_at(const Movement& m) {
  const AccountKind kind =
      m.condition == Condition::kDamaged ? AccountKind::kDamaged : AccountKind::kInventory;
  return unit_account(m.owner, kind, m.sku, m.from);
}

Result<Postings> plan_ship(const Movement& m, const UnitBook& book, const PlanOptions& options) {
  if (m.from.empty()) return missing("from", m);
  if (m.store.empty()) return missing("store", m);
  const AccountRef to =
      m.terms == ShipTerms::kSale
          ? unit_account(m.store, AccountKind::kInventory, m.sku, m.store, m.owner)
          : unit_account(m.owner, AccountKind::kConsigned, m.sku, m.store);
  // Units set aside for this store's order go first, then stock on hand.
  const AccountRef allocated =
      unit_account(m.owner, AccountKind::kAllocated, m.sku, m.from, m.store);
  const AccountRef on_hand = unit_account(m.owner, AccountKind::kInventory, m.sku, m.from);
  FERMATA_ASSIGN_OR_RETURN(Holding set_aside, book.holding_on(allocated, m.date, options.history));
  Decimal from_allocated = set_aside.units;
  if (from_allocated > m.units) from_allocated = m.units;
  if (from_allocated.is_negative()) from_allocated = Decimal();
  const Decimal rest = m.units - from_allocated;
  Postings postings;
  if (!from_allocated.is_zero()) postings.push_back({allocated, -from_allocated});
  if (!rest.is_zero()) {
    FERMATA_RETURN_IF_ERROR(check_holds(book, on_hand, rest, m, options, options.allow_negative));
    postings.push_back({on_hand, -rest});
  }
  postings.push_back({to, m.units});
  return postings;
}

Result<Postings> plan_return(const Movement& m, const UnitBook& book, const PlanOptions& options) {
  if (m.store.empty()) return missing("store", m);
  if (m.to.empty()) return missing("to", m);
  const AccountRef from =
      m.terms == ShipTerms::kSale
          ? unit_account(m.store, AccountKind::kInventory, m.sku, m.store, m.owner)
          : unit_account(m.owner, AccountKind::kConsigned, m.sku, m.store);
  const AccountKind kind =
      m.condition == Condition::kDamaged ? AccountKind::kDamaged : AccountKind::kInventory;
  return move(book, from, unit_account(m.owner, kind, m.sku, m.to), m.units, m, options);
}

// Consumers bought units at a store: the store's own units (firm sales)
// first, then the owner's consigned units; anything beyond is unexplained
// and goes to the holder's unit suspense at the store. A negative
// sell-through (consumer returns) puts units back on consignment.
Result<Postings> plan_sell_through(const Movement& m, const UnitBook& book,
                                   const PlanOptions& options, SellThroughSplit* split) {
  if (m.store.empty()) return missing("store", m);
  const AccountRef firm = unit_account(m.store, AccountKind::kInventory, m.sku, m.store, m.owner);
  const AccountRef consigned = unit_account(m.owner, AccountKind::kConsigned, m.sku, m.store);
  const AccountRef sold = unit_account(m.owner, AccountKind::kExternal, m.sku, "", m.store);
  SellThroughSplit parts;
  if (m.units.is_negative()) {
    parts.consigned = m.units;
  } else {
    const auto take = [&](Decimal available, Decimal wanted) {
      if (available.is_negative()) available = Decimal();
      return available < wanted ? available : wanted;
    };
    FERMATA_ASSIGN_OR_RETURN(Holding own, book.holding_on(firm, m.date, options.history));
    FERMATA_ASSIGN_OR_RETURN(Holding theirs, book.holding_on(consigned, m.date, options.history));
    parts.firm = take(own.units, m.units);
    parts.consigned = take(theirs.units, m.units - parts.firm);
    parts.unexplained = m.units - parts.firm - parts.consigned;
  }
  Postings postings;
  if (!parts.firm.is_zero()) postings.push_back({firm, -parts.firm});
  if (!parts.consigned.is_zero()) postings.push_back({consigned, -parts.consigned});
  if (!parts.unexplained.is_zero()) {
    if (options.holder.empty()) return missing("holder", m);
    postings.push_back(
        {unit_account(options.holder, AccountKind::kSuspense, m.sku, m.store, m.owner),
         -parts.unexplained});
  }
  postings.push_back({sold, m.units});
  if (split != nullptr) *split = parts;
  return postings;
}

Result<Postings> plan_purchase(const Movement& m, const UnitBook& book,
                               const PlanOptions& options) {
  if (m.to.empty()) return missing("to", m);
  if (m.buyer.empty()) return missing("buyer", m);
  const AccountRef bought = unit_account(m.buyer, AccountKind::kInventory, m.sku, m.to);
  // The owner's units already at the warehouse (consigned earlier), or new
  // units delivered with the purchase.
  if (m.from.empty()) {
    return Postings{{unit_account(m.owner, AccountKind::kExternal, m.sku), -m.units},
                    {bought, m.units}};
  }
  return move(book, unit_account(m.owner, AccountKind::kInventory, m.sku, m.from), bought, m.units,
              m, options);
}

Result<Postings> plan_leaving(const Movement& m, const UnitBook& book, const PlanOptions& options) {
  if (m.from.empty()) return missing("from", m);
  const AccountRef from = held_at(m);
  switch (m.kind) {
    case MovementKind::kDamage:
      return move(book, unit_account(m.owner, AccountKind::kInventory, m.sku, m.from),
                  unit_account(m.owner, AccountKind::kDamaged, m.sku, m.from), m.units, m, options);
    case MovementKind::kReturnToOwner:
      return move(book, from,
                  unit_account(m.owner, AccountKind::kReturnedToOwner, m.sku,
                               m.to.empty() ? m.owner : m.to),
                  m.units, m, options);
    case MovementKind::kTransfer:
      if (m.to.empty()) return missing("to", m);
      return move(book, unit_account(m.owner, AccountKind::kInventory, m.sku, m.from),
                  unit_account(m.owner, AccountKind::kInTransit, m.sku, m.to), m.units, m, options,
                  options.allow_negative);
    case MovementKind::kOrder:
      if (m.store.empty()) return missing("store", m);
      return move(book, unit_account(m.owner, AccountKind::kInventory, m.sku, m.from),
                  unit_account(m.owner, AccountKind::kAllocated, m.sku, m.from, m.store), m.units,
                  m, options, options.allow_negative);
    default:  // kDestroy, kPromo: out of the books on the owner's instruction.
      return move(book, from, unit_account(m.owner, AccountKind::kExternal, m.sku), m.units, m,
                  options);
  }
}

Result<Postings> plan_adjust(const Movement& m, const UnitBook& book, const PlanOptions& options) {
  if (m.from.empty()) return missing("from", m);
  const AccountRef at = held_at(m);
  if (!m.units.is_negative()) return from_outside(at, m.units);
  return move(book, at, unit_account(m.owner, AccountKind::kExternal, m.sku), -m.units, m, options,
              options.allow_negative);
}

}  // namespace

Result<MovementKind> parse_movement_kind(std::string_view name) {
  for (const KindName& entry : kKindNames) {
    if (entry.name == name) return entry.kind;
  }
  return make_error(ErrorCode::kFieldInvalid,
                    "unknown movement '" + std::string(name) +
                        "' (expected press, receipt, purchase, order, ship, return, transfer, "
                        "arrive, damage, return_to_owner, destroy, promo, adjust, purchase_order, "
                        "cancel_order)",
                    {"", 0, "movement", std::string(name)});
}

std::string_view movement_kind_name(MovementKind kind) {
  for (const KindName& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  FERMATA_ASSERT(false && "every MovementKind has a name");
  return {};
}

namespace {

// yyyymmdd of an ISO date; 0 for anything else (which then reads history).
std::int32_t day_number(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return 0;
  std::int32_t n = 0;
  for (const char c : iso) {
    if (c == '-') continue;
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

UnitBook::UnitBook(std::string_view newest) : newest_(day_number(newest)) {}

std::int32_t UnitBook::latest_of(const Entry& entry) const {
  return entry.latest < 0 ? newest_ : entry.latest;
}

Decimal UnitBook::units(const AccountRef& account) const {
  auto found = units_.find(account);
  return found == units_.end() ? Decimal() : found->second.units;
}

Result<Holding> UnitBook::holding_on(const AccountRef& account, const std::string& date,
                                     const UnitHistory* history) const {
  auto found = units_.find(account);
  if (found == units_.end()) return Holding{Decimal(), date};
  const Entry& entry = found->second;
  const std::int32_t day = day_number(date);
  if (history == nullptr || (day != 0 && day >= latest_of(entry))) {
    return Holding{entry.units, date};
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<DatedAmount> later, (*history)(account, date));
  // The balance on `date` is today's less everything after; walking the
  // later postings forward, the balance at the end of each day.
  Decimal balance = entry.units;
  for (const DatedAmount& posting : later) balance -= posting.amount;
  Holding lowest{balance, date};
  for (std::size_t i = 0; i < later.size(); ++i) {
    balance += later[i].amount;
    const bool day_ends =
        i + 1 == later.size() || later[i + 1].effective_date != later[i].effective_date;
    if (day_ends && balance < lowest.units) lowest = Holding{balance, later[i].effective_date};
  }
  entry.latest = later.empty() ? day : std::max(day, day_number(later.back().effective_date));
  return lowest;
}

void UnitBook::add(const AccountRef& account, Decimal units) {
  Entry& entry = units_[account];
  entry.units += units;
}

void UnitBook::add(AccountRef&& account, Decimal units) {
  Entry& entry = units_[std::move(account)];
  entry.units += units;
}

void UnitBook::apply(const std::vector<Posting>& postings, const std::string& date) {
  const std::int32_t day = day_number(date);
  for (const Posting& posting : postings) {
    if (!is_inventory_commodity(posting.account.commodity)) continue;
    Entry& entry = units_[posting.account];
    entry.units += posting.amount;
    entry.latest = std::max(latest_of(entry), day);
  }
}

AccountRef unit_account(std::string party, AccountKind kind, const std::string& sku,
                        std::string location, std::string counterparty) {
  return AccountRef{std::move(party), kind, "SKU:" + sku, std::move(location),
                    std::move(counterparty)};
}

Result<Postings> plan_movement(const Movement& m, const UnitBook& book, const PlanOptions& options,
                               SellThroughSplit* split) {
  if (m.owner.empty()) return missing("owner", m);
  switch (m.kind) {
    case MovementKind::kPress:
    case MovementKind::kReceipt:
      if (m.to.empty()) return missing("to", m);
      if (m.from.empty()) {
        return from_outside(unit_account(m.owner, AccountKind::kInventory, m.sku, m.to), m.units);
      }
      return move(book, unit_account(m.owner, AccountKind::kInventory, m.sku, m.from),
                  unit_account(m.owner, AccountKind::kInventory, m.sku, m.to), m.units, m, options);
    case MovementKind::kPurchase:
      return plan_purchase(m, book, options);
    case MovementKind::kShip:
      return plan_ship(m, book, options);
    case MovementKind::kReturn:
      return plan_return(m, book, options);
    case MovementKind::kArrive:
      if (m.to.empty()) return missing("to", m);
      return move(book, unit_account(m.owner, AccountKind::kInTransit, m.sku, m.to),
                  unit_account(m.owner, AccountKind::kInventory, m.sku, m.to), m.units, m, options);
    case MovementKind::kAdjust:
      return plan_adjust(m, book, options);
    case MovementKind::kSellThrough:
      return plan_sell_through(m, book, options, split);
    case MovementKind::kPurchaseOrder:
    case MovementKind::kCancelOrder:
      return Postings{};
    default:
      return plan_leaving(m, book, options);
  }
}

}  // namespace fermata
