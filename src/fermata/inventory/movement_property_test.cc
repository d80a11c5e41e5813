// Property test of plan_movement (issue: "for random movement sequences, units
// per product are conserved across all accounts including external; no
// account goes negative where forbidden; every movement's money side
// balances").
//
// Method: random sequences of every movement kind (owners L1 and L2, SKUs
// CD-1 and LP-1, warehouses W1 and W2, stores S1 and S2, random terms,
// conditions, signed adjustments and sell-throughs, units near what the
// source holds so that some movements must be refused), planned one after
// the other against the book the accepted ones built, on days in any order
// (a movement dated before others must leave every later day covered: the
// code's book reads the plans' later postings as it would the ledger's).
// Beside the code runs a
// deliberately simple model written from the table of FORMATS.md §14: per
// kind, which account gives the units, which receives them, and whether the
// agreement's negative stock applies. The model, not the code, decides which
// movement must be refused (against the lowest balance from the movement's
// day on); the plan must then be stock_insufficient and
// change nothing, and otherwise move exactly the units the model moves and
// pass validate_transaction. After every step, each SKU sums to zero over
// all accounts (external included) and, at the end of every day, no status
// account or store-owned account is negative, except an owner's stock where
// the agreement allows it.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "fermata/inventory/movement.h"
#include "fermata/ledger/ledger.h"

namespace fermata {
namespace {

const std::vector<std::string> kOwners = {"L1", "L2"};
const std::vector<std::string> kSkus = {"CD-1", "LP-1"};
const std::vector<std::string> kWarehouses = {"W1", "W2"};
const std::vector<std::string> kStores = {"S1", "S2"};
const std::string kHolder = "D1";  // The distributor: buyer of purchases, holder of suspense.
// Movements come in any order of these days: some are dated before others
// already planned, and must leave every later day covered.
const std::vector<std::string> kDays = {"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04",
                                        "2026-03-05"};

// The model's account: (party, kind, sku, location, counterparty), built
// here from the movement's fields, never through AccountRef::name().
using Key = std::tuple<std::string, AccountKind, std::string, std::string, std::string>;
using Units = std::map<Key, std::int64_t>;

Key key(const std::string& party, AccountKind kind, const std::string& sku,
        const std::string& location = "", const std::string& counterparty = "") {
  return {party, kind, sku, location, counterparty};
}

std::int64_t held(const Units& units, const Key& k) {
  auto found = units.find(k);
  return found == units.end() ? 0 : found->second;
}

std::int64_t whole(Decimal units) {
  RC_ASSERT(units.is_whole());
  return static_cast<std::int64_t>(units.raw() / Decimal::kOne);
}

// What the model says a movement does.
struct Expected {
  bool refused = false;
  Key short_account;       // Refused: the account that holds too few,
  std::int64_t asked = 0;  // what the movement asked of it,
  std::int64_t had = 0;    // and what it held.
  Units moves;             // Accepted: units in (+) and out (-) per account.
  SellThroughSplit split;
};

// Moves n units unless `from` holds fewer and may not go negative.
void move(const Units& book, Expected& e, const Key& from, const Key& to, std::int64_t n,
          bool may_go_negative = false) {
  if (!may_go_negative && held(book, from) < n) {
    e.refused = true;
    e.short_account = from;
    e.asked = n;
    e.had = held(book, from);
    return;
  }
  e.moves[from] -= n;
  e.moves[to] += n;
}

// Where a firm sale's units sit (the store's own) or a consignment's (the owner's).
Key at_store(const Movement& m) {
  return m.terms == ShipTerms::kSale
             ? key(m.store, AccountKind::kInventory, m.sku, m.store, m.owner)
             : key(m.owner, AccountKind::kConsigned, m.sku, m.store);
}

AccountKind kept_as(const Movement& m) {
  return m.condition == Condition::kDamaged ? AccountKind::kDamaged : AccountKind::kInventory;
}

void expect_ship(const Units& book, const Movement& m, bool negative, Expected& e) {
  const Key allocated = key(m.owner, AccountKind::kAllocated, m.sku, m.from, m.store);
  const std::int64_t n = whole(m.units);
  const std::int64_t first = std::min(std::max<std::int64_t>(held(book, allocated), 0), n);
  move(book, e, key(m.owner, AccountKind::kInventory, m.sku, m.from), at_store(m), n - first,
       negative);
  if (e.refused) return;
  e.moves[allocated] -= first;
  e.moves[at_store(m)] += first;
}

void expect_sell_through(const Units& book, const Movement& m, Expected& e) {
  const std::int64_t n = whole(m.units);
  const Key firm = key(m.store, AccountKind::kInventory, m.sku, m.store, m.owner);
  const Key consigned = key(m.owner, AccountKind::kConsigned, m.sku, m.store);
  const Key suspense = key(kHolder, AccountKind::kSuspense, m.sku, m.store, m.owner);
  std::int64_t from_firm = 0, from_consigned = n;  // Consumer returns go back on consignment.
  if (n > 0) {
    from_firm = std::min(std::max<std::int64_t>(held(book, firm), 0), n);
    from_consigned = std::min(std::max<std::int64_t>(held(book, consigned), 0), n - from_firm);
  }
  e.moves[firm] -= from_firm;
  e.moves[consigned] -= from_consigned;
  e.moves[suspense] -= n - from_firm - from_consigned;
  e.moves[key(m.owner, AccountKind::kExternal, m.sku, "", m.store)] += n;
  e.split = {Decimal::from_units(from_firm), Decimal::from_units(from_consigned),
             Decimal::from_units(n - from_firm - from_consigned)};
}

// The table of FORMATS.md §14, one kind per case. `negative`: the agreement
// allows the owner's stock to go negative, which the shipments, orders,
// transfers and adjustments taking units off a location's shelves honour.
Expected expect(const Units& book, const Movement& m, bool negative) {
  Expected e;
  const std::int64_t n = whole(m.units);
  const Key outside = key(m.owner, AccountKind::kExternal, m.sku);
  const Key on_hand = key(m.owner, AccountKind::kInventory, m.sku, m.from);
  const Key kept = key(m.owner, kept_as(m), m.sku, m.from);
  switch (m.kind) {
    case MovementKind::kPress:
    case MovementKind::kReceipt:
      move(book, e, m.from.empty() ? outside : on_hand,
           key(m.owner, AccountKind::kInventory, m.sku, m.to), n, m.from.empty());
      break;
    case MovementKind::kPurchase:
      move(book, e, m.from.empty() ? outside : on_hand,
           key(m.buyer, AccountKind::kInventory, m.sku, m.to), n, m.from.empty());
      break;
    case MovementKind::kOrder:
      move(book, e, on_hand, key(m.owner, AccountKind::kAllocated, m.sku, m.from, m.store), n,
           negative);
      break;
    case MovementKind::kShip:
      expect_ship(book, m, negative, e);
      break;
    case MovementKind::kReturn:
      move(book, e, at_store(m), key(m.owner, kept_as(m), m.sku, m.to), n);
      break;
    case MovementKind::kTransfer:
      move(book, e, on_hand, key(m.owner, AccountKind::kInTransit, m.sku, m.to), n, negative);
      break;
    case MovementKind::kArrive:
      move(book, e, key(m.owner, AccountKind::kInTransit, m.sku, m.to),
           key(m.owner, AccountKind::kInventory, m.sku, m.to), n);
      break;
    case MovementKind::kDamage:
      move(book, e, on_hand, key(m.owner, AccountKind::kDamaged, m.sku, m.from), n);
      break;
    case MovementKind::kReturnToOwner:
      move(book, e, kept,
           key(m.owner, AccountKind::kReturnedToOwner, m.sku, m.to.empty() ? m.owner : m.to), n);
      break;
    case MovementKind::kDestroy:
    case MovementKind::kPromo:
      move(book, e, kept, outside, n);
      break;
    case MovementKind::kAdjust:
      if (n > 0) move(book, e, outside, kept, n, true);
      if (n < 0) move(book, e, kept, outside, -n, negative);
      break;
    case MovementKind::kSellThrough:
      expect_sell_through(book, m, e);
      break;
    case MovementKind::kPurchaseOrder:
    case MovementKind::kCancelOrder:
      break;
  }
  std::erase_if(e.moves, [](const auto& entry) { return entry.second == 0; });
  return e;
}

// --- Random movements ------------------------------------------------------

const std::vector<MovementKind> kKinds = {
    MovementKind::kPress,         MovementKind::kReceipt,     MovementKind::kPurchase,
    MovementKind::kOrder,         MovementKind::kShip,        MovementKind::kReturn,
    MovementKind::kTransfer,      MovementKind::kArrive,      MovementKind::kDamage,
    MovementKind::kReturnToOwner, MovementKind::kDestroy,     MovementKind::kPromo,
    MovementKind::kAdjust,        MovementKind::kSellThrough, MovementKind::kPurchaseOrder,
    MovementKind::kCancelOrder};

// Units near what the owner holds on hand at `from` (so exactly enough and one
// too many both happen), else small random ones; pressings bring many.
std::int64_t gen_units(const Units& book, const Movement& m) {
  if (m.kind == MovementKind::kPress || m.kind == MovementKind::kReceipt) {
    return *rc::gen::inRange<std::int64_t>(1, 60);
  }
  if (*rc::gen::inRange(0, 4) == 0) {
    const std::int64_t near = held(book, key(m.owner, AccountKind::kInventory, m.sku, m.from)) +
                              *rc::gen::inRange<std::int64_t>(-1, 2);
    if (near > 0) return near;
  }
  return *rc::gen::inRange<std::int64_t>(1, 25);
}

Movement gen_movement(const Units& book, std::int64_t line) {
  Movement m;
  m.kind = *rc::gen::elementOf(kKinds);
  m.line_number = line;
  m.date = *rc::gen::elementOf(kDays);
  m.document = "DOC-" + std::to_string(line);
  m.owner = *rc::gen::elementOf(kOwners);
  m.sku = *rc::gen::elementOf(kSkus);
  m.from = *rc::gen::elementOf(kWarehouses);
  m.to = *rc::gen::elementOf(kWarehouses);
  m.store = *rc::gen::elementOf(kStores);
  m.buyer = kHolder;
  // Optional places: a receipt or purchase of new units has no `from`; a
  // return to owner without `to` goes to the owner.
  const bool optional_from = m.kind == MovementKind::kPress || m.kind == MovementKind::kReceipt ||
                             m.kind == MovementKind::kPurchase;
  if (optional_from && *rc::gen::inRange(0, 3) != 0) m.from.clear();
  if (m.kind == MovementKind::kReturnToOwner && *rc::gen::arbitrary<bool>()) m.to.clear();
  m.terms = *rc::gen::arbitrary<bool>() ? ShipTerms::kSale : ShipTerms::kConsignment;
  m.condition = *rc::gen::inRange(0, 4) == 0 ? Condition::kDamaged : Condition::kRestock;
  std::int64_t units = gen_units(book, m);
  const bool signed_kind = m.kind == MovementKind::kAdjust || m.kind == MovementKind::kSellThrough;
  if (signed_kind && *rc::gen::inRange(0, 3) == 0) units = -units;
  m.units = Decimal::from_units(units);
  return m;
}

// --- The property ----------------------------------------------------------

std::string sku_of(const AccountRef& account) {
  RC_ASSERT(account.commodity.starts_with("SKU:"));
  return account.commodity.substr(4);
}

// The plan's postings per model account (a plan may name an account once only).
Units moves_of(const std::vector<Posting>& postings) {
  Units moves;
  for (const Posting& p : postings) {
    const AccountRef& a = p.account;
    moves[key(a.party, a.kind, sku_of(a), a.location, a.counterparty)] += whole(p.amount);
  }
  std::erase_if(moves, [](const auto& entry) { return entry.second == 0; });
  return moves;
}

void check_refusal(const Result<std::vector<Posting>>& plan, const Expected& e) {
  RC_ASSERT(!plan.has_value());
  RC_ASSERT(plan.error().code == ErrorCode::kStockInsufficient);
  RC_ASSERT(plan.error().where.field == std::string("units"));
  RC_ASSERT(plan.error().where.value == Decimal::from_units(e.asked).to_string());
  const std::string holds = "which holds " + Decimal::from_units(e.had).to_string();
  RC_ASSERT(plan.error().message.find(holds) != std::string::npos);
  RC_ASSERT(plan.error().message.find(std::get<0>(e.short_account) + ":") != std::string::npos);
}

void check_plan(const std::vector<Posting>& postings, const Movement& m, const Expected& e) {
  RC_ASSERT(moves_of(postings) == e.moves);
  for (const Posting& p : postings) RC_ASSERT(sku_of(p.account) == m.sku);
  if (postings.empty()) return;
  NewTransaction txn;
  txn.idempotency_key = "stock:property:" + std::to_string(m.line_number);
  txn.effective_date = m.date;
  txn.postings = postings;
  const Status valid = validate_transaction(txn);
  RC_ASSERT(valid.has_value());
}

bool is_store(const std::string& party) {
  return std::find(kStores.begin(), kStores.end(), party) != kStores.end();
}

// Units per SKU sum to zero over every account; no status account and no
// store's account is negative, except an owner's stock (on hand or damaged)
// where negative stock is allowed.
void check_book(const Units& tally, bool negative) {
  std::map<std::string, std::int64_t> per_sku;
  for (const auto& [k, units] : tally) {
    per_sku[std::get<2>(k)] += units;
    const AccountKind kind = std::get<1>(k);
    const bool status = kind == AccountKind::kInventory || kind == AccountKind::kInTransit ||
                        kind == AccountKind::kConsigned || kind == AccountKind::kAllocated ||
                        kind == AccountKind::kDamaged || kind == AccountKind::kReturnedToOwner;
    const bool owners_stock = !is_store(std::get<0>(k)) &&
                              (kind == AccountKind::kInventory || kind == AccountKind::kDamaged);
    if ((status || is_store(std::get<0>(k))) && !(negative && owners_stock)) RC_ASSERT(units >= 0);
  }
  for (const auto& [sku, units] : per_sku) RC_ASSERT(units == 0);
}

// Accepted movements in the order planned: their day and units per account.
using Log = std::vector<std::pair<std::string, Units>>;

// Per account, the balance at the end of `day`.
Units balances_through(const Log& log, const std::string& day) {
  Units units;
  for (const auto& [date, moves] : log) {
    if (date > day) continue;
    for (const auto& [k, n] : moves) units[k] += n;
  }
  return units;
}

// Per account, the lowest end-of-day balance from `day` on: what a movement
// dated `day` may take without leaving a later day short.
Units lowest_from(const Log& log, const std::string& day) {
  Units lowest = balances_through(log, kDays.back());  // Every account, at its balance now.
  for (const std::string& later : kDays) {
    if (later < day) continue;
    const Units then = balances_through(log, later);
    for (auto& [k, n] : lowest) n = std::min(n, held(then, k));  // Not yet posted to: 0.
  }
  return lowest;
}

// The plans' postings to one account after a day: the ledger's history.
std::vector<DatedAmount> later_postings(const Log& log, const AccountRef& a,
                                        const std::string& after) {
  const Key k = key(a.party, a.kind, sku_of(a), a.location, a.counterparty);
  std::vector<DatedAmount> later;
  for (const auto& [date, moves] : log) {
    auto found = moves.find(k);
    if (date > after && found != moves.end()) {
      later.push_back({date, Decimal::from_units(found->second)});
    }
  }
  std::stable_sort(later.begin(), later.end(), [](const DatedAmount& x, const DatedAmount& y) {
    return x.effective_date < y.effective_date;
  });
  return later;
}

RC_GTEST_PROP(MovementProperty, UnitsAreConservedNeverNegativeAndRefusalsAreExact, ()) {
  const bool negative = *rc::gen::inRange(0, 4) == 0;
  Log plans;  // The plans' postings by day: the ledger the code's book reads.
  const UnitHistory history = [&plans](const AccountRef& account, const std::string& after) {
    return Result<std::vector<DatedAmount>>(later_postings(plans, account, after));
  };
  const PlanOptions options{.allow_negative = negative, .holder = kHolder, .history = &history};
  UnitBook book;  // The code's book: what plan_movement reads.
  Units model;    // The model's book, moved by the model's expectations.
  Log model_log;  // The same by day.
  const int steps = *rc::gen::inRange(1, 80);
  int refused = 0, dated_back = 0;
  for (int line = 1; line <= steps; ++line) {
    const Movement m = gen_movement(model, line);
    // The model checks against the lowest balance from the movement's day on.
    const Expected e = expect(lowest_from(model_log, m.date), m, negative);
    SellThroughSplit split;
    Result<std::vector<Posting>> plan = plan_movement(m, book, options, &split);
    if (e.refused) {
      check_refusal(plan, e);
      ++refused;
      continue;
    }
    RC_ASSERT(plan.has_value());
    check_plan(*plan, m, e);
    if (m.kind == MovementKind::kSellThrough) {
      RC_ASSERT(split.firm == e.split.firm);
      RC_ASSERT(split.consigned == e.split.consigned);
      RC_ASSERT(split.unexplained == e.split.unexplained);
    }
    if (!plans.empty() && m.date < plans.back().first) ++dated_back;
    book.apply(*plan, m.date);
    for (const auto& [k, units] : e.moves) model[k] += units;
    model_log.emplace_back(m.date, e.moves);
    plans.emplace_back(m.date, moves_of(*plan));
    // No day is left short, not only the last.
    for (const std::string& day : kDays) check_book(balances_through(plans, day), negative);
  }
  // The model, moved by its own rules, ends where the plans' postings do.
  Units tally = balances_through(plans, kDays.back());
  std::erase_if(model, [](const auto& entry) { return entry.second == 0; });
  std::erase_if(tally, [](const auto& entry) { return entry.second == 0; });
  RC_ASSERT(tally == model);
  RC_TAG(refused > 0 ? "some refused" : "none refused");
  RC_TAG(dated_back > 0 ? "some dated back" : "none dated back");
}

}  // namespace
}  // namespace fermata
