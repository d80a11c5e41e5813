#include "fermata/inventory/flow.h"

#include <map>
#include <utility>

namespace fermata {
namespace {

enum class Column { kReceived, kShipped, kSold, kReturned, kDestroyed, kOther };

// One change to the owner's units at a location.
struct Change {
  std::string location;
  Decimal units;  // + in, - out.
  Column column;
};

// What `m` does to its owner's units, by location.
std::vector<Change> changes_of(const StockMovementRecord& m) {
  const Decimal u = m.units;
  const std::string& k = m.kind;
  if (k == "press" || k == "receipt") {
    std::vector<Change> out{{m.to, u, Column::kReceived}};
    if (!m.from.empty()) out.push_back({m.from, -u, Column::kShipped});
    return out;
  }
  if (k == "purchase") {
    if (m.from.empty()) return {};  // New units straight to the buyer: never the owner's here.
    return {{m.from, -u, Column::kSold}};
  }
  if (k == "ship") {
    std::vector<Change> out{{m.from, -u, Column::kShipped}};
    if (m.terms == "consignment") out.push_back({m.store, u, Column::kReceived});
    return out;
  }
  if (k == "return") {
    std::vector<Change> out{{m.to, u, Column::kReturned}};
    if (m.terms == "consignment") out.push_back({m.store, -u, Column::kShipped});
    return out;
  }
  if (k == "transfer") return {{m.from, -u, Column::kShipped}, {m.to, u, Column::kReceived}};
  if (k == "sell_through") return {{m.store, -m.consigned, Column::kSold}};
  if (k == "destroy" || k == "promo") return {{m.from, -u, Column::kDestroyed}};
  if (k == "adjust") return {{m.from, u, Column::kOther}};
  if (k == "return_to_owner") return {{m.from, -u, Column::kOther}};
  return {};  // order, arrive, damage (within a location), purchase orders.
}

Decimal& column_of(InventoryFlowRow& row, Column column) {
  switch (column) {
    case Column::kReceived:
      return row.received;
    case Column::kShipped:
      return row.shipped;
    case Column::kSold:
      return row.sold;
    case Column::kReturned:
      return row.returned;
    case Column::kDestroyed:
      return row.destroyed;
    case Column::kOther:
      break;
  }
  return row.other;
}

bool any(const InventoryFlowRow& r) {
  return !(r.opening.is_zero() && r.received.is_zero() && r.shipped.is_zero() && r.sold.is_zero() &&
           r.returned.is_zero() && r.destroyed.is_zero() && r.other.is_zero() &&
           r.closing.is_zero());
}

}  // namespace

std::vector<InventoryFlowRow> inventory_flow(const std::vector<StockMovementRecord>& movements,
                                             const std::string& owner, const std::string& start,
                                             const std::string& end) {
  std::map<std::pair<std::string, std::string>, InventoryFlowRow> rows;
  for (const StockMovementRecord& m : movements) {
    if (m.owner != owner || m.date > end) continue;
    for (const Change& c : changes_of(m)) {
      if (c.location.empty() || c.units.is_zero()) continue;
      InventoryFlowRow& row = rows[{m.sku, c.location}];
      row.sku = m.sku;
      row.location = c.location;
      if (m.date < start) {
        row.opening += c.units;
      } else {
        column_of(row, c.column) += c.units;
      }
      row.closing += c.units;
    }
  }
  std::vector<InventoryFlowRow> out;
  for (auto& [key, row] : rows) {
    if (any(row)) out.push_back(std::move(row));
  }
  return out;
}

}  // namespace fermata
