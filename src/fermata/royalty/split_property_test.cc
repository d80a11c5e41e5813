// Property tests of splits, recoupment and three-level chains (issue 4,
// "Correctness"): random split agreements (1-3 clauses of one payee, random
// shares, kinds, bases and release scopes, one or two pools), random
// distribution fees and random earnings (sales and returns in USD, JPY and
// BHD, gross or already net of the distributor), random pool balances; and
// random aggregator and distributor rates over random gross sales entered at
// the store or net of the aggregator.
//
// The reference figures restate the documented rules (split.h, compute.h,
// docs/ROYALTIES.md) without calling the code under test.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/royalty/compute.h"
#include "fermata/royalty/period.h"
#include "fermata/royalty/pool_book.h"
#include "fermata/royalty/split.h"

namespace fermata {
namespace {

const std::vector<std::string> kReleases = {"R1", "R2", "R3"};
const std::vector<std::string> kCurrencies = {"USD", "JPY", "BHD"};
const std::vector<std::string> kChannels = {"physical", "stream"};

// A decimal with `places` fractional digits between low and high units.
Decimal gen_decimal(std::int64_t low, std::int64_t high, int places) {
  Int128 raw = *rc::gen::inRange<std::int64_t>(low, high);
  for (int i = places; i < Decimal::kScale; ++i) raw *= 10;
  return Decimal::from_raw(raw);
}

Decimal percent(int whole) {
  return Decimal::from_raw(Int128{whole} * Decimal::kOne / 100);
}

std::string text_of(Decimal d) {
  return "\"" + d.to_string() + "\"";
}

AgreementVersion distribution(Decimal physical_rate, Decimal other_rate) {
  const std::string toml =
      "fermata_agreement = 1\nid = \"AGR-D\"\nversion = 1\neffective_from = 2026-01-01\n"
      "[parties]\nlicensor = \"L1\"\ndistributor = \"D\"\n[term]\nstart = 2026-01-01\n"
      "[scope]\nall = true\n[[fee]]\nclause = \"1\"\nrate = " +
      text_of(physical_rate) +
      "\nchannels = [\"physical\"]\n[[fee]]\nclause = \"2\"\nrate = " + text_of(other_rate) +
      "\n[payment]\nclause = \"3\"\ndays_after_period = 30\ncurrency = \"USD\"\n";
  return *parse_agreement(toml, "d.toml");
}

struct SplitCase {
  SplitInput in;
  Decimal physical_rate, other_rate;
};

AgreementVersion gen_split_agreement() {
  std::string toml =
      "fermata_agreement = 1\nid = \"AGR-S\"\nversion = 1\neffective_from = 2026-01-01\n"
      "[parties]\nlicensor = \"L1\"\nartist = \"A1\"\n[term]\nstart = 2026-01-01\n"
      "[scope]\nall = true\n[payment]\nclause = \"9\"\nperiod = \"quarterly\"\n"
      "days_after_period = 30\ncurrency = \"USD\"\n";
  const int splits = *rc::gen::inRange(1, 4);
  for (int i = 0; i < splits; ++i) {
    const bool profit = *rc::gen::arbitrary<bool>();
    toml += "[[split]]\nclause = \"4." + std::to_string(i + 1) + "\"\npayee = \"A1\"\nkind = \"" +
            (profit ? "profit_share" : "royalty_rate") +
            "\"\nshare = " + text_of(gen_decimal(0, 1'000'000, 6)) + "\nbase = \"" +
            *rc::gen::element<std::string>("net", "gross", "ppd") + "\"\nscope = { releases = [\"" +
            *rc::gen::elementOf(kReleases) + "\"] }\npool = \"" +
            *rc::gen::element<std::string>("P1", "P2") + "\"\n";
  }
  return *parse_agreement(toml, "s.toml");
}

SplitCase gen_split_case() {
  SplitCase c;
  c.physical_rate = percent(*rc::gen::inRange(0, 60));
  c.other_rate = percent(*rc::gen::inRange(0, 60));
  c.in.agreement_id = "AGR-S";
  c.in.versions = {gen_split_agreement()};
  c.in.period = period_containing(StatementPeriod::kQuarterly, "2026-03-31");
  c.in.distribution["D"] = {distribution(c.physical_rate, c.other_rate)};
  const int n = *rc::gen::inRange(1, 60);
  for (int i = 1; i <= n; ++i) {
    const std::string currency = *rc::gen::elementOf(kCurrencies);
    EarningRecord e{i,
                    i,
                    i,
                    "L1",
                    *rc::gen::elementOf(kReleases),
                    "",
                    "S",
                    *rc::gen::elementOf(kChannels),
                    "US",
                    "2026-03-31",
                    "2026-03-31",
                    "2026-03-31",
                    currency,
                    Decimal::from_units(1),
                    gen_decimal(-2'000'000, 20'000'000, 4)};
    if (*rc::gen::inRange(0, 4) == 0) c.in.chain_net_of[i] = "D";
    c.in.earnings.push_back(e);
  }
  for (const std::string& currency : kCurrencies) {
    c.in.royalty_carry[currency] = gen_decimal(0, 9'999, 6);
    if (currency != "USD") c.in.royalty_carry[currency] = Decimal();
    for (const std::string pool : {"P1", "P2"})
      c.in.outstanding[{pool, "A1", currency}] = gen_decimal(0, 300'000, 2);
  }
  return c;
}

// The exact royalty of each (clause, currency), restated from the rules.
std::map<std::pair<std::string, std::string>, Decimal> reference_royalties(const SplitCase& c) {
  std::map<std::pair<std::string, std::string>, Decimal> out;
  for (const EarningRecord& e : c.in.earnings) {
    for (const Split& s : c.in.versions.front().splits) {
      if (s.scope.releases.front() != e.release_id) continue;
      Decimal base = e.amount;
      const bool net = s.kind == SplitKind::kProfitShare || s.base == FeeBase::kNet;
      const bool already_net = c.in.chain_net_of.count(e.import_id) > 0;
      if (net && !already_net) {
        const Decimal rate = e.channel == "physical" ? c.physical_rate : c.other_rate;
        base = e.amount - *e.amount.checked_mul(rate);
      }
      out[{s.clause, e.currency}] += base;
    }
  }
  for (auto& [key, base] : out) {
    for (const Split& s : c.in.versions.front().splits) {
      if (s.clause == key.first) base = *base.checked_mul(s.share);
    }
  }
  return out;
}

struct Posted {
  std::map<std::pair<std::string, std::string>, Decimal> royalty;  // (clause, currency).
  std::map<PoolKey, Decimal> recouped;
  std::map<std::string, Decimal> carry_change;  // Currency.
};

Posted post(const SplitInput& in) {
  Result<PeriodResult> r = compute_split_period(in);
  RC_ASSERT(r.has_value());
  Posted out;
  for (const RoyaltyAmount& a : r->amounts) {
    std::map<std::string, Decimal> sums;
    for (const Posting& p : a.txn.postings) {
      sums[p.account.commodity] += p.amount;
      if (p.account.kind == AccountKind::kRounding)
        out.carry_change[p.account.commodity] += p.amount;
    }
    for (const auto& [currency, sum] : sums) RC_ASSERT(sum.is_zero());
    if (a.line.kind == "royalty") out.royalty[{a.line.clause, a.line.currency}] += a.line.amount;
    if (a.line.kind == "recoupment") {
      out.recouped[{recoupment_pool(a.line), a.line.counterparty, a.line.currency}] +=
          a.line.amount;
    }
  }
  return out;
}

RC_GTEST_PROP(SplitProperty, RoyaltiesChargedPlusTheCarryAreExactlyTheSharesOfTheBase, ()) {
  const SplitCase c = gen_split_case();
  const Posted posted = post(c.in);
  std::map<std::string, Decimal> exact, charged;
  for (const auto& [key, amount] : reference_royalties(c)) exact[key.second] += amount;
  for (const auto& [key, amount] : posted.royalty) charged[key.second] += amount;
  for (const auto& [currency, amount] : exact) {
    const auto change = posted.carry_change.find(currency);
    const Decimal carried = change == posted.carry_change.end() ? Decimal() : change->second;
    RC_ASSERT(charged[currency] + carried == amount);
  }
}

RC_GTEST_PROP(SplitProperty, EachPoolRecoupsWhatItsSplitsEarnedUpToWhatIsOutstanding, ()) {
  const SplitCase c = gen_split_case();
  const Posted posted = post(c.in);
  std::map<PoolKey, Decimal> earned;
  for (const auto& [key, amount] : posted.royalty) {
    for (const Split& s : c.in.versions.front().splits) {
      if (s.clause == key.first) earned[{s.pool, "A1", key.second}] += amount;
    }
  }
  for (const auto& [pool, amount] : earned) {
    const Decimal outstanding = c.in.outstanding.at(pool);
    const Decimal expected = amount.sign() <= 0 ? Decimal() : std::min(amount, outstanding);
    const auto found = posted.recouped.find(pool);
    RC_ASSERT((found == posted.recouped.end() ? Decimal() : found->second) == expected);
  }
}

RC_GTEST_PROP(SplitProperty, ALargerShareNeverReceivesLess, ()) {
  SplitCase c = gen_split_case();
  for (EarningRecord& e : c.in.earnings) {
    if (e.amount.is_negative()) e.amount = -e.amount;  // Sales only.
  }
  c.in.royalty_carry.clear();
  const std::size_t which = *rc::gen::inRange<std::size_t>(0, c.in.versions.front().splits.size());
  const Posted before = post(c.in);
  Split& split = c.in.versions.front().splits[which];
  split.share = split.share + gen_decimal(0, 100'000, 6);
  const Posted after = post(c.in);
  for (const auto& [key, amount] : before.royalty) {
    if (key.first == split.clause) RC_ASSERT(after.royalty.at(key) >= amount);
  }
}

constexpr char kLabel[] =
    "fermata_agreement = 1\nid = \"AGR-L1-D\"\nversion = 1\neffective_from = 2026-01-01\n"
    "[parties]\nlicensor = \"L1\"\ndistributor = \"D\"\n[term]\nstart = 2026-01-01\n"
    "[scope]\nall = true\n[[fee]]\nclause = \"5\"\nrate = RATE\nbase = \"net\"\n"
    "[payment]\nclause = \"7\"\ndays_after_period = 60\ncurrency = \"USD\"\n";
constexpr char kAggregator[] =
    "fermata_agreement = 1\nid = \"AGR-D-A\"\nversion = 1\neffective_from = 2026-01-01\n"
    "[parties]\nlicensor = \"D\"\naggregator = \"A\"\n[term]\nstart = 2026-01-01\n"
    "[[fee]]\nclause = \"3\"\nrate = RATE\n"
    "[payment]\nclause = \"4\"\ndays_after_period = 45\ncurrency = \"USD\"\n";

AgreementVersion with_rate(std::string toml, Decimal rate) {
  toml.replace(toml.find("RATE"), 4, text_of(rate));
  return *parse_agreement(toml, "chain.toml");
}

// D's exact fee and A's exact fee (0 when none) for one earning of `amount`
// entered at chain position `net_of`, with both rounding carries at zero.
std::pair<Decimal, Decimal> chain_fees(Decimal a_rate, Decimal d_rate, Decimal amount,
                                       const std::string& net_of) {
  PeriodInput in;
  in.agreement_id = "AGR-L1-D";
  in.versions = {with_rate(kLabel, d_rate)};
  in.period = period_containing(StatementPeriod::kQuarterly, "2026-03-31");
  in.earnings = {EarningRecord{1, 1, 1, "L1", "R1", "", "S", "stream", "US", "2026-03-31",
                               "2026-03-31", "2026-03-31", "USD", Decimal::from_units(1), amount}};
  in.chain_net_of[1] = net_of;
  in.payer_of[1] = "A";
  in.upstream["A"] = {with_rate(kAggregator, a_rate)};
  Result<PeriodResult> r = compute_period(in);
  RC_ASSERT(r.has_value());
  Decimal d_fee, a_fee;
  for (const RoyaltyAmount& a : r->amounts) {
    for (const Posting& p : a.txn.postings) {
      if (p.account.kind != AccountKind::kFeeIncome) continue;
      (p.account.party == "D" ? d_fee : a_fee) -= p.amount;
    }
  }
  return {d_fee, a_fee};
}

RC_GTEST_PROP(ChainProperty, NoFeeIsTakenTwiceWhateverTheChainPosition, ()) {
  const Decimal a_rate = percent(*rc::gen::inRange(0, 40));
  const Decimal d_rate = percent(*rc::gen::inRange(0, 40));
  const Decimal gross = gen_decimal(-1'000'000, 100'000'000, 6);
  const Decimal a_exact = *gross.checked_mul(a_rate);
  const auto [d_gross, a_gross] = chain_fees(a_rate, d_rate, gross, "");
  RC_ASSERT(a_gross == a_exact);                                 // A's fee once, on the gross.
  RC_ASSERT(d_gross == *(gross - a_exact).checked_mul(d_rate));  // D's on what A passed on.
  // A's own statement of the same sales (net of A): the same fee for D, none for A.
  const auto [d_net, a_net] = chain_fees(a_rate, d_rate, gross - a_exact, "A");
  RC_ASSERT(a_net.is_zero());
  RC_ASSERT(d_net == d_gross);
  // Net of D: nobody's fee.
  const auto [d_none, a_none] = chain_fees(a_rate, d_rate, gross, "D");
  RC_ASSERT(d_none.is_zero() && a_none.is_zero());
}

}  // namespace
}  // namespace fermata
