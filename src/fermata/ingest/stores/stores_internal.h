// Internal to stores/: helpers shared by the per-format .cc files and tests.
#pragma once

#include <string>
#include <string_view>

namespace fermata::stores {

// One Apple fiscal month: the calendar month it is reported as, and its
// first and last day (ISO, inclusive).
struct AppleFiscalMonth {
  std::string_view calendar_month;  // "YYYY-MM"
  std::string_view start;
  std::string_view end;
};

// The table of Apple fiscal months (apple_calendar.cc), in order.
const AppleFiscalMonth* apple_fiscal_months_begin();
const AppleFiscalMonth* apple_fiscal_months_end();

// The calendar month ("YYYY-MM") an Apple report period [start, end] (ISO
// dates) stands for. `in_table` is set when [start, end] is exactly a fiscal
// month of the table; otherwise the month holding most of the days is
// returned (ties: the earlier month). REQUIRES: valid ISO dates, start <= end.
std::string apple_calendar_month(std::string_view start, std::string_view end, bool& in_table);

// True for text shaped like M/D/YYYY or MM/DD/YYYY (digits and two slashes).
bool looks_like_us_date(std::string_view text);

}  // namespace fermata::stores
