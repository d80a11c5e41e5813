// Valuation: whose units are where on a day, in which status, and what they
// are worth at PPD, at the label's unit cost and at SRP; and, per location,
// whether the stock's insured basis covers its sale value.
//
// Input is the unit balances the ledger holds (the accounts of
// movement.h), the price list and the insured bases on file. Each unit
// account is one row: owner (title) x SKU x location x status (x
// counterparty). A unit's value is units x the price in force on the day,
// exact; a price that is not on file is absent, never zero, and is listed
// in `missing`, so an incomplete total says so instead of looking small.
//
// Statuses and what counts where (docs/FORMATS.md §14.1):
//  - on hand, allocated, consigned, damaged: held at the location for the
//    owner; in the owner's and the location's totals and in the location's
//    insurance comparison. Consigned units sit at the store and are the
//    label's; units a store bought firm are the store's (owner = store).
//  - in transit: shown at its destination and in the totals, but not in the
//    destination's insurance comparison (the units are not there yet).
//  - returned to the owner: out of the distributor's hands. Shown as rows
//    and totalled apart per owner (`returned_by_owner`), never in the
//    owner's or location's held totals nor in any insurance comparison.
//
// Currency: a row is valued in options.currency, or when that is empty in
// the currency of the SKU's first price in force of ppd, cost, srp (a SKU
// priced in several currencies of one kind needs options.currency). Totals
// are per currency; units without any price total under currency "".
//
// Insurance: for each location holding stock (not in transit) with an
// insured basis in force, the units priced both at PPD and at the basis in
// the policy's currency give a sale value (PPD) and a basis value; the
// insured value is the basis value, capped by the sum insured when one is
// stated; the gap is the sale value above the insured value. Only the rows
// given are compared: a view of one party does not see other owners' stock
// sharing the same sum insured.
//
// Thread safety: a pure function over plain values.
//
//   Result<Valuation> v = value_inventory(balances, prices, insurance,
//                                         {.date = "2026-03-31", .owner = "L1"});
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/inventory/price_list.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/stock_register.h"

namespace fermata {

// "on_hand", "in_transit", "consigned", "allocated", "damaged", "returned".
// REQUIRES: is_unit_account_kind(kind).
std::string_view unit_status_name(AccountKind kind);

struct ValuationOptions {
  std::string date;      // YYYY-MM-DD: prices and insurance in force on it. REQUIRES: a date.
  std::string owner;     // Only units of this owner; "" = every owner.
  std::string location;  // Only units at this location; "" = every location.
  std::string currency;  // Value in this currency; "" = each SKU's own (above).
};

// A value at each of the three prices; absent where the price is missing.
struct PriceValues {
  std::optional<Decimal> ppd, cost, srp;
  const std::optional<Decimal>& at(PriceKind kind) const;
};

struct ValuationRow {
  std::string owner, sku, location;
  std::string counterparty;  // The store an allocation is for; the label of a store's own units.
  AccountKind status = AccountKind::kInventory;
  Decimal units;
  std::string currency;  // Of the prices; "" when the SKU has none that day.
  PriceValues unit_price;
  PriceValues value;  // units x unit_price, exact.
};

// Sums over rows of one key (an owner or a location) and currency. A value
// sums the rows that have its price; units_without counts the others.
struct ValuationTotal {
  std::string key;
  std::string currency;
  Decimal units;
  Decimal ppd, cost, srp;
  Decimal units_without_ppd, units_without_cost, units_without_srp;
};

// A location's stock against its insured basis in force on the day.
struct InsuranceCheck {
  std::string location;
  InsuranceRecord policy;
  Decimal units;                       // Held at the location (not in transit), of the rows given.
  Decimal units_not_valued;            // Of those, without a PPD or basis price in policy.currency.
  Decimal sale_value;                  // The valued units at PPD.
  Decimal basis_value;                 // The valued units at the policy's basis.
  std::optional<Decimal> sum_insured;  // Absent when the policy states none.
  Decimal insured_value;               // basis_value, capped by sum_insured.
  bool capped_by_sum = false;          // The sum insured, not the basis, limits it.
  Decimal gap;                         // sale_value - insured_value when above zero, else 0.
};

// A price the rows needed and the list lacks on the day.
struct MissingPrice {
  std::string sku;
  PriceKind kind = PriceKind::kPpd;
  std::string currency;  // The one looked for; "" = any.
  Decimal units;         // Of the rows shown.
};

struct Valuation {
  std::string date;
  std::vector<ValuationRow> rows;  // By owner, SKU, location, status, counterparty.
  std::vector<ValuationTotal> by_owner, by_location, returned_by_owner;  // By key, currency.
  std::vector<InsuranceCheck> insurance;         // By location; one per insured location.
  std::vector<std::string> uninsured_locations;  // Holding stock, no insured basis on file.
  std::vector<MissingPrice> missing;             // By SKU, kind.
};

// Values the unit accounts of `balances` (other accounts are ignored) on
// options.date. Errors: decimal_overflow.
Result<Valuation> value_inventory(const std::vector<AccountBalance>& balances,
                                  const PriceList& prices,
                                  const std::vector<InsuranceRecord>& insurance,
                                  const ValuationOptions& options);

}  // namespace fermata
