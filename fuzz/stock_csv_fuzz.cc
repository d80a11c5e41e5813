// Fuzz target: the stock movements CSV (ingest/stock/stock_csv.h) must never
// crash or assert on any bytes. Invariants: every error names the file and a
// line within it; every movement read has a real date, a line within the
// file, whole units (more than 0 but for an adjust, which is not 0), an owner
// and a SKU (but for a cancellation), a price that is not negative, and the
// places its kind needs; and planning it against an empty book either
// balances per SKU or refuses it with a typed error, never an assertion.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"
#include "fermata/ingest/stock/stock_csv.h"
#include "fermata/inventory/movement.h"

namespace {

void check_movement(const fermata::Movement& m, std::int64_t max_line) {
  using fermata::MovementKind;
  FERMATA_ASSERT(m.line_number >= 2 && m.line_number <= max_line);
  FERMATA_ASSERT(fermata::is_iso_date(m.date));
  if (m.kind == MovementKind::kCancelOrder) return;
  FERMATA_ASSERT(!m.owner.empty() && !m.sku.empty());
  FERMATA_ASSERT(m.units.is_whole() && !m.units.is_zero());
  FERMATA_ASSERT(m.kind == MovementKind::kAdjust || !m.units.is_negative());
  FERMATA_ASSERT(!m.price || !m.price->is_negative());
  if (m.kind == MovementKind::kShip) FERMATA_ASSERT(!m.from.empty() && !m.store.empty());
  if (m.kind == MovementKind::kReturn) FERMATA_ASSERT(!m.to.empty() && !m.store.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  const fermata::StockFile file = fermata::parse_stock_csv(text, "fuzz.csv");
  for (const fermata::Error& error : file.errors) {
    FERMATA_ASSERT(error.where.file == "fuzz.csv");
    FERMATA_ASSERT(error.where.line_number >= 1 && error.where.line_number <= max_line);
  }
  const fermata::UnitBook empty;
  for (const fermata::Movement& m : file.movements) {
    check_movement(m, max_line);
    auto planned = fermata::plan_movement(m, empty, {.holder = "D"});
    if (!planned) continue;
    std::map<std::string, fermata::Decimal> per_sku;
    for (const fermata::Posting& p : *planned) per_sku[p.account.commodity] += p.amount;
    for (const auto& [sku, sum] : per_sku) FERMATA_ASSERT(sum.is_zero());
  }
  return 0;
}
