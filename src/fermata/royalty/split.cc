#include "fermata/royalty/split.h"

#include <algorithm>
#include <optional>

#include "fermata/royalty/poster.h"

namespace fermata {
namespace {

// Royalty bases that share a clause: (version index, split index, currency).
using SplitKey = std::tuple<std::size_t, std::size_t, std::string>;

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Whether a split's own scope (none = the agreement's) covers `e`.
bool split_covers(const Split& split, const EarningRecord& e) {
  const Scope& s = split.scope;
  if (s.all || (s.labels.empty() && s.releases.empty() && s.products.empty())) return true;
  return contains(s.labels, e.owner) || contains(s.releases, e.release_id);
}

// What the label keeps of `e` after its distributor's fee, at 12 places.
Result<Decimal> label_net(const SplitInput& in, const EarningRecord& e) {
  const Decimal rate = distribution_fee_rate(in.distribution, in.chain_net_of, e);
  FERMATA_ASSIGN_OR_RETURN(Decimal fee, e.amount.checked_mul(rate));
  return e.amount.checked_sub(fee);
}

// Adds `e` to the base of every split of its version that covers it.
Status add_earning(const SplitInput& in, std::size_t vi, const EarningRecord& e,
                   std::map<SplitKey, Decimal>& bases, PeriodResult& out) {
  const AgreementVersion& v = in.versions[vi];
  EarningsTotal& total = out.earnings[e.currency];
  FERMATA_ASSIGN_OR_RETURN(total.amount, total.amount.checked_add(e.amount));
  ++total.earnings;
  if (e.reported_on < in.period.start) ++total.late;
  std::optional<Decimal> net;
  for (std::size_t si = 0; si < v.splits.size(); ++si) {
    const Split& split = v.splits[si];
    if (!split_covers(split, e)) continue;
    Decimal base = e.amount;
    if (split.kind == SplitKind::kProfitShare || split.base == FeeBase::kNet) {
      if (!net) {
        FERMATA_ASSIGN_OR_RETURN(Decimal kept, label_net(in, e));
        net = kept;
      }
      base = *net;
    }
    Decimal& sum = bases[{vi, si, e.currency}];
    FERMATA_ASSIGN_OR_RETURN(sum, sum.checked_add(base));
  }
  return ok_status();
}

std::string split_base_text(const Split& split) {
  if (split.kind == SplitKind::kProfitShare) return "profit share of net";
  return "royalty rate of " + std::string(fee_base_name(split.base));
}

// Royalties clause by clause, carrying the sub-unit rest per currency.
// Returns what each pool earned this period (charged royalties).
Result<std::map<PoolKey, Decimal>> post_royalties(const SplitInput& in,
                                                  const std::map<SplitKey, Decimal>& bases,
                                                  Poster& poster) {
  std::map<std::string, Decimal> carry = in.royalty_carry;
  std::map<PoolKey, Decimal> earned;
  for (const auto& [key, base] : bases) {
    const auto& [vi, si, currency] = key;
    const AgreementVersion& v = in.versions[vi];
    const Split& split = v.splits[si];
    const std::string& label = v.party_id("licensor");
    FERMATA_ASSIGN_OR_RETURN(int places, minor_digits(currency));
    FERMATA_ASSIGN_OR_RETURN(Decimal exact, base.checked_mul(split.share));
    FERMATA_ASSIGN_OR_RETURN(Decimal due, exact.checked_add(carry[currency]));
    FERMATA_ASSIGN_OR_RETURN(Decimal charged, due.round_to(places, RoundingMode::kDown));
    carry[currency] = due - charged;
    if (!split.pool.empty()) earned[{split.pool, split.payee, currency}] += charged;
    RoyaltyLine line{
        0,     "",          v.version, split.clause, "royalty",   "",      "",
        label, split.payee, currency,  base,         split.share, charged, split_base_text(split),
        0};
    poster.add(
        std::move(line),
        "royalty:" + split.clause + ":v" + std::to_string(v.version) + ":" + currency,
        poster.memo(v, split.clause,
                    split.payee + " " + percent_text(split.share) + " " + split_base_text(split) +
                        " " + money_text(base, currency) + " " + currency),
        {{royalty_account(label, AccountKind::kExpense, currency, split.payee), charged},
         {royalty_account(label, AccountKind::kPayable, currency, split.payee), -charged},
         {royalty_account(split.payee, AccountKind::kReceivable, currency, label), charged},
         {royalty_account(split.payee, AccountKind::kRoyaltyIncome, currency, label), -exact},
         {royalty_account(split.payee, AccountKind::kRounding, currency, label), exact - charged}});
  }
  return earned;
}

// "ADV-1: advance of 2025-09-01, pool P": the detail a recoupable's line
// carries; it starts with the recoupable's id.
std::string recoupable_detail(const Recoupable& r) {
  return r.id + ": " + std::string(recoupable_kind_name(r.kind)) + " of " + r.date + ", pool " +
         r.pool;
}

bool posted_before(const SplitInput& in, const Recoupable& r) {
  return std::any_of(in.earlier_lines.begin(), in.earlier_lines.end(), [&](const RoyaltyLine& l) {
    return l.kind == "recoupable" && l.detail.starts_with(r.id + ":");
  });
}

// The agreement's recoupables dated by the period's end, entered once.
void post_recoupables(const SplitInput& in, const AgreementVersion& v, Poster& poster) {
  const std::string& label = v.party_id("licensor");
  for (const Recoupable& r : v.recoupables) {
    if (r.date > in.period.end || posted_before(in, r)) continue;
    RoyaltyLine line{
        0,          "",       v.version, r.clause, "recoupable",         "", "", label, r.payee,
        r.currency, r.amount, Decimal(), r.amount, recoupable_detail(r), 0};
    poster.add(
        std::move(line), "recoupable:" + r.id,
        poster.memo(v, r.clause,
                    std::string(recoupable_kind_name(r.kind)) + " " + r.id + " to " + r.payee +
                        " " + money_text(r.amount, r.currency) + " " + r.currency + " (" + r.date +
                        "), recoupable through pool " + r.pool),
        {{royalty_account(label, AccountKind::kRecoupable, r.currency, r.payee), r.amount},
         {royalty_account(label, AccountKind::kCash, r.currency), -r.amount},
         {royalty_account(r.payee, AccountKind::kCash, r.currency), r.amount},
         {royalty_account(r.payee, AccountKind::kRecoupable, r.currency, label), -r.amount}});
  }
}

// Recovers each pool's outstanding balance from what its splits earned.
void post_recoupment(const SplitInput& in, const AgreementVersion& v,
                     const std::map<PoolKey, Decimal>& earned, Poster& poster) {
  const std::string& label = v.party_id("licensor");
  for (const auto& [key, amount] : earned) {
    const auto& [pool, payee, currency] = key;
    const auto found = in.outstanding.find(key);
    const Decimal outstanding = found == in.outstanding.end() ? Decimal() : found->second;
    if (amount.sign() <= 0 || outstanding.sign() <= 0) continue;
    const Decimal recouped = std::min(amount, outstanding);
    const Decimal after = outstanding - recouped;
    const std::string& pool_id = pool;  // A structured binding is not captured before C++20.
    const auto split = std::find_if(v.splits.begin(), v.splits.end(),
                                    [&pool_id](const Split& s) { return s.pool == pool_id; });
    const std::string clause = split == v.splits.end() ? "" : split->clause;
    RoyaltyLine line{0,
                     "",
                     v.version,
                     clause,
                     "recoupment",
                     "",
                     "",
                     label,
                     payee,
                     currency,
                     outstanding,
                     Decimal(),
                     recouped,
                     "pool " + pool + "; outstanding after " + money_text(after, currency),
                     0};
    poster.add(std::move(line), "recoupment:" + pool + ":" + payee + ":" + currency,
               poster.memo(v, clause,
                           "recouped " + money_text(recouped, currency) + " " + currency +
                               " from " + payee + "'s royalties through pool " + pool + " (" +
                               money_text(after, currency) + " outstanding after)"),
               {{royalty_account(label, AccountKind::kPayable, currency, payee), recouped},
                {royalty_account(label, AccountKind::kRecoupable, currency, payee), -recouped},
                {royalty_account(payee, AccountKind::kRecoupable, currency, label), recouped},
                {royalty_account(payee, AccountKind::kReceivable, currency, label), -recouped}});
  }
}

}  // namespace

bool is_split_agreement(const AgreementVersion& v) {
  return !v.party_id("licensor").empty() && v.accounting_party().empty() && !v.splits.empty();
}

Decimal distribution_fee_rate(
    const std::map<std::string, std::vector<AgreementVersion>>& distribution,
    const std::map<std::int64_t, std::string>& chain_net_of, const EarningRecord& e) {
  for (const auto& [id, versions] : distribution) {
    const AgreementVersion* v = version_on(versions, e.reported_on);
    if (!v || !covers_earning(*v, e)) continue;
    const auto net = chain_net_of.find(e.import_id);
    if (net != chain_net_of.end() && net->second == v->accounting_party()) return Decimal();
    const FeeRule* rule = fee_rule_applying(*v, e);
    return rule ? rule->rate : Decimal();
  }
  return Decimal();
}

Result<PeriodResult> compute_split_period(const SplitInput& in) {
  PeriodResult out;
  std::map<SplitKey, Decimal> bases;
  for (const EarningRecord& e : in.earnings) {
    const AgreementVersion* v = version_on(in.versions, e.reported_on);
    if (!v || !covers_earning(*v, e)) {
      ++out.not_covered;
      continue;
    }
    const auto vi = static_cast<std::size_t>(v - in.versions.data());
    FERMATA_RETURN_IF_ERROR(add_earning(in, vi, e, bases, out));
  }
  Poster poster(in.agreement_id, in.period, out);
  const AgreementVersion* now = version_on(in.versions, in.period.end);
  if (now) post_recoupables(in, *now, poster);
  FERMATA_ASSIGN_OR_RETURN(auto earned, post_royalties(in, bases, poster));
  if (now) post_recoupment(in, *now, earned, poster);
  return out;
}

}  // namespace fermata
