// Accounting periods: calendar-aligned, named, and listed through a day.
#include "fermata/royalty/period.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(Period, ContainingIsAlignedToTheCalendar) {
  EXPECT_EQ(period_containing(StatementPeriod::kQuarterly, "2024-02-10"),
            (AccountingPeriod{"2024-01-01", "2024-03-31", "2024-Q1"}));
  EXPECT_EQ(period_containing(StatementPeriod::kMonthly, "2024-02-29"),
            (AccountingPeriod{"2024-02-01", "2024-02-29", "2024-02"}));
  EXPECT_EQ(period_containing(StatementPeriod::kSemiAnnual, "2026-07-01"),
            (AccountingPeriod{"2026-07-01", "2026-12-31", "2026-H2"}));
  EXPECT_EQ(period_containing(StatementPeriod::kAnnual, "2025-12-31"),
            (AccountingPeriod{"2025-01-01", "2025-12-31", "2025"}));
}

TEST(Period, NextCrossesTheYear) {
  const AccountingPeriod q4{"2025-10-01", "2025-12-31", "2025-Q4"};
  EXPECT_EQ(next_period(StatementPeriod::kQuarterly, q4),
            (AccountingPeriod{"2026-01-01", "2026-03-31", "2026-Q1"}));
}

TEST(Period, ThroughListsOnlyPeriodsThatHaveEnded) {
  const auto periods = periods_through(StatementPeriod::kQuarterly, "2025-11-15", "2026-09-29");
  ASSERT_EQ(periods.size(), 3u);  // 2025-Q4, 2026-Q1, 2026-Q2; Q3 ends the 30th.
  EXPECT_EQ(periods[0].name, "2025-Q4");
  EXPECT_EQ(periods[2].name, "2026-Q2");
  EXPECT_EQ(periods_through(StatementPeriod::kQuarterly, "2025-11-15", "2026-09-30").size(), 4u);
  EXPECT_TRUE(periods_through(StatementPeriod::kMonthly, "2026-05-02", "2026-05-30").empty());
}

}  // namespace
}  // namespace fermata
