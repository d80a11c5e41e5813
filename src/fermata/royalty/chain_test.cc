// A three-level chain worked by hand (docs/ROYALTIES.md, "Chains of three"):
// store -> aggregator A -> distributor D -> label L1, the same sales entered
// at two chain positions (the store's gross report paid by A, and A's own
// statement, net of its fee): both give A the same fee, D the same fee on
// what A passed on, and the label the same rest.
#include <gtest/gtest.h>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/royalty/compute.h"
#include "fermata/royalty/period.h"

namespace fermata {
namespace {

constexpr char kLabel[] = R"toml(fermata_agreement = 1
id = "AGR-L1-D"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "L1"
distributor = "D"
[term]
start = 2026-01-01
[scope]
all = true
[[fee]]
clause = "5"
rate = "15%"
base = "net"
[payment]
clause = "7"
days_after_period = 60
currency = "USD"
)toml";

constexpr char kAggregator[] = R"toml(fermata_agreement = 1
id = "AGR-D-A"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "D"
aggregator = "A"
[term]
start = 2026-01-01
[[fee]]
clause = "3"
rate = "12%"
channels = ["stream", "download"]
[payment]
clause = "4"
period = "monthly"
days_after_period = 45
currency = "USD"
)toml";

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

// Q1 of AGR-L1-D with one stream earning of import 1, paid by `payer` and
// net of `net_of` ("" = gross at the store).
PeriodInput input(const char* amount, const char* payer, const char* net_of,
                  const char* channel = "stream") {
  PeriodInput in;
  in.agreement_id = "AGR-L1-D";
  in.versions = {*parse_agreement(kLabel, "l.toml")};
  in.period = period_containing(StatementPeriod::kQuarterly, "2026-03-31");
  in.earnings = {EarningRecord{1, 1, 1, "L1", "R1", "", "S", channel, "US", "2026-03-31",
                               "2026-03-31", "2026-03-31", "USD", dec("1"), dec(amount)}};
  in.chain_net_of[1] = net_of;
  in.payer_of[1] = payer;
  in.upstream["A"] = {*parse_agreement(kAggregator, "a.toml")};
  return in;
}

struct Outcome {
  std::map<std::string, Decimal> amount;   // By line kind.
  std::map<std::string, Decimal> balance;  // By account name.
};

Outcome compute(const PeriodInput& in) {
  Result<PeriodResult> r = compute_period(in);
  EXPECT_TRUE(r) << r.error().message;
  Outcome out;
  for (const RoyaltyAmount& a : r->amounts) {
    out.amount[a.line.kind] += a.line.amount;
    Decimal sum;
    for (const Posting& p : a.txn.postings) {
      sum += p.amount;
      out.balance[p.account.name()] += p.amount;
    }
    EXPECT_TRUE(sum.is_zero()) << a.txn.memo;
  }
  return out;
}

TEST(ThreeLevelChain, EnteredGrossAtTheStoreBothFeesApplyInTurn) {
  Outcome gross = compute(input("100.00", "A", ""));
  EXPECT_EQ(gross.amount["upstream_fee"], dec("12.00"));  // 12 % of 100.00.
  EXPECT_EQ(gross.amount["fee"], dec("13.20"));           // 15 % of the 88.00 passed on.
  // A keeps its fee from what it remits: L1's receivable from A drops to 88.00.
  EXPECT_EQ(gross.balance["L1:receivable:USD/A"], dec("-12.00"));
  EXPECT_EQ(gross.balance["A:fee_income:USD/L1"], dec("-12.00"));
  EXPECT_EQ(gross.balance["D:fee_income:USD/L1"], dec("-13.20"));
}

TEST(ThreeLevelChain, EnteredNetOfTheAggregatorOnlyTheDistributorsFeeApplies) {
  Outcome net = compute(input("88.00", "A", "A"));
  EXPECT_EQ(net.amount.count("upstream_fee"), 0u);
  EXPECT_EQ(net.amount["fee"], dec("13.20"));
  // Either way the label keeps 100.00 - 12.00 - 13.20 = 88.00 - 13.20 = 74.80.
  Outcome gross = compute(input("100.00", "A", ""));
  EXPECT_EQ(dec("100.00") - gross.amount["upstream_fee"] - gross.amount["fee"],
            dec("88.00") - net.amount["fee"]);
}

TEST(ThreeLevelChain, NetOfTheDistributorTakesNoFeeAtAll) {
  Outcome none = compute(input("74.80", "A", "D"));
  EXPECT_TRUE(none.amount.empty());
}

TEST(ThreeLevelChain, SubCentRestsAreCarriedPerLevel) {
  // 12 % of 33.333333 = 3.99999996: 3.99 charged, 0.00999996 in A's carry;
  // 15 % of (33.333333 - 3.99999996 = 29.33333304) = 4.399999956: 4.39, and
  // 0.009999956 in D's carry.
  Outcome o = compute(input("33.333333", "A", ""));
  EXPECT_EQ(o.amount["upstream_fee"], dec("3.99"));
  EXPECT_EQ(o.balance["A:rounding:USD/L1"], dec("0.00999996"));
  EXPECT_EQ(o.amount["fee"], dec("4.39"));
  EXPECT_EQ(o.balance["D:rounding:USD/L1"], dec("0.009999956"));
}

TEST(ThreeLevelChain, AReportNotPaidByTheAggregatorOrOutsideItsRulesTakesNoUpstreamFee) {
  EXPECT_EQ(compute(input("100.00", "S", "")).amount.count("upstream_fee"), 0u);
  Outcome physical = compute(input("100.00", "A", "", "physical"));
  EXPECT_EQ(physical.amount.count("upstream_fee"), 0u);  // A's rule covers digital only.
  EXPECT_EQ(physical.amount["fee"], dec("15.00"));
}

}  // namespace
}  // namespace fermata
