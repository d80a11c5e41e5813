// Goal: a unit book answers what an account can give on a day without going
// below zero on any later day: its balance now when nothing is dated later,
// else the lowest end-of-day balance from that day on, read from the
// account's later postings once; and a movement dated before an account's
// later postings is refused naming the day it would fall short.
// Method: a book loaded as of a ledger's newest day, a history of postings
// written here (counting the reads), every balance worked out in comments.
#include <gtest/gtest.h>

#include <string>

#include "fermata/inventory/movement.h"

namespace fermata {
namespace {

Decimal units(std::int64_t n) {
  return Decimal::from_units(n);
}

const AccountRef kW1 = unit_account("L1", AccountKind::kInventory, "CD-1", "W1");

// The ledger's postings to W1 after a day, and how often they were read.
struct History {
  std::vector<DatedAmount> postings;
  int reads = 0;
  UnitHistory function() {
    return [this](const AccountRef& account, const std::string& after) {
      ++reads;
      EXPECT_EQ(account, kW1);
      std::vector<DatedAmount> later;
      for (const DatedAmount& p : postings) {
        if (p.effective_date > after) later.push_back(p);
      }
      return Result<std::vector<DatedAmount>>(later);
    };
  }
};

// W1 holds 60 now, read from a ledger whose newest day is March 31; its
// postings after March 1: -40 and +35 on March 10 (a day ending at 55),
// -50 on March 12, +15 on March 20.
// Balances at the end of each day: March 1: 60 - (-40 + 35 - 50 + 15) = 100;
// March 10: 95; March 12: 45; March 20: 60.
struct BookTest : ::testing::Test {
  UnitBook book{"2026-03-31"};
  History history{{{"2026-03-10", units(-40)},
                   {"2026-03-10", units(35)},
                   {"2026-03-12", units(-50)},
                   {"2026-03-20", units(15)}}};
  UnitHistory read = history.function();
  void SetUp() override { book.add(kW1, units(60)); }

  // "<units> on <day>" of book.holding_on(account, date, history).
  std::string held(const char* date, const UnitHistory* from, const AccountRef& account = kW1) {
    Result<Holding> holding = book.holding_on(account, date, from);
    if (!holding) return holding.error().to_string();
    return holding->units.to_string() + " on " + holding->day;
  }
};

TEST_F(BookTest, OnOrAfterTheNewestDayTheBalanceNowIsTheAnswer) {
  EXPECT_EQ(held("2026-03-31", &read), "60 on 2026-03-31");
  EXPECT_EQ(history.reads, 0);
}

TEST_F(BookTest, BeforeLaterPostingsTheLowestEndOfDayBalanceFromThatDayOn) {
  // 100, 95, 45, 60: the lowest is March 12's (the -40 within March 10 is
  // made up the same day and does not count).
  EXPECT_EQ(held("2026-03-01", &read), "45 on 2026-03-12");
  // From March 15 on: 45 that day, 60 after.
  EXPECT_EQ(held("2026-03-15", &read), "45 on 2026-03-15");
  EXPECT_EQ(history.reads, 2);
}

TEST_F(BookTest, AReadNarrowsTheAccountsLatestDay) {
  EXPECT_EQ(held("2026-03-01", &read), "45 on 2026-03-12");
  // The read showed nothing after March 20: no read from March 21 on.
  EXPECT_EQ(held("2026-03-25", &read), "60 on 2026-03-25");
  EXPECT_EQ(history.reads, 1);
  // A posting applied on April 5 makes April 1 a day before it again.
  book.apply({{kW1, units(-10)}, {unit_account("L1", AccountKind::kExternal, "CD-1"), units(10)}},
             "2026-04-05");
  history.postings.push_back({"2026-04-05", units(-10)});
  EXPECT_EQ(held("2026-04-01", &read), "50 on 2026-04-05");
  EXPECT_EQ(history.reads, 2);
}

TEST_F(BookTest, WithoutHistoryTheBalanceNowAndAnUnknownAccountHoldsNothing) {
  EXPECT_EQ(held("2026-03-01", nullptr), "60 on 2026-03-01");
  EXPECT_EQ(held("2026-03-01", &read, unit_account("L1", AccountKind::kInventory, "CD-1", "W2")),
            "0 on 2026-03-01");
  EXPECT_EQ(history.reads, 0);
}

Movement ship(const char* date, std::int64_t n) {
  Movement m;
  m.kind = MovementKind::kShip;
  m.line_number = 7;
  m.date = date;
  m.document = "INV-1";
  m.sku = "CD-1";
  m.units = units(n);
  m.owner = "L1";
  m.from = "W1";
  m.store = "S1";
  m.terms = ShipTerms::kConsignment;
  return m;
}

TEST_F(BookTest, AShipmentDatedBackIsRefusedNamingTheDayItWouldFallShort) {
  const PlanOptions options{.holder = "D1", .history = &read};
  Result<std::vector<Posting>> refused = plan_movement(ship("2026-03-01", 46), book, options);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kStockInsufficient);
  EXPECT_EQ(refused.error().message,
            "ship of 46 unit(s) from L1:inventory:SKU:CD-1@W1 dated 2026-03-01, which holds "
            "45 on 2026-03-12 after movements dated later");
  EXPECT_EQ(refused.error().where.line_number, 7);
  Result<std::vector<Posting>> planned = plan_movement(ship("2026-03-01", 45), book, options);
  ASSERT_TRUE(planned.has_value());
  EXPECT_EQ(planned->front().amount, units(-45));
  // Negative stock allowed by the agreement: no check, no read.
  const PlanOptions negative{.allow_negative = true, .holder = "D1", .history = &read};
  EXPECT_TRUE(plan_movement(ship("2026-02-01", 500), book, negative).has_value());
  EXPECT_EQ(history.reads, 2);
}

}  // namespace
}  // namespace fermata
