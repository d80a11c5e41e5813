#include <string>

#include <gtest/gtest.h>

#include "fermata/money/money.h"
#include "fermata/money/money_test_util.h"

namespace fermata {
namespace {

using testing_util::D;
using testing_util::kMaxRaw;
using testing_util::kMinRaw;

ErrorCode ParseCode(std::string_view text, ParseOptions options = {}) {
  Result<Decimal> d = Decimal::Parse(text, options);
  return d ? ErrorCode::kOk : d.error().code;
}

TEST(DecimalParseTest, AcceptsPlainForms) {
  EXPECT_EQ(D("1234.5678").raw(), Int128{1'234'567'800'000'000});
  EXPECT_EQ(D("-0.003").raw(), Int128{-3'000'000'000});
  EXPECT_EQ(D("+5"), Decimal::FromUnits(5));
  EXPECT_EQ(D(".5").raw(), Int128{500'000'000'000});
  EXPECT_EQ(D("-.5").raw(), Int128{-500'000'000'000});
  EXPECT_EQ(D("0"), Decimal());
  EXPECT_EQ(D("-0"), Decimal());
  EXPECT_EQ(D("007"), Decimal::FromUnits(7));
  EXPECT_EQ(D("0.000000000001").raw(), Int128{1});
}

TEST(DecimalParseTest, ThousandsSeparatorOnlyWhenAsked) {
  EXPECT_EQ(ParseCode("1,234.56"), ErrorCode::kDecimalSyntax);
  ParseOptions comma{.thousands_separator = ','};
  Result<Decimal> d = Decimal::Parse("1,234.56", comma);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, D("1234.56"));
  Result<Decimal> big = Decimal::Parse("-12,345,678", comma);
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(*big, Decimal::FromUnits(-12'345'678));
  Result<Decimal> ungrouped = Decimal::Parse("1234.5", comma);
  ASSERT_TRUE(ungrouped.has_value());
  EXPECT_EQ(*ungrouped, D("1234.5"));
}

TEST(DecimalParseTest, EuropeanFormat) {
  ParseOptions european{.thousands_separator = '.', .decimal_point = ','};
  Result<Decimal> d = Decimal::Parse("1.234,56", european);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, D("1234.56"));
  EXPECT_EQ(ParseCode("1.234.567,5", european), ErrorCode::kOk);
  EXPECT_EQ(ParseCode("1,234.56", european), ErrorCode::kDecimalSyntax);
}

TEST(DecimalParseTest, RejectsMalformed) {
  ParseOptions comma{.thousands_separator = ','};
  EXPECT_EQ(ParseCode("1,23.4", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(ParseCode("1234,567", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(ParseCode(",123", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(ParseCode("1,,234", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(ParseCode("1,234,", comma), ErrorCode::kDecimalSyntax);
  EXPECT_EQ(ParseCode("1.234,5", comma), ErrorCode::kDecimalSyntax);
  for (const char* text : {"1.2.3", "", "-", "+", ".", "1e5", " 1", "1 ", "--1", "+-1", "1.",
                           "0x10", "1_000", "abc", "1.5a", "\xef\xbc\x91"}) {
    EXPECT_EQ(ParseCode(text), ErrorCode::kDecimalSyntax) << "'" << text << "'";
  }
}

TEST(DecimalParseTest, Precision) {
  EXPECT_EQ(ParseCode("1.0000000000001"), ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(ParseCode("0.0000000000005"), ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(ParseCode("1.0000000000000000000001"), ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(D("1.0000000000000"), Decimal::FromUnits(1));
  EXPECT_EQ(D("0.123456789012000000"), D("0.123456789012"));
}

TEST(DecimalParseTest, RangeLimits) {
  const Decimal max = Decimal::FromRaw(kMaxRaw);
  const Decimal min = Decimal::FromRaw(kMinRaw);
  EXPECT_EQ(max.ToString(), "170141183460469231731687303.715884105727");
  EXPECT_EQ(min.ToString(), "-170141183460469231731687303.715884105728");
  EXPECT_EQ(D("170141183460469231731687303.715884105727"), max);
  EXPECT_EQ(D("-170141183460469231731687303.715884105728"), min);
  EXPECT_EQ(ParseCode("170141183460469231731687303.715884105728"), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(ParseCode("-170141183460469231731687303.715884105729"), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(ParseCode("170141183460469231731687304"), ErrorCode::kDecimalOverflow);
  EXPECT_EQ(ParseCode("1000000000000000000000000000000000000000000000"),
            ErrorCode::kDecimalOverflow);
}

TEST(DecimalParseTest, LargeValuesRoundTrip) {
  EXPECT_EQ(D("1000000000000000").ToString(), "1000000000000000");
  EXPECT_EQ(D("100000000000000000000").ToString(), "100000000000000000000");
  EXPECT_EQ(D("100000000000000000000.000000000001").ToString(),
            "100000000000000000000.000000000001");
  EXPECT_EQ(D("100000000000000000000").raw(),
            Int128{100'000'000'000'000'000} * 1000 * Decimal::kOne);
}

TEST(DecimalFormatTest, ToStringIsCanonical) {
  EXPECT_EQ(Decimal().ToString(), "0");
  EXPECT_EQ(D("-0.003").ToString(), "-0.003");
  EXPECT_EQ(D("1234.5678").ToString(), "1234.5678");
  EXPECT_EQ(D("+5.000").ToString(), "5");
  EXPECT_EQ(D("0.5").ToString(), "0.5");
  EXPECT_EQ(D("-10").ToString(), "-10");
  EXPECT_EQ(Decimal::FromRaw(1).ToString(), "0.000000000001");
  EXPECT_EQ(Decimal::FromRaw(-100).ToString(), "-0.0000000001");
}

TEST(DecimalFormatTest, ToFixedRoundsHalfEvenByDefault) {
  EXPECT_EQ(D("1.005").ToFixed(2), "1.00");
  EXPECT_EQ(D("1.015").ToFixed(2), "1.02");
  EXPECT_EQ(D("1.025").ToFixed(2), "1.02");
  EXPECT_EQ(D("-2.5").ToFixed(0), "-2");
  EXPECT_EQ(D("-3.5").ToFixed(0), "-4");
  EXPECT_EQ(D("1.005").ToFixed(2, RoundingMode::kHalfUp), "1.01");
  EXPECT_EQ(D("1.001").ToFixed(2, RoundingMode::kUp), "1.01");
  EXPECT_EQ(D("-1.009").ToFixed(2, RoundingMode::kDown), "-1.00");
  EXPECT_EQ(D("-1.001").ToFixed(2, RoundingMode::kFloor), "-1.01");
  EXPECT_EQ(D("-1.009").ToFixed(2, RoundingMode::kCeiling), "-1.00");
  EXPECT_EQ(D("7").ToFixed(3), "7.000");
  EXPECT_EQ(D("-0.001").ToFixed(2), "0.00");
  EXPECT_EQ(D("0.000000000001").ToFixed(12), "0.000000000001");
  EXPECT_EQ(Decimal::FromRaw(kMaxRaw).ToFixed(0), "170141183460469231731687304");
  EXPECT_EQ(Decimal::FromRaw(kMinRaw).ToFixed(2), "-170141183460469231731687303.72");
}

TEST(DecimalArithmeticTest, AddSubNegate) {
  EXPECT_EQ(*D("0.1").CheckedAdd(D("0.2")), D("0.3"));
  EXPECT_EQ(*D("1").CheckedSub(D("1.000000000001")), D("-0.000000000001"));
  EXPECT_EQ(*D("-4.5").CheckedNegate(), D("4.5"));
  EXPECT_EQ(D("2") + D("3") - D("0.5"), D("4.5"));
  EXPECT_EQ(-D("2"), D("-2"));
  Decimal acc;
  acc += D("1.25");
  acc -= D("0.25");
  EXPECT_EQ(acc, D("1"));
}

TEST(DecimalArithmeticTest, OverflowIsDetected) {
  const Decimal max = Decimal::FromRaw(kMaxRaw);
  const Decimal min = Decimal::FromRaw(kMinRaw);
  const Decimal tiny = Decimal::FromRaw(1);
  EXPECT_EQ(max.CheckedAdd(tiny).error().code, ErrorCode::kDecimalOverflow);
  EXPECT_EQ(min.CheckedSub(tiny).error().code, ErrorCode::kDecimalOverflow);
  EXPECT_EQ(min.CheckedNegate().error().code, ErrorCode::kDecimalOverflow);
  EXPECT_EQ(*max.CheckedNegate(), Decimal::FromRaw(kMinRaw + 1));
  EXPECT_EQ(min.CheckedMul(D("-1")).error().code, ErrorCode::kDecimalOverflow);
  EXPECT_EQ(*min.CheckedMul(D("1")), min);
  EXPECT_EQ(max.CheckedMul(D("1.000000000001")).error().code, ErrorCode::kDecimalOverflow);
  EXPECT_EQ(D("10000000000000").CheckedMul(D("100000000000000")).error().code,
            ErrorCode::kDecimalOverflow);
  EXPECT_EQ(max.CheckedDiv(D("0.5")).error().code, ErrorCode::kDecimalOverflow);
  EXPECT_EQ(max.RoundTo(0).error().code, ErrorCode::kDecimalOverflow);
}

TEST(DecimalArithmeticTest, MulIsExact) {
  const Decimal plays = Decimal::FromUnits(1'000'000);
  EXPECT_EQ(*plays.CheckedMul(D("0.003472")), D("3472"));
  EXPECT_EQ(*D("1.5").CheckedMul(D("-2")), D("-3"));
  EXPECT_EQ(*D("-0.000001").CheckedMul(D("-0.000001")), D("0.000000000001"));
  // Operands beyond 64 bits take the 256-bit path.
  EXPECT_EQ(*D("100000000000000").CheckedMul(D("1000000000.000000000001")),
            D("100000000000000000000100"));
  EXPECT_EQ(*D("12345678901234.567890123456").CheckedMul(D("0.000000000001"), RoundingMode::kDown),
            D("12.345678901234"));
}

TEST(DecimalArithmeticTest, MulRoundingModes) {
  const Decimal tiny = D("0.000000000001");
  const Decimal half = D("0.5");
  EXPECT_EQ(*tiny.CheckedMul(half, RoundingMode::kHalfEven), Decimal());
  EXPECT_EQ(*tiny.CheckedMul(half, RoundingMode::kHalfUp), tiny);
  EXPECT_EQ(*tiny.CheckedMul(half, RoundingMode::kDown), Decimal());
  EXPECT_EQ(*tiny.CheckedMul(half, RoundingMode::kUp), tiny);
  EXPECT_EQ(*tiny.CheckedMul(half, RoundingMode::kFloor), Decimal());
  EXPECT_EQ(*tiny.CheckedMul(half, RoundingMode::kCeiling), tiny);
  const Decimal neg = -tiny;
  EXPECT_EQ(*neg.CheckedMul(half, RoundingMode::kHalfEven), Decimal());
  EXPECT_EQ(*neg.CheckedMul(half, RoundingMode::kHalfUp), neg);
  EXPECT_EQ(*neg.CheckedMul(half, RoundingMode::kFloor), neg);
  EXPECT_EQ(*neg.CheckedMul(half, RoundingMode::kCeiling), Decimal());
  // 0.000000000003 * 0.5 = 1.5e-12: half-even goes to the even 2e-12.
  EXPECT_EQ(*D("0.000000000003").CheckedMul(half), D("0.000000000002"));
  EXPECT_EQ(*D("0.000000000003").CheckedMul(D("0.4")), D("0.000000000001"));
  EXPECT_EQ(*D("0.000000000003").CheckedMul(D("0.6")), D("0.000000000002"));
}

TEST(DecimalArithmeticTest, Div) {
  EXPECT_EQ(*D("10").CheckedDiv(D("4")), D("2.5"));
  EXPECT_EQ(*D("1").CheckedDiv(D("3")), D("0.333333333333"));
  EXPECT_EQ(*D("2").CheckedDiv(D("3")), D("0.666666666667"));
  EXPECT_EQ(*D("2").CheckedDiv(D("3"), RoundingMode::kDown), D("0.666666666666"));
  EXPECT_EQ(*D("-1").CheckedDiv(D("3"), RoundingMode::kFloor), D("-0.333333333334"));
  EXPECT_EQ(*D("-1").CheckedDiv(D("3"), RoundingMode::kCeiling), D("-0.333333333333"));
  EXPECT_EQ(*D("3472").CheckedDiv(D("0.003472")), Decimal::FromUnits(1'000'000));
  EXPECT_EQ(*D("0.000000000001").CheckedDiv(D("2")), Decimal());
  EXPECT_EQ(*D("0.000000000003").CheckedDiv(D("2")), D("0.000000000002"));
  EXPECT_EQ(*D("100000000000000000000").CheckedDiv(D("0.000001")),
            D("100000000000000000000000000"));
  EXPECT_EQ(*Decimal::FromRaw(kMinRaw).CheckedDiv(D("1")), Decimal::FromRaw(kMinRaw));
  EXPECT_EQ(D("1").CheckedDiv(Decimal()).error().code, ErrorCode::kFieldInvalid);
}

TEST(DecimalArithmeticTest, RoundTo) {
  EXPECT_EQ(*D("1.005").RoundTo(2), D("1"));
  EXPECT_EQ(*D("1.015").RoundTo(2), D("1.02"));
  EXPECT_EQ(*D("-2.5").RoundTo(0), D("-2"));
  EXPECT_EQ(*D("2.5").RoundTo(0, RoundingMode::kHalfUp), D("3"));
  EXPECT_EQ(*D("-2.5").RoundTo(0, RoundingMode::kHalfUp), D("-3"));
  EXPECT_EQ(*D("-2.1").RoundTo(0, RoundingMode::kFloor), D("-3"));
  EXPECT_EQ(*D("2.1").RoundTo(0, RoundingMode::kCeiling), D("3"));
  EXPECT_EQ(*D("2.9").RoundTo(0, RoundingMode::kDown), D("2"));
  EXPECT_EQ(*D("123.4567").RoundTo(3), D("123.457"));
  EXPECT_EQ(*D("0.000000000001").RoundTo(12), D("0.000000000001"));
  EXPECT_EQ(*Decimal::FromRaw(kMinRaw).RoundTo(12), Decimal::FromRaw(kMinRaw));
  EXPECT_EQ(Decimal::FromRaw(kMinRaw).RoundTo(0).error().code, ErrorCode::kDecimalOverflow);
}

TEST(DecimalTest, Accessors) {
  EXPECT_TRUE(D("3").IsWhole());
  EXPECT_FALSE(D("3.1").IsWhole());
  EXPECT_TRUE(D("-3").IsWhole());
  EXPECT_EQ(D("-3").sign(), -1);
  EXPECT_EQ(D("0").sign(), 0);
  EXPECT_TRUE(D("0").is_zero());
  EXPECT_LT(D("-1"), D("0.5"));
  EXPECT_EQ(Decimal::FromUnits(-7).raw(), Int128{-7} * Decimal::kOne);
}

}  // namespace
}  // namespace fermata
