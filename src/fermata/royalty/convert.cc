#include "fermata/royalty/convert.h"

#include <optional>

#include "fermata/fx/fx.h"

namespace fermata {
namespace {

// The licensor's movement of the period per currency, as its statement
// shows it: earnings (and reversals) less fees, tax and reserves, plus
// releases.
Result<std::map<std::string, Decimal>> movement(const PeriodInput& input,
                                                const PeriodResult& result) {
  std::map<std::string, Decimal> out;
  for (const EarningRecord& e : input.earnings) {
    Decimal& sum = out[e.currency];
    FERMATA_ASSIGN_OR_RETURN(sum, sum.checked_add(e.amount));
  }
  for (const RoyaltyAmount& a : result.amounts) {
    const RoyaltyLine& l = a.line;
    Decimal& sum = out[l.currency];
    if (l.kind == "fee" || l.kind == "fee_tax" || l.kind == "reserve") {
      FERMATA_ASSIGN_OR_RETURN(sum, sum.checked_sub(l.amount));
    } else if (l.kind == "reserve_release" || l.kind == "reserve_applied") {
      FERMATA_ASSIGN_OR_RETURN(sum, sum.checked_add(l.amount));
    }
  }
  return out;
}

RoyaltyAmount conversion_amount(const PeriodInput& input, const AgreementVersion& v,
                                const Conversion& c) {
  const std::string& lic = v.party_id("licensor");
  const std::string& acc = v.accounting_party();
  RoyaltyLine line{0,
                   input.agreement_id,
                   v.version,
                   v.payment.clause,
                   "conversion",
                   input.period.start,
                   input.period.end,
                   lic,
                   acc,
                   c.to,
                   c.amount,
                   c.rate,
                   c.converted,
                   c.source + ", " + c.date,
                   0,
                   c.from};
  NewTransaction txn;
  txn.idempotency_key =
      "royalty:" + input.agreement_id + ":" + input.period.name + ":convert:" + c.from + ":" + c.to;
  txn.effective_date = input.period.end;
  txn.memo = input.agreement_id + " v" + std::to_string(v.version) + " §" + v.payment.clause + " " +
             input.period.name + ": conversion of " + c.from + " " + money_text(c.amount, c.from) +
             " at " + c.rate.to_string() + " " + c.from + "/" + c.to + " (" + c.source + ", " +
             c.date + ") = " + c.to + " " + money_text(c.converted, c.to);
  txn.postings = {{AccountRef{lic, AccountKind::kTrust, c.from, "", ""}, -c.amount},
                  {AccountRef{lic, AccountKind::kExchange, c.from, "", acc}, c.amount},
                  {AccountRef{lic, AccountKind::kExchange, c.to, "", acc}, -c.converted},
                  {AccountRef{lic, AccountKind::kTrust, c.to, "", ""}, c.converted}};
  std::erase_if(txn.postings, [](const Posting& p) { return p.amount.is_zero(); });
  return RoyaltyAmount{std::move(line), std::move(txn)};
}

}  // namespace

Status convert_period(Database& database, const PeriodInput& input, PeriodResult& result) {
  const AgreementVersion* v = version_on(input.versions, input.period.end);
  if (!v || !v->exchange_terms) return ok_status();  // Each currency is paid as held.
  const std::string& payout = v->payment.currency;
  FERMATA_ASSIGN_OR_RETURN(auto sums, movement(input, result));
  std::vector<RoyaltyAmount> conversions;
  std::optional<RateTable> rates;  // Read when the first conversion is due.
  for (const auto& [currency, amount] : sums) {
    if (currency == payout || amount.is_zero()) continue;
    if (!rates) {
      FERMATA_ASSIGN_OR_RETURN(RateTable table, load_rate_table(database));
      rates = std::move(table);
    }
    FERMATA_ASSIGN_OR_RETURN(
        Conversion c,
        convert(*rates, amount, currency, payout, input.period.end,
                "period " + input.period.name + " of agreement " + input.agreement_id));
    conversions.push_back(conversion_amount(input, *v, c));
  }
  for (RoyaltyAmount& a : conversions) result.amounts.push_back(std::move(a));
  return ok_status();
}

}  // namespace fermata
