// The royalty run: every agreement period that has ended and not been run,
// computed (compute.h) and posted.
//
// For each distribution agreement (a licensor and the distributor or
// aggregator that accounts to it), in id order, every accounting period from
// its first version's effective date through `through` that the royalty
// register does not list yet is run in date order: the licensor's earnings
// reported up to the period's end and not taken by an earlier period are
// gathered (a report imported after its period was run lands in the next
// open period, a prior-period adjustment that still shows its sale dates),
// a voided import's reversals cancel its earnings not yet taken and come
// back as negative earnings where an earlier period took them (prior-period
// adjustments under the original terms), the accounting party's rounding
// carry is read from the ledger, and each computed amount is appended as
// its own transaction (key "royalty:<agreement>:<period>:<kind>:...") with
// a register line naming the agreement, version and clause. The period's
// row records how far the earnings register had got. Running again over the
// same input finds every period run and posts nothing.
//
// REQUIRES: inside Ledger::begin_write(): the caller commits the whole run
// at once (or rolls it back for a dry run).
// Thread safety: one writer, as Ledger.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/ledger/ledger.h"
#include "fermata/royalty/compute.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct PeriodRun {
  std::string agreement_id;
  AccountingPeriod period;
  PeriodResult result;
  std::int64_t transactions = 0;
};

struct RunSummary {
  std::vector<PeriodRun> periods;  // Periods run now that had earnings or amounts.
  std::int64_t quiet_periods = 0;  // Run now, with nothing to post.
  std::int64_t already_run = 0;    // Found in the register.
  std::int64_t transactions = 0;
};

struct RunOptions {
  std::string through;      // ISO date: run periods ending on or before it.
  std::string recorded_at;  // UTC time written on each period's row.
};

Result<RunSummary> run_royalties(Database& database, Ledger& ledger, const RunOptions& options);

// The earnings an agreement can account for: its licensor's and its scoped
// labels', by id, including the reversals a void recorded (an import voided
// before reversals existed is left out whole).
Result<std::vector<EarningRecord>> agreement_earnings(
    Database& database, const std::vector<AgreementVersion>& versions);

// Whether an earlier run period took `earning`: it was reported by that
// period's end and recorded before that period was run.
bool taken_by(const std::vector<RoyaltyPeriodRecord>& periods, const EarningRecord& earning);

// The earnings a period ending `period_end` takes when run with earnings up
// to id `through` recorded, given the `earlier` run periods: reported by its
// end, recorded by then, not taken before. An earning and its reversal (the
// import was voided) both due here cancel: neither is taken. A reversal of an
// earning an earlier period took is taken: a prior-period adjustment.
std::vector<EarningRecord> earnings_for_period(const std::vector<EarningRecord>& earnings,
                                               const std::vector<RoyaltyPeriodRecord>& earlier,
                                               const std::string& period_end, std::int64_t through);

// The earnings `period` took, of `earnings` (one agreement's, ascending id),
// given the agreement's run periods: the same rule the run applied, so a
// statement shows exactly what its period's run computed from.
std::vector<EarningRecord> earnings_taken(const std::vector<EarningRecord>& earnings,
                                          const std::vector<RoyaltyPeriodRecord>& periods,
                                          const RoyaltyPeriodRecord& period);

}  // namespace fermata
