// The royalty computation of one agreement for one accounting period: which
// fee, tax on the fee, reserve and reserve release each currency's earnings
// give, as register lines and the balanced transactions that post them.
//
// Pure: everything it needs comes in a PeriodInput (run.h gathers it from
// storage), so a period is recomputed identically from the same input and
// the worked examples are tested without a database.
//
// Rules (docs/ROYALTIES.md has the worked example):
//  - Each earning is taken under the agreement version in force on the day
//    it was reported (an amendment applies from its date, also to a late
//    report of an earlier period, which is computed under the terms of then).
//  - Fee: the first fee rule of that version whose channels, territories and
//    dates fit the earning; an earning no rule fits is an error naming the
//    agreement, version, channel and territory. Earnings whose import is
//    already net of the accounting party's fee (chain position) take no fee.
//    The fee is computed on the sum per (version, clause, currency) exactly,
//    then charged at the currency's minor unit rounded toward zero; the
//    sub-unit rest is carried in the accounting party's rounding account
//    (per licensor and currency) into the next clause and period, so no
//    fraction of a cent is dropped or charged twice.
//  - Upstream fee (three-level chain): on an earning of a gross report paid
//    by an aggregator that accounts to this agreement's accounting party,
//    the first fitting rule of that aggregator's agreement with it, summed
//    per (aggregator, version, clause, currency), charged toward zero with
//    the rest carried in the aggregator's rounding account (per licensor);
//    this agreement's `net` rules then apply to the earning less that fee
//    (at 12 places). A report net of the aggregator takes no upstream fee.
//  - Tax on the fee (VAT/GST): the version's rate on the charged fee, per
//    (version, currency), rounded half up to the minor unit (an invoice line).
//  - Reserve: the version's rate on the positive earnings of its channels
//    (before or after the fee, as the rule says), per (version, currency),
//    rounded toward zero; released in the following periods by the
//    schedule's shares, split with allocate() so the releases sum exactly to
//    what was held. A reserve on invoices takes invoiced shipments only, and
//    returns of invoiced units are charged to it first (reserve.h).
//
// Postings (L = licensor, D = accounting party; every line's transaction is
// dated the period's last day):
//   fee F (exact X):  L:expense/D +F, L:payable/D -F, D:receivable/L +F,
//                     D:fee_income/L -X, D:rounding/L +(X-F)
//   tax T on fee:     L:expense/D +T, L:payable/D -T, D:receivable/L +T,
//                     D:payable/<tax name> -T
//   reserve R:        L:reserve/D +R, L:trust -R
//   release S:        L:reserve/D -S, L:trust +S
//   returns applied A: L:reserve/D -A, L:trust +A
//   upstream fee U (exact Y) of aggregator A, kept from what A remits:
//                     L:expense/A +U, L:receivable/A -U, A:external/L +U,
//                     A:fee_income/L -Y, A:rounding/L +(Y-U)
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/base/result.h"
#include "fermata/ledger/ledger.h"
#include "fermata/royalty/period.h"
#include "fermata/storage/report_register.h"
#include "fermata/storage/royalty_register.h"

namespace fermata {

struct PeriodInput {
  std::string agreement_id;
  std::vector<AgreementVersion> versions;  // The agreement's, ascending.
  AccountingPeriod period;
  // The licensor's earnings this period accounts for: reported within it, or
  // reported earlier but imported after that period was run (late).
  std::vector<EarningRecord> earnings;
  std::map<std::int64_t, std::string> chain_net_of;  // Import id -> party ("" = gross).
  std::map<std::string, Decimal> fee_carry;          // Currency -> rounding balance now.
  std::vector<RoyaltyLine> earlier_lines;            // This agreement's lines of earlier periods.
  // Three-level chains (store -> aggregator -> distributor -> label): the
  // agreements the accounting party has as licensor with the parties that
  // account to it (an aggregator), by that party. A gross report (chain
  // position "") paid by one of them takes that agreement's fee first, and a
  // `net` fee rule of this agreement applies to what is left.
  std::map<std::string, std::vector<AgreementVersion>> upstream;
  std::map<std::int64_t, std::string> payer_of;  // Import id -> the party that pays it.
  // Each upstream party's rounding carry for the licensor: party -> currency -> balance.
  std::map<std::string, std::map<std::string, Decimal>> upstream_carry;
  // Imports whose earnings are invoiced shipments (stock files): a reserve
  // `on = "invoices"` takes only these, and their returns draw on it.
  // Not owned; nullptr = none.
  const std::set<std::int64_t>* invoice_imports = nullptr;
};

// One amount, with the transaction that posts it (txn_seq is set by the run).
struct RoyaltyAmount {
  RoyaltyLine line;
  NewTransaction txn;
};

struct EarningsTotal {
  Decimal amount;
  std::int64_t earnings = 0, late = 0, already_net = 0;
};

struct PeriodResult {
  std::vector<RoyaltyAmount> amounts;
  std::map<std::string, EarningsTotal> earnings;  // Per currency.
  std::int64_t not_covered = 0;                   // Out of its scope or territories.
};

// Whether `earning` belongs to the agreement under `version`: the licensor's
// (or a scoped label's) release, in a covered territory (an earning without
// a territory is covered).
bool covers_earning(const AgreementVersion& version, const EarningRecord& earning);

// The fee rule of `version` that applies to `earning`: the first whose
// channels, territories, formats and dates fit it; nullptr when none does.
const FeeRule* fee_rule_applying(const AgreementVersion& version, const EarningRecord& earning);

// Errors: field_missing (no fee rule fits an earning), currency_unknown,
// decimal_overflow.
Result<PeriodResult> compute_period(const PeriodInput& input);

}  // namespace fermata
