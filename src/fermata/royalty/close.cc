#include "fermata/royalty/close.h"

#include <algorithm>

#include "fermata/royalty/period.h"
#include "fermata/royalty/records.h"
#include "fermata/royalty/split.h"

namespace fermata {
namespace {

Status close_agreement(Database& database, const std::string& id,
                       const std::vector<AgreementVersion>& versions, const std::string& through,
                       const ClosedPeriod& stamp, CloseSummary& summary) {
  const AgreementVersion* latest = version_on(versions, through);
  if (!latest || latest->party_id("licensor").empty() ||
      (latest->accounting_party().empty() && !is_split_agreement(*latest)))
    return ok_status();
  RoyaltyRegister& reg = database.royalty_register();
  FERMATA_ASSIGN_OR_RETURN(auto periods, reg.periods(id));
  FERMATA_ASSIGN_OR_RETURN(auto closed, reg.closed_periods(id));
  for (const AccountingPeriod& period :
       periods_through(latest->payment.period, versions.front().effective_from, through)) {
    const bool run = std::any_of(periods.begin(), periods.end(),
                                 [&](const auto& p) { return p.period_end == period.end; });
    if (!run) {
      return make_error(ErrorCode::kFieldInvalid,
                        "agreement " + id + " period " + period.name +
                            " has not been run: `fermata run --through " + period.end +
                            "` before closing it",
                        {"", 0, "--through", through});
    }
    if (std::any_of(closed.begin(), closed.end(),
                    [&](const auto& c) { return c.period_end == period.end; })) {
      ++summary.already_closed;
      continue;
    }
    ClosedPeriod record = stamp;
    record.agreement_id = id;
    record.period_end = period.end;
    FERMATA_RETURN_IF_ERROR(reg.put_close(record));
    summary.closed.push_back(record);
  }
  return ok_status();
}

}  // namespace

Result<CloseSummary> close_periods(Database& database, const std::string& through,
                                   const std::string& closed_at, const std::string& actor) {
  FERMATA_ASSIGN_OR_RETURN(auto agreements, load_agreements(database));
  CloseSummary summary;
  const ClosedPeriod stamp{"", "", closed_at, actor};
  for (const auto& [id, versions] : agreements)
    FERMATA_RETURN_IF_ERROR(close_agreement(database, id, versions, through, stamp, summary));
  return summary;
}

Result<std::string> closed_period_containing(Database& database, const std::string& agreement_id,
                                             const std::string& date) {
  FERMATA_ASSIGN_OR_RETURN(auto periods, database.royalty_register().periods(agreement_id));
  FERMATA_ASSIGN_OR_RETURN(auto closed, database.royalty_register().closed_periods(agreement_id));
  for (const RoyaltyPeriodRecord& p : periods) {
    if (date < p.period_start || date > p.period_end) continue;
    for (const ClosedPeriod& c : closed) {
      if (c.period_end == p.period_end) return p.period_end;
    }
  }
  return std::string();
}

}  // namespace fermata
