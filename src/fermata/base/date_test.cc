// Goal: ISO date validation knows the calendar, and AddDays crosses months and leap days.
#include "fermata/base/date.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(DateTest, ValidatesRealDays) {
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_FALSE(is_iso_date("2023-02-29"));
  EXPECT_FALSE(is_iso_date("2023-13-01"));
  EXPECT_FALSE(is_iso_date("2023-1-01"));
  EXPECT_FALSE(is_iso_date("20230101"));
  EXPECT_FALSE(is_iso_date("2023-04-31"));
}

TEST(DateTest, TimePrefixes) {
  EXPECT_TRUE(is_iso_time_prefix("2026-11-25"));
  EXPECT_TRUE(is_iso_time_prefix("2026-11-25T10"));
  EXPECT_TRUE(is_iso_time_prefix("2026-11-25T10:00:00.123456Z"));
  EXPECT_TRUE(is_iso_time_prefix("2026-11"));
  EXPECT_FALSE(is_iso_time_prefix("2026-13"));
  EXPECT_FALSE(is_iso_time_prefix("2026-02-30"));
  EXPECT_FALSE(is_iso_time_prefix("2026/11/25"));
  EXPECT_FALSE(is_iso_time_prefix("2026-11-25 10:00"));
  EXPECT_FALSE(is_iso_time_prefix("today"));
}

TEST(DateTest, AddsDays) {
  EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(add_days("2024-03-01", -1), "2024-02-29");
  EXPECT_EQ(add_days("2025-12-31", 1), "2026-01-01");
}

TEST(DateTest, CountsDaysBetween) {
  EXPECT_EQ(days_between("2024-02-28", "2024-03-01"), 2);  // A leap year.
  EXPECT_EQ(days_between("2025-02-28", "2025-03-01"), 1);
  EXPECT_EQ(days_between("2026-06-29", "2026-06-29"), 0);
  EXPECT_EQ(days_between("2026-12-31", "2025-12-31"), -365);
}

// Whole periods of any four-digit year, including the first and last
// centuries (found by fuzzing a DSR HEAD period of "0215-12").
TEST(DateTest, FirstAndLastDaysOfPeriods) {
  EXPECT_EQ(first_day_of("2015-02"), "2015-02-01");
  EXPECT_EQ(last_day_of("2016-02"), "2016-02-29");
  EXPECT_EQ(last_day_of("2015-02"), "2015-02-28");
  EXPECT_EQ(last_day_of("0215-11"), "0215-11-30");
  EXPECT_EQ(last_day_of("0215-12"), "0215-12-31");
  EXPECT_EQ(last_day_of("9999-12"), "9999-12-31");
  EXPECT_EQ(last_day_of("0001"), "0001-12-31");
  EXPECT_EQ(last_day_of("2015-13"), "2015-13");  // Not a period: returned as is.
}

TEST(DateTest, NowHasMicroseconds) {
  const std::string now = utc_now_micros();
  ASSERT_EQ(now.size(), 27u);
  EXPECT_EQ(now.back(), 'Z');
  EXPECT_TRUE(is_iso_date(now.substr(0, 10)));
}

}  // namespace
}  // namespace fermata
