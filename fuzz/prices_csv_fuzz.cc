// Fuzz target: the price and insurance CSV layouts (inventory/prices_csv.h)
// must never crash or assert on any bytes. The same bytes go to both
// parsers. Invariants: every error names the file and a line within it; a
// row read has a line number within the file, and its fields are what the
// layout allows: a price's SKU, kind (ppd, cost, srp), real first day and
// amount of zero or more; an insured basis's location, basis, real first
// day and sum insured of zero (none stated) or more.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"
#include "fermata/inventory/prices_csv.h"

namespace {

bool is_price_kind(std::string_view kind) {
  return kind == "ppd" || kind == "cost" || kind == "srp";
}

template <typename Line>
void check_errors(const fermata::ParsedFile<Line>& file, std::int64_t max_line) {
  for (const fermata::Error& error : file.errors) {
    FERMATA_ASSERT(error.where.file == "fuzz.csv");
    FERMATA_ASSERT(error.where.line_number >= 1 && error.where.line_number <= max_line);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;

  const auto prices = fermata::parse_prices_csv(text, "fuzz.csv");
  check_errors(prices, max_line);
  for (const fermata::PriceLine& line : prices.lines) {
    FERMATA_ASSERT(line.line_number >= 2 && line.line_number <= max_line);
    FERMATA_ASSERT(!line.price.sku.empty() && is_price_kind(line.price.kind));
    FERMATA_ASSERT(fermata::is_iso_date(line.price.from));
    FERMATA_ASSERT(!line.price.amount.is_negative());
  }

  const auto insurance = fermata::parse_insurance_csv(text, "fuzz.csv");
  check_errors(insurance, max_line);
  for (const fermata::InsuranceLine& line : insurance.lines) {
    FERMATA_ASSERT(line.line_number >= 2 && line.line_number <= max_line);
    FERMATA_ASSERT(!line.insurance.location.empty() && is_price_kind(line.insurance.basis));
    FERMATA_ASSERT(fermata::is_iso_date(line.insurance.from));
    FERMATA_ASSERT(!line.insurance.sum_insured.is_negative());
  }
  return 0;
}
