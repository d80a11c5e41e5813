// Fuzz target: Decimal::parse must never crash, and every value it accepts
// must print canonically and parse back to itself (with and without the
// thousands-separator option).
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/money/money.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const fermata::ParseOptions options :
       {fermata::ParseOptions{}, fermata::ParseOptions{.thousands_separator = ','},
        fermata::ParseOptions{.thousands_separator = '.', .decimal_point = ','}}) {
    const fermata::Result<fermata::Decimal> value = fermata::Decimal::parse(text, options);
    if (!value) continue;
    const fermata::Result<fermata::Decimal> again = fermata::Decimal::parse(value->to_string());
    FERMATA_ASSERT(again.has_value());
    FERMATA_ASSERT(*again == *value);
  }
  return 0;
}
