// Artist and producer splits: one period of a split agreement (a label and
// the artist or producer it pays on), with the recoupment of advances and
// costs through their pools.
//
// Pure, like compute.h: the run (run.h) gathers a SplitInput from storage.
//
// Rules (docs/ROYALTIES.md, "Splits and recoupment", has the worked example):
//  - A split agreement is one with a licensor (the label) and no distributor
//    or aggregator; its `[[split]]` clauses name one payee. It takes the
//    label's earnings by the same rule as a distribution agreement (reported
//    within its own statement period, or late), under the version in force
//    on the day each was reported, within the agreement's scope and
//    territories and the split's own scope (labels, releases) when it has one.
//  - Base: `gross` and `ppd` are the earning's amount; `net` (and every
//    profit share, which is a share of what the label keeps) is the amount
//    less the fee of the label's distribution agreement that covers the
//    earning (the first by the id of the party accounting to it; its rule and version as the
//    royalty run takes them), at 12 decimal places, per earning. No fee when no distribution
//    agreement covers the earning or its import is already net of that
//    distributor's fee (chain position).
//  - Royalty: share x base per (version, clause, currency), exactly, charged
//    toward zero at the minor unit; the rest is carried in the payee's
//    rounding account (per label and currency) into the next clause and
//    period, as the distributor's fee carry is.
//  - Recoupables (advances, costs) enter the books in the first period of
//    their agreement that ends on or after their date. A pool is recouped
//    from the positive royalties of its splits in the period, per payee and
//    currency, up to what the pool still has outstanding (its recoupables
//    from every agreement sharing the pool, dated on or before the period's
//    end, less everything recouped before): that is cross-collateralisation.
//    A negative royalty (returns) is never "un-recouped": it lowers what is
//    payable. An unrecouped balance is not a debt: nothing is payable from it.
//
// Postings (L = label, A = payee; dated the period's last day):
//   royalty R (exact X): L:expense/A +R, L:payable/A -R, A:receivable/L +R,
//                        A:royalty_income/L -X, A:rounding/L +(X-R)
//   recoupable P:        L:recoupable/A +P, L:cash -P, A:cash +P,
//                        A:recoupable/L -P
//   recouped C:          L:payable/A +C, L:recoupable/A -C,
//                        A:recoupable/L +C, A:receivable/L -C
// so A:receivable/L is what the label owes the payee and L:recoupable/A
// what is still to be recouped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/royalty/compute.h"

namespace fermata {

// A pool's balance is kept per (pool, payee, currency).
using PoolKey = std::tuple<std::string, std::string, std::string>;

struct SplitInput {
  std::string agreement_id;
  std::vector<AgreementVersion> versions;  // The split agreement's, ascending.
  AccountingPeriod period;
  std::vector<EarningRecord> earnings;  // As PeriodInput::earnings.
  // The label's distribution agreements, by the party accounting to it
  // (distributor or aggregator id), for the net base.
  std::map<std::string, std::vector<AgreementVersion>> distribution;
  std::map<std::int64_t, std::string> chain_net_of;  // Import id -> party ("" = gross).
  std::map<std::string, Decimal> royalty_carry;      // Currency -> the payee's rounding now.
  std::vector<RoyaltyLine> earlier_lines;            // This agreement's lines of earlier periods.
  // Outstanding per pool before this period: every recoupable of the pool on
  // file dated on or before the period's end, less everything recouped.
  std::map<PoolKey, Decimal> outstanding;
};

// Whether `version` is a split agreement: a licensor, no distributor or
// aggregator, at least one split.
bool is_split_agreement(const AgreementVersion& version);

// The distributor's fee rate the label bore on `earning` under `distribution`
// (accounting party -> versions): the first agreement whose version on the reporting day
// covers it, its first fitting fee rule; 0 when none covers it, no rule fits
// or the import is already net of that agreement's accounting party.
Decimal distribution_fee_rate(
    const std::map<std::string, std::vector<AgreementVersion>>& distribution,
    const std::map<std::int64_t, std::string>& chain_net_of, const EarningRecord& earning);

// Errors: currency_unknown, decimal_overflow.
Result<PeriodResult> compute_split_period(const SplitInput& input);

}  // namespace fermata
