// The royalty computation, worked by hand (docs/ROYALTIES.md): fee on PPD and
// on gross, the sub-cent carry, VAT on the fee, a reserve and its release in
// halves, an amendment, a late report, an import already net of the fee, and
// fee rules by product format.
#include "fermata/royalty/compute.h"

#include <gtest/gtest.h>

#include <set>

#include "fermata/agreement/agreement_toml.h"

namespace fermata {
namespace {

constexpr char kVersion1[] = R"toml(fermata_agreement = 1
id = "AGR-T"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "L1"
distributor = "D"
[term]
start = 2026-01-01
[territories]
include = ["Worldwide"]
exclude = ["CN"]
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
base = "gross"
[fee_tax]
clause = "5.3"
name = "VAT"
rate = "20%"
[reserve]
clause = "6.1"
rate = "20%"
basis = "after_fee"
release = ["50%", "50%"]
[payment]
clause = "7"
period = "quarterly"
days_after_period = 90
currency = "USD"
)toml";

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

std::vector<AgreementVersion> versions(bool amended) {
  std::vector<AgreementVersion> out{*parse_agreement(kVersion1, "v1.toml")};
  if (amended) {
    std::string v2 = kVersion1;
    v2.replace(v2.find("version = 1"), 11, "version = 2");
    v2.replace(v2.find("effective_from = 2026-01-01"), 27, "effective_from = 2026-04-01");
    v2.replace(v2.find("rate = \"25%\""), 12, "rate = \"22%\"");
    out.push_back(*parse_agreement(v2, "v2.toml"));
  }
  return out;
}

EarningRecord earning(std::int64_t id, const char* channel, const char* territory,
                      const char* amount, const char* reported_on, std::int64_t import_id = 1) {
  return EarningRecord{id,    import_id, id,         "L1",        "R1",        "US1234567890",
                       "S",   channel,   territory,  reported_on, reported_on, reported_on,
                       "USD", dec("1"),  dec(amount)};
}

const RoyaltyAmount& only(const PeriodResult& r, std::string_view kind, std::string_view clause) {
  const RoyaltyAmount* found = nullptr;
  for (const RoyaltyAmount& a : r.amounts) {
    if (a.line.kind == kind && a.line.clause == clause) {
      EXPECT_EQ(found, nullptr) << kind << " " << clause << " twice";
      found = &a;
    }
  }
  EXPECT_NE(found, nullptr) << kind << " " << clause;
  // A missing line fails the test above and reads as an empty amount here,
  // instead of crashing the binary.
  static const RoyaltyAmount kMissing{};
  return found != nullptr ? *found : kMissing;
}

Decimal posting(const NewTransaction& txn, const std::string& party, AccountKind kind) {
  Decimal sum;
  for (const Posting& p : txn.postings) {
    if (p.account.party == party && p.account.kind == kind) sum += p.amount;
  }
  return sum;
}

void expect_balanced(const PeriodResult& r) {
  for (const RoyaltyAmount& a : r.amounts) EXPECT_TRUE(validate_transaction(a.txn)) << a.txn.memo;
}

PeriodInput q1_input() {
  PeriodInput in{"AGR-T", versions(false), {"2026-01-01", "2026-03-31", "2026-Q1"}, {}, {}, {}, {}};
  in.earnings = {earning(1, "physical", "US", "1000.00", "2026-03-31"),
                 earning(2, "physical", "US", "-100.00", "2026-03-31"),
                 earning(3, "stream", "GB", "123.456789", "2026-03-31"),
                 earning(4, "download", "US", "10.00", "2026-03-31"),
                 earning(5, "stream", "CN", "99.00", "2026-03-31")};
  return in;
}

TEST(Compute, FeesTaxAndReserveOfAQuarter) {
  Result<PeriodResult> r = compute_period(q1_input());
  ASSERT_TRUE(r) << r.error().message;
  expect_balanced(*r);
  EXPECT_EQ(r->not_covered, 1);  // CN is excluded: no fee, no reserve.
  EXPECT_EQ(r->earnings.at("USD").amount, dec("1033.456789"));
  // §5.1: 25 % of physical PPD 900.00 (a sale of 1000.00 and a return of 100.00).
  const RoyaltyAmount& ppd = only(*r, "fee", "5.1");
  EXPECT_EQ(ppd.line.base, dec("900.00"));
  EXPECT_EQ(ppd.line.amount, dec("225.00"));
  // §5.2: 15 % of 133.456789 = 20.01851835, charged 20.01, 0.00851835 carried.
  const RoyaltyAmount& gross = only(*r, "fee", "5.2");
  EXPECT_EQ(gross.line.amount, dec("20.01"));
  EXPECT_EQ(posting(gross.txn, "D", AccountKind::kFeeIncome), dec("-20.01851835"));
  EXPECT_EQ(posting(gross.txn, "D", AccountKind::kRounding), dec("0.00851835"));
  EXPECT_EQ(posting(gross.txn, "L1", AccountKind::kExpense), dec("20.01"));
  EXPECT_EQ(posting(gross.txn, "L1", AccountKind::kPayable), dec("-20.01"));
  // §5.3: VAT 20 % on the fee 245.01 = 49.002, an invoice line of 49.00.
  const RoyaltyAmount& vat = only(*r, "fee_tax", "5.3");
  EXPECT_EQ(vat.line.base, dec("245.01"));
  EXPECT_EQ(vat.line.amount, dec("49.00"));
  EXPECT_EQ(posting(vat.txn, "D", AccountKind::kPayable), dec("-49.00"));
  // §6.1: 20 % of the positive physical sale after its fee: (1000 - 250) x 20 % = 150.00.
  const RoyaltyAmount& reserve = only(*r, "reserve", "6.1");
  EXPECT_EQ(reserve.line.amount, dec("150.00"));
  EXPECT_EQ(posting(reserve.txn, "L1", AccountKind::kReserve), dec("150.00"));
  EXPECT_EQ(posting(reserve.txn, "L1", AccountKind::kTrust), dec("-150.00"));
  EXPECT_EQ(reserve.txn.idempotency_key, "royalty:AGR-T:2026-Q1:reserve:6.1:v1:USD");
  EXPECT_EQ(reserve.txn.effective_date, "2026-03-31");
  EXPECT_EQ(r->amounts.size(), 4u);
}

std::vector<RoyaltyLine> lines_of(const PeriodResult& r) {
  std::vector<RoyaltyLine> lines;
  for (const RoyaltyAmount& a : r.amounts) lines.push_back(a.line);
  return lines;
}

TEST(Compute, CarryAmendmentLateReportAndRelease) {
  const PeriodResult q1 = *compute_period(q1_input());
  PeriodInput q2{"AGR-T", versions(true), {"2026-04-01", "2026-06-30", "2026-Q2"}, {}, {},
                 {},      lines_of(q1)};
  q2.fee_carry["USD"] = dec("0.00851835");
  q2.earnings = {earning(6, "stream", "US", "10.00", "2026-06-30"),
                 earning(7, "physical", "US", "100.00", "2026-06-30"),
                 earning(8, "physical", "US", "50.00", "2026-03-31")};  // Late: Q1 terms.
  Result<PeriodResult> r = compute_period(q2);
  ASSERT_TRUE(r) << r.error().message;
  expect_balanced(*r);
  EXPECT_EQ(r->earnings.at("USD").late, 1);
  // v1 §5.1 for the late report: 25 % of 50.00; v2 §5.1 (22 %) for the new one.
  std::map<std::int64_t, Decimal> physical;
  for (const RoyaltyAmount& a : r->amounts) {
    if (a.line.kind == "fee" && a.line.clause == "5.1") physical[a.line.version] = a.line.amount;
  }
  EXPECT_EQ(physical.at(1), dec("12.50"));
  EXPECT_EQ(physical.at(2), dec("22.00"));
  // v2 §5.2: 15 % of 10.00 = 1.50, plus the carried 0.00851835: still 1.50 charged.
  for (const RoyaltyAmount& a : r->amounts) {
    if (a.line.kind == "fee" && a.line.clause == "5.2") {
      EXPECT_EQ(a.line.amount, dec("1.50"));
      EXPECT_EQ(posting(a.txn, "D", AccountKind::kRounding), dec("0"));
    }
  }
  // Half of Q1's reserve comes back: 75.00.
  const RoyaltyAmount& release = only(*r, "reserve_release", "6.1");
  EXPECT_EQ(release.line.amount, dec("75.00"));
  EXPECT_EQ(release.line.detail, "held 2026-Q1");
  EXPECT_EQ(posting(release.txn, "L1", AccountKind::kTrust), dec("75.00"));
}

TEST(Compute, TheCarryIsChargedOnceItMakesACent) {
  PeriodInput in = q1_input();
  in.earnings = {earning(1, "stream", "US", "10.01", "2026-03-31")};  // 15 % = 1.5015.
  in.fee_carry["USD"] = dec("0.0089");  // Due 1.5104: 1.51 charged, 0.0004 still carried.
  Result<PeriodResult> r = compute_period(in);
  ASSERT_TRUE(r);
  const RoyaltyAmount& fee = only(*r, "fee", "5.2");
  EXPECT_EQ(fee.line.amount, dec("1.51"));
  EXPECT_EQ(posting(fee.txn, "D", AccountKind::kFeeIncome), dec("-1.5015"));
  EXPECT_EQ(posting(fee.txn, "D", AccountKind::kRounding), dec("-0.0085"));
  expect_balanced(*r);
}

TEST(Compute, ReleasesTheSecondHalfAndThenNothing) {
  const PeriodResult q1 = *compute_period(q1_input());
  PeriodInput q2{"AGR-T", versions(false), {"2026-04-01", "2026-06-30", "2026-Q2"}, {}, {},
                 {},      lines_of(q1)};
  const PeriodResult q2_result = *compute_period(q2);
  ASSERT_EQ(q2_result.amounts.size(), 1u);
  EXPECT_EQ(q2_result.amounts[0].line.amount, dec("75.00"));
  PeriodInput q3 = q2;
  q3.period = {"2026-07-01", "2026-09-30", "2026-Q3"};
  for (const RoyaltyLine& line : lines_of(q2_result)) q3.earlier_lines.push_back(line);
  Result<PeriodResult> r = compute_period(q3);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->amounts.size(), 1u);
  EXPECT_EQ(r->amounts[0].line.amount, dec("75.00"));
  PeriodInput q4 = q3;
  q4.period = {"2026-10-01", "2026-12-31", "2026-Q4"};
  for (const RoyaltyLine& line : lines_of(*r)) q4.earlier_lines.push_back(line);
  EXPECT_TRUE(compute_period(q4)->amounts.empty());
}

// A release missed in its period (nothing was run for the agreement then)
// is paid with the next one: the schedule says what is due by now.
TEST(Compute, AMissedReleaseIsPaidWithTheNext) {
  const PeriodResult q1 = *compute_period(q1_input());
  PeriodInput q3{"AGR-T", versions(false), {"2026-07-01", "2026-09-30", "2026-Q3"}, {}, {},
                 {},      lines_of(q1)};
  Result<PeriodResult> r = compute_period(q3);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->amounts.size(), 1u);
  EXPECT_EQ(r->amounts[0].line.amount, dec("150.00"));
}

// A reserve on invoices (docs/INVENTORY.md): only invoiced shipments (import
// 9, a stock file) are reserved; a return of invoiced units is charged to
// the reserve held, and what it used is no longer released.
TEST(Compute, ReturnsOfInvoicedUnitsDrawOnTheReserveHeld) {
  std::string text = kVersion1;
  text.replace(text.find("basis = \"after_fee\""), 19, "basis = \"after_fee\"\non = \"invoices\"");
  const std::vector<AgreementVersion> v{*parse_agreement(text, "v1.toml")};
  const std::set<std::int64_t> invoices{9};
  PeriodInput q1{"AGR-T", v, {"2026-01-01", "2026-03-31", "2026-Q1"}, {}, {}, {}, {}};
  q1.invoice_imports = &invoices;
  q1.earnings = {earning(1, "physical", "US", "1000.00", "2026-02-10", 9),
                 earning(2, "physical", "US", "400.00", "2026-03-31", 1)};  // Sell-through.
  Result<PeriodResult> r1 = compute_period(q1);
  ASSERT_TRUE(r1) << r1.error().message;
  // 20 % of the invoice after the 25 % fee: 20 % of 750.00; the sell-through takes none.
  EXPECT_EQ(only(*r1, "reserve", "6.1").line.amount, dec("150.00"));
  PeriodInput q2 = q1;
  q2.period = {"2026-04-01", "2026-06-30", "2026-Q2"};
  q2.earlier_lines = lines_of(*r1);
  q2.earnings = {earning(3, "physical", "US", "-400.00", "2026-05-12", 9)};  // A return.
  Result<PeriodResult> r2 = compute_period(q2);
  ASSERT_TRUE(r2) << r2.error().message;
  expect_balanced(*r2);
  // The loss is 400.00 less the 100.00 fee given back: 300.00; the reserve holds 150.00.
  const RoyaltyAmount& applied = only(*r2, "reserve_applied", "6.1");
  EXPECT_EQ(applied.line.amount, dec("150.00"));
  EXPECT_EQ(applied.line.base, dec("300.00"));
  EXPECT_EQ(applied.line.detail, "held 2026-Q1");
  EXPECT_EQ(posting(applied.txn, "L1", AccountKind::kTrust), dec("150.00"));
  EXPECT_EQ(posting(applied.txn, "L1", AccountKind::kReserve), dec("-150.00"));
  for (const RoyaltyAmount& a : r2->amounts) EXPECT_NE(a.line.kind, "reserve_release");
  PeriodInput q3 = q2;
  q3.period = {"2026-07-01", "2026-09-30", "2026-Q3"};
  q3.earnings.clear();
  for (const RoyaltyLine& line : lines_of(*r2)) q3.earlier_lines.push_back(line);
  Result<PeriodResult> r3 = compute_period(q3);
  ASSERT_TRUE(r3);
  EXPECT_TRUE(r3->amounts.empty()) << "nothing is left to release";
}

TEST(Compute, AnImportNetOfTheDistributorsFeeTakesNoFee) {
  PeriodInput in = q1_input();
  in.earnings = {earning(1, "stream", "US", "80.00", "2026-03-31", 7)};
  in.chain_net_of[7] = "D";
  Result<PeriodResult> r = compute_period(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->earnings.at("USD").already_net, 1);
  EXPECT_TRUE(r->amounts.empty());
  in.chain_net_of[7] = "AGG";  // Net of an upstream aggregator only: the distributor's fee applies.
  EXPECT_EQ(only(*compute_period(in), "fee", "5.2").line.amount, dec("12.00"));
}

TEST(Compute, SalesAndReturnsThatCancelPostNothing) {
  PeriodInput in = q1_input();
  in.earnings = {earning(1, "stream", "US", "10.00", "2026-03-31"),
                 earning(2, "stream", "US", "-10.00", "2026-03-31")};
  Result<PeriodResult> r = compute_period(in);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->amounts.empty());
  EXPECT_EQ(r->earnings.at("USD").earnings, 2);
}

TEST(Compute, AnEarningNoRuleFitsIsAnErrorNamingIt) {
  PeriodInput in = q1_input();
  in.versions[0].fees.pop_back();  // Only the physical rule remains.
  Result<PeriodResult> r = compute_period(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "agreement AGR-T version 1 has no fee rule for stream sales in territory 'GB' "
            "reported on 2026-03-31 (import 1)");
}

// Version 1 with §5.1 for CDs only, a §5.4 at 30 % for LPs (any channel) before
// §5.2, which takes the rest.
std::vector<AgreementVersion> by_format() {
  std::string text = kVersion1;
  text.replace(text.find("channels = [\"physical\"]\n"), 23,
               "channels = [\"physical\"]\nformats = [\"CD\"]\n[[fee]]\nclause = \"5.4\"\n"
               "rate = \"30%\"\nbase = \"ppd\"\nformats = [\"LP\"]\n");
  return {*parse_agreement(text, "formats.toml")};
}

EarningRecord sold_as(EarningRecord e, const char* format) {
  e.format = format;
  return e;
}

TEST(Compute, FeeRulesByProductFormat) {
  PeriodInput in = q1_input();
  in.versions = by_format();
  ASSERT_EQ(in.versions[0].fees.size(), 3u);
  in.earnings = {sold_as(earning(1, "physical", "US", "1000.00", "2026-03-31"), "CD"),
                 sold_as(earning(2, "physical", "US", "-100.00", "2026-03-31"), "CD"),
                 sold_as(earning(3, "physical", "US", "333.33", "2026-03-31"), "LP"),
                 sold_as(earning(4, "physical", "US", "20.00", "2026-03-31"), "cassette"),
                 earning(5, "physical", "US", "40.00", "2026-03-31"),  // Named no product.
                 earning(6, "stream", "US", "10.00", "2026-03-31")};
  Result<PeriodResult> r = compute_period(in);
  ASSERT_TRUE(r) << r.error().message;
  expect_balanced(*r);
  // §5.1: 25 % of the CDs' 900.00 = 225.00.
  EXPECT_EQ(only(*r, "fee", "5.1").line.base, dec("900.00"));
  EXPECT_EQ(only(*r, "fee", "5.1").line.amount, dec("225.00"));
  // §5.4: 30 % of 333.33 = 99.999: 99.99 charged, 0.009 carried to the next clause.
  const RoyaltyAmount& lp = only(*r, "fee", "5.4");
  EXPECT_EQ(lp.line.amount, dec("99.99"));
  EXPECT_EQ(posting(lp.txn, "D", AccountKind::kRounding), dec("0.009"));
  // §5.2: 15 % of the cassette, the physical sale of no product and the stream:
  // 15 % of 70.00 = 10.50, + 0.009 carried = 10.509: 10.50 charged.
  EXPECT_EQ(only(*r, "fee", "5.2").line.base, dec("70.00"));
  EXPECT_EQ(only(*r, "fee", "5.2").line.amount, dec("10.50"));
  // VAT: 20 % of 225.00 + 99.99 + 10.50 = 335.49: 67.098, half up 67.10.
  EXPECT_EQ(only(*r, "fee_tax", "5.3").line.amount, dec("67.10"));
  // Reserve 20 % of the positive physical sales after each one's fee:
  // (1000 - 250) + (333.33 - 99.999) + (20 - 3) + (40 - 6) = 1034.331: 206.8662, 206.86.
  EXPECT_EQ(only(*r, "reserve", "6.1").line.amount, dec("206.86"));
}

TEST(Compute, AnEarningOfAFormatNoRuleListsIsAnErrorNamingTheFormat) {
  PeriodInput in = q1_input();
  in.versions = by_format();
  in.versions[0].fees.pop_back();  // Only the CD and LP rules remain.
  in.earnings = {sold_as(earning(1, "physical", "US", "20.00", "2026-03-31"), "cassette")};
  Result<PeriodResult> r = compute_period(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "agreement AGR-T version 1 has no fee rule for physical sales of format cassette in "
            "territory 'US' reported on 2026-03-31 (import 1)");
}

}  // namespace
}  // namespace fermata
