#include "fermata/base/date.h"

#include <chrono>
#include <cstdio>

#include "fermata/base/assert.h"

namespace fermata {
namespace {

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return false;
  const int year = to_int(y), month = to_int(m), day = to_int(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year},
                           std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  return ymd.ok();
}

bool is_iso_time_prefix(std::string_view text) {
  static constexpr std::string_view kShape = "YYYY-MM-DDTHH:MM:SS.ffffffZ";
  if (text.size() < 4 || text.size() > kShape.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char want = kShape[i];
    const char c = text[i];
    const bool digit = c >= '0' && c <= '9';
    const bool placeholder =
        want != '-' && want != 'T' && want != ':' && want != '.' && want != 'Z';
    if (placeholder ? !digit : c != want) return false;
  }
  if (text.size() >= 10) return is_iso_date(text.substr(0, 10));
  if (text.size() >= 7) return text.substr(5, 2) >= "01" && text.substr(5, 2) <= "12";
  return true;
}

namespace {

std::chrono::sys_days day_of(std::string_view date) {
  FERMATA_ASSERT(is_iso_date(date));
  using namespace std::chrono;
  return sys_days{
      year_month_day{std::chrono::year{to_int(date.substr(0, 4))},
                     std::chrono::month{static_cast<unsigned>(to_int(date.substr(5, 2)))},
                     std::chrono::day{static_cast<unsigned>(to_int(date.substr(8, 2)))}}};
}

}  // namespace

int days_between(std::string_view from, std::string_view to) {
  return static_cast<int>((day_of(to) - day_of(from)).count());
}

std::string add_days(std::string_view date, int days) {
  using namespace std::chrono;
  const year_month_day moved{day_of(date) + std::chrono::days{days}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(moved.year()),
                static_cast<unsigned>(moved.month()), static_cast<unsigned>(moved.day()));
  return buffer;
}

std::string utc_now_micros() {
  using namespace std::chrono;
  const auto now = time_point_cast<microseconds>(system_clock::now());
  const auto day = floor<std::chrono::days>(now);
  const year_month_day ymd{day};
  const hh_mm_ss hms{now - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06ldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<long>(hms.subseconds().count()));
  return buffer;
}

std::string first_day_of(std::string_view d) {
  if (d.size() == 4 && is_iso_date(std::string(d) + "-01-01")) return std::string(d) + "-01-01";
  if (d.size() == 7 && is_iso_date(std::string(d) + "-01")) return std::string(d) + "-01";
  return std::string(d);
}

std::string last_day_of(std::string_view d) {
  if (d.size() == 4 && is_iso_date(std::string(d) + "-12-31")) return std::string(d) + "-12-31";
  if (d.size() != 7 || !is_iso_date(std::string(d) + "-01")) return std::string(d);
  // The day before the first of the next month (December: the 31st, so
  // 9999-12 stays in range). The year keeps its four digits ("0215").
  const int month = std::stoi(std::string(d.substr(5, 2))) + 1;
  if (month == 13) return std::string(d) + "-31";
  std::string next =
      std::string(d.substr(0, 4)) + (month < 10 ? "-0" : "-") + std::to_string(month) + "-01";
  return add_days(next, -1);
}

}  // namespace fermata
