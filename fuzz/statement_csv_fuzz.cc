// Fuzz target: parse_statement_csv (an issued statement's recorded text is
// read back with it for reprints and the XLSX) must never crash or assert on
// any bytes. Invariants: an error names a line within the text; every row
// read has its amount exactly when its amount text is set.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/statement/royalty_statement.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  auto rows = fermata::parse_statement_csv(text);
  if (!rows) {
    FERMATA_ASSERT(rows.error().where.line_number >= 1 &&
                   rows.error().where.line_number <= max_line);
    return 0;
  }
  for (const fermata::StatementRow& row : *rows)
    FERMATA_ASSERT(row.amount.has_value() == !row.text.empty());
  return 0;
}
