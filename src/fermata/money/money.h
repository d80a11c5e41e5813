// Money: exact fixed-point decimals, currencies, and exact allocation.
//
// Decimal is a signed 128-bit integer count of 10^-12 units: one fixed scale
// for every currency and for inventory units, wide enough for stream rates
// like 0.003472 per play and for totals far beyond 10^15 units of any
// currency (the limit is about 1.7 * 10^26). There is no binary floating point
// anywhere on this path: text is parsed digit by digit, and a value with more
// than 12 fractional digits is an error, never a silent rounding. Minor units
// (cents) appear only at payment and display, through RoundTo/ToFixed.
//
// Arithmetic never wraps. The Checked* functions return decimal_overflow; the
// operators assert (use them only where the operands are already bounded,
// e.g. sums of values that were checked on the way in).
//
// Thread safety: Decimal is a plain value type.
//
//   Result<Decimal> rate = Decimal::parse("0.003472");
//   Result<Decimal> due = Decimal::from_units(1'000'000).checked_mul(*rate);  // 3472
//   std::vector<Decimal> parts = *allocate(*Decimal::parse("100.00"), shares, 2);
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"

namespace fermata {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// How a result that does not fit the target precision is rounded.
enum class RoundingMode {
  kHalfEven,  // Default: ties to the even neighbour (banker's rounding).
  kHalfUp,    // Ties away from zero.
  kDown,      // Toward zero (truncate).
  kUp,        // Away from zero.
  kFloor,     // Toward negative infinity.
  kCeiling,   // Toward positive infinity.
};

struct ParseOptions {
  // Digit-group separator accepted in the integer part, e.g. ',' for "1,234.56".
  // Default: none, so "1,234.56" is a decimal_syntax error unless a locale
  // option asks for it. Groups must be exactly three digits.
  char thousands_separator = '\0';
  // The decimal point. Default '.'; ',' for many European exports.
  // REQUIRES: decimal_point != thousands_separator.
  char decimal_point = '.';
};

class Decimal {
 public:
  static constexpr int kScale = 12;
  static constexpr Int128 kOne = 1'000'000'000'000;

  constexpr Decimal() = default;

  // The value raw * 10^-12.
  static constexpr Decimal from_raw(Int128 raw) { return Decimal(raw); }
  // A whole number of units; always representable.
  static Decimal from_units(std::int64_t units) { return Decimal(Int128{units} * kOne); }

  // Parses "-1234.5678", "+0.003", "12", ".5" and (with options) "1,234.56".
  // A trailing point ("5.") is rejected as likely truncated; so are spaces,
  // exponents and separators in the fraction.
  // Errors: decimal_syntax (empty, stray characters, misplaced separators),
  // decimal_too_precise (a nonzero digit after the 12th fractional digit;
  // trailing zeros beyond it are accepted), decimal_overflow (beyond the
  // 128-bit range).
  static Result<Decimal> parse(std::string_view text, ParseOptions options = {});

  constexpr Int128 raw() const { return raw_; }
  constexpr bool is_zero() const { return raw_ == 0; }
  constexpr bool is_negative() const { return raw_ < 0; }
  constexpr int sign() const { return raw_ < 0 ? -1 : (raw_ > 0 ? 1 : 0); }
  // True when the value has no fractional part (inventory units must be whole).
  bool is_whole() const { return raw_ % kOne == 0; }

  // Canonical text: no exponent, no '+', no trailing fractional zeros, no
  // trailing '.', at least one integer digit: "0", "-0.003", "1234.5678".
  // parse(to_string()) == *this for every value.
  std::string to_string() const;
  // Exactly `places` fractional digits (0..12), rounded with `mode`,
  // e.g. to_fixed(2) of 1.005 is "1.00" (half-even). Never fails: rounding is
  // done on the unsigned magnitude, which has headroom even at the extremes.
  // A value that rounds to zero prints as "0.00", never "-0.00".
  std::string to_fixed(int places, RoundingMode mode = RoundingMode::kHalfEven) const;

  Result<Decimal> checked_add(Decimal other) const;
  Result<Decimal> checked_sub(Decimal other) const;
  Result<Decimal> checked_negate() const;
  // this * factor, exactly, then rounded to 12 fractional digits with `mode`.
  Result<Decimal> checked_mul(Decimal factor, RoundingMode mode = RoundingMode::kHalfEven) const;
  // this / divisor rounded to 12 fractional digits. Errors: field_invalid on
  // division by zero, decimal_overflow.
  Result<Decimal> checked_div(Decimal divisor, RoundingMode mode = RoundingMode::kHalfEven) const;
  // Rounds to `places` fractional digits (0..12), e.g. cents with places = 2.
  // Errors: decimal_overflow only within one unit of the range limits.
  Result<Decimal> round_to(int places, RoundingMode mode = RoundingMode::kHalfEven) const;

  // Asserting forms for bounded operands.
  Decimal operator+(Decimal other) const;
  Decimal operator-(Decimal other) const;
  Decimal operator-() const;
  Decimal& operator+=(Decimal other) { return *this = *this + other; }
  Decimal& operator-=(Decimal other) { return *this = *this - other; }

  friend constexpr bool operator==(Decimal a, Decimal b) = default;
  friend constexpr auto operator<=>(Decimal a, Decimal b) = default;

 private:
  constexpr explicit Decimal(Int128 raw) : raw_(raw) {}
  Int128 raw_ = 0;
};

static_assert(sizeof(Decimal) == 16, "Decimal is exactly 128 bits");

// Splits `total` into one part per share, each a multiple of 10^-places, so
// that the parts sum to `total` exactly. Method (largest remainder):
//  1. Each part starts at trunc(total * share / sum(shares)) in units of
//     10^-places (computed exactly in 256-bit arithmetic).
//  2. The units left over (fewer than the number of shares) go one each to
//     the parts with the largest fractional remainders.
//  3. Ties in remainder go to the larger share, then to the lower index, so
//     the result is deterministic and a larger share never gets less.
// A negative total is allocated as the negation of allocating its magnitude.
// REQUIRES: 0 <= places <= 12.
// Errors: field_invalid (no shares, a negative share, all shares zero),
// decimal_too_precise (total is not a multiple of 10^-places).
Result<std::vector<Decimal>> allocate(Decimal total, std::span<const Decimal> shares, int places);

// An ISO 4217 currency.
struct Currency {
  std::string_view code;  // "USD"
  int numeric;            // 840
  int minor_digits;       // 2 for USD, 0 for JPY, 3 for KWD (per ISO 4217).
  std::string_view name;  // "US Dollar"
};

// The ISO 4217 entry for an alphabetic code (case-sensitive, upper case).
// Errors: currency_unknown.
Result<Currency> lookup_currency(std::string_view code);

// Every currency in the table, ordered by code.
std::span<const Currency> all_currencies();

// `amount` with at least the currency's minor digits ("63.00" USD, "1200"
// JPY) and more only where it has them ("0.00851835"): never rounded, so a
// statement shows what the ledger holds. Unknown currencies get 2 digits.
std::string money_text(Decimal amount, std::string_view currency);

// A rate as a percentage: 0.25 -> "25%", 0.175 -> "17.5%".
std::string percent_text(Decimal rate);

}  // namespace fermata
