// Goal: rates are read exactly, one per pair and day, and conversion rounds
// once, half up, to the target's minor unit. Method: small rates files in
// the real format, inline; every error is checked by code, line, field and
// message; conversions against figures worked by hand (docs/ROYALTIES.md);
// import into a real SQLite file: idempotent, all or nothing, never changed.
#include <gtest/gtest.h>

#include "fermata/fx/fx.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"

namespace fermata {
namespace {

Decimal d(const char* text) {
  return *Decimal::parse(text);
}

constexpr const char* kRates =
    "base,quote,from,to,rate,source\n"
    "EUR,USD,2026-03-31,,1.0823,ECB reference rate\n"
    "EUR,USD,2026-04-01,2026-04-30,1.0950,April average\n"
    "GBP,USD,2026-03-31,2026-03-31,1.2641,ECB cross\n";

RateTable table_of(const char* text) {
  auto rates = parse_rates_csv(text, "rates.csv");
  EXPECT_TRUE(rates) << rates.error().to_string();
  RateTable table;
  for (const FxRate& r : *rates) EXPECT_TRUE(table.add(r));
  return table;
}

TEST(RatesCsvTest, ReadsDailyAndPeriodRatesExactly) {
  auto rates = parse_rates_csv(kRates, "rates.csv");
  ASSERT_TRUE(rates) << rates.error().to_string();
  ASSERT_EQ(rates->size(), 3u);
  const FxRate& daily = (*rates)[0];
  EXPECT_EQ(daily.pair(), "EUR/USD");
  EXPECT_EQ(daily.days(), "2026-03-31");
  EXPECT_EQ(daily.to, "2026-03-31");
  EXPECT_EQ(daily.rate, d("1.0823"));
  EXPECT_EQ(daily.source, "ECB reference rate");
  EXPECT_EQ(daily.line_number, 2);
  EXPECT_EQ((*rates)[1].days(), "2026-04-01..2026-04-30");
}

struct BadRow {
  const char* row;
  ErrorCode code;
  const char* field;
  const char* message;
};

TEST(RatesCsvTest, ErrorsNameFileLineAndField) {
  const BadRow cases[] = {
      {"EUR,XXX,2026-03-31,,1.08,s", ErrorCode::kCurrencyUnknown, "quote",
       "quote is not an ISO 4217 currency code (e.g. EUR)"},
      {"EUR,EUR,2026-03-31,,1.08,s", ErrorCode::kFieldInvalid, "quote",
       "quote is the same currency as base"},
      {"EUR,USD,2026-02-30,,1.08,s", ErrorCode::kDateInvalid, "from",
       "from is not a date (YYYY-MM-DD)"},
      {"EUR,USD,2026-03-31,2026-03-01,1.08,s", ErrorCode::kDateInvalid, "to",
       "to is before from (2026-03-31)"},
      {"EUR,USD,2026-03-31,,1.08e0,s", ErrorCode::kDecimalSyntax, "rate", nullptr},
      {"EUR,USD,2026-03-31,,0.0000000000001,s", ErrorCode::kDecimalTooPrecise, "rate", nullptr},
      {"EUR,USD,2026-03-31,,0,s", ErrorCode::kFieldInvalid, "rate", "rate must be above zero"},
      {"EUR,USD,2026-03-31,,1.08,", ErrorCode::kFieldMissing, "source",
       "source is empty: say where the rate comes from"},
      {"EUR,USD,2026-03-31,1.08,s", ErrorCode::kParseError, "", nullptr},
  };
  for (const BadRow& c : cases) {
    const std::string text =
        std::string("base,quote,from,to,rate,source\nEUR,USD,2026-01-01,,1,s\n") + c.row + "\n";
    auto rates = parse_rates_csv(text, "rates.csv");
    ASSERT_FALSE(rates) << c.row;
    EXPECT_EQ(rates.error().code, c.code) << c.row << ": " << rates.error().to_string();
    EXPECT_EQ(rates.error().where.file, "rates.csv");
    EXPECT_EQ(rates.error().where.line_number, 3) << c.row;
    EXPECT_EQ(rates.error().where.field, c.field) << c.row;
    if (c.message) {
      EXPECT_EQ(rates.error().message, c.message);
    }
  }
}

TEST(RatesCsvTest, RefusesAFileWithoutRatesOrColumns) {
  auto empty = parse_rates_csv("base,quote,from,to,rate,source\n", "r.csv");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().to_string(), "r.csv:2: the rates file lists no rate [field_missing]");
  auto missing = parse_rates_csv("base,quote,from,rate\nEUR,USD,2026-01-01,1\n", "r.csv");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kFieldMissing);
}

TEST(RateTableTest, OneRatePerPairAndDay) {
  RateTable table = table_of(kRates);
  FxRate same{"EUR", "USD", "2026-03-31", "2026-03-31", d("1.0823"), "ECB reference rate", 9};
  auto again = table.add(same);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);  // Already there: no change.
  FxRate other = same;
  other.rate = d("1.0824");
  auto conflict = table.add(other);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kExistsWithDifferentContent);
  EXPECT_EQ(conflict.error().message,
            "EUR/USD 2026-03-31 at 1.0824 (ECB reference rate) (line 9) overlaps the rate on file "
            "for 2026-03-31 at 1.0823 (ECB reference rate) (line 2); a pair has one rate a day");
  FxRate overlapping{"EUR", "USD", "2026-04-30", "2026-05-31", d("1.1"), "May", 10};
  EXPECT_FALSE(table.add(overlapping));
  FxRate reverse{"USD", "EUR", "2026-03-31", "2026-03-31", d("0.924"), "ECB", 11};
  EXPECT_TRUE(table.add(reverse));  // Another pair.
  EXPECT_EQ(table.rates().size(), 4u);
}

TEST(RateTableTest, FindsTheRateCoveringTheDayOrNamesThePair) {
  RateTable table = table_of(kRates);
  EXPECT_EQ(table.rate_on("EUR", "USD", "2026-03-31")->rate, d("1.0823"));
  EXPECT_EQ(table.rate_on("EUR", "USD", "2026-04-15")->rate, d("1.0950"));
  EXPECT_EQ(table.rate_on("EUR", "USD", "2026-04-30")->rate, d("1.0950"));
  auto before = table.rate_on("EUR", "USD", "2026-03-30", "period 2026-Q1 of AGR-1");
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().code, ErrorCode::kRateMissing);
  EXPECT_EQ(before.error().to_string(),
            "field 'rate' = 'EUR/USD': no EUR/USD rate for 2026-03-30 (period 2026-Q1 of AGR-1): "
            "add one with `fermata rates import` (1 EUR = rate USD) [rate_missing]");
  // A rate is used only in the direction it is written.
  auto inverse = table.rate_on("USD", "EUR", "2026-03-31");
  ASSERT_FALSE(inverse);
  EXPECT_EQ(inverse.error().message,
            "no USD/EUR rate for 2026-03-31: add one with `fermata rates import` (1 USD = rate "
            "EUR)");
  EXPECT_FALSE(table.rate_on("EUR", "USD", "2026-05-01"));
}

TEST(ConvertTest, RoundsOnceHalfUpToTheTargetMinorUnit) {
  RateTable table = table_of(kRates);
  // 1,016.536789 EUR x 1.0823 = 1,100.1977667347 -> 1,100.20 USD.
  auto c = convert(table, d("1016.536789"), "EUR", "USD", "2026-03-31");
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->converted, d("1100.20"));
  EXPECT_EQ(c->rate, d("1.0823"));
  EXPECT_EQ(c->source, "ECB reference rate");
  // 0.50 x 1.0950 = 0.5475 -> 0.55; a negative amount rounds to the mirror image.
  EXPECT_EQ(convert(table, d("10.00"), "EUR", "USD", "2026-04-02")->converted, d("10.95"));
  EXPECT_EQ(convert(table, d("0.50"), "EUR", "USD", "2026-04-02")->converted, d("0.55"));
  EXPECT_EQ(convert(table, d("-0.50"), "EUR", "USD", "2026-04-02")->converted, d("-0.55"));
  // 0.005 exactly is a tie: half up gives 0.01, half even would give 0.00.
  EXPECT_EQ(*multiply_half_up(d("0.5"), d("0.01"), 2), d("0.01"));
  EXPECT_EQ(*multiply_half_up(d("-0.5"), d("0.01"), 2), d("-0.01"));
  // Just below a tie beyond the 12th digit: truncation first never rounds up twice.
  EXPECT_EQ(*multiply_half_up(d("0.004999999999"), d("0.999999999999"), 2), d("0.00"));
  EXPECT_EQ(*multiply_half_up(d("0.000000000001"), d("0.5"), 12), d("0.000000000001"));
  // JPY has no minor digits.
  FxRate jpy{"USD", "JPY", "2026-03-31", "2026-03-31", d("151.37"), "ECB cross", 0};
  ASSERT_TRUE(table.add(jpy));
  EXPECT_EQ(convert(table, d("10.25"), "USD", "JPY", "2026-03-31")->converted, d("1552"));
  // The same currency needs no rate.
  EXPECT_EQ(convert(RateTable(), d("1.005"), "USD", "USD", "2026-01-01")->converted, d("1.005"));
  auto missing = convert(RateTable(), d("1"), "EUR", "USD", "2026-01-01");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kRateMissing);
}

TEST(RatesStorageTest, ImportIsIdempotentAndAllOrNothing) {
  testing::TempDir dir;
  auto db = Database::open(dir.file("books.db"), {.create = true});
  ASSERT_TRUE(db) << db.error().to_string();
  Ledger ledger((*db)->ledger_storage(), {.actor = "ana"});
  ASSERT_TRUE(ledger.begin_write());
  auto first = import_rates(**db, kRates, "in/rates.csv", "2026-04-01T00:00:00Z", "ana");
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_EQ(first->added.size(), 3u);
  ASSERT_TRUE(ledger.commit());
  auto stored = (*db)->fx_rates();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 3u);
  EXPECT_EQ((*stored)[0].file, "rates.csv");
  EXPECT_EQ((*stored)[0].rate, d("1.0823"));
  auto again = import_rates(**db, kRates, "rates.csv", "2026-04-02T00:00:00Z", "ana");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->added.empty());
  EXPECT_EQ(again->unchanged.size(), 3u);
  // A later row overlapping the file's first is refused with the file's name and line.
  auto bad = import_rates(**db,
                          "base,quote,from,to,rate,source\n"
                          "EUR,USD,2026-05-01,,1.1,s\n"
                          "EUR,USD,2026-04-30,2026-05-01,1.1,s\n",
                          "bad.csv", "2026-04-03T00:00:00Z", "ana");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where.file, "bad.csv");
  EXPECT_EQ(bad.error().where.line_number, 3);
  // Storage refuses a changed rate for a pair and first day on its own too.
  auto changed = (*db)->put_fx_rate({"EUR", "USD", "2026-03-31", "2026-03-31", d("1.0824"),
                                     "ECB reference rate", "x.csv", "t", "ana"});
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().message,
            "EUR/USD from 2026-03-31 is on file at 1.0823 (ECB reference rate); a rate on file "
            "is never changed");
  auto table = load_rate_table(**db);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->rate_on("EUR", "USD", "2026-04-30")->rate, d("1.0950"));
}

}  // namespace
}  // namespace fermata
