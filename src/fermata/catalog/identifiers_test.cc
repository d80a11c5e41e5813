#include "fermata/catalog/identifiers.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

std::string error_text(const Result<std::string>& result) {
  EXPECT_FALSE(result.has_value());
  if (result) return "";
  return result.error().to_string();
}

TEST(IcpnTest, AcceptsRealUpcAndEanCodes) {
  EXPECT_EQ(*validate_icpn("036000291452"), "0036000291452");  // UPC-A widened.
  EXPECT_EQ(*validate_icpn("886446899008"), "0886446899008");  // ERN 3.4.1 album.
  EXPECT_EQ(*validate_icpn("4006381333931"), "4006381333931");
  EXPECT_EQ(*validate_icpn("4003994155486"), "4003994155486");
  EXPECT_EQ(*validate_icpn("4-006381-333931"), "4006381333931");
  EXPECT_EQ(*validate_icpn(" 0 36000 29145 2 "), "0036000291452");
}

TEST(IcpnTest, RejectsWrongCheckDigit) {
  EXPECT_EQ(error_text(validate_icpn("886446899007")),
            "ICPN: check digit is 7, expected 8 [identifier_invalid]");
  const Result<std::string> r = validate_icpn("1234567890123");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIdentifierInvalid);
  EXPECT_EQ(r.error().message, "ICPN: check digit is 3, expected 8");
  EXPECT_EQ(r.error().where.value, "1234567890123");
}

TEST(IcpnTest, RejectsBadShapes) {
  EXPECT_EQ(validate_icpn("").error().message, "ICPN: is empty");
  EXPECT_EQ(validate_icpn("03600029145A").error().message, "ICPN: must contain only digits");
  EXPECT_EQ(validate_icpn("3.6000291452E+11").error().message, "ICPN: must contain only digits");
  EXPECT_EQ(validate_icpn("96385074").error().message,
            "ICPN: must have 12 (UPC-A) or 13 (EAN-13) digits, got 8");
  EXPECT_EQ(validate_icpn("10036000291459").error().message,
            "ICPN: must have 12 (UPC-A) or 13 (EAN-13) digits, got 14");
}

TEST(IcpnTest, SwappedAdjacentDigitsAreCaught) {
  EXPECT_EQ(validate_icpn("4006381339331").error().message, "ICPN: check digit is 1, expected 9");
}

TEST(IcpnTest, RestrictedCirculationAndCheckDigit) {
  EXPECT_TRUE(is_restricted_circulation_upc(*validate_icpn("212345678992")));
  EXPECT_TRUE(is_restricted_circulation_upc("0299999999992"));
  EXPECT_FALSE(is_restricted_circulation_upc("0036000291452"));
  EXPECT_FALSE(is_restricted_circulation_upc("0300000000000"));
  EXPECT_FALSE(is_restricted_circulation_upc("2000000000008"));
  EXPECT_EQ(gs1_check_digit("03600029145"), '2');
  EXPECT_EQ(gs1_check_digit("400638133393"), '1');
  EXPECT_EQ(gs1_check_digit("123456789012"), '8');
}

TEST(IsrcTest, AcceptsAndNormalises) {
  EXPECT_EQ(*validate_isrc("USRC17607839"), "USRC17607839");
  EXPECT_EQ(*validate_isrc("GBAYE0601498"), "GBAYE0601498");
  EXPECT_EQ(*validate_isrc("US-S1Z-99-00001"), "USS1Z9900001");
  EXPECT_EQ(*validate_isrc("us-rc1-76-07839"), "USRC17607839");
  EXPECT_EQ(*validate_isrc("QZES81947316"), "QZES81947316");  // Agency-allocated US range.
}

TEST(IsrcTest, RejectsWithReason) {
  EXPECT_EQ(validate_isrc("USSM1980303A").error().message,
            "ISRC: designation '0303A' must be 5 digits");
  EXPECT_EQ(validate_isrc("USSM198030371").error().message,
            "ISRC: must have 12 characters without hyphens, got 13");
  EXPECT_EQ(validate_isrc("U1SM19803037").error().message,
            "ISRC: country code 'U1' must be two letters");
  EXPECT_EQ(validate_isrc("UKSM19803037").error().message,
            "ISRC: country code 'UK' is not allocated");
  EXPECT_EQ(validate_isrc("USS_19803037").error().message,
            "ISRC: registrant code 'S_1' must be 3 letters or digits");
  EXPECT_EQ(validate_isrc("USSM1A803037").error().message, "ISRC: year 'A8' must be 2 digits");
  EXPECT_EQ(validate_isrc("USSM1980303A").error().code, ErrorCode::kIdentifierInvalid);
}

TEST(DdexPartyIdTest, ChecksMod3736) {
  EXPECT_EQ(*validate_ddex_party_id("PADPIDA2007040502I"), "PADPIDA2007040502I");
  EXPECT_EQ(*validate_ddex_party_id("padpida2011021601h"), "PADPIDA2011021601H");
  EXPECT_EQ(*validate_ddex_party_id("PADPIDA20070627029"), "PADPIDA20070627029");
  EXPECT_EQ(validate_ddex_party_id("PADPIDA2014999999Z").error().message,
            "DDEX party id: check character is Z, expected X");
  EXPECT_EQ(validate_ddex_party_id("PADPIDA2014120301").error().message,
            "DDEX party id: must have 18 characters, got 17");
  EXPECT_EQ(validate_ddex_party_id("PADPIDB2007040502I").error().message,
            "DDEX party id: must start with PADPIDA");
  EXPECT_EQ(validate_ddex_party_id("PADPIDA200704050XI").error().message,
            "DDEX party id: characters 8 to 17 must be digits (date and sequence)");
  EXPECT_EQ(mod3736_check_char("PADPIDA2013020802"), 'I');
}

TEST(CountryTest, Iso3166Alpha2) {
  EXPECT_EQ(*validate_country("GB"), "GB");
  EXPECT_EQ(*validate_country("de"), "DE");
  EXPECT_EQ(validate_country("UK").error().message,
            "country: 'UK' is not an ISO 3166-1 alpha-2 code");
  EXPECT_EQ(validate_country("USA").error().message,
            "country: must be two letters (ISO 3166-1 alpha-2)");
}

TEST(IsoDateTest, CalendarRules) {
  EXPECT_EQ(*validate_iso_date("2024-02-29"), "2024-02-29");
  EXPECT_EQ(*validate_iso_date("2000-02-29"), "2000-02-29");
  EXPECT_EQ(*validate_iso_date("1999-12-31"), "1999-12-31");
  const Result<std::string> r = validate_iso_date("2023-02-29");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDateInvalid);
  EXPECT_EQ(r.error().message, "date: day 29 is not 1..28 for 2023-02");
  EXPECT_EQ(validate_iso_date("1900-02-29").error().message,
            "date: day 29 is not 1..28 for 1900-02");
  EXPECT_EQ(validate_iso_date("2024-13-01").error().message, "date: month 13 is not 1..12");
  EXPECT_EQ(validate_iso_date("2024-04-31").error().message,
            "date: day 31 is not 1..30 for 2024-04");
  EXPECT_EQ(validate_iso_date("0000-01-01").error().message, "date: year 0000 does not exist");
  EXPECT_EQ(validate_iso_date("2024-1-01").error().message, "date: must be written YYYY-MM-DD");
  EXPECT_EQ(validate_iso_date("01/02/2024").error().message, "date: must be written YYYY-MM-DD");
}

}  // namespace
}  // namespace fermata
