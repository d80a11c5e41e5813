// Goal: the run converts a period's movement in another currency into the
// payout currency at the period end's rate, exactly as docs/ROYALTIES.md
// ("Currencies") works it, as one balanced transaction with both sides; an
// agreement paid in the currency it earns, or without exchange terms, needs
// no rates; a missing rate names the pair, the day and the period. Method: the worked example's Q1
// (100 CDs at 9.37 EUR under a USD-payout agreement) computed by
// compute_period, then convert_period over a real SQLite file of rates.
#include "fermata/royalty/convert.h"

#include <gtest/gtest.h>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/storage/sqlite/test_db.h"

namespace fermata {
namespace {

constexpr char kAgreement[] = R"toml(fermata_agreement = 1
id = "AGR-FX"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "L1"
distributor = "D1"
[term]
start = 2026-01-01
[scope]
all = true
[[fee]]
clause = "5.1"
rate = "25%"
base = "ppd"
channels = ["physical"]
[fee_tax]
clause = "5.3"
name = "VAT"
rate = "20%"
[reserve]
clause = "6.1"
rate = "20%"
basis = "after_fee"
release = ["50%", "50%"]
[payment]
clause = "7"
period = "quarterly"
days_after_period = 90
currency = "USD"
[exchange]
borne_by = "licensor"
)toml";

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

PeriodInput q1_input(const char* currency) {
  PeriodInput in;
  in.agreement_id = "AGR-FX";
  in.versions = {*parse_agreement(kAgreement, "agr.toml")};
  in.period = AccountingPeriod{"2026-01-01", "2026-03-31", "2026-Q1"};
  in.earnings = {EarningRecord{1, 1, 1, "L1", "R1", "", "Shop", "physical", "DE", "2026-01-01",
                               "2026-01-31", "2026-01-31", currency, dec("100"), dec("937.00")}};
  return in;
}

class ConvertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().to_string();
    db_ = std::move(*db);
  }
  void add_rate(const char* from, const char* to, const char* rate) {
    ASSERT_TRUE(db_->put_fx_rate(
        {"EUR", "USD", from, to, dec(rate), "ECB reference rate", "rates.csv", "t", "test"}));
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(ConvertTest, ConvertsTheMovementAtThePeriodEndsRate) {
  add_rate("2026-03-30", "2026-03-30", "1.0001");
  add_rate("2026-03-31", "2026-03-31", "1.0823");
  const PeriodInput in = q1_input("EUR");
  auto result = compute_period(in);
  ASSERT_TRUE(result) << result.error().to_string();
  const std::size_t computed = result->amounts.size();
  ASSERT_TRUE(convert_period(*db_, in, *result));
  ASSERT_EQ(result->amounts.size(), computed + 1);
  const RoyaltyAmount& c = result->amounts.back();
  // 937.00 - 234.25 fee - 46.85 VAT - 140.55 reserve = 515.35 EUR;
  // x 1.0823 = 557.763305 -> 557.76 USD.
  EXPECT_EQ(c.line.kind, "conversion");
  EXPECT_EQ(c.line.base_currency, "EUR");
  EXPECT_EQ(c.line.currency, "USD");
  EXPECT_EQ(c.line.base, dec("515.35"));
  EXPECT_EQ(c.line.rate, dec("1.0823"));
  EXPECT_EQ(c.line.amount, dec("557.76"));
  EXPECT_EQ(c.line.clause, "7");
  EXPECT_EQ(c.line.detail, "ECB reference rate, 2026-03-31");
  EXPECT_EQ(c.line.period_end, "2026-03-31");
  EXPECT_EQ(c.txn.idempotency_key, "royalty:AGR-FX:2026-Q1:convert:EUR:USD");
  EXPECT_EQ(c.txn.effective_date, "2026-03-31");
  EXPECT_EQ(c.txn.memo,
            "AGR-FX v1 §7 2026-Q1: conversion of EUR 515.35 at 1.0823 EUR/USD (ECB reference "
            "rate, 2026-03-31) = USD 557.76");
  ASSERT_EQ(c.txn.postings.size(), 4u);
  EXPECT_EQ(c.txn.postings[0].account.name(), "L1:trust:EUR");
  EXPECT_EQ(c.txn.postings[0].amount, dec("-515.35"));
  EXPECT_EQ(c.txn.postings[1].account.name(), "L1:exchange:EUR/D1");
  EXPECT_EQ(c.txn.postings[1].amount, dec("515.35"));
  EXPECT_EQ(c.txn.postings[2].account.name(), "L1:exchange:USD/D1");
  EXPECT_EQ(c.txn.postings[2].amount, dec("-557.76"));
  EXPECT_EQ(c.txn.postings[3].account.name(), "L1:trust:USD");
  EXPECT_EQ(c.txn.postings[3].amount, dec("557.76"));
}

TEST_F(ConvertTest, ThePayoutCurrencyNeedsNoRate) {
  const PeriodInput in = q1_input("USD");
  auto result = compute_period(in);
  ASSERT_TRUE(result);
  const std::size_t computed = result->amounts.size();
  ASSERT_TRUE(convert_period(*db_, in, *result));
  EXPECT_EQ(result->amounts.size(), computed);
}

TEST_F(ConvertTest, WithoutExchangeTermsEachCurrencyIsPaidAsHeld) {
  PeriodInput in = q1_input("EUR");
  in.versions.front().exchange_terms = false;  // No [exchange] table.
  auto result = compute_period(in);
  ASSERT_TRUE(result);
  const std::size_t computed = result->amounts.size();
  ASSERT_TRUE(convert_period(*db_, in, *result));  // No rate on file, none needed.
  EXPECT_EQ(result->amounts.size(), computed);
}

TEST_F(ConvertTest, AMissingRateNamesThePairDayAndPeriod) {
  add_rate("2026-03-01", "2026-03-30", "1.08");
  const PeriodInput in = q1_input("EUR");
  auto result = compute_period(in);
  ASSERT_TRUE(result);
  const std::size_t computed = result->amounts.size();
  Status status = convert_period(*db_, in, *result);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kRateMissing);
  EXPECT_EQ(status.error().message,
            "no EUR/USD rate for 2026-03-31 (period 2026-Q1 of agreement AGR-FX): add one with "
            "`fermata rates import` (1 EUR = rate USD)");
  EXPECT_EQ(result->amounts.size(), computed);  // Unchanged on error.
}

}  // namespace
}  // namespace fermata
