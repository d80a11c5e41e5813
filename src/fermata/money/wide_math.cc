#include "fermata/money/wide_math.h"

#include <array>

#include "fermata/base/assert.h"

namespace fermata::internal {
namespace {

constexpr UInt128 kLow64 = ~std::uint64_t{0};

constexpr std::array<UInt128, 39> make_powers() {
  std::array<UInt128, 39> powers{};
  UInt128 p = 1;
  for (UInt128& slot : powers) {
    slot = p;
    p *= 10;  // The last multiplication wraps but its result is unused.
  }
  return powers;
}

constexpr std::array<UInt128, 39> kPowers = make_powers();

int bit_width(UInt256 v) {
  if (v.hi != 0) {
    const auto hi_hi = static_cast<std::uint64_t>(v.hi >> 64);
    if (hi_hi != 0) return 256 - __builtin_clzll(hi_hi);
    return 192 - __builtin_clzll(static_cast<std::uint64_t>(v.hi));
  }
  const auto lo_hi = static_cast<std::uint64_t>(v.lo >> 64);
  if (lo_hi != 0) return 128 - __builtin_clzll(lo_hi);
  const auto lo_lo = static_cast<std::uint64_t>(v.lo);
  return lo_lo == 0 ? 0 : 64 - __builtin_clzll(lo_lo);
}

bool test_bit(UInt256 v, int bit) {
  return bit >= 128 ? ((v.hi >> (bit - 128)) & 1) != 0 : ((v.lo >> bit) & 1) != 0;
}

void set_bit(UInt256* v, int bit) {
  if (bit >= 128) {
    v->hi |= UInt128{1} << (bit - 128);
  } else {
    v->lo |= UInt128{1} << bit;
  }
}

}  // namespace

UInt256 mul_wide(UInt128 a, UInt128 b) {
  // Schoolbook on 64-bit halves; each partial product fits in 128 bits.
  const UInt128 a_lo = a & kLow64, a_hi = a >> 64;
  const UInt128 b_lo = b & kLow64, b_hi = b >> 64;
  const UInt128 ll = a_lo * b_lo;
  const UInt128 lh = a_lo * b_hi;
  const UInt128 hl = a_hi * b_lo;
  const UInt128 hh = a_hi * b_hi;
  // The middle column: at most three 64-bit values, so it cannot overflow.
  const UInt128 mid = (ll >> 64) + (lh & kLow64) + (hl & kLow64);
  UInt256 out;
  out.lo = (mid << 64) | (ll & kLow64);
  out.hi = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
  return out;
}

UInt256 add_wide(UInt256 a, UInt256 b) {
  UInt256 out;
  const bool carry = __builtin_add_overflow(a.lo, b.lo, &out.lo);
  bool overflow = __builtin_add_overflow(a.hi, b.hi, &out.hi);
  if (carry) overflow |= __builtin_add_overflow(out.hi, UInt128{1}, &out.hi);
  FERMATA_ASSERT(!overflow);
  return out;
}

UInt256 sub_wide(UInt256 a, UInt256 b) {
  FERMATA_ASSERT(a >= b);
  UInt256 out;
  out.lo = a.lo - b.lo;
  out.hi = a.hi - b.hi - (a.lo < b.lo ? 1 : 0);
  return out;
}

DivModWideResult div_mod_wide(UInt256 n, UInt256 d) {
  FERMATA_ASSERT(d.hi != 0 || d.lo != 0);
  DivModWideResult out;
  if (n.hi == 0 && d.hi == 0) {
    out.quotient.lo = n.lo / d.lo;
    out.remainder.lo = n.lo - out.quotient.lo * d.lo;
    return out;
  }
  // Restoring binary long division. The remainder stays below 2d, and the bit
  // shifted out of it (carry) means it already exceeds d.
  UInt256 r;
  for (int bit = bit_width(n) - 1; bit >= 0; --bit) {
    const bool carry = (r.hi >> 127) != 0;
    r.hi = (r.hi << 1) | (r.lo >> 127);
    r.lo = (r.lo << 1) | (test_bit(n, bit) ? 1 : 0);
    if (carry || r >= d) {
      // Wrapping subtraction is exact here: the true remainder is < d.
      const UInt128 borrow = r.lo < d.lo ? 1 : 0;
      r.lo -= d.lo;
      r.hi = r.hi - d.hi - borrow;
      set_bit(&out.quotient, bit);
    }
  }
  out.remainder = r;
  return out;
}

DivModSmallResult div_mod_small(UInt256 n, std::uint64_t d) {
  FERMATA_ASSERT(d != 0);
  const std::uint64_t limbs[4] = {
      static_cast<std::uint64_t>(n.hi >> 64), static_cast<std::uint64_t>(n.hi),
      static_cast<std::uint64_t>(n.lo >> 64), static_cast<std::uint64_t>(n.lo)};
  std::uint64_t q[4];
  UInt128 rem = 0;
  for (int i = 0; i < 4; ++i) {
    // rem < d, so (rem << 64 | limb) / d fits in 64 bits.
    const UInt128 cur = (rem << 64) | limbs[i];
    q[i] = static_cast<std::uint64_t>(cur / d);
    rem = cur - UInt128{q[i]} * d;
  }
  DivModSmallResult out;
  out.quotient.hi = (UInt128{q[0]} << 64) | q[1];
  out.quotient.lo = (UInt128{q[2]} << 64) | q[3];
  out.remainder = static_cast<std::uint64_t>(rem);
  return out;
}

bool signed_from_magnitude(UInt128 magnitude, bool negative, Int128* out) {
  if (magnitude > (negative ? kMaxNegativeMagnitude : kMaxPositiveMagnitude)) return false;
  // Conversion of an out-of-range unsigned value is modular in C++20, which is
  // exactly two's complement negation here (including -2^127).
  *out = static_cast<Int128>(negative ? UInt128{0} - magnitude : magnitude);
  return true;
}

bool rounds_away(UInt128 q, UInt128 r, UInt128 d, bool negative, RoundingMode mode) {
  if (r == 0) return false;
  // Compare r with d - r rather than 2r with d: 2r may not fit.
  const UInt128 rest = d - r;
  switch (mode) {
    case RoundingMode::kHalfEven:
      return r > rest || (r == rest && (q & 1) != 0);
    case RoundingMode::kHalfUp:
      return r >= rest;
    case RoundingMode::kDown:
      return false;
    case RoundingMode::kUp:
      return true;
    case RoundingMode::kFloor:
      return negative;
    case RoundingMode::kCeiling:
      return !negative;
  }
  FERMATA_ASSERT(false);
  return false;
}

UInt128 power_of_ten(int n) {
  FERMATA_ASSERT(n >= 0 && n <= 38);
  return kPowers[static_cast<std::size_t>(n)];
}

}  // namespace fermata::internal
