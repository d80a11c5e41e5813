// Goal: ValidateTransaction refuses every malformed transaction with the
// rule-named code, before anything reaches storage. Method: one small
// hand-built transaction per rule.
#include <gtest/gtest.h>

#include "fermata/ledger/ledger.h"

namespace fermata {
namespace {

Posting post(std::string party, AccountKind kind, std::string commodity, const char* amount) {
  return Posting{AccountRef{std::move(party), kind, std::move(commodity), "", ""},
                 *Decimal::parse(amount)};
}

NewTransaction receipt() {
  NewTransaction txn;
  txn.idempotency_key = "k1";
  txn.effective_date = "2026-01-31";
  txn.postings = {post("D1", AccountKind::kCash, "USD", "100.25"),
                  post("L1", AccountKind::kTrust, "USD", "-100.25")};
  return txn;
}

TEST(ValidateTest, AcceptsBalancedTransaction) {
  EXPECT_TRUE(validate_transaction(receipt()));
}

TEST(ValidateTest, RejectsUnbalancedWithTheDifference) {
  NewTransaction txn = receipt();
  txn.postings[1].amount = *Decimal::parse("-100.249999999999");
  Status status = validate_transaction(txn);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kTransactionUnbalanced);
  EXPECT_EQ(status.error().message,
            "transaction 'k1' does not balance in USD: postings sum to 0.000000000001");
}

TEST(ValidateTest, BalancesPerCommodityNotInTotal) {
  NewTransaction txn = receipt();
  // +100.25 USD and -100.25 EUR sum to zero numerically but not per currency.
  txn.postings[1].account.commodity = "EUR";
  Status status = validate_transaction(txn);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kTransactionUnbalanced);
}

TEST(ValidateTest, NeedsTwoPostings) {
  NewTransaction txn = receipt();
  txn.postings.pop_back();
  EXPECT_EQ(validate_transaction(txn).error().code, ErrorCode::kTransactionTooFewPostings);
}

TEST(ValidateTest, InventoryIsWholeUnits) {
  NewTransaction txn = receipt();
  txn.postings = {post("L1", AccountKind::kInventory, "SKU:CD1", "0.5"),
                  post("L1", AccountKind::kExternal, "SKU:CD1", "-0.5")};
  EXPECT_EQ(validate_transaction(txn).error().code, ErrorCode::kUnitsNotWhole);
  txn.postings = {post("L1", AccountKind::kInventory, "USD", "5"),
                  post("L1", AccountKind::kExternal, "USD", "-5")};
  EXPECT_EQ(validate_transaction(txn).error().code, ErrorCode::kCommodityUnknown);
  txn.postings = {post("L1", AccountKind::kCash, "SKU:CD1", "5"),
                  post("L1", AccountKind::kExternal, "SKU:CD1", "-5")};
  EXPECT_EQ(validate_transaction(txn).error().code, ErrorCode::kCommodityUnknown);
}

TEST(ValidateTest, RejectsUnknownCurrencyAndBadDate) {
  NewTransaction txn = receipt();
  txn.postings[0].account.commodity = "XXY";
  txn.postings[1].account.commodity = "XXY";
  EXPECT_EQ(validate_transaction(txn).error().code, ErrorCode::kCurrencyUnknown);
  txn = receipt();
  txn.effective_date = "2026-02-30";
  EXPECT_EQ(validate_transaction(txn).error().code, ErrorCode::kDateInvalid);
  txn = receipt();
  txn.idempotency_key = "";
  EXPECT_EQ(validate_transaction(txn).error().code, ErrorCode::kFieldMissing);
}

TEST(ValidateTest, AccountKindNamesRoundTrip) {
  for (int k = 1; k <= 14; ++k) {
    const auto kind = static_cast<AccountKind>(k);
    EXPECT_EQ(*parse_account_kind(account_kind_name(kind)), kind);
  }
  EXPECT_EQ(parse_account_kind("bank").error().code, ErrorCode::kAccountKindUnknown);
}

}  // namespace
}  // namespace fermata

namespace fermata {
namespace {

// Goal: trial-balance totals per commodity are exact, keep currencies and
// units apart, and show a nonzero net when the books do not balance.
TEST(TrialBalanceTest, TotalsPerCommodity) {
  const std::vector<AccountBalance> balances = {
      {AccountRef{"D1", AccountKind::kCash, "USD", "", ""}, *Decimal::parse("100.000000000001")},
      {AccountRef{"L1", AccountKind::kTrust, "USD", "", ""}, *Decimal::parse("-40")},
      {AccountRef{"D1", AccountKind::kEquity, "USD", "", ""}, *Decimal::parse("-60.000000000001")},
      {AccountRef{"L1", AccountKind::kInventory, "SKU:CD1", "W1", ""}, *Decimal::parse("5")},
      {AccountRef{"L1", AccountKind::kExternal, "SKU:CD1", "", ""}, *Decimal::parse("-4")}};
  auto totals = trial_balance(balances);
  ASSERT_TRUE(totals);
  ASSERT_EQ(totals->size(), 2u);
  EXPECT_EQ((*totals)[0].commodity, "SKU:CD1");
  EXPECT_EQ((*totals)[0].net.to_string(), "1");
  EXPECT_EQ((*totals)[1].commodity, "USD");
  EXPECT_EQ((*totals)[1].debits.to_string(), "100.000000000001");
  EXPECT_EQ((*totals)[1].credits.to_string(), "100.000000000001");
  EXPECT_TRUE((*totals)[1].net.is_zero());
}

}  // namespace
}  // namespace fermata
