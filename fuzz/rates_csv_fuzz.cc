// Fuzz target: the rates file reader (fx/fx.h) must never crash or assert on
// any bytes. Invariants: every error names the file and a line within it;
// every rate read has real days in order, a known base and quote that
// differ, a rate above zero and a source; and a RateTable takes the rates
// read (refusing overlaps by value, never by assertion), finding each rate
// it took on its first and last day.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"
#include "fermata/fx/fx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  auto rates = fermata::parse_rates_csv(text, "fuzz.csv");
  if (!rates) {
    FERMATA_ASSERT(rates.error().where.file == "fuzz.csv");
    FERMATA_ASSERT(rates.error().where.line_number >= 1 &&
                   rates.error().where.line_number <= max_line);
    return 0;
  }
  fermata::RateTable table;
  for (const fermata::FxRate& r : *rates) {
    FERMATA_ASSERT(fermata::is_iso_date(r.from) && fermata::is_iso_date(r.to));
    FERMATA_ASSERT(r.from <= r.to);
    FERMATA_ASSERT(fermata::lookup_currency(r.base) && fermata::lookup_currency(r.quote));
    FERMATA_ASSERT(r.base != r.quote);
    FERMATA_ASSERT(r.rate.sign() > 0);
    FERMATA_ASSERT(!r.source.empty());
    auto added = table.add(r);
    if (!added || !*added) continue;
    FERMATA_ASSERT(table.rate_on(r.base, r.quote, r.from)->same_content(r));
    FERMATA_ASSERT(table.rate_on(r.base, r.quote, r.to)->same_content(r));
  }
  return 0;
}
