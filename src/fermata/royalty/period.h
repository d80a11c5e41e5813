// Accounting periods: the calendar months, quarters, halves or years an
// agreement accounts by.
//
// Periods are aligned to the calendar (a quarterly agreement that starts on
// 2024-02-10 accounts for 2024-Q1 from its first day, then 2024-Q2, ...), so
// statements of every label line up and a period's name says what it covers.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fermata/agreement/agreement.h"

namespace fermata {

struct AccountingPeriod {
  std::string start, end;  // ISO dates, inclusive.
  std::string name;        // "2026-07", "2026-Q3", "2026-H2" or "2026".
  friend bool operator==(const AccountingPeriod&, const AccountingPeriod&) = default;
};

// The period of kind `kind` that contains `date`. REQUIRES: is_iso_date(date).
AccountingPeriod period_containing(StatementPeriod kind, std::string_view date);

// The period that follows `period`, of the same kind.
AccountingPeriod next_period(StatementPeriod kind, const AccountingPeriod& period);

// Every period from the one containing `first_day` to the last that ends on
// or before `through`, in order. Empty when none has ended by then.
std::vector<AccountingPeriod> periods_through(StatementPeriod kind, std::string_view first_day,
                                              std::string_view through);

}  // namespace fermata
