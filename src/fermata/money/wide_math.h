// Internal 256-bit unsigned arithmetic for exact Decimal products and
// quotients. Not part of the public money API.
//
// Decimal multiplies two 128-bit raw values whose product needs up to 254
// bits before it is scaled back by 10^12; Allocate divides such products by a
// sum of shares that may itself exceed 128 bits. These helpers do exactly that
// much and nothing more, on magnitudes only (callers handle signs).
#pragma once

#include <cstdint>

#include "fermata/money/money.h"

namespace fermata::internal {

struct UInt256 {
  UInt128 hi = 0;
  UInt128 lo = 0;

  friend constexpr bool operator==(const UInt256& a, const UInt256& b) = default;
  friend constexpr auto operator<=>(const UInt256& a, const UInt256& b) = default;
};

// The exact 256-bit product a * b.
UInt256 mul_wide(UInt128 a, UInt128 b);

// a + b; REQUIRES: the sum fits in 256 bits (asserted).
UInt256 add_wide(UInt256 a, UInt256 b);

// a - b; REQUIRES: a >= b.
UInt256 sub_wide(UInt256 a, UInt256 b);

struct DivModWideResult {
  UInt256 quotient;
  UInt256 remainder;
};

// Quotient and remainder of n / d. REQUIRES: d != 0.
DivModWideResult div_mod_wide(UInt256 n, UInt256 d);

struct DivModSmallResult {
  UInt256 quotient;
  std::uint64_t remainder;
};

// n / d for a 64-bit divisor (e.g. 10^12): four native 128/64 steps instead of
// the bit-serial loop. REQUIRES: d != 0.
DivModSmallResult div_mod_small(UInt256 n, std::uint64_t d);

// |v| as an unsigned value; well defined for the minimum Int128.
constexpr UInt128 magnitude(Int128 v) {
  return v < 0 ? UInt128{0} - static_cast<UInt128>(v) : static_cast<UInt128>(v);
}

// The largest magnitude of each sign: 2^127 - 1 and 2^127.
inline constexpr UInt128 kMaxPositiveMagnitude = (UInt128{1} << 127) - 1;
inline constexpr UInt128 kMaxNegativeMagnitude = UInt128{1} << 127;

// Applies a sign to a magnitude; false when the result does not fit.
bool signed_from_magnitude(UInt128 magnitude, bool negative, Int128* out);

// Whether a truncated quotient q with remainder r of a division by d (r < d)
// must be incremented (in magnitude) to round it with `mode`. `negative` is
// the sign of the exact quotient.
bool rounds_away(UInt128 q, UInt128 r, UInt128 d, bool negative, RoundingMode mode);

// 10^n for 0 <= n <= 38.
UInt128 power_of_ten(int n);

}  // namespace fermata::internal
