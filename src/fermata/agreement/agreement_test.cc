// The agreement format: a complete version read field by field, and each
// kind of mistake refused with its file, line and key.
#include "fermata/agreement/agreement_toml.h"

#include <gtest/gtest.h>

#include <string>

namespace fermata {
namespace {

constexpr char kDistribution[] = R"toml(# A label's distribution agreement (docs/FORMATS.md §9).
fermata_agreement = 1
id = "AGR-L0497-DIST"
version = 2
effective_from = 2026-07-01
title = "Distribution, Blue Harbor Records"

[parties]
licensor = "L0497"
distributor = "D0001"

[term]
start = 2024-01-01
end = 2026-12-31
renewal_months = 12
notice_days = 90

[territories]
include = ["Worldwide"]
exclude = ["CN"]

[scope]
all = true

[[fee]]
clause = "5.1"
rate = "21%"
base = "ppd"
channels = ["physical"]
territories = { include = ["US", "CA"] }
formats = ["CD"]

[[fee]]
clause = "5.2"
rate = "15%"
base = "gross"
from = 2026-07-01

[fee_tax]
clause = "5.4"
name = "VAT"
rate = "20%"

[reserve]
clause = "6.1"
rate = "20%"
basis = "after_fee"
release = ["50%", "25%", "25%"]

[payment]
clause = "7.1"
period = "quarterly"
days_after_period = 90
currency = "USD"
threshold = "50.00"
objection_days = 730

[exchange]
borne_by = "licensor"
)toml";

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

TEST(AgreementTomlTest, ReadsEveryTermOfADistributionAgreement) {
  Result<AgreementVersion> a = parse_agreement(kDistribution, "dist.toml");
  ASSERT_TRUE(a.has_value()) << a.error().to_string();
  EXPECT_EQ(a->id, "AGR-L0497-DIST");
  EXPECT_EQ(a->version, 2);
  EXPECT_EQ(a->effective_from, "2026-07-01");
  ASSERT_EQ(a->parties.size(), 2u);
  EXPECT_EQ(a->party("licensor")->party_id, "L0497");
  EXPECT_EQ(a->party("distributor")->party_id, "D0001");
  EXPECT_EQ(a->term.start, "2024-01-01");
  EXPECT_EQ(a->term.end, "2026-12-31");
  EXPECT_EQ(a->term.renewal_months, 12);
  EXPECT_EQ(a->term.notice_days, 90);
  EXPECT_TRUE(a->territories.covers("DE"));
  EXPECT_FALSE(a->territories.covers("CN"));
  EXPECT_TRUE(a->scope.all);
  ASSERT_EQ(a->fees.size(), 2u);
  EXPECT_EQ(a->fees[0].rate, dec("0.21"));
  EXPECT_EQ(a->fees[0].base, FeeBase::kPpd);
  EXPECT_EQ(a->fees[0].channels, std::vector<std::string>{"physical"});
  EXPECT_TRUE(a->fees[0].territories.covers("CA"));
  EXPECT_FALSE(a->fees[0].territories.covers("GB"));
  EXPECT_EQ(a->fees[0].formats, std::vector<std::string>{"CD"});
  EXPECT_EQ(a->fees[1].clause, "5.2");
  EXPECT_EQ(a->fees[1].rate, dec("0.15"));
  EXPECT_EQ(a->fees[1].from, "2026-07-01");
  ASSERT_TRUE(a->fee_tax.has_value());
  EXPECT_EQ(a->fee_tax->rate, dec("0.2"));
  ASSERT_TRUE(a->reserve.has_value());
  EXPECT_EQ(a->reserve->basis, ReserveBasis::kAfterFee);
  EXPECT_EQ(a->reserve->channels, std::vector<std::string>{"physical"});  // The default.
  EXPECT_EQ(a->reserve->release_schedule,
            (std::vector<Decimal>{dec("0.5"), dec("0.25"), dec("0.25")}));
  EXPECT_EQ(a->payment.period, StatementPeriod::kQuarterly);
  EXPECT_EQ(a->payment.days_after_period, 90);
  EXPECT_EQ(a->payment.currency, "USD");
  EXPECT_EQ(a->payment.threshold, dec("50"));
  EXPECT_EQ(a->payment.objection_days, 730);
  EXPECT_EQ(a->exchange_borne_by, "licensor");
  EXPECT_TRUE(a->exchange_terms);
}

constexpr char kArtistSplit[] = R"toml(fermata_agreement = 1
id = "AGR-L0497-A0001"
version = 1
effective_from = "2026-01-01"

[parties]
licensor = "L0497"
artist = "A0001"

[term]
start = 2026-01-01

[scope]
releases = ["R0001", "R0002"]

[payment]
clause = "4"
period = "semiannual"
days_after_period = 60
currency = "EUR"

[[split]]
clause = "3.1"
payee = "A0001"
kind = "royalty_rate"
share = "18%"
base = "ppd"
pool = "POOL-A0001"

[[recoupable]]
clause = "3.4"
id = "ADV-1"
payee = "A0001"
kind = "advance"
amount = "5000.00"
currency = "EUR"
date = 2026-01-15
pool = "POOL-A0001"
)toml";

TEST(AgreementTomlTest, ReadsSplitsAndRecoupables) {
  Result<AgreementVersion> a = parse_agreement(kArtistSplit, "artist.toml");
  ASSERT_TRUE(a.has_value()) << a.error().to_string();
  EXPECT_FALSE(a->term.end.has_value());
  EXPECT_EQ(a->scope.releases, (std::vector<std::string>{"R0001", "R0002"}));
  ASSERT_EQ(a->splits.size(), 1u);
  EXPECT_EQ(a->splits[0].kind, SplitKind::kRoyaltyRate);
  EXPECT_EQ(a->splits[0].share, dec("0.18"));
  EXPECT_EQ(a->splits[0].base, FeeBase::kPpd);
  ASSERT_EQ(a->recoupables.size(), 1u);
  EXPECT_EQ(a->recoupables[0].amount, dec("5000"));
  EXPECT_EQ(a->recoupables[0].date, "2026-01-15");
  EXPECT_EQ(a->recoupables[0].pool, "POOL-A0001");
  EXPECT_EQ(a->payment.period, StatementPeriod::kSemiAnnual);
  EXPECT_TRUE(a->payment.threshold.is_zero());
}

// `text` with the first occurrence of `from` replaced by `to`.
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  Result<AgreementVersion> a = parse_agreement(text, "dist.toml");
  return a ? "accepted" : a.error().to_string();
}

TEST(AgreementTomlTest, RefusesFloatingPointRates) {
  EXPECT_EQ(error_of(edited(kDistribution, "rate = \"21%\"", "rate = 0.21")),
            "dist.toml:27: field 'fee[1].rate': write it as text (\"25%\"): a TOML number with "
            "a fraction is binary floating point, not exact [field_invalid]");
}

TEST(AgreementTomlTest, RefusesUnknownKeysWithTheirLine) {
  EXPECT_EQ(error_of(edited(kDistribution, "notice_days = 90", "notice_day = 90")),
            "dist.toml:16: field 'term.notice_day': is not a key of the agreement format "
            "[field_invalid]");
  EXPECT_EQ(error_of(edited(kDistribution, "clause = \"6.1\"", "clause = \"6.1\"\ncap = \"10%\"")),
            "dist.toml:46: field 'reserve.cap': is not a key of the agreement format "
            "[field_invalid]");
}

TEST(AgreementTomlTest, RefusesAReleaseScheduleNotSummingToAHundredPercent) {
  EXPECT_EQ(error_of(edited(kDistribution, "[\"50%\", \"25%\", \"25%\"]", "[\"50%\", \"25%\"]")),
            "dist.toml:48: field 'reserve.release': must sum to exactly 100%; it sums to 75% "
            "[field_invalid]");
}

TEST(AgreementTomlTest, ValidationErrorsNameTheLineOfTheKey) {
  EXPECT_EQ(error_of(edited(kDistribution, "rate = \"15%\"", "rate = \"115%\"")),
            "dist.toml:35: field 'fee[2].rate' = '1.15': must be between 0% and 100% "
            "[field_invalid]");
  EXPECT_EQ(error_of(edited(kDistribution, "exclude = [\"CN\"]", "exclude = [\"China\"]")),
            "dist.toml:20: field 'territories.exclude' = 'China': is not Worldwide or an "
            "upper-case ISO 3166-1 alpha-2 code [identifier_invalid]");
  EXPECT_EQ(error_of(edited(kDistribution, "currency = \"USD\"", "currency = \"XYZ\"")),
            "dist.toml:54: field 'payment.currency' = 'XYZ': is not an ISO 4217 currency code "
            "[field_invalid]");
  EXPECT_EQ(
      error_of(edited(kDistribution, "effective_from = 2026-07-01", "effective_from = 2027-07-01")),
      "dist.toml:5: field 'effective_from' = '2027-07-01': is outside the term "
      "[field_invalid]");
}

TEST(AgreementTomlTest, RefusesAFeeFormatThatIsNotAProductFormat) {
  // A misspelt format would match no sale at all; the catalog's names are the only ones.
  EXPECT_EQ(error_of(edited(kDistribution, "formats = [\"CD\"]", "formats = [\"CD\", \"Vinyl\"]")),
            "dist.toml:31: field 'fee[1].formats' = 'Vinyl': is not a product format (CD, LP, "
            "cassette, digital_release, digital_track) [field_invalid]");
}

TEST(AgreementTomlTest, RefusesAPayeeWhoIsNotAParty) {
  Result<AgreementVersion> a =
      parse_agreement(edited(kArtistSplit, "payee = \"A0001\"", "payee = \"A0002\""), "a.toml");
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().to_string(),
            "a.toml:24: field 'split[1].payee' = 'A0002': is not one of the agreement's parties "
            "[field_invalid]");
}

TEST(AgreementTomlTest, RefusesBrokenTomlWithItsLine) {
  Result<AgreementVersion> a = parse_agreement("fermata_agreement = 1\nid = \"x\n", "b.toml");
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().code, ErrorCode::kParseError);
  EXPECT_EQ(a.error().where.line_number, 2);
}

TEST(AgreementTest, TheVersionInForceIsTheLatestEffectiveOnOrBeforeTheDate) {
  std::vector<AgreementVersion> versions(3);
  versions[0].version = 1;
  versions[0].effective_from = "2024-01-01";
  versions[1].version = 3;
  versions[1].effective_from = "2026-07-01";
  versions[2].version = 2;
  versions[2].effective_from = "2025-01-01";
  EXPECT_EQ(version_on(versions, "2023-12-31"), nullptr);
  EXPECT_EQ(version_on(versions, "2024-01-01")->version, 1);
  EXPECT_EQ(version_on(versions, "2026-06-30")->version, 2);
  EXPECT_EQ(version_on(versions, "2026-07-01")->version, 3);
}

}  // namespace
}  // namespace fermata
