// Fuzz target: the stock count CSV (inventory/count_csv.h) must never crash
// or assert on any bytes. Invariants: every error names the file and a line
// within it; a count read whole has an id, a location and a real cut-off
// day, and every line a line number within the file, a SKU and whole units
// of zero or more.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"
#include "fermata/inventory/count_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  const fermata::CountFile file = fermata::parse_count_csv(text, "fuzz.csv");
  for (const fermata::Error& error : file.errors) {
    FERMATA_ASSERT(error.where.file == "fuzz.csv");
    FERMATA_ASSERT(error.where.line_number >= 1 && error.where.line_number <= max_line);
  }
  if (!file.ok()) return 0;
  const fermata::Count& count = file.count;
  if (count.lines.empty()) return 0;
  FERMATA_ASSERT(!count.id.empty() && !count.location.empty());
  FERMATA_ASSERT(fermata::is_iso_date(count.cutoff_date));
  for (const fermata::CountLine& line : count.lines) {
    FERMATA_ASSERT(line.line_number >= 2 && line.line_number <= max_line);
    FERMATA_ASSERT(!line.sku.empty());
    FERMATA_ASSERT(line.units.is_whole() && !line.units.is_negative());
  }
  return 0;
}
