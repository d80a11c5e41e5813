#include <set>
#include <string>

#include <gtest/gtest.h>

#include "fermata/money/money.h"

namespace fermata {
namespace {

struct Expected {
  const char* code;
  int numeric;
  int minor_digits;
};

TEST(CurrencyTest, KnownCodes) {
  const Expected expected[] = {
      {"USD", 840, 2}, {"EUR", 978, 2}, {"GBP", 826, 2}, {"JPY", 392, 0}, {"IDR", 360, 2},
      {"KWD", 414, 3}, {"BHD", 48, 3},  {"CHF", 756, 2}, {"CAD", 124, 2}, {"AUD", 36, 2},
      {"NZD", 554, 2}, {"SEK", 752, 2}, {"NOK", 578, 2}, {"DKK", 208, 2}, {"BRL", 986, 2},
      {"MXN", 484, 2}, {"INR", 356, 2}, {"KRW", 410, 0}, {"CNY", 156, 2}, {"ZAR", 710, 2},
      {"ISK", 352, 0}, {"HUF", 348, 2}, {"CZK", 203, 2}, {"PLN", 985, 2}, {"CLP", 152, 0},
      {"OMR", 512, 3}, {"TND", 788, 3}, {"VND", 704, 0}, {"AED", 784, 2}, {"ZWG", 924, 2},
  };
  for (const Expected& e : expected) {
    Result<Currency> c = lookup_currency(e.code);
    ASSERT_TRUE(c.has_value()) << e.code;
    EXPECT_EQ(c->code, e.code);
    EXPECT_EQ(c->numeric, e.numeric) << e.code;
    EXPECT_EQ(c->minor_digits, e.minor_digits) << e.code;
    EXPECT_FALSE(c->name.empty());
  }
  EXPECT_EQ(lookup_currency("USD")->name, "US Dollar");
}

TEST(CurrencyTest, UnknownCodes) {
  for (const char* code : {"", "usd", "US", "USDD", "XXX", "XAU", "ZZZ", "AAA", "HRK"}) {
    Result<Currency> c = lookup_currency(code);
    ASSERT_FALSE(c.has_value()) << code;
    EXPECT_EQ(c.error().code, ErrorCode::kCurrencyUnknown);
  }
}

TEST(CurrencyTest, TableIsSortedUniqueAndWellFormed) {
  const std::span<const Currency> all = all_currencies();
  EXPECT_GE(all.size(), 150u);
  std::set<int> numerics;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Currency& c = all[i];
    ASSERT_EQ(c.code.size(), 3u);
    for (char ch : c.code) EXPECT_TRUE(ch >= 'A' && ch <= 'Z') << c.code;
    EXPECT_TRUE(c.numeric > 0 && c.numeric < 1000) << c.code;
    EXPECT_TRUE(c.minor_digits >= 0 && c.minor_digits <= 4) << c.code;
    EXPECT_TRUE(numerics.insert(c.numeric).second) << "duplicate numeric " << c.numeric;
    if (i > 0) {
      EXPECT_LT(all[i - 1].code, c.code);
    }
    Result<Currency> found = lookup_currency(c.code);
    ASSERT_TRUE(found.has_value()) << c.code;
    EXPECT_EQ(found->numeric, c.numeric);
  }
}

TEST(MoneyText, ShowsMinorDigitsAndNeverRounds) {
  EXPECT_EQ(money_text(*Decimal::parse("63"), "USD"), "63.00");
  EXPECT_EQ(money_text(*Decimal::parse("-2.5"), "EUR"), "-2.50");
  EXPECT_EQ(money_text(*Decimal::parse("0.00851835"), "USD"), "0.00851835");
  EXPECT_EQ(money_text(*Decimal::parse("1200"), "JPY"), "1200");
  EXPECT_EQ(money_text(*Decimal::parse("1.5"), "KWD"), "1.500");
}

TEST(PercentText, ShowsARateAsAPercentage) {
  EXPECT_EQ(percent_text(*Decimal::parse("0.25")), "25%");
  EXPECT_EQ(percent_text(*Decimal::parse("0.175")), "17.5%");
  EXPECT_EQ(percent_text(Decimal()), "0%");
}

}  // namespace
}  // namespace fermata
