// Goal: parse_ern refuses what it must, reports syntax errors at the right
// line in every encoding, and its small parsers (durations, GRid, ISNI) hold
// to their documented rules. Method: small inline messages in the real
// format, transcoded to UTF-16 where the encoding matters.
#include <gtest/gtest.h>

#include "fermata/ingest/ern/ern.h"

namespace fermata {
namespace {

// A minimal 4.3 NewReleaseMessage; `body` goes after the header.
std::string message_43(const std::string& body) {
  return "<?xml version=\"1.0\"?>\n"
         "<ern:NewReleaseMessage xmlns:ern=\"http://ddex.net/xml/ern/43\" AvsVersionId=\"4.3\">\n"
         "  <MessageHeader>\n"
         "    <MessageId>M1</MessageId>\n"
         "    <MessageSender><PartyId>PADPIDA2007040502I</PartyId></MessageSender>\n"
         "  </MessageHeader>\n" +
         body + "</ern:NewReleaseMessage>\n";
}

// UTF-8 (ASCII and 2-byte sequences only) to UTF-16, optionally with a BOM.
std::string to_utf16(const std::string& utf8, bool big_endian, bool bom) {
  std::string out;
  auto put = [&](unsigned unit) {
    const char hi = static_cast<char>(unit >> 8);
    const char lo = static_cast<char>(unit & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  };
  if (bom) put(0xFEFF);
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      put(c);
    } else {
      put(((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3Fu));
    }
  }
  return out;
}

const std::string kBadIcpnRelease =
    "  <ReleaseList>\n"
    "    <Release>\n"
    "      <ReleaseReference>R0</ReleaseReference>\n"
    "      <ReleaseId><ICPN>1234567890123</ICPN></ReleaseId>\n"
    "      <DisplayTitleText>Café</DisplayTitleText>\n"
    "    </Release>\n"
    "  </ReleaseList>\n";

TEST(ErnSyntax, MalformedXmlNamesTheLine) {
  const std::string text = message_43("  <ReleaseList>\n    <Release>\n  </ReleaseList>\n");
  const ErnMessage m = parse_ern(text, "bad.xml");
  EXPECT_EQ(m.kind, ErnMessageKind::kRefused);
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_EQ(m.errors[0].code, ErrorCode::kParseError);
  EXPECT_EQ(m.errors[0].where.file, "bad.xml");
  EXPECT_EQ(m.errors[0].where.line_number, 9);
  EXPECT_NE(m.errors[0].message.find("not well-formed XML"), std::string::npos);
}

TEST(ErnSyntax, Utf16LinesMatchUtf8Lines) {
  const std::string utf8 = message_43(kBadIcpnRelease);
  for (const bool big_endian : {true, false}) {
    for (const bool bom : {true, false}) {
      const ErnMessage m = parse_ern(to_utf16(utf8, big_endian, bom), "u16.xml");
      ASSERT_TRUE(m.errors.empty()) << big_endian << bom << m.errors.front().to_string();
      ASSERT_EQ(m.releases.size(), 1u);
      EXPECT_EQ(m.releases[0].title, "Café");
      EXPECT_EQ(m.releases[0].line_number, 8);
      ASSERT_EQ(m.warnings.size(), 2u);  // No ResourceList, and the ICPN finding.
      EXPECT_EQ(m.warnings[0].where.line_number, 2);
      EXPECT_EQ(m.warnings[1].where.line_number, 10);
      EXPECT_EQ(m.warnings[1].where.value, "1234567890123");
    }
  }
}

TEST(ErnSyntax, Utf16SyntaxErrorLine) {
  const std::string utf8 = message_43("  <ReleaseList>\n    <Release>é\n  </ReleaseList>\n");
  const ErnMessage m = parse_ern(to_utf16(utf8, true, true), "u16.xml");
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_EQ(m.errors[0].code, ErrorCode::kParseError);
  EXPECT_EQ(m.errors[0].where.line_number, 9);
}

TEST(ErnSyntax, NotXmlIsRefused) {
  for (const std::string text : {"", "hello, world", "ISRC\tTitle\nUSRC17607839\tX\n"}) {
    const ErnMessage m = parse_ern(text, "x.xml");
    EXPECT_EQ(m.kind, ErnMessageKind::kRefused);
    ASSERT_EQ(m.errors.size(), 1u) << text;
    EXPECT_EQ(m.errors[0].code, ErrorCode::kParseError);
    EXPECT_EQ(m.errors[0].where.file, "x.xml");
  }
}

TEST(ErnSyntax, WrongNamespaceIsRefused) {
  std::string text = message_43("");
  text.replace(text.find("http://ddex.net/xml/ern/43"), 26, "http://example.com/ern/43");
  const ErnMessage m = parse_ern(text, "ns.xml");
  EXPECT_EQ(m.kind, ErnMessageKind::kRefused);
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_EQ(m.errors[0].where.line_number, 2);
  EXPECT_EQ(m.errors[0].where.value, "http://example.com/ern/43");
  EXPECT_NE(m.errors[0].message.find("not a DDEX ERN namespace"), std::string::npos);
}

TEST(ErnSyntax, PrefixDoesNotMatterNamespaceDoes) {
  std::string text = message_43(kBadIcpnRelease);
  // Default namespace, no prefix: the same message.
  text.replace(text.find("ern:NewReleaseMessage xmlns:ern"), 31, "NewReleaseMessage xmlns");
  text.replace(text.rfind("ern:NewReleaseMessage"), 21, "NewReleaseMessage");
  const ErnMessage m = parse_ern(text, "default.xml");
  ASSERT_TRUE(m.errors.empty()) << m.errors.front().to_string();
  EXPECT_EQ(m.kind, ErnMessageKind::kNewRelease);
  EXPECT_EQ(m.releases.size(), 1u);
}

TEST(ErnSyntax, UnsupportedVersionIsRefused) {
  std::string text = message_43("");
  text.replace(text.find("ern/43"), 6, "ern/22");
  const ErnMessage m = parse_ern(text, "v2.xml");
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_NE(m.errors[0].message.find("ERN version 22 is not supported"), std::string::npos);
}

TEST(ErnSyntax, DanglingReferencesAreErrors) {
  const std::string text = message_43(
      "  <ReleaseList>\n"
      "    <Release><ReleaseReference>R0</ReleaseReference>\n"
      "      <ResourceGroup><ResourceGroupContentItem><ReleaseResourceReference>A9"
      "</ReleaseResourceReference></ResourceGroupContentItem></ResourceGroup>\n"
      "    </Release>\n"
      "  </ReleaseList>\n"
      "  <DealList><ReleaseDeal><DealReleaseReference>R7</DealReleaseReference>\n"
      "    <Deal><DealTerms><TerritoryCode>FR</TerritoryCode>"
      "<ValidityPeriod><StartDate>2024-01-01</StartDate></ValidityPeriod></DealTerms></Deal>\n"
      "  </ReleaseDeal></DealList>\n");
  const ErnMessage m = parse_ern(text, "dangling.xml");
  ASSERT_EQ(m.errors.size(), 2u);
  EXPECT_EQ(m.errors[0].where.value, "A9");
  EXPECT_EQ(m.errors[0].where.line_number, 8);
  EXPECT_EQ(m.errors[1].where.value, "R7");
  EXPECT_EQ(m.errors[1].where.line_number, 13);
  EXPECT_EQ(m.kind, ErnMessageKind::kNewRelease);  // Read, but not importable.
}

TEST(ErnSyntax, MissingMessageIdIsAnError) {
  std::string text = message_43("");
  text.replace(text.find("<MessageId>M1</MessageId>"), 25, "");
  const ErnMessage m = parse_ern(text, "noid.xml");
  ASSERT_EQ(m.errors.size(), 2u);  // No MessageId, and no ReleaseList.
  EXPECT_EQ(m.errors[0].code, ErrorCode::kFieldMissing);
  EXPECT_EQ(m.errors[0].where.line_number, 3);
}

TEST(ErnDuration, WholeSecondsRoundedHalfUp) {
  EXPECT_EQ(parse_ern_duration_seconds("PT0H8M10S"), 490);
  EXPECT_EQ(parse_ern_duration_seconds("PT3M20.5S"), 201);
  EXPECT_EQ(parse_ern_duration_seconds("PT3M20.49S"), 200);
  EXPECT_EQ(parse_ern_duration_seconds("PT2M28S"), 148);
  EXPECT_EQ(parse_ern_duration_seconds("PT1H6M47S"), 4007);
  EXPECT_EQ(parse_ern_duration_seconds("P1DT1S"), 86401);
  EXPECT_EQ(parse_ern_duration_seconds("P2D"), 172800);
  EXPECT_EQ(parse_ern_duration_seconds("PT0.5S"), 1);
  EXPECT_EQ(parse_ern_duration_seconds("PT45S"), 45);
  for (const char* bad :
       {"", "P", "PT", "PT3M20", "P1M", "P1Y", "-PT3S", "PT3.5M", "PT1S1M", "PT1M1M", "3:20",
        "PT.5S", "PT1.S", "PT1.0000000001S", "PT9999999999999S", "P1DT", "PTS"}) {
    EXPECT_EQ(parse_ern_duration_seconds(bad), std::nullopt) << bad;
  }
}

TEST(ErnIdentifiers, Grid) {
  EXPECT_EQ(validate_grid("A10301A0003856408H").value(), "A10301A0003856408H");
  EXPECT_EQ(validate_grid("A1-2425G-ABC1234002-M").value(), "A12425GABC1234002M");
  EXPECT_EQ(validate_grid("A12425GABC1234002Q").error().message,
            "GRid check character is Q, expected M");
  EXPECT_EQ(validate_grid("G123456789012345678").error().message,
            "GRid has 19 characters, expected 18");
  EXPECT_FALSE(validate_grid("B12425GABC1234002M"));
  EXPECT_EQ(validate_grid("G123456789012345").error().where.value, "G123456789012345");
}

TEST(ErnIdentifiers, Isni) {
  EXPECT_EQ(validate_isni("0000000121463088").value(), "0000000121463088");
  EXPECT_EQ(validate_isni("0000 0001 2146 438X").value(), "000000012146438X");
  EXPECT_EQ(validate_isni("0000000080549162").error().message,
            "ISNI check character is 2, expected 7");
  EXPECT_FALSE(validate_isni("000000008054916"));
  EXPECT_FALSE(validate_isni("00000000805491X7"));
}

}  // namespace
}  // namespace fermata
