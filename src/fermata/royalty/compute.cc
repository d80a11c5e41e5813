#include "fermata/royalty/compute.h"

#include <algorithm>
#include <tuple>

#include "fermata/base/date.h"
#include "fermata/royalty/poster.h"
#include "fermata/royalty/reserve.h"

namespace fermata {
namespace {

// Sums that share a clause: (version index, rule index, currency).
using GroupKey = std::tuple<std::size_t, std::size_t, std::string>;

// Upstream fee sums: (aggregator, its agreement's version index, rule index, currency).
using UpstreamKey = std::tuple<std::string, std::size_t, std::size_t, std::string>;

struct Sums {
  std::map<GroupKey, Decimal> fee_base;  // Per fee rule.
  ReserveSums reserve;
  std::map<UpstreamKey, Decimal> upstream_base;  // Per upstream fee rule.
};

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The index of the first rule that fits, or rules.size().
std::size_t fee_rule_for(const AgreementVersion& v, const EarningRecord& e) {
  for (std::size_t i = 0; i < v.fees.size(); ++i) {
    const FeeRule& rule = v.fees[i];
    if (!rule.channels.empty() && !contains(rule.channels, e.channel)) continue;
    const bool territorial = !rule.territories.include.empty() || !rule.territories.exclude.empty();
    if (territorial && !rule.territories.covers(e.territory)) continue;
    // An earning that names no product ("": a stream, a track) fits no rule listing formats.
    if (!rule.formats.empty() && !contains(rule.formats, e.format)) continue;
    if (!rule.from.empty() && e.reported_on < rule.from) continue;
    if (!rule.to.empty() && e.reported_on > rule.to) continue;
    return i;
  }
  return v.fees.size();
}

// The upstream fee rate on `e` (three-level chain), added to its sums: the
// fee of the aggregator that paid a gross report, under its agreement with
// the accounting party; zero otherwise.
Result<Decimal> add_upstream(const PeriodInput& in, const EarningRecord& e, Sums& sums) {
  const auto net = in.chain_net_of.find(e.import_id);
  if (net != in.chain_net_of.end() && !net->second.empty()) return Decimal();
  const auto payer = in.payer_of.find(e.import_id);
  if (payer == in.payer_of.end()) return Decimal();
  const auto upstream = in.upstream.find(payer->second);
  if (upstream == in.upstream.end()) return Decimal();
  const AgreementVersion* v = version_on(upstream->second, e.reported_on);
  if (!v) return Decimal();
  const std::size_t rule = fee_rule_for(*v, e);
  if (rule == v->fees.size()) return Decimal();  // The aggregator takes nothing on it.
  const auto vi = static_cast<std::size_t>(v - upstream->second.data());
  Decimal& base = sums.upstream_base[{payer->second, vi, rule, e.currency}];
  FERMATA_ASSIGN_OR_RETURN(base, base.checked_add(e.amount));
  return v->fees[rule].rate;
}

// Adds one earning to the sums of its fee rule and, when it is a positive
// sale on a reserve channel, to its reserve base.
Status add_earning(const PeriodInput& in, std::size_t vi, const EarningRecord& e, Sums& sums,
                   PeriodResult& out) {
  const AgreementVersion& v = in.versions[vi];
  EarningsTotal& total = out.earnings[e.currency];
  FERMATA_ASSIGN_OR_RETURN(total.amount, total.amount.checked_add(e.amount));
  ++total.earnings;
  if (e.reported_on < in.period.start) ++total.late;
  const auto net = in.chain_net_of.find(e.import_id);
  const bool already_net = net != in.chain_net_of.end() && net->second == v.accounting_party();
  Decimal fee_rate;
  if (already_net) {
    ++total.already_net;
  } else {
    const std::size_t rule = fee_rule_for(v, e);
    if (rule == v.fees.size()) {
      return make_error(ErrorCode::kFieldMissing,
                        "agreement " + in.agreement_id + " version " + std::to_string(v.version) +
                            " has no fee rule for " + e.channel + " sales" +
                            (e.format.empty() ? "" : " of format " + e.format) + " in territory '" +
                            e.territory + "' reported on " + e.reported_on + " (import " +
                            std::to_string(e.import_id) + ")",
                        {in.agreement_id, 0, "fee", e.channel});
    }
    fee_rate = v.fees[rule].rate;
    FERMATA_ASSIGN_OR_RETURN(Decimal upstream_rate, add_upstream(in, e, sums));
    Decimal amount = e.amount;
    if (v.fees[rule].base == FeeBase::kNet && !upstream_rate.is_zero()) {
      FERMATA_ASSIGN_OR_RETURN(Decimal upstream_fee, e.amount.checked_mul(upstream_rate));
      FERMATA_ASSIGN_OR_RETURN(amount, e.amount.checked_sub(upstream_fee));
    }
    Decimal& base = sums.fee_base[{vi, rule, e.currency}];
    FERMATA_ASSIGN_OR_RETURN(base, base.checked_add(amount));
  }
  FERMATA_RETURN_IF_ERROR(add_to_reserve(in, vi, e, fee_rate, sums.reserve));
  return ok_status();
}

// Fees, clause by clause, carrying the sub-unit rest per currency. Returns
// the charged fee per (version index, currency) for the tax on it.
Result<std::map<std::pair<std::size_t, std::string>, Decimal>> post_fees(const PeriodInput& in,
                                                                         const Sums& sums,
                                                                         Poster& poster) {
  std::map<std::string, Decimal> carry = in.fee_carry;
  std::map<std::pair<std::size_t, std::string>, Decimal> charged_by_version;
  for (const auto& [key, base] : sums.fee_base) {
    const auto& [vi, ri, currency] = key;
    const AgreementVersion& v = in.versions[vi];
    const FeeRule& rule = v.fees[ri];
    const std::string& lic = v.party_id("licensor");
    const std::string& acc = v.accounting_party();
    FERMATA_ASSIGN_OR_RETURN(int places, minor_digits(currency));
    FERMATA_ASSIGN_OR_RETURN(Decimal exact, base.checked_mul(rule.rate));
    FERMATA_ASSIGN_OR_RETURN(Decimal due, exact.checked_add(carry[currency]));
    FERMATA_ASSIGN_OR_RETURN(Decimal charged, due.round_to(places, RoundingMode::kDown));
    carry[currency] = due - charged;
    charged_by_version[{vi, currency}] += charged;
    RoyaltyLine line{
        0,   "",  v.version, rule.clause, "fee",     "",      "",
        lic, acc, currency,  base,        rule.rate, charged, std::string(fee_base_name(rule.base)),
        0};
    poster.add(std::move(line),
               "fee:" + rule.clause + ":v" + std::to_string(v.version) + ":" + currency,
               poster.memo(v, rule.clause,
                           "fee " + percent_text(rule.rate) + " of " +
                               std::string(fee_base_name(rule.base)) + " " +
                               money_text(base, currency) + " " + currency),
               {{royalty_account(lic, AccountKind::kExpense, currency, acc), charged},
                {royalty_account(lic, AccountKind::kPayable, currency, acc), -charged},
                {royalty_account(acc, AccountKind::kReceivable, currency, lic), charged},
                {royalty_account(acc, AccountKind::kFeeIncome, currency, lic), -exact},
                {royalty_account(acc, AccountKind::kRounding, currency, lic), exact - charged}});
  }
  return charged_by_version;
}

// Upstream fees, rule by rule, carrying the sub-unit rest per aggregator
// and currency. The aggregator keeps its fee from what it remits, so the
// licensor's receivable from it is reduced.
Status post_upstream_fees(const PeriodInput& in, const Sums& sums, Poster& poster) {
  std::map<std::string, std::map<std::string, Decimal>> carry = in.upstream_carry;
  for (const auto& [key, base] : sums.upstream_base) {
    const auto& [agg, vi, ri, currency] = key;
    const AgreementVersion& up = in.upstream.at(agg)[vi];
    const FeeRule& rule = up.fees[ri];
    const std::string& lic = in.versions.front().party_id("licensor");
    FERMATA_ASSIGN_OR_RETURN(int places, minor_digits(currency));
    FERMATA_ASSIGN_OR_RETURN(Decimal exact, base.checked_mul(rule.rate));
    FERMATA_ASSIGN_OR_RETURN(Decimal due, exact.checked_add(carry[agg][currency]));
    FERMATA_ASSIGN_OR_RETURN(Decimal charged, due.round_to(places, RoundingMode::kDown));
    carry[agg][currency] = due - charged;
    const std::string terms = up.id + " v" + std::to_string(up.version) + " §" + rule.clause;
    RoyaltyLine line{0,   "",       up.version, rule.clause, "upstream_fee", "",    "", lic,
                     agg, currency, base,       rule.rate,   charged,        terms, 0};
    poster.add(
        std::move(line), "upstream_fee:" + agg + ":" + terms + ":" + currency,
        poster.period_memo("upstream fee of " + agg + " under " + terms + ", " +
                           percent_text(rule.rate) + " of gross " + money_text(base, currency) +
                           " " + currency + " (kept from what it remits)"),
        {{royalty_account(lic, AccountKind::kExpense, currency, agg), charged},
         {royalty_account(lic, AccountKind::kReceivable, currency, agg), -charged},
         {royalty_account(agg, AccountKind::kExternal, currency, lic), charged},
         {royalty_account(agg, AccountKind::kFeeIncome, currency, lic), -exact},
         {royalty_account(agg, AccountKind::kRounding, currency, lic), exact - charged}});
  }
  return ok_status();
}

Status post_fee_tax(const PeriodInput& in,
                    const std::map<std::pair<std::size_t, std::string>, Decimal>& charged,
                    Poster& poster) {
  for (const auto& [key, fee] : charged) {
    const auto& [vi, currency] = key;
    const AgreementVersion& v = in.versions[vi];
    if (!v.fee_tax || fee.is_zero()) continue;
    const FeeTax& tax = *v.fee_tax;
    const std::string& lic = v.party_id("licensor");
    const std::string& acc = v.accounting_party();
    FERMATA_ASSIGN_OR_RETURN(int places, minor_digits(currency));
    FERMATA_ASSIGN_OR_RETURN(Decimal exact, fee.checked_mul(tax.rate));
    FERMATA_ASSIGN_OR_RETURN(Decimal amount, exact.round_to(places, RoundingMode::kHalfUp));
    RoyaltyLine line{0,   "",       v.version, tax.clause, "fee_tax", "",       "", lic,
                     acc, currency, fee,       tax.rate,   amount,    tax.name, 0};
    poster.add(std::move(line),
               "fee_tax:" + tax.clause + ":v" + std::to_string(v.version) + ":" + currency,
               poster.memo(v, tax.clause,
                           tax.name + " " + percent_text(tax.rate) + " on the fee " +
                               money_text(fee, currency) + " " + currency + " (self-billed)"),
               {{royalty_account(lic, AccountKind::kExpense, currency, acc), amount},
                {royalty_account(lic, AccountKind::kPayable, currency, acc), -amount},
                {royalty_account(acc, AccountKind::kReceivable, currency, lic), amount},
                {royalty_account(acc, AccountKind::kPayable, currency, tax.name), -amount}});
  }
  return ok_status();
}

}  // namespace

bool covers_earning(const AgreementVersion& v, const EarningRecord& e) {
  const bool owner = e.owner == v.party_id("licensor") || contains(v.scope.labels, e.owner);
  const bool in_scope = v.scope.all ? owner
                                    : contains(v.scope.labels, e.owner) ||
                                          (owner && contains(v.scope.releases, e.release_id));
  return in_scope && (e.territory.empty() || v.territories.covers(e.territory));
}

const FeeRule* fee_rule_applying(const AgreementVersion& version, const EarningRecord& earning) {
  const std::size_t rule = fee_rule_for(version, earning);
  return rule == version.fees.size() ? nullptr : &version.fees[rule];
}

Result<PeriodResult> compute_period(const PeriodInput& in) {
  PeriodResult out;
  Sums sums;
  for (const EarningRecord& e : in.earnings) {
    const AgreementVersion* v = version_on(in.versions, e.reported_on);
    if (!v) continue;
    if (!covers_earning(*v, e)) {
      ++out.not_covered;
      continue;
    }
    const auto vi = static_cast<std::size_t>(v - in.versions.data());
    FERMATA_RETURN_IF_ERROR(add_earning(in, vi, e, sums, out));
  }
  Poster poster(in.agreement_id, in.period, out);
  FERMATA_RETURN_IF_ERROR(post_upstream_fees(in, sums, poster));
  FERMATA_ASSIGN_OR_RETURN(auto charged, post_fees(in, sums, poster));
  FERMATA_RETURN_IF_ERROR(post_fee_tax(in, charged, poster));
  FERMATA_RETURN_IF_ERROR(post_reserve_lines(in, sums.reserve, poster));
  return out;
}

}  // namespace fermata
