// Flow: what happened to one owner's units over a period, per SKU and
// location, for the inventory section of its statement.
//
// Read from the stock register (every movement with its documents), so the
// section names what the documents say: units received (pressings,
// receipts, transfers in, consignments arriving at a store), shipped (to
// stores, transfers out), sold (consigned units sold by a store; units sold
// to the distributor on purchase), returned (by stores), destroyed (on the
// owner's instruction, and promo use) and other (count adjustments, units
// given back to the owner). Only units the owner holds title to are
// counted, at the place they sit: a firm sale takes units out at the
// warehouse (shipped) and they are the store's from then on. Units in
// transit count at their destination; allocation and damage move units
// within a location and leave its total unchanged.
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "fermata/money/money.h"
#include "fermata/storage/stock_register.h"

namespace fermata {

struct InventoryFlowRow {
  std::string sku, location;
  Decimal opening, received, shipped, sold, returned, destroyed, other, closing;
  friend bool operator==(const InventoryFlowRow&, const InventoryFlowRow&) = default;
};

// Rows of `owner`'s units over [start, end] (ISO dates), by SKU then
// location; a row appears when its opening, any flow or its closing is
// nonzero. Shipped, sold and destroyed are negative (units out); received
// and returned positive; opening + flows = closing.
std::vector<InventoryFlowRow> inventory_flow(const std::vector<StockMovementRecord>& movements,
                                             const std::string& owner, const std::string& start,
                                             const std::string& end);

}  // namespace fermata
