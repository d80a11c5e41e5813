#include <vector>

#include <gtest/gtest.h>

#include "fermata/money/money.h"
#include "fermata/money/money_test_util.h"

namespace fermata {
namespace {

using testing_util::D;
using testing_util::kMinRaw;

std::vector<Decimal> Ds(std::initializer_list<const char*> texts) {
  std::vector<Decimal> out;
  for (const char* text : texts) out.push_back(D(text));
  return out;
}

TEST(AllocateTest, EqualSharesGiveTheExtraCentToTheFirst) {
  Result<std::vector<Decimal>> parts = Allocate(D("100.00"), Ds({"1", "1", "1"}), 2);
  ASSERT_TRUE(parts.has_value()) << parts.error().ToString();
  EXPECT_EQ(*parts, Ds({"33.34", "33.33", "33.33"}));
}

TEST(AllocateTest, ProportionalExact) {
  Result<std::vector<Decimal>> parts = Allocate(D("10"), Ds({"1", "3", "6"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"1", "3", "6"}));
}

TEST(AllocateTest, LargestRemainderWins) {
  // 10 cents by 1:2:3: exact 1.667, 3.333, 5 cents; the leftover cent goes to
  // the largest remainder (index 0).
  Result<std::vector<Decimal>> parts = Allocate(D("0.10"), Ds({"1", "2", "3"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"0.02", "0.03", "0.05"}));
}

TEST(AllocateTest, TiesGoToTheLargerShareThenTheLowerIndex) {
  // 0.05 by 1:1:2:2 (sum 6): 0.8333, 0.8333, 1.6667, 1.6667 cents. Floors
  // 0,0,1,1; the fractional remainders are equal in pairs (5/6, 5/6, 4/6,
  // 4/6 in units of 1/6), so the 3 leftover cents go to index 0, 1, then the
  // larger share at index 2.
  Result<std::vector<Decimal>> parts = Allocate(D("0.05"), Ds({"1", "1", "2", "2"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"0.01", "0.01", "0.02", "0.01"}));
}

TEST(AllocateTest, EqualRemaindersPreferTheLargerShareOverTheLowerIndex) {
  // 2 units by 1:3 (sum 4): exact 0.5 and 1.5, both with remainder 2/4. The
  // one leftover unit goes to the larger share even though it comes second.
  Result<std::vector<Decimal>> parts = Allocate(D("2"), Ds({"1", "3"}), 0);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"0", "2"}));
  // 2 cents by 2:1:1: exact 1, 0.5, 0.5; equal shares tie, the lower index wins.
  parts = Allocate(D("0.02"), Ds({"2", "1", "1"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"0.01", "0.01", "0"}));
  // 3 units by 1:2:4:1 (sum 8): exact 0.375, 0.75, 1.5, 0.375; remainders 3,
  // 6, 4, 3 eighths; the 2 leftover units go to index 1 then index 2.
  parts = Allocate(D("3"), Ds({"1", "2", "4", "1"}), 0);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"0", "1", "2", "0"}));
  // 7 units by 5:5:10:10: exact 7/6, 7/6, 7/3, 7/3; floors 1, 1, 2, 2; the
  // leftover unit goes to the larger remainder (index 2, before index 3).
  parts = Allocate(D("7"), Ds({"5", "5", "10", "10"}), 0);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"1", "1", "3", "2"}));
}

TEST(AllocateTest, NegativeTotalMirrorsPositive) {
  Result<std::vector<Decimal>> parts = Allocate(D("-100.00"), Ds({"1", "1", "1"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"-33.34", "-33.33", "-33.33"}));
}

TEST(AllocateTest, ZeroSharesGetNothing) {
  Result<std::vector<Decimal>> parts = Allocate(D("1"), Ds({"0", "1", "0"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"0", "1", "0"}));
  parts = Allocate(D("0"), Ds({"1", "2"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"0", "0"}));
}

TEST(AllocateTest, ExtremeMagnitudes) {
  const Decimal min = Decimal::FromRaw(kMinRaw);
  Result<std::vector<Decimal>> parts = Allocate(min, Ds({"1"}), 12);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, std::vector<Decimal>{min});
  const Decimal huge_share = Decimal::FromRaw(-(kMinRaw + 1));
  const std::vector<Decimal> huge_shares(3, huge_share);
  parts = Allocate(D("1000000000000000000000"), huge_shares, 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, Ds({"333333333333333333333.34", "333333333333333333333.33",
                        "333333333333333333333.33"}));
}

TEST(AllocateTest, Errors) {
  EXPECT_EQ(Allocate(D("1"), {}, 2).error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(Allocate(D("1"), Ds({"1", "-1"}), 2).error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(Allocate(D("1"), Ds({"0", "0"}), 2).error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(Allocate(D("1.001"), Ds({"1"}), 2).error().code, ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(Allocate(D("1.5"), Ds({"1"}), 0).error().code, ErrorCode::kDecimalTooPrecise);
}

}  // namespace
}  // namespace fermata
