// Stock count: the units found at one location at a cut-off, compared with
// what the books say was there, and the adjustments that make the books
// agree once someone approves them.
//
// The cut-off. Movements carry dates, not times, so a count compares with
// the books at the end of its cut-off day: every movement dated on or before
// that day is counted, every later one is excluded, whenever it was
// recorded. A time written with the cut-off (`2026-03-31T18:00`) is kept
// for the record and changes nothing; a count taken before the day's
// movements should name the previous day.
//
// What a count covers. The units physically on the shelves of the location
// and fit for sale, of every owner: on hand (`inventory`) plus those set
// aside for a store's order (`allocated`), which stay on the shelf until
// shipped. Damaged units are kept apart and are not part of a count (a
// `damage` or `destroy` movement deals with them); units in transit,
// consigned at a store or returned to their owner are elsewhere.
//
// Discrepancies. One row per owner × SKU that the count lists or the books
// hold there: expected (the books at the cut-off), counted, difference =
// counted − expected. A SKU the books hold that the count does not list
// was counted 0: it is a discrepancy, marked as not listed.
//
// Adjustments. An approved discrepancy posts an `adjust` movement dated the
// cut-off day, balanced against the owner's `external` account: units found
// come in on hand; units missing leave from on hand first, then from the
// allocations. Being the difference at the cut-off, it keeps the books right
// even when movements dated after the cut-off were posted before it.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/inventory/movement.h"
#include "fermata/ledger/ledger.h"
#include "fermata/money/money.h"

namespace fermata {

// One row of a count: units of one SKU found in one bin.
struct CountLine {
  std::int64_t line_number = 0;  // 1-based line of the count file.
  std::string sku;
  std::string owner;         // "" until resolve_count() fills it in.
  bool owner_given = false;  // The file named the owner.
  Decimal units;             // Whole, >= 0.
  std::string bin;           // Free text for pick lists; may be empty.
};

struct Count {
  std::string id;
  std::string location;          // Party id of the place counted.
  std::string cutoff;            // As written: YYYY-MM-DD or YYYY-MM-DDTHH:MM.
  std::string cutoff_date;       // Its day: movements dated on or before it count.
  std::vector<CountLine> lines;  // In file order.
};

struct OwnerSku {
  std::string owner, sku;
  friend auto operator<=>(const OwnerSku&, const OwnerSku&) = default;
};

// True for the kinds a count covers: kInventory and kAllocated.
bool is_counted_kind(AccountKind kind);

// The balances a count at `location` covers: unit accounts of a counted
// kind at that location. Input: the ledger's balances as of the cut-off.
std::vector<AccountBalance> counted_accounts(const std::vector<AccountBalance>& balances,
                                             std::string_view location);

// Units per owner × SKU of counted_accounts() (zero sums included).
std::map<OwnerSku, Decimal> expected_units(const std::vector<AccountBalance>& counted);

// What the catalog must know for a count to be recorded.
struct CountCatalog {
  std::set<std::string> physical_skus;
  std::set<std::string> parties;
};

// Checks the location, every SKU (a physical product) and every owner
// named (a party), and fills in each missing owner: the one owner holding
// units of that SKU there at the cut-off (non-zero in `expected`). Returns
// every error, each naming `file`, the line and the field: party_unknown,
// field_invalid (not a physical product), field_missing (no owner given and
// none or several hold the SKU there). `count` is complete when none.
std::vector<Error> resolve_count(Count& count, const CountCatalog& catalog,
                                 const std::map<OwnerSku, Decimal>& expected,
                                 std::string_view file);

struct Discrepancy {
  std::string owner, sku;
  Decimal expected;                 // The books at the cut-off, before this count's adjustments.
  Decimal counted;                  // Sum of the count's lines (0 when not listed).
  Decimal difference;               // counted - expected: + found, - missing.
  Decimal adjusted;                 // Units this count's approved adjustments already posted.
  std::vector<std::int64_t> lines;  // The count's lines; empty when not listed.
  std::vector<std::string> bins;    // Non-empty bins of those lines, in line order.

  bool listed() const { return !lines.empty(); }
  // What the books still differ by at the cut-off: difference - adjusted.
  Decimal outstanding() const { return difference - adjusted; }
};

// Every owner × SKU the count lists or `expected` holds non-zero, by owner
// then SKU, matching rows included (difference 0). `expected`: the books at
// the cut-off now; `adjusted`: units this count's approvals posted (they are
// taken out of `expected`, so the figures read as before the adjustments).
// REQUIRES: every line's owner is resolved.
std::vector<Discrepancy> compare_count(const Count& count,
                                       const std::map<OwnerSku, Decimal>& expected,
                                       const std::map<OwnerSku, Decimal>& adjusted = {});

// An approved discrepancy as the ledger and the stock register take it.
struct CountAdjustment {
  Movement movement;  // kAdjust at the location, dated the cut-off, document = count id.
  NewTransaction txn;
};

// Plans the adjustment of `d.outstanding()` units. `counted`: the counted
// accounts at the location at the cut-off (counted_accounts()). The
// transaction's key is `count:<count_sha256>:<owner>:<sku>`, its source the
// count file's lines for the SKU (every line when the count does not list
// it), its memo the figures and the reason. Errors: field_missing for an
// empty reason; those of plan_movement().
// REQUIRES: !d.outstanding().is_zero(); count_sha256 is not empty.
Result<CountAdjustment> plan_count_adjustment(const Count& count, const Discrepancy& d,
                                              const std::vector<AccountBalance>& counted,
                                              const std::string& count_sha256,
                                              const std::string& reason);

// "2-5,7": sorted 1-based line numbers as ranges.
std::string line_ranges(std::vector<std::int64_t> lines);

}  // namespace fermata
