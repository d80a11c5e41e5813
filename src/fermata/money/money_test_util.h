// Test-only helpers for the money tests: printing Decimal in failure messages
// (GoogleTest finds operator<<, rapidcheck showValue, by argument-dependent
// lookup).
#pragma once

#include <ostream>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/money/money.h"

namespace fermata {

inline std::ostream& operator<<(std::ostream& os, Decimal d) {
  return os << d.to_string();
}

namespace testing_util {

// Parses a literal the test knows to be valid.
inline Decimal dec(std::string_view text) {
  Result<Decimal> d = Decimal::parse(text);
  FERMATA_ASSERT(d.has_value());
  return *d;
}

inline constexpr Int128 kMaxRaw = static_cast<Int128>((UInt128{1} << 127) - 1);
inline constexpr Int128 kMinRaw = -kMaxRaw - 1;

}  // namespace testing_util
}  // namespace fermata
