// Goal: every unit account is shown once with its owner, location and status,
// valued exactly at PPD, cost and SRP in force on the day; a missing price is
// absent (never zero) and listed; totals keep returned units apart; each
// location's insured value is compared with its sale value. Method: unit
// balances as the ledger returns them, a price list and insured bases written
// by hand, every figure worked out in the comments.
#include "fermata/inventory/valuation.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

Decimal d(const char* text) {
  return *Decimal::parse(text);
}

AccountBalance units(const char* party, AccountKind kind, const char* sku, const char* location,
                     const char* counterparty, std::int64_t count) {
  return {AccountRef{party, kind, std::string("SKU:") + sku, location, counterparty},
          Decimal::from_units(count)};
}

PriceRecord price(const char* sku, const char* kind, const char* from, const char* amount,
                  const char* currency = "USD") {
  return PriceRecord{sku, kind, currency, from, d(amount), "prices.csv", "", ""};
}

InsuranceRecord policy(const char* location, const char* basis, const char* from,
                       const char* sum_insured) {
  return InsuranceRecord{location, basis, "USD", from, d(sum_insured), "ins.csv", "", ""};
}

// L1's CD-1 at W1 (on hand 400, allocated 50 to S1, damaged 10), 100 in
// transit to W2, 200 consigned at S2, 20 returned to L1; LP-1 30 and MC-1 5
// on hand at W1. S1 bought 300 CD-1 firm. A money account and the
// distributor's unit suspense are not stock and are ignored.
std::vector<AccountBalance> balances() {
  using K = AccountKind;
  return {
      units("L1", K::kInventory, "CD-1", "W1", "", 400),
      units("L1", K::kAllocated, "CD-1", "W1", "S1", 50),
      units("L1", K::kDamaged, "CD-1", "W1", "", 10),
      units("L1", K::kInTransit, "CD-1", "W2", "", 100),
      units("L1", K::kConsigned, "CD-1", "S2", "", 200),
      units("L1", K::kReturnedToOwner, "CD-1", "L1", "", 20),
      units("L1", K::kInventory, "LP-1", "W1", "", 30),
      units("L1", K::kInventory, "MC-1", "W1", "", 5),
      units("S1", K::kInventory, "CD-1", "S1", "L1", 300),
      {AccountRef{"L1", K::kTrust, "USD", "", "D1"}, d("100")},
      units("D1", K::kSuspense, "CD-1", "S1", "L1", 5),
  };
}

PriceList prices() {
  return PriceList(
      {price("CD-1", "ppd", "2026-01-01", "9.00"), price("CD-1", "cost", "2026-01-01", "2.10"),
       price("CD-1", "srp", "2026-01-01", "14.00"), price("CD-1", "ppd", "2026-07-01", "9.50"),
       price("LP-1", "ppd", "2026-01-01", "20"), price("LP-1", "cost", "2026-01-01", "6.25")});
}

// W1 at cost capped at 1,000 from January, at PPD without a sum from June.
std::vector<InsuranceRecord> insurance() {
  return {policy("W1", "cost", "2026-01-01", "1000"), policy("W1", "ppd", "2026-06-01", "0"),
          policy("W2", "cost", "2026-01-01", "0")};
}

Valuation value(ValuationOptions options) {
  Result<Valuation> v = value_inventory(balances(), prices(), insurance(), options);
  EXPECT_TRUE(v) << v.error().to_string();
  return v ? *v : Valuation{};
}

std::string row_text(const ValuationRow& r) {
  auto cell = [](const std::optional<Decimal>& v) { return v ? v->to_string() : "-"; };
  return r.owner + " " + r.sku + " " + r.location + "/" + r.counterparty + " " +
         std::string(unit_status_name(r.status)) + " " + r.units.to_string() + " " + r.currency +
         " " + cell(r.value.ppd) + " " + cell(r.value.cost) + " " + cell(r.value.srp);
}

std::vector<std::string> rows_text(const Valuation& v) {
  std::vector<std::string> out;
  for (const ValuationRow& r : v.rows) out.push_back(row_text(r));
  return out;
}

std::vector<std::string> totals_text(const std::vector<ValuationTotal>& totals) {
  std::vector<std::string> out;
  for (const ValuationTotal& t : totals) {
    out.push_back(t.key + " " + t.currency + " " + t.units.to_string() + " " + t.ppd.to_string() +
                  " " + t.cost.to_string() + " " + t.srp.to_string() + " without " +
                  t.units_without_ppd.to_string() + "/" + t.units_without_cost.to_string() + "/" +
                  t.units_without_srp.to_string());
  }
  return out;
}

TEST(ValuationTest, RowsPerOwnerSkuLocationAndStatusAtEachPrice) {
  Valuation v = value({.date = "2026-03-31", .owner = "L1"});
  EXPECT_EQ(v.date, "2026-03-31");
  // CD-1: units x 9.00 / 2.10 / 14.00. LP-1 has no SRP; MC-1 no price at all.
  EXPECT_EQ(rows_text(v), (std::vector<std::string>{
                              "L1 CD-1 L1/ returned 20 USD 180 42 280",
                              "L1 CD-1 S2/ consigned 200 USD 1800 420 2800",
                              "L1 CD-1 W1/ on_hand 400 USD 3600 840 5600",
                              "L1 CD-1 W1/S1 allocated 50 USD 450 105 700",
                              "L1 CD-1 W1/ damaged 10 USD 90 21 140",
                              "L1 CD-1 W2/ in_transit 100 USD 900 210 1400",
                              "L1 LP-1 W1/ on_hand 30 USD 600 187.5 -",
                              "L1 MC-1 W1/ on_hand 5  - - -",
                          }));
  EXPECT_EQ(v.rows[1].unit_price.ppd, d("9"));
  EXPECT_EQ(v.rows[1].unit_price.cost, d("2.1"));
  EXPECT_EQ(v.rows[1].unit_price.srp, d("14"));
  EXPECT_FALSE(v.rows[6].unit_price.srp.has_value());
}

TEST(ValuationTest, TotalsKeepReturnedUnitsApartAndCountUnpricedOnes) {
  Valuation v = value({.date = "2026-03-31", .owner = "L1"});
  // Held CD-1: 200 + 400 + 50 + 10 + 100 = 760 units: 6840 / 1596 / 10640.
  // With LP-1's 30 (600 / 187.5 / no SRP): 790 units, 7440 / 1783.5 / 10640.
  EXPECT_EQ(totals_text(v.by_owner), (std::vector<std::string>{
                                         "L1  5 0 0 0 without 5/5/5",
                                         "L1 USD 790 7440 1783.5 10640 without 0/0/30",
                                     }));
  // W1: CD-1 460 (4140 / 966 / 6440) and LP-1 30; the returned 20 are at no held location.
  EXPECT_EQ(totals_text(v.by_location), (std::vector<std::string>{
                                            "S2 USD 200 1800 420 2800 without 0/0/0",
                                            "W1  5 0 0 0 without 5/5/5",
                                            "W1 USD 490 4740 1153.5 6440 without 0/0/30",
                                            "W2 USD 100 900 210 1400 without 0/0/0",
                                        }));
  EXPECT_EQ(totals_text(v.returned_by_owner),
            (std::vector<std::string>{"L1 USD 20 180 42 280 without 0/0/0"}));
}

TEST(ValuationTest, MissingPricesAreListedWithTheirUnits) {
  Valuation v = value({.date = "2026-03-31", .owner = "L1"});
  std::vector<std::string> missing;
  for (const MissingPrice& m : v.missing) {
    missing.push_back(m.sku + " " + std::string(price_kind_name(m.kind)) + " " + m.currency + " " +
                      m.units.to_string());
  }
  EXPECT_EQ(missing, (std::vector<std::string>{"LP-1 srp USD 30", "MC-1 ppd  5", "MC-1 cost  5",
                                               "MC-1 srp  5"}));
}

TEST(ValuationTest, InsuredValueAtCostCappedBySumInsuredLeavesAGap) {
  Valuation v = value({.date = "2026-03-31", .owner = "L1"});
  ASSERT_EQ(v.insurance.size(), 1u);  // W2 holds only units in transit to it.
  const InsuranceCheck& w1 = v.insurance[0];
  EXPECT_EQ(w1.location, "W1");
  EXPECT_EQ(w1.policy.basis, "cost");
  EXPECT_EQ(w1.units, d("495"));
  EXPECT_EQ(w1.units_not_valued, d("5"));  // MC-1: no PPD, no cost.
  EXPECT_EQ(w1.sale_value, d("4740"));     // 460 x 9.00 + 30 x 20.
  EXPECT_EQ(w1.basis_value, d("1153.5"));  // 460 x 2.10 + 30 x 6.25.
  EXPECT_EQ(w1.sum_insured, d("1000"));
  EXPECT_EQ(w1.insured_value, d("1000"));  // The sum insured is below the basis value.
  EXPECT_TRUE(w1.capped_by_sum);
  EXPECT_EQ(w1.gap, d("3740"));
  EXPECT_EQ(v.uninsured_locations, (std::vector<std::string>{"S2"}));
}

TEST(ValuationTest, BasisBelowSumInsuredIsTheInsuredValue) {
  std::vector<InsuranceRecord> bases = {policy("W1", "cost", "2026-01-01", "5000")};
  Result<Valuation> v = value_inventory(balances(), prices(), bases,
                                        {.date = "2026-03-31", .owner = "L1", .location = "W1"});
  ASSERT_TRUE(v);
  ASSERT_EQ(v->insurance.size(), 1u);
  EXPECT_EQ(v->insurance[0].insured_value, d("1153.5"));
  EXPECT_FALSE(v->insurance[0].capped_by_sum);
  EXPECT_EQ(v->insurance[0].gap, d("3586.5"));  // 4740 - 1153.5.
}

TEST(ValuationTest, PricesAndBasesInForceOnTheDay) {
  Valuation v = value({.date = "2026-07-15", .owner = "L1", .location = "W1"});
  // CD-1's PPD is 9.50 from July: 400 x 9.50.
  EXPECT_EQ(row_text(v.rows[0]), "L1 CD-1 W1/ on_hand 400 USD 3800 840 5600");
  // W1 is insured at PPD from June with no sum stated: no gap.
  ASSERT_EQ(v.insurance.size(), 1u);
  EXPECT_EQ(v.insurance[0].policy.basis, "ppd");
  EXPECT_EQ(v.insurance[0].sale_value, d("4970"));  // 460 x 9.50 + 30 x 20.
  EXPECT_EQ(v.insurance[0].insured_value, d("4970"));
  EXPECT_FALSE(v.insurance[0].sum_insured.has_value());
  EXPECT_TRUE(v.insurance[0].gap.is_zero());
  // Before any price or policy: every price absent, and W1 uninsured.
  Valuation early = value({.date = "2025-12-31", .owner = "L1", .location = "W1"});
  EXPECT_EQ(row_text(early.rows[0]), "L1 CD-1 W1/ on_hand 400  - - -");
  EXPECT_TRUE(early.insurance.empty());
  EXPECT_EQ(early.uninsured_locations, (std::vector<std::string>{"W1"}));
}

TEST(ValuationTest, EveryOwnerIncludesWhatAStoreBoughtFirm) {
  Valuation v = value({.date = "2026-03-31"});
  ASSERT_EQ(v.rows.size(), 9u);
  EXPECT_EQ(row_text(v.rows[8]), "S1 CD-1 S1/L1 on_hand 300 USD 2700 630 4200");
  EXPECT_EQ(totals_text(v.by_owner).back(), "S1 USD 300 2700 630 4200 without 0/0/0");
  EXPECT_EQ(v.uninsured_locations, (std::vector<std::string>{"S1", "S2"}));
}

TEST(ValuationTest, LocationFilterAndAnotherCurrency) {
  Valuation w2 = value({.date = "2026-03-31", .owner = "L1", .location = "W2"});
  EXPECT_EQ(rows_text(w2),
            (std::vector<std::string>{"L1 CD-1 W2/ in_transit 100 USD 900 210 1400"}));
  EXPECT_TRUE(w2.insurance.empty());  // In transit: not at W2 yet.
  EXPECT_TRUE(w2.uninsured_locations.empty());
  // No EUR price on file: valued in EUR, every price is missing, none is zero.
  Valuation eur = value({.date = "2026-03-31", .owner = "L1", .location = "W2", .currency = "EUR"});
  EXPECT_EQ(rows_text(eur), (std::vector<std::string>{"L1 CD-1 W2/ in_transit 100 EUR - - -"}));
  EXPECT_EQ(totals_text(eur.by_owner),
            (std::vector<std::string>{"L1 EUR 100 0 0 0 without 100/100/100"}));
  ASSERT_EQ(eur.missing.size(), 3u);
  EXPECT_EQ(eur.missing[0].currency, "EUR");
}

}  // namespace
}  // namespace fermata
