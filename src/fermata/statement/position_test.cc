// Goal: a label's position adds its trust money, what others owe it and its
// units held elsewhere, and nothing that belongs to anyone else.
#include "fermata/statement/position.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

AccountBalance bal(std::string party, AccountKind kind, std::string commodity, const char* amount,
                   std::string location = "", std::string counterparty = "") {
  return AccountBalance{AccountRef{party, kind, commodity, location, counterparty},
                        *Decimal::parse(amount)};
}

TEST(PositionTest, AddsOnlyWhatBelongsToTheLabel) {
  std::vector<Party> parties = {{"D1", "Dist", PartyKind::kDistributor, std::nullopt},
                                {"L1", "Label", PartyKind::kLabel, std::nullopt}};
  std::vector<AccountBalance> balances = {
      bal("L1", AccountKind::kTrust, "USD", "120.005"),
      bal("L1", AccountKind::kTrust, "EUR", "3"),
      bal("L1", AccountKind::kReceivable, "USD", "10"),
      bal("D1", AccountKind::kPayable, "USD", "-5.5", "", "L1"),
      bal("D1", AccountKind::kCash, "USD", "999"),
      bal("L1", AccountKind::kInventory, "SKU:CD1", "40", "W1"),
      bal("L1", AccountKind::kInventory, "SKU:CD2", "2", "W1"),
      bal("L1", AccountKind::kInventory, "SKU:CD1", "7", "L1"),
  };
  auto positions = compute_positions(parties, PartyKind::kLabel, balances);
  ASSERT_EQ(positions.size(), 1u);
  const PartyPosition& p = positions[0];
  EXPECT_EQ(p.party.id, "L1");
  EXPECT_EQ(p.held_by_currency.at("USD"), *Decimal::parse("120.005"));
  EXPECT_EQ(p.held_by_currency.at("EUR"), *Decimal::parse("3"));
  EXPECT_EQ(p.owed_by_currency.at("USD"), *Decimal::parse("15.5"));
  EXPECT_EQ(p.units_by_location.at("W1"), 42);
  EXPECT_EQ(p.units_total, 42);
}

// A priced purchase books one debt twice: the label's receivable from the
// buyer and the buyer's payable to the label. It is owed once.
TEST(PositionTest, ADebtBookedOnBothSidesIsOwedOnce) {
  std::vector<Party> parties = {{"D1", "Dist", PartyKind::kDistributor, std::nullopt},
                                {"L1", "Label", PartyKind::kLabel, std::nullopt}};
  std::vector<AccountBalance> balances = {
      bal("L1", AccountKind::kReceivable, "USD", "450", "", "D1"),
      bal("D1", AccountKind::kPayable, "USD", "-450", "", "L1"),
      bal("D1", AccountKind::kPayable, "EUR", "-20", "", "L1"),  // Booked on D1's side only.
  };
  auto positions = compute_positions(parties, PartyKind::kLabel, balances);
  ASSERT_EQ(positions.size(), 1u);
  EXPECT_EQ(positions[0].owed_by_currency.at("USD"), *Decimal::parse("450"));
  EXPECT_EQ(positions[0].owed_by_currency.at("EUR"), *Decimal::parse("20"));
}

}  // namespace
}  // namespace fermata
