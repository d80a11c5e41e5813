// Decimal arithmetic and formatting. Parsing lives in decimal_parse.cc.
#include <string>

#include "fermata/base/assert.h"
#include "fermata/money/money.h"
#include "fermata/money/wide_math.h"

namespace fermata {
namespace {

using internal::magnitude;
using internal::power_of_ten;
using internal::rounds_away;
using internal::signed_from_magnitude;
using internal::UInt256;

constexpr auto kOneUnsigned = static_cast<UInt128>(Decimal::kOne);

Error overflow(const char* operation) {
  return make_error(ErrorCode::kDecimalOverflow,
                    std::string("decimal ") + operation + " exceeds the 128-bit range");
}

// Appends the decimal digits of v, with at least `min_digits` digits.
void append_digits(UInt128 v, int min_digits, std::string* out) {
  char buffer[40];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  while (n < min_digits) buffer[n++] = '0';
  while (n > 0) out->push_back(buffer[--n]);
}

// Rounds a 256-bit magnitude quotient n / d to an integer and applies the sign;
// false on overflow. Shared by Mul (d = 10^12) and Div.
bool finish_quotient(UInt256 q, UInt128 r, UInt128 d, bool negative, RoundingMode mode,
                     Int128* out) {
  if (q.hi != 0) return false;
  UInt128 magnitude = q.lo;
  if (rounds_away(magnitude, r, d, negative, mode)) {
    if (magnitude == ~UInt128{0}) return false;
    ++magnitude;
  }
  return signed_from_magnitude(magnitude, negative, out);
}

// The magnitude of raw rounded to a multiple of 10^(12 - places), expressed
// in units of 10^-places. Cannot overflow: |raw| <= 2^127 leaves headroom.
UInt128 rounded_units(Int128 raw, int places, RoundingMode mode) {
  const UInt128 divisor = power_of_ten(Decimal::kScale - places);
  const UInt128 abs_raw = magnitude(raw);
  const UInt128 q = abs_raw / divisor;
  const UInt128 r = abs_raw - q * divisor;
  return q + (rounds_away(q, r, divisor, raw < 0, mode) ? 1 : 0);
}

}  // namespace

std::string Decimal::to_string() const {
  std::string out;
  if (raw_ < 0) out.push_back('-');
  const UInt128 abs_raw = magnitude(raw_);
  append_digits(abs_raw / kOneUnsigned, 1, &out);
  UInt128 fraction = abs_raw % kOneUnsigned;
  if (fraction == 0) return out;
  int digits = kScale;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  out.push_back('.');
  append_digits(fraction, digits, &out);
  return out;
}

std::string Decimal::to_fixed(int places, RoundingMode mode) const {
  FERMATA_ASSERT(places >= 0 && places <= kScale);
  const UInt128 units = rounded_units(raw_, places, mode);
  std::string out;
  // A value that rounds to zero prints without a sign: "-0.00" is not money.
  if (raw_ < 0 && units != 0) out.push_back('-');
  const UInt128 scale = power_of_ten(places);
  append_digits(units / scale, 1, &out);
  if (places > 0) {
    out.push_back('.');
    append_digits(units % scale, places, &out);
  }
  return out;
}

Result<Decimal> Decimal::checked_add(Decimal other) const {
  Int128 sum;
  if (__builtin_add_overflow(raw_, other.raw_, &sum)) return overflow("addition");
  return Decimal(sum);
}

Result<Decimal> Decimal::checked_sub(Decimal other) const {
  Int128 difference;
  if (__builtin_sub_overflow(raw_, other.raw_, &difference)) return overflow("subtraction");
  return Decimal(difference);
}

Result<Decimal> Decimal::checked_negate() const {
  Int128 negated;
  if (__builtin_sub_overflow(Int128{0}, raw_, &negated)) return overflow("negation");
  return Decimal(negated);
}

Result<Decimal> Decimal::checked_mul(Decimal factor, RoundingMode mode) const {
  const bool negative = (raw_ < 0) != (factor.raw_ < 0);
  const UInt128 a = magnitude(raw_);
  const UInt128 b = magnitude(factor.raw_);
  Int128 result;
  UInt128 product;
  // Hot path: the product fits in 128 bits (always true for 64-bit operands,
  // e.g. play counts times rates), so one native division suffices.
  if (!__builtin_mul_overflow(a, b, &product)) {
    const UInt128 q = product / kOneUnsigned;
    const UInt128 r = product - q * kOneUnsigned;
    if (finish_quotient(UInt256{0, q}, r, kOneUnsigned, negative, mode, &result)) {
      return Decimal(result);
    }
    return overflow("multiplication");
  }
  const internal::DivModSmallResult scaled =
      internal::div_mod_small(internal::mul_wide(a, b), static_cast<std::uint64_t>(kOne));
  if (!finish_quotient(scaled.quotient, scaled.remainder, kOneUnsigned, negative, mode, &result)) {
    return overflow("multiplication");
  }
  return Decimal(result);
}

Result<Decimal> Decimal::checked_div(Decimal divisor, RoundingMode mode) const {
  if (divisor.raw_ == 0) return make_error(ErrorCode::kFieldInvalid, "decimal division by zero");
  const bool negative = (raw_ < 0) != (divisor.raw_ < 0);
  const UInt128 b = magnitude(divisor.raw_);
  // (a * 10^12) / b keeps the quotient at scale 12; the numerator needs up to
  // 168 bits, hence the wide division.
  const internal::DivModWideResult qr =
      internal::div_mod_wide(internal::mul_wide(magnitude(raw_), kOneUnsigned), UInt256{0, b});
  Int128 result;
  if (!finish_quotient(qr.quotient, qr.remainder.lo, b, negative, mode, &result)) {
    return overflow("division");
  }
  return Decimal(result);
}

Result<Decimal> Decimal::round_to(int places, RoundingMode mode) const {
  FERMATA_ASSERT(places >= 0 && places <= kScale);
  const UInt128 magnitude = rounded_units(raw_, places, mode) * power_of_ten(kScale - places);
  Int128 result;
  // Rounding up near the extremes can leave the range, e.g. max to places 0.
  if (!signed_from_magnitude(magnitude, raw_ < 0, &result)) return overflow("rounding");
  return Decimal(result);
}

Decimal Decimal::operator+(Decimal other) const {
  Int128 sum;
  FERMATA_ASSERT(!__builtin_add_overflow(raw_, other.raw_, &sum));
  return Decimal(sum);
}

Decimal Decimal::operator-(Decimal other) const {
  Int128 difference;
  FERMATA_ASSERT(!__builtin_sub_overflow(raw_, other.raw_, &difference));
  return Decimal(difference);
}

Decimal Decimal::operator-() const {
  Int128 negated;
  FERMATA_ASSERT(!__builtin_sub_overflow(Int128{0}, raw_, &negated));
  return Decimal(negated);
}

}  // namespace fermata
