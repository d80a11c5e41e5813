// Closing royalty periods: making what a run computed final.
//
// `fermata close --through DATE` closes, for every distribution agreement,
// each run period ending on or before DATE. A closed period's figures, and
// so its statement, never change again: a payment may not be dated inside
// it, and corrections that arrive later (a late report, an import voided or
// replaced) are taken by the next open period as prior-period adjustments
// naming the period that took the original (run.h). Closing is itself
// append-only: a period closes once, and closing again changes nothing.
//
// REQUIRES: inside Ledger::begin_write(), as the run.
#pragma once

#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct CloseSummary {
  std::vector<ClosedPeriod> closed;  // Closed now.
  std::int64_t already_closed = 0;
};

// Errors: field_invalid naming the agreement and period when a period ending
// on or before `through` has not been run (run it first): nothing is closed.
Result<CloseSummary> close_periods(Database& database, const std::string& through,
                                   const std::string& closed_at, const std::string& actor);

// Whether `date` falls inside a closed period of `agreement_id`; the closed
// period's last day when it does, else "".
Result<std::string> closed_period_containing(Database& database, const std::string& agreement_id,
                                             const std::string& date);

}  // namespace fermata
