// Property tests: Decimal arithmetic against an exact big-integer reference,
// text round trips, and the Allocate invariants.
//
// The reference (BigInt below) is deliberately naive and shares no code with
// wide_math: 32-bit limbs, schoolbook multiplication, and results are checked
// by multiplying back rather than dividing, so a bug in the implementation's
// division cannot be mirrored here.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "fermata/money/money.h"
#include "fermata/money/money_test_util.h"

namespace fermata {
namespace {

using testing_util::kMaxRaw;
using testing_util::kMinRaw;

// Sign and magnitude; magnitude limbs little-endian, no leading zero limbs.
struct BigInt {
  bool negative = false;
  std::vector<std::uint32_t> limbs;

  static BigInt of(Int128 v) {
    BigInt out;
    out.negative = v < 0;
    // Peel base-2^32 digits off the signed value to stay independent of the
    // implementation's magnitude helpers.
    while (v != 0) {
      Int128 digit = v % (Int128{1} << 32);
      v /= (Int128{1} << 32);
      if (digit < 0) digit = -digit;
      out.limbs.push_back(static_cast<std::uint32_t>(digit));
    }
    out.trim();
    return out;
  }

  void trim() {
    while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
    if (limbs.empty()) negative = false;
  }
  bool is_zero() const { return limbs.empty(); }
  int sign() const { return is_zero() ? 0 : (negative ? -1 : 1); }
};

int compare_magnitude(const BigInt& a, const BigInt& b) {
  if (a.limbs.size() != b.limbs.size()) return a.limbs.size() < b.limbs.size() ? -1 : 1;
  for (std::size_t i = a.limbs.size(); i-- > 0;) {
    if (a.limbs[i] != b.limbs[i]) return a.limbs[i] < b.limbs[i] ? -1 : 1;
  }
  return 0;
}

int compare(const BigInt& a, const BigInt& b) {
  if (a.sign() != b.sign()) return a.sign() < b.sign() ? -1 : 1;
  const int m = compare_magnitude(a, b);
  return a.negative ? -m : m;
}

// |a| + |b| or |a| - |b| (REQUIRES |a| >= |b| for subtraction).
std::vector<std::uint32_t> add_or_sub_magnitude(const BigInt& a, const BigInt& b, bool subtract) {
  std::vector<std::uint32_t> out;
  std::int64_t carry = 0;
  for (std::size_t i = 0; i < std::max(a.limbs.size(), b.limbs.size()); ++i) {
    const std::int64_t x = i < a.limbs.size() ? a.limbs[i] : 0;
    const std::int64_t y = i < b.limbs.size() ? b.limbs[i] : 0;
    std::int64_t t = subtract ? x - y + carry : x + y + carry;
    carry = 0;
    if (t < 0) {
      t += std::int64_t{1} << 32;
      carry = -1;
    } else if (t >= (std::int64_t{1} << 32)) {
      t -= std::int64_t{1} << 32;
      carry = 1;
    }
    out.push_back(static_cast<std::uint32_t>(t));
  }
  if (carry > 0) out.push_back(1);
  return out;
}

BigInt add(const BigInt& a, const BigInt& b) {
  BigInt out;
  if (a.negative == b.negative) {
    out.limbs = add_or_sub_magnitude(a, b, false);
    out.negative = a.negative;
  } else if (compare_magnitude(a, b) >= 0) {
    out.limbs = add_or_sub_magnitude(a, b, true);
    out.negative = a.negative;
  } else {
    out.limbs = add_or_sub_magnitude(b, a, true);
    out.negative = b.negative;
  }
  out.trim();
  return out;
}

BigInt neg(BigInt a) {
  a.negative = !a.negative;
  a.trim();
  return a;
}

BigInt sub(const BigInt& a, const BigInt& b) {
  return add(a, neg(b));
}

BigInt mul(const BigInt& a, const BigInt& b) {
  BigInt out;
  out.limbs.assign(a.limbs.size() + b.limbs.size() + 1, 0);
  for (std::size_t i = 0; i < a.limbs.size(); ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < b.limbs.size(); ++j) {
      const std::uint64_t t = std::uint64_t{a.limbs[i]} * b.limbs[j] + out.limbs[i + j] + carry;
      out.limbs[i + j] = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
    for (std::size_t k = i + b.limbs.size(); carry != 0; ++k) {
      const std::uint64_t t = std::uint64_t{out.limbs[k]} + carry;
      out.limbs[k] = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
  }
  out.negative = a.negative != b.negative;
  out.trim();
  return out;
}

BigInt abs(BigInt a) {
  a.negative = false;
  return a;
}

const BigInt& scale() {
  static const BigInt kScale = BigInt::of(Decimal::kOne);
  return kScale;
}

// Whether r is `numerator / denominator` (denominator > 0) rounded with mode.
bool is_correctly_rounded(const BigInt& numerator, const BigInt& denominator, Int128 r,
                          RoundingMode mode) {
  const BigInt error = sub(numerator, mul(BigInt::of(r), denominator));  // N - r*D
  if (compare_magnitude(error, denominator) >= 0) return false;          // Not floor or ceiling.
  const int twice_vs_d = compare_magnitude(add(error, error), denominator);
  // r is nearer zero than the exact value when the error has the value's sign.
  const bool toward_zero = error.is_zero() || error.sign() == numerator.sign();
  switch (mode) {
    case RoundingMode::kFloor:
      return error.sign() >= 0;
    case RoundingMode::kCeiling:
      return error.sign() <= 0;
    case RoundingMode::kDown:
      return toward_zero;
    case RoundingMode::kUp:
      return error.is_zero() || !toward_zero;
    case RoundingMode::kHalfEven:
      return twice_vs_d < 0 || (twice_vs_d == 0 && r % 2 == 0);
    case RoundingMode::kHalfUp:
      return twice_vs_d < 0 || (twice_vs_d == 0 && !toward_zero);
  }
  return false;
}

// An overflow claim is plausible only when the exact quotient leaves [min, max].
bool quotient_out_of_range(const BigInt& numerator, const BigInt& denominator) {
  return compare(numerator, mul(BigInt::of(kMaxRaw), denominator)) > 0 ||
         compare(numerator, mul(BigInt::of(kMinRaw), denominator)) < 0;
}

bool in_range(const BigInt& v) {
  return compare(v, BigInt::of(kMaxRaw)) <= 0 && compare(v, BigInt::of(kMinRaw)) >= 0;
}

// Raw values across the whole range: full 128-bit patterns, every magnitude
// by shifting, tiny fractions, whole units, powers of ten and the extremes.
rc::Gen<Int128> gen_raw() {
  return rc::gen::apply(
      [](std::uint64_t hi, std::uint64_t lo, int kind, int shift, bool negative) -> Int128 {
        const UInt128 bits = (UInt128{hi} << 64) | lo;
        UInt128 magnitude = 0;
        switch (kind) {
          case 0:
            return static_cast<Int128>(bits);
          case 1:
            magnitude = (bits >> 1) >> (shift % 127);
            break;
          case 2:
            magnitude = lo % 1'000'000;
            break;
          case 3:
            magnitude = UInt128{lo % 1'000'000'000'000} * Decimal::kOne;
            break;
          case 4: {
            magnitude = 1;
            for (int i = 0; i < shift % 39; ++i) magnitude *= 10;
            if (magnitude > (UInt128{1} << 127) - 1) magnitude /= 10;
            magnitude += lo % 3;
            break;
          }
          default:
            return shift % 2 == 0 ? kMaxRaw - static_cast<Int128>(lo % 4)
                                  : kMinRaw + static_cast<Int128>(lo % 4);
        }
        const auto value = static_cast<Int128>(magnitude);
        return negative ? -value : value;
      },
      rc::gen::arbitrary<std::uint64_t>(), rc::gen::arbitrary<std::uint64_t>(),
      rc::gen::inRange(0, 6), rc::gen::inRange(0, 128), rc::gen::arbitrary<bool>());
}

rc::Gen<Decimal> gen_decimal() {
  return rc::gen::map(gen_raw(), &Decimal::from_raw);
}

rc::Gen<RoundingMode> gen_mode() {
  return rc::gen::element(RoundingMode::kHalfEven, RoundingMode::kHalfUp, RoundingMode::kDown,
                          RoundingMode::kUp, RoundingMode::kFloor, RoundingMode::kCeiling);
}

RC_GTEST_PROP(DecimalProperty, AddMatchesReference, ()) {
  const Decimal a = *gen_decimal();
  const Decimal b = *gen_decimal();
  const BigInt exact = add(BigInt::of(a.raw()), BigInt::of(b.raw()));
  const Result<Decimal> sum = a.checked_add(b);
  RC_ASSERT(sum.has_value() == in_range(exact));
  if (sum) RC_ASSERT(compare(BigInt::of(sum->raw()), exact) == 0);
}

RC_GTEST_PROP(DecimalProperty, SubMatchesReference, ()) {
  const Decimal a = *gen_decimal();
  const Decimal b = *gen_decimal();
  const BigInt exact = sub(BigInt::of(a.raw()), BigInt::of(b.raw()));
  const Result<Decimal> difference = a.checked_sub(b);
  RC_ASSERT(difference.has_value() == in_range(exact));
  if (difference) RC_ASSERT(compare(BigInt::of(difference->raw()), exact) == 0);
  const Result<Decimal> negated = a.checked_negate();
  RC_ASSERT(negated.has_value() == (a.raw() != kMinRaw));
}

RC_GTEST_PROP(DecimalProperty, MulMatchesReference, ()) {
  const Decimal a = *gen_decimal();
  const Decimal b = *gen_decimal();
  const RoundingMode mode = *gen_mode();
  const BigInt product = mul(BigInt::of(a.raw()), BigInt::of(b.raw()));
  const Result<Decimal> result = a.checked_mul(b, mode);
  if (result) {
    RC_ASSERT(is_correctly_rounded(product, scale(), result->raw(), mode));
  } else {
    RC_ASSERT(result.error().code == ErrorCode::kDecimalOverflow);
    RC_ASSERT(quotient_out_of_range(product, scale()));
  }
}

// A raw value of exactly `bits` significant bits (1..127) with a random sign.
Int128 raw_with_bits(int bits) {
  RC_PRE(bits >= 1 && bits <= 127);
  const auto hi = *rc::gen::inRange<std::uint64_t>(0, ~std::uint64_t{0});
  const auto lo = *rc::gen::inRange<std::uint64_t>(0, ~std::uint64_t{0});
  UInt128 magnitude = (UInt128{hi} << 64) | lo;
  magnitude = (magnitude >> (128 - bits)) | (UInt128{1} << (bits - 1));
  const auto value = static_cast<Int128>(magnitude);
  return *rc::gen::arbitrary<bool>() ? -value : value;
}

// Products of 120 to 170 bits: the 256-bit path of CheckedMul, in and just out
// of range, which uniform operands rarely reach.
RC_GTEST_PROP(DecimalProperty, WideMulMatchesReference, ()) {
  const int product_bits = *rc::gen::inRange(120, 171);
  // Half the time split the bits evenly, so both operands exceed 64 bits and
  // every partial product of the 256-bit multiplication matters.
  const int a_bits = *rc::gen::arbitrary<bool>() ? product_bits / 2 + *rc::gen::inRange(-16, 17)
                                                 : *rc::gen::inRange(product_bits - 127, 128);
  const Decimal a = Decimal::from_raw(raw_with_bits(std::clamp(a_bits, 1, 127)));
  const Decimal b = Decimal::from_raw(raw_with_bits(std::clamp(product_bits - a_bits, 1, 127)));
  const RoundingMode mode = *gen_mode();
  const BigInt product = mul(BigInt::of(a.raw()), BigInt::of(b.raw()));
  const Result<Decimal> result = a.checked_mul(b, mode);
  if (result) {
    RC_ASSERT(is_correctly_rounded(product, scale(), result->raw(), mode));
  } else {
    RC_ASSERT(quotient_out_of_range(product, scale()));
  }
  // Division undoes it: (a * b) / b is a again when no rounding happened.
  if (result && !b.is_zero() && compare(mul(BigInt::of(result->raw()), scale()), product) == 0) {
    const Result<Decimal> back = result->checked_div(b, mode);
    RC_ASSERT(back.has_value());
    RC_ASSERT(*back == a);
  }
}

RC_GTEST_PROP(DecimalProperty, DivMatchesReference, ()) {
  const Decimal a = *gen_decimal();
  const Decimal b = *gen_decimal();
  const RoundingMode mode = *gen_mode();
  const Result<Decimal> result = a.checked_div(b, mode);
  if (b.is_zero()) {
    RC_ASSERT(!result.has_value());
    RC_ASSERT(result.error().code == ErrorCode::kFieldInvalid);
    return;
  }
  // Keep the denominator positive so the rounding check sees the true sign.
  BigInt numerator = mul(BigInt::of(a.raw()), scale());
  BigInt denominator = BigInt::of(b.raw());
  if (b.is_negative()) {
    numerator = neg(numerator);
    denominator = abs(denominator);
  }
  if (result) {
    RC_ASSERT(is_correctly_rounded(numerator, denominator, result->raw(), mode));
  } else {
    RC_ASSERT(result.error().code == ErrorCode::kDecimalOverflow);
    RC_ASSERT(quotient_out_of_range(numerator, denominator));
  }
}

RC_GTEST_PROP(DecimalProperty, TextRoundTrips, ()) {
  const Decimal x = *gen_decimal();
  const Result<Decimal> canonical = Decimal::parse(x.to_string());
  RC_ASSERT(canonical.has_value());
  RC_ASSERT(*canonical == x);
  const Result<Decimal> fixed = Decimal::parse(x.to_fixed(Decimal::kScale));
  RC_ASSERT(fixed.has_value());
  RC_ASSERT(*fixed == x);
}

Int128 unit_raw(int places) {
  Int128 unit = 1;
  for (int i = places; i < Decimal::kScale; ++i) unit *= 10;
  return unit;
}

RC_GTEST_PROP(DecimalProperty, RoundToMatchesReferenceAndToFixed, ()) {
  const Decimal x = *gen_decimal();
  const int places = *rc::gen::inRange(0, Decimal::kScale + 1);
  const RoundingMode mode = *gen_mode();
  const Int128 unit = unit_raw(places);
  const Result<Decimal> rounded = x.round_to(places, mode);
  if (!rounded) {
    RC_ASSERT(rounded.error().code == ErrorCode::kDecimalOverflow);
    RC_ASSERT(x.raw() > kMaxRaw - unit || x.raw() < kMinRaw + unit);
    return;
  }
  RC_ASSERT(rounded->raw() % unit == 0);
  RC_ASSERT(
      is_correctly_rounded(BigInt::of(x.raw()), BigInt::of(unit), rounded->raw() / unit, mode));
  const Result<Decimal> parsed = Decimal::parse(x.to_fixed(places, mode));
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(*parsed == *rounded);
}

// Exact ties (x.5 of the last kept digit), which random values almost never
// hit, for RoundTo, CheckedMul by 0.5 and CheckedDiv by 2.
RC_GTEST_PROP(DecimalProperty, TiesRoundPerMode, ()) {
  const int places = *rc::gen::inRange(0, Decimal::kScale);
  const RoundingMode mode = *gen_mode();
  const Int128 unit = unit_raw(places);
  const Int128 base = *gen_raw() / 4;  // Headroom so adding half a unit stays in range.
  const Int128 tie = base - base % unit + (base < 0 ? -unit / 2 : unit / 2);
  const Result<Decimal> rounded = Decimal::from_raw(tie).round_to(places, mode);
  RC_ASSERT(rounded.has_value());
  RC_ASSERT(is_correctly_rounded(BigInt::of(tie), BigInt::of(unit), rounded->raw() / unit, mode));
  const Int128 odd = base | 1;
  const Result<Decimal> halved =
      Decimal::from_raw(odd).checked_mul(Decimal::from_raw(Decimal::kOne / 2), mode);
  RC_ASSERT(halved.has_value());
  RC_ASSERT(is_correctly_rounded(BigInt::of(odd), BigInt::of(2), halved->raw(), mode));
  const Result<Decimal> divided = Decimal::from_raw(odd).checked_div(Decimal::from_units(2), mode);
  RC_ASSERT(divided.has_value());
  RC_ASSERT(*divided == *halved);
}

// Non-negative shares of varied magnitude, some zero, at least one positive.
rc::Gen<std::vector<Decimal>> gen_shares() {
  const rc::Gen<Decimal> share = rc::gen::map(gen_raw(), [](Int128 raw) {
    return Decimal::from_raw(raw == kMinRaw ? kMaxRaw : (raw < 0 ? -raw : raw));
  });
  const rc::Gen<Decimal> small = rc::gen::map(rc::gen::inRange(0, 5), Decimal::from_units);
  return rc::gen::suchThat(
      rc::gen::resize(20, rc::gen::nonEmpty(rc::gen::container<std::vector<Decimal>>(
                              rc::gen::weightedOneOf<Decimal>({{1, share}, {1, small}})))),
      [](const std::vector<Decimal>& shares) {
        return std::any_of(shares.begin(), shares.end(), [](Decimal d) { return !d.is_zero(); });
      });
}

RC_GTEST_PROP(AllocateProperty, PartsAreExactFairAndOrdered, ()) {
  const int places = *rc::gen::inRange(0, Decimal::kScale + 1);
  const Int128 unit = unit_raw(places);
  const Int128 raw = *gen_raw();
  const Decimal total = Decimal::from_raw(raw - raw % unit);
  const std::vector<Decimal> shares = *gen_shares();
  const Result<std::vector<Decimal>> parts = allocate(total, shares, places);
  RC_ASSERT(parts.has_value());
  RC_ASSERT(parts->size() == shares.size());
  BigInt share_sum, part_sum;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    share_sum = add(share_sum, BigInt::of(shares[i].raw()));
    part_sum = add(part_sum, BigInt::of((*parts)[i].raw()));
  }
  RC_ASSERT(compare(part_sum, BigInt::of(total.raw())) == 0);
  const BigInt unit_times_sum = mul(BigInt::of(unit), share_sum);
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const Decimal part = (*parts)[i];
    RC_ASSERT(part.raw() % unit == 0);
    RC_ASSERT(part.is_zero() || part.is_negative() == total.is_negative());
    // Within one unit of the exact share: |part * sum - total * share| < unit * sum.
    const BigInt error = sub(mul(BigInt::of(part.raw()), share_sum),
                             mul(BigInt::of(total.raw()), BigInt::of(shares[i].raw())));
    RC_ASSERT(compare_magnitude(error, unit_times_sum) < 0);
    for (std::size_t j = 0; j < shares.size(); ++j) {
      if (shares[i] > shares[j]) {
        RC_ASSERT(compare_magnitude(BigInt::of(part.raw()), BigInt::of((*parts)[j].raw())) >= 0);
      }
    }
  }
}

RC_GTEST_PROP(AllocateProperty, NegativeTotalMirrorsPositive, ()) {
  const int places = *rc::gen::inRange(0, Decimal::kScale + 1);
  const Int128 unit = unit_raw(places);
  Int128 raw = *gen_raw();
  if (raw == kMinRaw) raw = kMaxRaw;
  raw -= raw % unit;
  const std::vector<Decimal> shares = *gen_shares();
  const Result<std::vector<Decimal>> positive = allocate(Decimal::from_raw(raw), shares, places);
  const Result<std::vector<Decimal>> negative = allocate(Decimal::from_raw(-raw), shares, places);
  RC_ASSERT(positive.has_value() && negative.has_value());
  for (std::size_t i = 0; i < shares.size(); ++i) RC_ASSERT((*negative)[i] == -(*positive)[i]);
}

}  // namespace
}  // namespace fermata
