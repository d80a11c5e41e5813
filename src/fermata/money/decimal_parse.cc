// Decimal::parse: text to fixed point, digit by digit, with no floating point
// and no silent rounding.
#include <string>
#include <string_view>
#include <utility>

#include "fermata/base/assert.h"
#include "fermata/money/money.h"
#include "fermata/money/wide_math.h"

namespace fermata {
namespace {

Error parse_error(ErrorCode code, std::string_view text, const char* why) {
  SourceRef where;
  where.value = std::string(text);
  return make_error(code, std::string("invalid decimal '") + std::string(text) + "': " + why,
                    std::move(where));
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// value = value * 10 + digit; sets *overflow instead of wrapping.
void push_digit(char c, UInt128* value, bool* overflow) {
  if (*overflow) return;
  *overflow = __builtin_mul_overflow(*value, UInt128{10}, value) ||
              __builtin_add_overflow(*value, static_cast<UInt128>(c - '0'), value);
}

struct IntegerPart {
  UInt128 value = 0;
  int digits = 0;
  bool overflow = false;
};

// Scans digits with optional separators ("1,234,567"). Returns false on a
// misplaced separator: the first group has 1-3 digits, every later one 3.
bool scan_integer(std::string_view text, char separator, std::size_t* pos, IntegerPart* out) {
  int group = 0;
  bool grouped = false;
  for (; *pos < text.size(); ++*pos) {
    const char c = text[*pos];
    if (is_digit(c)) {
      push_digit(c, &out->value, &out->overflow);
      ++out->digits;
      ++group;
    } else if (separator != '\0' && c == separator) {
      if (group == 0 || (grouped ? group != 3 : group > 3)) return false;
      grouped = true;
      group = 0;
    } else {
      break;
    }
  }
  return !grouped || group == 3;
}

struct FractionPart {
  UInt128 value = 0;  // The first 12 digits, scaled to 10^-12 units.
  int digits = 0;
  bool too_precise = false;
};

void scan_fraction(std::string_view text, std::size_t* pos, FractionPart* out) {
  for (; *pos < text.size() && is_digit(text[*pos]); ++*pos) {
    if (out->digits < Decimal::kScale) {
      out->value = out->value * 10 + static_cast<UInt128>(text[*pos] - '0');
    } else if (text[*pos] != '0') {
      out->too_precise = true;
    }
    ++out->digits;
  }
  if (out->digits < Decimal::kScale) {
    out->value *= internal::power_of_ten(Decimal::kScale - out->digits);
  }
}

}  // namespace

Result<Decimal> Decimal::parse(std::string_view text, ParseOptions options) {
  FERMATA_ASSERT(options.decimal_point != options.thousands_separator);
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  IntegerPart integer;
  if (!scan_integer(text, options.thousands_separator, &pos, &integer)) {
    return parse_error(ErrorCode::kDecimalSyntax, text, "misplaced digit-group separator");
  }
  FractionPart fraction;
  if (pos < text.size() && text[pos] == options.decimal_point) {
    ++pos;
    scan_fraction(text, &pos, &fraction);
    // "5." is rejected: a bare point is more likely a truncated value.
    if (fraction.digits == 0) {
      return parse_error(ErrorCode::kDecimalSyntax, text, "no digits after the decimal point");
    }
  }
  if (pos != text.size()) {
    return parse_error(ErrorCode::kDecimalSyntax, text, "unexpected character");
  }
  if (integer.digits + fraction.digits == 0) {
    return parse_error(ErrorCode::kDecimalSyntax, text, "no digits");
  }
  if (fraction.too_precise) {
    return parse_error(ErrorCode::kDecimalTooPrecise, text, "more than 12 fractional digits");
  }
  UInt128 magnitude;
  Int128 raw;
  if (integer.overflow ||
      __builtin_mul_overflow(integer.value, static_cast<UInt128>(kOne), &magnitude) ||
      __builtin_add_overflow(magnitude, fraction.value, &magnitude) ||
      !internal::signed_from_magnitude(magnitude, negative, &raw)) {
    return parse_error(ErrorCode::kDecimalOverflow, text, "beyond the 128-bit range");
  }
  return Decimal(raw);
}

}  // namespace fermata
