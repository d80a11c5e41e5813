// Splits and recoupment worked by hand (docs/ROYALTIES.md, "Splits and
// recoupment"): an artist paid on two releases with different bases, one
// pool recouping an advance and a cost across both, the sub-cent carry,
// and a net base that follows the label's distribution fee and chain
// position.
#include "fermata/royalty/split.h"

#include <gtest/gtest.h>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/royalty/period.h"

namespace fermata {
namespace {

constexpr char kDistribution[] = R"toml(fermata_agreement = 1
id = "AGR-D"
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
clause = "5.1"
rate = "25%"
base = "ppd"
channels = ["physical"]
[[fee]]
clause = "5.2"
rate = "15%"
[payment]
clause = "7"
days_after_period = 60
currency = "USD"
)toml";

constexpr char kArtist[] = R"toml(fermata_agreement = 1
id = "AGR-A"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "L1"
artist = "A1"
[term]
start = 2026-01-01
[scope]
releases = ["R1", "R2"]
[payment]
clause = "9"
period = "quarterly"
days_after_period = 90
currency = "USD"
[[split]]
clause = "4.1"
payee = "A1"
kind = "royalty_rate"
share = "18%"
base = "net"
scope = { releases = ["R1"] }
pool = "P1"
[[split]]
clause = "4.2"
payee = "A1"
kind = "royalty_rate"
share = "15%"
base = "ppd"
scope = { releases = ["R2"] }
pool = "P1"
[[recoupable]]
clause = "6.1"
id = "ADV-1"
payee = "A1"
kind = "advance"
amount = "500.00"
currency = "USD"
date = 2026-01-15
pool = "P1"
[[recoupable]]
clause = "6.2"
id = "COST-1"
payee = "A1"
kind = "cost"
amount = "200.00"
currency = "USD"
date = 2026-05-01
pool = "P1"
)toml";

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

EarningRecord earning(std::int64_t id, const char* release, const char* channel, const char* amount,
                      const char* reported_on, std::int64_t import_id = 1) {
  return EarningRecord{id,          import_id,   id,      "L1",     release,
                       "",          "S",         channel, "US",     reported_on,
                       reported_on, reported_on, "USD",   dec("1"), dec(amount)};
}

class SplitTest : public ::testing::Test {
 protected:
  SplitInput input(const char* period_end, std::vector<EarningRecord> earnings,
                   const char* outstanding) {
    SplitInput in;
    in.agreement_id = "AGR-A";
    in.versions = {*parse_agreement(kArtist, "a.toml")};
    in.period = period_containing(StatementPeriod::kQuarterly, period_end);
    in.earnings = std::move(earnings);
    in.distribution["D"] = {*parse_agreement(kDistribution, "d.toml")};
    in.royalty_carry["USD"] = carry_;
    in.earlier_lines = lines_;
    in.outstanding[{"P1", "A1", "USD"}] = dec(outstanding);
    return in;
  }

  // Runs a period, keeps its lines and the carry for the next, and returns
  // the lines by kind and clause.
  std::map<std::string, RoyaltyLine> run(const SplitInput& in) {
    Result<PeriodResult> r = compute_split_period(in);
    EXPECT_TRUE(r) << r.error().message;
    std::map<std::string, RoyaltyLine> out;
    for (const RoyaltyAmount& a : r->amounts) {
      Decimal sum;
      for (const Posting& p : a.txn.postings) {
        sum += p.amount;
        if (p.account.kind == AccountKind::kRounding) carry_ += p.amount;
      }
      EXPECT_TRUE(sum.is_zero()) << a.txn.memo;
      lines_.push_back(a.line);
      out[a.line.kind + " " + a.line.clause] = a.line;
    }
    return out;
  }

  Decimal carry_;
  std::vector<RoyaltyLine> lines_;
};

TEST_F(SplitTest, RecoupsAnAdvanceAndACostAcrossTwoReleasesInOnePool) {
  // Q1: R1 physical 1,000.00 (fee 25 %) and a stream 333.333333 (fee 15 %),
  // R2 physical 400.00, R3 out of scope.
  auto q1 = run(input("2026-03-31",
                      {earning(1, "R1", "physical", "1000.00", "2026-03-31"),
                       earning(2, "R1", "stream", "333.333333", "2026-03-31"),
                       earning(3, "R2", "physical", "400.00", "2026-03-31"),
                       earning(4, "R3", "physical", "50.00", "2026-03-31")},
                      "500.00"));
  // §4.1: 18 % of (750.00 + 283.33333305) = 185.999999949 -> 185.99.
  EXPECT_EQ(q1["royalty 4.1"].base, dec("1033.33333305"));
  EXPECT_EQ(q1["royalty 4.1"].amount, dec("185.99"));
  // §4.2: 15 % of 400.00 + the carry 0.009999949 -> 60.00.
  EXPECT_EQ(q1["royalty 4.2"].amount, dec("60.00"));
  EXPECT_EQ(carry_, dec("0.009999949"));
  EXPECT_EQ(q1["recoupable 6.1"].amount, dec("500.00"));
  EXPECT_EQ(q1.count("recoupable 6.2"), 0u);  // Dated in May.
  EXPECT_EQ(q1["recoupment 4.1"].base, dec("500.00"));
  EXPECT_EQ(q1["recoupment 4.1"].amount, dec("245.99"));
  EXPECT_EQ(q1["recoupment 4.1"].detail, "pool P1; outstanding after 254.01");

  // Q2: R1 physical 600.00 (net 450.00), R2 physical 1,000.00; the cost
  // joins the pool: 254.01 + 200.00 outstanding.
  auto q2 = run(input("2026-06-30",
                      {earning(5, "R1", "physical", "600.00", "2026-06-30"),
                       earning(6, "R2", "physical", "1000.00", "2026-06-30")},
                      "454.01"));
  EXPECT_EQ(q2["royalty 4.1"].amount, dec("81.00"));
  EXPECT_EQ(q2["royalty 4.2"].amount, dec("150.00"));
  EXPECT_EQ(q2["recoupable 6.2"].amount, dec("200.00"));
  EXPECT_EQ(q2.count("recoupable 6.1"), 0u);  // Entered once, in Q1.
  EXPECT_EQ(q2["recoupment 4.1"].amount, dec("231.00"));
  EXPECT_EQ(q2["recoupment 4.1"].detail, "pool P1; outstanding after 223.01");

  // Q3: R2 physical 2,000.00 -> 300.00; the pool's last 223.01 is recouped
  // and 76.99 is payable.
  auto q3 =
      run(input("2026-09-30", {earning(7, "R2", "physical", "2000.00", "2026-09-30")}, "223.01"));
  EXPECT_EQ(q3["royalty 4.2"].amount, dec("300.00"));
  EXPECT_EQ(q3["recoupment 4.1"].amount, dec("223.01"));
  EXPECT_EQ(q3["recoupment 4.1"].detail, "pool P1; outstanding after 0.00");
  EXPECT_EQ(carry_, dec("0.009999949"));
}

TEST_F(SplitTest, ReturnsLowerWhatIsPayableButAreNeverUnrecouped) {
  auto q =
      run(input("2026-03-31", {earning(1, "R2", "physical", "-100.00", "2026-03-31")}, "500.00"));
  EXPECT_EQ(q["royalty 4.2"].amount, dec("-15.00"));
  EXPECT_EQ(q.count("recoupment 4.1"), 0u);
}

TEST_F(SplitTest, NetBaseTakesNoFeeWhenTheImportIsAlreadyNetOfIt) {
  SplitInput in =
      input("2026-03-31", {earning(1, "R1", "physical", "1000.00", "2026-03-31", 9)}, "0");
  in.chain_net_of[9] = "D";
  auto q = run(in);
  EXPECT_EQ(q["royalty 4.1"].base, dec("1000.00"));
  EXPECT_EQ(q["royalty 4.1"].amount, dec("180.00"));
  EXPECT_EQ(q.count("recoupment 4.1"), 0u);  // Nothing outstanding.
}

TEST(SplitAgreement, IsOneWithALicensorSplitsAndNoAccountingParty) {
  EXPECT_TRUE(is_split_agreement(*parse_agreement(kArtist, "a.toml")));
  EXPECT_FALSE(is_split_agreement(*parse_agreement(kDistribution, "d.toml")));
}

TEST(SplitAgreement, PaysOnePayee) {
  std::string two = kArtist;
  two.replace(two.find("artist = \"A1\""), 13, "artist = \"A1\"\nproducer = \"P9\"");
  const std::size_t second = two.find("payee = \"A1\"", two.find("clause = \"4.2\""));
  two.replace(second, 12, "payee = \"P9\"");
  Result<AgreementVersion> parsed = parse_agreement(two, "two.toml");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("a split agreement pays one payee"), std::string::npos)
      << parsed.error().message;
}

}  // namespace
}  // namespace fermata
