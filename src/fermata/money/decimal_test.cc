#include <string>

#include <gtest/gtest.h>

#include "fermata/money/money.h"
#include "fermata/money/money_test_util.h"

namespace fermata {
namespace {

using testing_util::dec;
using testing_util::kMaxRaw;
using testing_util::kMinRaw;

ErrorCode parse_code(std::string_view text, ParseOptions options = {}) {
  Result<Decimal> d = Decimal::parse(text, options);
  return d ? ErrorCode::kOk : d.error().code;
}

TEST(DecimalParseTest, AcceptsPlainForms) {
  EXPECT_EQ(dec("1234.5678").raw(), Int128{1'234'567'800'000'000});
  EXPECT_EQ(dec("-0.003").raw(), Int128{-3'000'000'000});
  EXPECT_EQ(dec("+5"), Decimal::from_units(5));
  EXPECT_EQ(dec(".5").raw(), Int128{500'000'000'000});
  EXPECT_EQ(dec("-.5").raw(), Int128{-500'000'000'000});
  EXPECT_EQ(dec("0"), Decimal());
  EXPECT_EQ(dec("-0"), Decimal());
  EXPECT_EQ(dec("007"), Decimal::from_units(7));
  EXPECT_EQ(dec("0.000000000001").raw(), Int128{1});
}

TEST(DecimalParseTest, ThousandsSeparatorOnlyWhenAsked) {
  EXPECT_EQ(parse_code("1,234.56"), ErrorCode::kDecimalSyntax);
  ParseOptions comma{.thousands_separator = ','};
  Result<Decimal> d = Decimal::parse("1,234.56", comma);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, dec("1234.56"));
  Result<Decimal> big = Decimal::parse("-12,345,678", comma);
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(*big, Decimal::from_units(-12'345'678));
  Result<Decimal> ungrouped = Decimal::parse("1234.5", comma);
  ASSERT_TRUE(ungrouped.has_value());
  EXPECT_EQ(*ungrouped, dec("1234.5"));
}

TEST(DecimalParseTest, EuropeanFormat) {
  ParseOptions european{.thousands_separator = '.', .decimal_point = ','};
  Result<Decimal> d = Decimal::parse("1.234,56", european);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, dec("1234.56"));
  EXPECT_EQ(parse_code("1.234.567,5", european), ErrorCode::kOk);
  EXPECT_EQ(parse_code("1,234.56", european), ErrorCode::kDecimalSyntax);
}

TEST(DecimalParseTest, RejectsMalformed) {
  ParseOptions comma{.thousands_separator = ','};
  EXPECT_EQ(parse_code("1,23.4", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(parse_code("1234,567", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(parse_code(",123", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(parse_code("1,,234", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(parse_code("1,234,", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(parse_code("1.234,5", comma), ErrorCode::kDecimalSyntax);
  for (const char* text : {"1.2.3", "", "-", "+", ".", "1e5", " 1", "1 ", "--1", "+-1", "1.",
                           "0x10", "1_000", "abc", "1.5a", "\xef\xbc\x91"}) {
    EXPECT_EQ(parse_code(text), ErrorCode::kDecimalSyntax) << "'" << text << "'";
  }
}

TEST(DecimalParseTest, Precision) {
  EXPECT_EQ(parse_code("1.0000000000001"), ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(parse_code("0.0000000000005"), ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(parse_code("1.0000000000000000000001"), ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(dec("1.0000000000000"), Decimal::from_units(1));
  EXPECT_EQ(dec("0.123456789012000000"), dec("0.123456789012"));
}

TEST(DecimalParseTest, RangeLimits) {
  const Decimal max = Decimal::from_raw(kMaxRaw);
  const Decimal min = Decimal::from_raw(kMinRaw);
  EXPECT_EQ(max.to_string(), "170141183460469231731687303.715884105727");
  EXPECT_EQ(min.to_string(), "-170141183460469231731687303.715884105728");
  EXPECT_EQ(dec("170141183460469231731687303.715884105727"), max);
  EXPECT_EQ(dec("-170141183460469231731687303.715884105728"), min);
  EXPECT_EQ(parse_code("170141183460469231731687303.715884105728"), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(parse_code("-170141183460469231731687303.715884105729"), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(parse_code("170141183460469231731687304"), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(parse_code("1000000000000000000000000000000000000000000000"),
            ErrorCode::kDecimalOverflow);
}

TEST(DecimalParseTest, LargeValuesRoundTrip) {
  EXPECT_EQ(dec("1000000000000000").to_string(), "1000000000000000");
  EXPECT_EQ(dec("100000000000000000000").to_string(), "100000000000000000000");
  EXPECT_EQ(dec("100000000000000000000.000000000001").to_string(),
            "100000000000000000000.000000000001");
  EXPECT_EQ(dec("100000000000000000000").raw(),
            Int128{100'000'000'000'000'000} * 1000 * Decimal::kOne);
}

TEST(DecimalFormatTest, ToStringIsCanonical) {
  EXPECT_EQ(Decimal().to_string(), "0");
  EXPECT_EQ(dec("-0.003").to_string(), "-0.003");
  EXPECT_EQ(dec("1234.5678").to_string(), "1234.5678");
  EXPECT_EQ(dec("+5.000").to_string(), "5");
  EXPECT_EQ(dec("0.5").to_string(), "0.5");
  EXPECT_EQ(dec("-10").to_string(), "-10");
  EXPECT_EQ(Decimal::from_raw(1).to_string(), "0.000000000001");
  EXPECT_EQ(Decimal::from_raw(-100).to_string(), "-0.0000000001");
}

TEST(DecimalFormatTest, ToFixedRoundsHalfEvenByDefault) {
  EXPECT_EQ(dec("1.005").to_fixed(2), "1.00");
  EXPECT_EQ(dec("1.015").to_fixed(2), "1.02");
  EXPECT_EQ(dec("1.025").to_fixed(2), "1.02");
  EXPECT_EQ(dec("-2.5").to_fixed(0), "-2");
  EXPECT_EQ(dec("-3.5").to_fixed(0), "-4");
  EXPECT_EQ(dec("1.005").to_fixed(2, RoundingMode::kHalfUp), "1.01");
  EXPECT_EQ(dec("1.001").to_fixed(2, RoundingMode::kUp), "1.01");
  EXPECT_EQ(dec("-1.009").to_fixed(2, RoundingMode::kDown), "-1.00");
  EXPECT_EQ(dec("-1.001").to_fixed(2, RoundingMode::kFloor), "-1.01");
  EXPECT_EQ(dec("-1.009").to_fixed(2, RoundingMode::kCeiling), "-1.00");
  EXPECT_EQ(dec("7").to_fixed(3), "7.000");
  EXPECT_EQ(dec("-0.001").to_fixed(2), "0.00");
  EXPECT_EQ(dec("0.000000000001").to_fixed(12), "0.000000000001");
  EXPECT_EQ(Decimal::from_raw(kMaxRaw).to_fixed(0), "170141183460469231731687304");
  EXPECT_EQ(Decimal::from_raw(kMinRaw).to_fixed(2), "-170141183460469231731687303.72");
}

TEST(DecimalArithmeticTest, AddSubNegate) {
  EXPECT_EQ(*dec("0.1").checked_add(dec("0.2")), dec("0.3"));
  EXPECT_EQ(*dec("1").checked_sub(dec("1.000000000001")), dec("-0.000000000001"));
  EXPECT_EQ(*dec("-4.5").checked_negate(), dec("4.5"));
  EXPECT_EQ(dec("2") + dec("3") - dec("0.5"), dec("4.5"));
  EXPECT_EQ(-dec("2"), dec("-2"));
  Decimal acc;
  acc += dec("1.25");
  acc -= dec("0.25");
  EXPECT_EQ(acc, dec("1"));
}

TEST(DecimalArithmeticTest, OverflowIsDetected) {
  const Decimal max = Decimal::from_raw(kMaxRaw);
  const Decimal min = Decimal::from_raw(kMinRaw);
  const Decimal tiny = Decimal::from_raw(1);
  // kOk for a value, so that a wrapped result fails the test instead of aborting it.
  const auto code = [](const Result<Decimal>& r) { return r ? ErrorCode::kOk : r.error().code; };
  EXPECT_EQ(code(max.checked_add(tiny)), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(code(min.checked_sub(tiny)), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(code(min.checked_negate()), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(*max.checked_negate(), Decimal::from_raw(kMinRaw + 1));
  EXPECT_EQ(code(min.checked_mul(dec("-1"))), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(*min.checked_mul(dec("1")), min);
  EXPECT_EQ(code(max.checked_mul(dec("1.000000000001"))), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(code(dec("10000000000000").checked_mul(dec("100000000000000"))),
            ErrorCode::kDecimalOverflow);
  EXPECT_EQ(code(max.checked_div(dec("0.5"))), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(code(max.round_to(0)), ErrorCode::kDecimalOverflow);
}

TEST(DecimalArithmeticTest, MulIsExact) {
  const Decimal plays = Decimal::from_units(1'000'000);
  EXPECT_EQ(*plays.checked_mul(dec("0.003472")), dec("3472"));
  EXPECT_EQ(*dec("1.5").checked_mul(dec("-2")), dec("-3"));
  EXPECT_EQ(*dec("-0.000001").checked_mul(dec("-0.000001")), dec("0.000000000001"));
  // Operands beyond 64 bits take the 256-bit path.
  EXPECT_EQ(*dec("100000000000000").checked_mul(dec("1000000000.000000000001")),
            dec("100000000000000000000100"));
  EXPECT_EQ(
      *dec("12345678901234.567890123456").checked_mul(dec("0.000000000001"), RoundingMode::kDown),
      dec("12.345678901234"));
}

TEST(DecimalArithmeticTest, MulRoundingModes) {
  const Decimal tiny = dec("0.000000000001");
  const Decimal half = dec("0.5");
  EXPECT_EQ(*tiny.checked_mul(half, RoundingMode::kHalfEven), Decimal());
  EXPECT_EQ(*tiny.checked_mul(half, RoundingMode::kHalfUp), tiny);
  EXPECT_EQ(*tiny.checked_mul(half, RoundingMode::kDown), Decimal());
  EXPECT_EQ(*tiny.checked_mul(half, RoundingMode::kUp), tiny);
  EXPECT_EQ(*tiny.checked_mul(half, RoundingMode::kFloor), Decimal());
  EXPECT_EQ(*tiny.checked_mul(half, RoundingMode::kCeiling), tiny);
  const Decimal neg = -tiny;
  EXPECT_EQ(*neg.checked_mul(half, RoundingMode::kHalfEven), Decimal());
  EXPECT_EQ(*neg.checked_mul(half, RoundingMode::kHalfUp), neg);
  EXPECT_EQ(*neg.checked_mul(half, RoundingMode::kFloor), neg);
  EXPECT_EQ(*neg.checked_mul(half, RoundingMode::kCeiling), Decimal());
  // 0.000000000003 * 0.5 = 1.5e-12: half-even goes to the even 2e-12.
  EXPECT_EQ(*dec("0.000000000003").checked_mul(half), dec("0.000000000002"));
  EXPECT_EQ(*dec("0.000000000003").checked_mul(dec("0.4")), dec("0.000000000001"));
  EXPECT_EQ(*dec("0.000000000003").checked_mul(dec("0.6")), dec("0.000000000002"));
}

TEST(DecimalArithmeticTest, Div) {
  EXPECT_EQ(*dec("10").checked_div(dec("4")), dec("2.5"));
  EXPECT_EQ(*dec("1").checked_div(dec("3")), dec("0.333333333333"));
  EXPECT_EQ(*dec("2").checked_div(dec("3")), dec("0.666666666667"));
  EXPECT_EQ(*dec("2").checked_div(dec("3"), RoundingMode::kDown), dec("0.666666666666"));
  EXPECT_EQ(*dec("-1").checked_div(dec("3"), RoundingMode::kFloor), dec("-0.333333333334"));
  EXPECT_EQ(*dec("-1").checked_div(dec("3"), RoundingMode::kCeiling), dec("-0.333333333333"));
  EXPECT_EQ(*dec("3472").checked_div(dec("0.003472")), Decimal::from_units(1'000'000));
  EXPECT_EQ(*dec("0.000000000001").checked_div(dec("2")), Decimal());
  EXPECT_EQ(*dec("0.000000000003").checked_div(dec("2")), dec("0.000000000002"));
  EXPECT_EQ(*dec("100000000000000000000").checked_div(dec("0.000001")),
            dec("100000000000000000000000000"));
  EXPECT_EQ(*Decimal::from_raw(kMinRaw).checked_div(dec("1")), Decimal::from_raw(kMinRaw));
  EXPECT_EQ(dec("1").checked_div(Decimal()).error().code, ErrorCode::kFieldInvalid);
}

TEST(DecimalArithmeticTest, RoundTo) {
  EXPECT_EQ(*dec("1.005").round_to(2), dec("1"));
  EXPECT_EQ(*dec("1.015").round_to(2), dec("1.02"));
  EXPECT_EQ(*dec("-2.5").round_to(0), dec("-2"));
  EXPECT_EQ(*dec("2.5").round_to(0, RoundingMode::kHalfUp), dec("3"));
  EXPECT_EQ(*dec("-2.5").round_to(0, RoundingMode::kHalfUp), dec("-3"));
  EXPECT_EQ(*dec("-2.1").round_to(0, RoundingMode::kFloor), dec("-3"));
  EXPECT_EQ(*dec("2.1").round_to(0, RoundingMode::kCeiling), dec("3"));
  EXPECT_EQ(*dec("2.9").round_to(0, RoundingMode::kDown), dec("2"));
  EXPECT_EQ(*dec("123.4567").round_to(3), dec("123.457"));
  EXPECT_EQ(*dec("0.000000000001").round_to(12), dec("0.000000000001"));
  EXPECT_EQ(*Decimal::from_raw(kMinRaw).round_to(12), Decimal::from_raw(kMinRaw));
  EXPECT_EQ(Decimal::from_raw(kMinRaw).round_to(0).error().code, ErrorCode::kDecimalOverflow);
}

TEST(DecimalTest, Accessors) {
  EXPECT_TRUE(dec("3").is_whole());
  EXPECT_FALSE(dec("3.1").is_whole());
  EXPECT_TRUE(dec("-3").is_whole());
  EXPECT_EQ(dec("-3").sign(), -1);
  EXPECT_EQ(dec("0").sign(), 0);
  EXPECT_TRUE(dec("0").is_zero());
  EXPECT_LT(dec("-1"), dec("0.5"));
  EXPECT_EQ(Decimal::from_units(-7).raw(), Int128{-7} * Decimal::kOne);
}

}  // namespace
}  // namespace fermata
