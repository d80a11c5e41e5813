// Calendar dates as ISO 8601 text ("2026-11-25"), compared as strings.
//
// Effective dates are plain calendar days with no time zone: a sale on a day
// is on that day wherever it is read. Recorded times are UTC instants.
#pragma once

#include <string>
#include <string_view>

namespace fermata {

// True for "YYYY-MM-DD" naming a real day (leap years included), years 1..9999.
bool is_iso_date(std::string_view text);

// True for a prefix of a recorded time: "2026", "2026-11", "2026-11-25",
// "2026-11-25T10", "2026-11-25T10:00:00.123456Z" (a prefix means the end of
// the period it names).
bool is_iso_time_prefix(std::string_view text);

// The ISO date `days` after (or before, when negative) `date`.
// REQUIRES: is_iso_date(date).
std::string add_days(std::string_view date, int days);

// The number of days from `from` to `to` (negative when `to` is earlier).
// REQUIRES: is_iso_date(from) && is_iso_date(to).
int days_between(std::string_view from, std::string_view to);

// "2015", "2015-02" or "2015-02-03" as the first / last day it covers;
// other text is returned as is.
std::string first_day_of(std::string_view partial_date);
std::string last_day_of(std::string_view partial_date);

// The current UTC time as "YYYY-MM-DDTHH:MM:SS.ffffffZ".
std::string utc_now_micros();

}  // namespace fermata
