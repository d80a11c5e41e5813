// Apple's fiscal calendar, as used by Payments and Financial Reports.
//
// SOURCE AND ASSUMPTIONS (not confirmed by Apple documentation in hand):
//  - Apple's fiscal year ends on the last Saturday of September; weeks run
//    Sunday to Saturday (Apple 10-K/10-Q period ends, e.g. Q1 FY2024 ended
//    2023-12-30, FY2024 ended 2024-09-28).
//  - Each quarter has 13 weeks split 5-4-4 into fiscal months; in a 53-week
//    year the extra week goes to the third month of Q1 (December), as
//    described at calendars.fandom.com/wiki/Apple_Fiscal_Calendar. Apple
//    publishes the calendar in App Store Connect; check new years against it.
//  - A fiscal month is reported as the calendar month that holds most of its
//    days, which is also its name (fiscal January 2026 = 2025-12-28..2026-01-31).
// The table below was generated from these rules for FY2023..FY2028 and is
// checked for contiguity and the 5-4-4 shape by apple_calendar_test.cc.
#include <array>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"
#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores_internal.h"

namespace fermata::stores {
namespace {

constexpr std::array<AppleFiscalMonth, 72> kAppleFiscalMonths = {{
    {"2022-10", "2022-09-25", "2022-10-29"},  // FY2023 (53 weeks).
    {"2022-11", "2022-10-30", "2022-11-26"},
    {"2022-12", "2022-11-27", "2022-12-31"},  // 5 weeks: the 53rd week.
    {"2023-01", "2023-01-01", "2023-02-04"},
    {"2023-02", "2023-02-05", "2023-03-04"},
    {"2023-03", "2023-03-05", "2023-04-01"},
    {"2023-04", "2023-04-02", "2023-05-06"},
    {"2023-05", "2023-05-07", "2023-06-03"},
    {"2023-06", "2023-06-04", "2023-07-01"},
    {"2023-07", "2023-07-02", "2023-08-05"},
    {"2023-08", "2023-08-06", "2023-09-02"},
    {"2023-09", "2023-09-03", "2023-09-30"},
    {"2023-10", "2023-10-01", "2023-11-04"},  // FY2024.
    {"2023-11", "2023-11-05", "2023-12-02"},
    {"2023-12", "2023-12-03", "2023-12-30"},
    {"2024-01", "2023-12-31", "2024-02-03"},
    {"2024-02", "2024-02-04", "2024-03-02"},
    {"2024-03", "2024-03-03", "2024-03-30"},
    {"2024-04", "2024-03-31", "2024-05-04"},
    {"2024-05", "2024-05-05", "2024-06-01"},
    {"2024-06", "2024-06-02", "2024-06-29"},
    {"2024-07", "2024-06-30", "2024-08-03"},
    {"2024-08", "2024-08-04", "2024-08-31"},
    {"2024-09", "2024-09-01", "2024-09-28"},
    {"2024-10", "2024-09-29", "2024-11-02"},  // FY2025.
    {"2024-11", "2024-11-03", "2024-11-30"},
    {"2024-12", "2024-12-01", "2024-12-28"},
    {"2025-01", "2024-12-29", "2025-02-01"},
    {"2025-02", "2025-02-02", "2025-03-01"},
    {"2025-03", "2025-03-02", "2025-03-29"},
    {"2025-04", "2025-03-30", "2025-05-03"},
    {"2025-05", "2025-05-04", "2025-05-31"},
    {"2025-06", "2025-06-01", "2025-06-28"},
    {"2025-07", "2025-06-29", "2025-08-02"},
    {"2025-08", "2025-08-03", "2025-08-30"},
    {"2025-09", "2025-08-31", "2025-09-27"},
    {"2025-10", "2025-09-28", "2025-11-01"},  // FY2026.
    {"2025-11", "2025-11-02", "2025-11-29"},
    {"2025-12", "2025-11-30", "2025-12-27"},
    {"2026-01", "2025-12-28", "2026-01-31"},
    {"2026-02", "2026-02-01", "2026-02-28"},
    {"2026-03", "2026-03-01", "2026-03-28"},
    {"2026-04", "2026-03-29", "2026-05-02"},
    {"2026-05", "2026-05-03", "2026-05-30"},
    {"2026-06", "2026-05-31", "2026-06-27"},
    {"2026-07", "2026-06-28", "2026-08-01"},
    {"2026-08", "2026-08-02", "2026-08-29"},
    {"2026-09", "2026-08-30", "2026-09-26"},
    {"2026-10", "2026-09-27", "2026-10-31"},  // FY2027.
    {"2026-11", "2026-11-01", "2026-11-28"},
    {"2026-12", "2026-11-29", "2026-12-26"},
    {"2027-01", "2026-12-27", "2027-01-30"},
    {"2027-02", "2027-01-31", "2027-02-27"},
    {"2027-03", "2027-02-28", "2027-03-27"},
    {"2027-04", "2027-03-28", "2027-05-01"},
    {"2027-05", "2027-05-02", "2027-05-29"},
    {"2027-06", "2027-05-30", "2027-06-26"},
    {"2027-07", "2027-06-27", "2027-07-31"},
    {"2027-08", "2027-08-01", "2027-08-28"},
    {"2027-09", "2027-08-29", "2027-09-25"},
    {"2027-10", "2027-09-26", "2027-10-30"},  // FY2028 (53 weeks).
    {"2027-11", "2027-10-31", "2027-11-27"},
    {"2027-12", "2027-11-28", "2028-01-01"},  // 5 weeks: the 53rd week.
    {"2028-01", "2028-01-02", "2028-02-05"},
    {"2028-02", "2028-02-06", "2028-03-04"},
    {"2028-03", "2028-03-05", "2028-04-01"},
    {"2028-04", "2028-04-02", "2028-05-06"},
    {"2028-05", "2028-05-07", "2028-06-03"},
    {"2028-06", "2028-06-04", "2028-07-01"},
    {"2028-07", "2028-07-02", "2028-08-05"},
    {"2028-08", "2028-08-06", "2028-09-02"},
    {"2028-09", "2028-09-03", "2028-09-30"},
}};

int digits_at(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

std::int64_t day_number(std::string_view iso) {
  return days_from_civil(digits_at(iso, 0, 4), digits_at(iso, 5, 2), digits_at(iso, 8, 2));
}

// The month holding most days of [start, end]; walks month by month, so the
// cost is the number of months spanned.
std::string majority_month(std::string_view start, std::string_view end) {
  const std::int64_t last = day_number(end);
  std::int64_t day = day_number(start);
  // A span of more than a year is no fiscal month; do not walk it.
  if (last - day > 400) return std::string(start.substr(0, 7));
  std::string best;
  std::int64_t best_days = 0;
  while (day <= last) {
    const std::string date = civil_from_days(day);
    const int year = digits_at(date, 0, 4), month = digits_at(date, 5, 2);
    const std::int64_t month_end = days_from_civil(year, month, days_in_month(year, month));
    const std::int64_t days = (month_end < last ? month_end : last) - day + 1;
    if (days > best_days) {
      best_days = days;
      best = date.substr(0, 7);
    }
    day = month_end + 1;
  }
  return best;
}

}  // namespace

const AppleFiscalMonth* apple_fiscal_months_begin() {
  return kAppleFiscalMonths.data();
}
const AppleFiscalMonth* apple_fiscal_months_end() {
  return kAppleFiscalMonths.data() + kAppleFiscalMonths.size();
}

std::string apple_calendar_month(std::string_view start, std::string_view end, bool& in_table) {
  FERMATA_ASSERT(is_iso_date(start));
  FERMATA_ASSERT(is_iso_date(end));
  FERMATA_ASSERT(start <= end);
  for (const AppleFiscalMonth& month : kAppleFiscalMonths) {
    if (month.start == start && month.end == end) {
      in_table = true;
      return std::string(month.calendar_month);
    }
  }
  in_table = false;
  return majority_month(start, end);
}

bool looks_like_us_date(std::string_view text) {
  text = trim(text);
  int slashes = 0;
  for (char c : text) {
    if (c == '/') {
      ++slashes;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return slashes == 2 && text.size() >= 8 && text.size() <= 10;
}

}  // namespace fermata::stores
