#include <vector>

#include <gtest/gtest.h>

#include "fermata/money/money.h"
#include "fermata/money/money_test_util.h"

namespace fermata {
namespace {

using testing_util::dec;
using testing_util::kMinRaw;

std::vector<Decimal> ds(std::initializer_list<const char*> texts) {
  std::vector<Decimal> out;
  for (const char* text : texts) out.push_back(dec(text));
  return out;
}

TEST(AllocateTest, EqualSharesGiveTheExtraCentToTheFirst) {
  Result<std::vector<Decimal>> parts = allocate(dec("100.00"), ds({"1", "1", "1"}), 2);
  ASSERT_TRUE(parts.has_value()) << parts.error().to_string();
  EXPECT_EQ(*parts, ds({"33.34", "33.33", "33.33"}));
}

TEST(AllocateTest, ProportionalExact) {
  Result<std::vector<Decimal>> parts = allocate(dec("10"), ds({"1", "3", "6"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"1", "3", "6"}));
}

TEST(AllocateTest, LargestRemainderWins) {
  // 10 cents by 1:2:3: exact 1.667, 3.333, 5 cents; the leftover cent goes to
  // the largest remainder (index 0).
  Result<std::vector<Decimal>> parts = allocate(dec("0.10"), ds({"1", "2", "3"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"0.02", "0.03", "0.05"}));
}

TEST(AllocateTest, TiesGoToTheLargerShareThenTheLowerIndex) {
  // 0.05 by 1:1:2:2 (sum 6): 0.8333, 0.8333, 1.6667, 1.6667 cents. Floors
  // 0,0,1,1; the fractional remainders are equal in pairs (5/6, 5/6, 4/6,
  // 4/6 in units of 1/6), so the 3 leftover cents go to index 0, 1, then the
  // larger share at index 2.
  Result<std::vector<Decimal>> parts = allocate(dec("0.05"), ds({"1", "1", "2", "2"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"0.01", "0.01", "0.02", "0.01"}));
}

TEST(AllocateTest, EqualRemaindersPreferTheLargerShareOverTheLowerIndex) {
  // 2 units by 1:3 (sum 4): exact 0.5 and 1.5, both with remainder 2/4. The
  // one leftover unit goes to the larger share even though it comes second.
  Result<std::vector<Decimal>> parts = allocate(dec("2"), ds({"1", "3"}), 0);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"0", "2"}));
  // 2 cents by 2:1:1: exact 1, 0.5, 0.5; equal shares tie, the lower index wins.
  parts = allocate(dec("0.02"), ds({"2", "1", "1"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"0.01", "0.01", "0"}));
  // 3 units by 1:2:4:1 (sum 8): exact 0.375, 0.75, 1.5, 0.375; remainders 3,
  // 6, 4, 3 eighths; the 2 leftover units go to index 1 then index 2.
  parts = allocate(dec("3"), ds({"1", "2", "4", "1"}), 0);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"0", "1", "2", "0"}));
  // 7 units by 5:5:10:10: exact 7/6, 7/6, 7/3, 7/3; floors 1, 1, 2, 2; the
  // leftover unit goes to the larger remainder (index 2, before index 3).
  parts = allocate(dec("7"), ds({"5", "5", "10", "10"}), 0);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"1", "1", "3", "2"}));
}

TEST(AllocateTest, NegativeTotalMirrorsPositive) {
  Result<std::vector<Decimal>> parts = allocate(dec("-100.00"), ds({"1", "1", "1"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"-33.34", "-33.33", "-33.33"}));
}

TEST(AllocateTest, ZeroSharesGetNothing) {
  Result<std::vector<Decimal>> parts = allocate(dec("1"), ds({"0", "1", "0"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"0", "1", "0"}));
  parts = allocate(dec("0"), ds({"1", "2"}), 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"0", "0"}));
}

TEST(AllocateTest, ExtremeMagnitudes) {
  const Decimal min = Decimal::from_raw(kMinRaw);
  Result<std::vector<Decimal>> parts = allocate(min, ds({"1"}), 12);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, std::vector<Decimal>{min});
  const Decimal huge_share = Decimal::from_raw(-(kMinRaw + 1));
  const std::vector<Decimal> huge_shares(3, huge_share);
  parts = allocate(dec("1000000000000000000000"), huge_shares, 2);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, ds({"333333333333333333333.34", "333333333333333333333.33",
                        "333333333333333333333.33"}));
}

TEST(AllocateTest, Errors) {
  EXPECT_EQ(allocate(dec("1"), {}, 2).error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(allocate(dec("1"), ds({"1", "-1"}), 2).error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(allocate(dec("1"), ds({"0", "0"}), 2).error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(allocate(dec("1.001"), ds({"1"}), 2).error().code, ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(allocate(dec("1.5"), ds({"1"}), 0).error().code, ErrorCode::kDecimalTooPrecise);
}

}  // namespace
}  // namespace fermata
