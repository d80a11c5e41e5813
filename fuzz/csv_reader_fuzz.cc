// Fuzz target: CsvReader must never crash, hang or assert on any bytes, and
// must always make progress (every call consumes input or reports the end).
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/ingest/csv/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fermata::CsvReader reader(text, "fuzz.csv");
  fermata::CsvRow row;
  std::size_t calls = 0;
  while (true) {
    fermata::Result<bool> more = reader.next(row);
    FERMATA_ASSERT(++calls <= size + 1);
    if (more && !*more) break;
    if (more) FERMATA_ASSERT(!row.fields.empty());
    if (more) FERMATA_ASSERT(row.line_number >= 1);
  }
  return 0;
}
