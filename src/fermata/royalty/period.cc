#include "fermata/royalty/period.h"

#include <cstdio>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"

namespace fermata {
namespace {

int year_of(std::string_view date) {
  return std::stoi(std::string(date.substr(0, 4)));
}
int month_of(std::string_view date) {
  return std::stoi(std::string(date.substr(5, 2)));
}

// The period of `months` months (1, 3, 6, 12) that starts in `first_month`.
AccountingPeriod make_period(int months, int year, int first_month) {
  char start[48], last_month[48], name[48];
  std::snprintf(start, sizeof start, "%04d-%02d-01", year, first_month);
  std::snprintf(last_month, sizeof last_month, "%04d-%02d", year, first_month + months - 1);
  const int index = (first_month - 1) / months + 1;
  switch (months) {
    case 1:
      std::snprintf(name, sizeof name, "%04d-%02d", year, first_month);
      break;
    case 3:
      std::snprintf(name, sizeof name, "%04d-Q%d", year, index);
      break;
    case 6:
      std::snprintf(name, sizeof name, "%04d-H%d", year, index);
      break;
    default:
      std::snprintf(name, sizeof name, "%04d", year);
      break;
  }
  return AccountingPeriod{start, last_day_of(last_month), name};
}

}  // namespace

AccountingPeriod period_containing(StatementPeriod kind, std::string_view date) {
  FERMATA_ASSERT(is_iso_date(date));
  const int months = months_of(kind);
  const int first_month = (month_of(date) - 1) / months * months + 1;
  return make_period(months, year_of(date), first_month);
}

AccountingPeriod next_period(StatementPeriod kind, const AccountingPeriod& period) {
  return period_containing(kind, add_days(period.end, 1));
}

std::vector<AccountingPeriod> periods_through(StatementPeriod kind, std::string_view first_day,
                                              std::string_view through) {
  std::vector<AccountingPeriod> out;
  for (AccountingPeriod p = period_containing(kind, first_day); p.end <= through;
       p = next_period(kind, p)) {
    out.push_back(p);
  }
  return out;
}

}  // namespace fermata
