// Goal: to_catalog maps ERN messages to catalog records with the documented
// deterministic ids, every produced record passes its validate_* function,
// and nothing is left out without a `rejected` entry. validate_deal (catalog/
// deal.h) is tested here too until catalog's CMakeLists lists deal.cc.
// Method: the shared samples and the 3.8 fixture, end to end.
#include <gtest/gtest.h>

#include <algorithm>

#include "fermata/catalog/deal.h"
#include "fermata/ingest/ern/ern.h"
#include "fermata/ingest/ern/ern_catalog.h"
#include "fermata/ingest/ern/ern_test_util.h"

namespace fermata {
namespace {

using ern_test::ern_dir;
using ern_test::testdata_dir;
using Strings = std::vector<std::string>;

// Every produced record passes the catalog's own checks.
void expect_all_valid(const ErnCatalog& c) {
  for (const Party& p : c.parties) EXPECT_TRUE(validate_party(p)) << p.id;
  for (const Release& r : c.releases) EXPECT_TRUE(validate_release(r)) << r.id;
  for (const Release& r : c.releases_without_icpn) {
    EXPECT_TRUE(validate_record_id("id", r.id)) << r.id;
    EXPECT_TRUE(r.icpn.empty());
  }
  for (const Recording& r : c.recordings) EXPECT_TRUE(validate_recording(r)) << r.isrc;
  for (const ReleaseTrack& t : c.tracks) EXPECT_TRUE(validate_release_track(t)) << t.isrc;
  for (const Product& p : c.products) EXPECT_TRUE(validate_product(p)) << p.sku;
  for (const Deal& d : c.deals) EXPECT_TRUE(validate_deal(d)) << d.release_id;
}

TEST(ErnCatalog341, AlbumTracksProductsDeals) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ern341-album-130295703.xml");
  const ErnCatalog c = to_catalog(parse_ern(bytes, "album.xml"));
  expect_all_valid(c);
  EXPECT_TRUE(c.warnings.empty()) << c.warnings.front().to_string();
  EXPECT_TRUE(c.rejected.empty()) << c.rejected.front().to_string();
  ASSERT_EQ(c.parties.size(), 1u);
  EXPECT_EQ(c.parties[0],
            (Party{"ERN-RCA-Records-Label", "RCA Records Label", PartyKind::kLabel, std::nullopt}));
  ASSERT_EQ(c.releases.size(), 1u);
  EXPECT_EQ(c.releases[0],
            (Release{"ICPN-0886446899008", "Encantados (Remasterizado)", "0886446899008"}));
  EXPECT_TRUE(c.releases_without_icpn.empty());
  ASSERT_EQ(c.recordings.size(), 15u);
  EXPECT_EQ(c.recordings[0], (Recording{"ES5021702674", "Zarzuela (Remasterizado)",
                                        "Paloma San Basilio, Luis Cobos", 490}));
  ASSERT_EQ(c.tracks.size(), 15u);
  EXPECT_EQ(c.tracks[14], (ReleaseTrack{"ICPN-0886446899008", 15, "ES5021702688"}));
  ASSERT_EQ(c.products.size(), 16u);
  EXPECT_EQ(c.products[0],
            (Product{"D-0886446899008", ProductKind::kDigital, ProductFormat::kDigitalRelease,
                     "ICPN-0886446899008", "G010003856408H", std::string("0886446899008")}));
  EXPECT_EQ(c.products[1],
            (Product{"D-0886446899008-ES5021702674", ProductKind::kDigital,
                     ProductFormat::kDigitalTrack, "ICPN-0886446899008", "", std::nullopt}));
  // 21 album deals, and 24 track deals on each of 15 track releases.
  ASSERT_EQ(c.deals.size(), 21u + 24u * 15u);
  const Deal& first = c.deals[0];
  EXPECT_EQ(first.release_id, "ICPN-0886446899008");
  EXPECT_EQ(first.sku, "D-0886446899008");
  EXPECT_EQ(first.territories, Strings{"AE"});
  EXPECT_EQ(first.valid_from, "2017-12-15");
  EXPECT_EQ(first.price_tier, "B99");
  EXPECT_EQ(c.deals[21].sku, "D-0886446899008-ES5021702674");  // R1 = track A1.
  EXPECT_EQ(c.deals[22].sku, "D-0886446899008-ES5021702683");  // R10 = track A10.
}

TEST(ErnCatalog43, ImportsCompletelyWithTheIcpnWarning) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ERN_NewReleaseMessage_example.xml");
  const ErnCatalog c = to_catalog(parse_ern(bytes, "new.xml"));
  expect_all_valid(c);
  EXPECT_TRUE(c.rejected.empty()) << c.rejected.front().to_string();
  ASSERT_EQ(c.parties.size(), 3u);
  EXPECT_EQ(c.parties[0], (Party{"PADPIDA2014021302H", "Example Sender", PartyKind::kLabel,
                                 std::string("PADPIDA2014021302H")}));
  EXPECT_EQ(c.parties[1], (Party{"ERN-Example-Rights-Holder", "Example Rights Holder",
                                 PartyKind::kLabel, std::nullopt}));
  EXPECT_EQ(c.parties[2],
            (Party{"ERN-Artist-Namer", "Artist Namer", PartyKind::kArtist, std::nullopt}));
  EXPECT_TRUE(c.releases.empty());
  ASSERT_EQ(c.releases_without_icpn.size(), 1u);
  EXPECT_EQ(c.releases_without_icpn[0], (Release{"ERN-MSG12345-01-R0", "Title", ""}));
  ASSERT_EQ(c.recordings.size(), 1u);
  EXPECT_EQ(c.recordings[0],
            (Recording{"US1234567890", "Example Sound Recording", "Artist Namer", 148}));
  ASSERT_EQ(c.tracks.size(), 1u);
  EXPECT_EQ(c.tracks[0], (ReleaseTrack{"ERN-MSG12345-01-R0", 1, "US1234567890"}));
  ASSERT_EQ(c.products.size(), 2u);
  EXPECT_EQ(c.products[0].sku, "D-ERN-MSG12345-01-R0");
  EXPECT_EQ(c.products[0].upc, std::nullopt);
  EXPECT_EQ(c.products[1].sku, "D-ERN-MSG12345-01-R0-US1234567890");
  EXPECT_EQ(c.products[1].format, ProductFormat::kDigitalTrack);
  ASSERT_EQ(c.deals.size(), 1u);
  EXPECT_EQ(c.deals[0], (Deal{"ERN-MSG12345-01-R0",
                              "D-ERN-MSG12345-01-R0",
                              {},
                              {},
                              Strings{"Worldwide"},
                              {},
                              "2024-01-01",
                              std::string("2024-01-02"),
                              false,
                              ""}));
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_EQ(c.warnings[0].where.line_number, 249);
  EXPECT_EQ(c.warnings[0].where.value, "1234567890123");
  EXPECT_NE(c.warnings[0].message.find("releases_without_icpn"), std::string::npos);
  EXPECT_EQ(c.warnings[1].where.value, "A2");  // Track release of the cover image.
}

TEST(ErnCatalog43, PurgeWithAnInvalidGridRetiresNothingAndSaysSo) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ERN_PurgeReleaseMessage_example.xml");
  const ErnCatalog c = to_catalog(parse_ern(bytes, "purge.xml"));
  EXPECT_TRUE(c.retired_release_ids.empty());
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0].where.line_number, 34);
  EXPECT_EQ(c.warnings[0].where.value, "G123456789012345");
}

TEST(ErnCatalog, PurgeWithValidIdsRetiresThem) {
  const std::string text =
      "<PurgeReleaseMessage xmlns=\"http://ddex.net/xml/ern/43\">\n"
      "<MessageHeader><MessageId>P1</MessageId></MessageHeader>\n"
      "<PurgedRelease><ReleaseId><ICPN>036000291452</ICPN></ReleaseId></PurgedRelease>\n"
      "<PurgedRelease><ReleaseId><GRid>A10301A0003856408H</GRid></ReleaseId></PurgedRelease>\n"
      "</PurgeReleaseMessage>\n";
  const ErnMessage m = parse_ern(text, "p.xml");
  ASSERT_TRUE(m.errors.empty()) << m.errors.front().to_string();
  const ErnCatalog c = to_catalog(m);
  EXPECT_EQ(c.retired_release_ids, (Strings{"ICPN-0036000291452", "GRID-A10301A0003856408H"}));
}

TEST(ErnCatalogFixture38, RejectsWhatFailsAndKeepsTheRest) {
  FERMATA_READ_ERN_OR_SKIP(bytes, testdata_dir(), "ern38_single.xml");
  const ErnCatalog c = to_catalog(parse_ern(bytes, "ern38.xml"));
  expect_all_valid(c);
  ASSERT_EQ(c.releases.size(), 1u);
  EXPECT_EQ(c.releases[0].id, "ICPN-0036000291452");
  EXPECT_EQ(c.recordings.size(), 2u);
  ASSERT_EQ(c.tracks.size(), 2u);
  EXPECT_EQ(c.tracks[0], (ReleaseTrack{"ICPN-0036000291452", 1, "GBAAA2400002"}));
  EXPECT_EQ(c.products.size(), 2u);
  ASSERT_EQ(c.deals.size(), 1u);  // The takedown; the UK and 2024-02-30 deals are rejected.
  EXPECT_TRUE(c.deals[0].takedown);
  EXPECT_EQ(c.deals[0].territories, Strings{"GB"});
  ASSERT_EQ(c.rejected.size(), 4u);
  EXPECT_EQ(c.rejected[0].where.field, "recording.isrc");
  EXPECT_EQ(c.rejected[0].where.line_number, 45);
  EXPECT_EQ(c.rejected[1].where.field, "track.isrc");
  EXPECT_EQ(c.rejected[2].where.field, "deal.excluded_territories");
  EXPECT_EQ(c.rejected[2].where.value, "UK");
  EXPECT_EQ(c.rejected[3].where.field, "deal.valid_from");
  EXPECT_EQ(c.rejected[3].where.line_number, 122);
  for (const Error& e : c.rejected) EXPECT_EQ(e.where.file, "ern38.xml");
}

TEST(ErnCatalog, ReleaseIdsAreDerivedInOrder) {
  ErnMessage m;
  m.message_id = "MSG 1/2";
  ErnReleaseIds ids;
  EXPECT_EQ(ern_release_id(m, ids, "R0"), "ERN-MSG-1-2-R0");
  EXPECT_EQ(ern_release_id(m, ids, ""), "");
  ids.catalog_number = "ABC 001";
  EXPECT_EQ(ern_release_id(m, ids, "R0"), "CAT-ABC-001");
  ids.proprietary_ids.push_back({"DPID:PADPIDA2013042401U", "x_1"});
  EXPECT_EQ(ern_release_id(m, ids, "R0"), "PROP-DPID-PADPIDA2013042401U-x_1");
  ids.proprietary_ids[0].value = std::string(80, 'z');
  const std::string hashed = ern_release_id(m, ids, "R0");
  EXPECT_EQ(hashed.size(), 64u);
  EXPECT_TRUE(validate_record_id("id", hashed));
  ids.grid = {"A10301A0003856408H", "A10301A0003856408H", true, 1, "/x"};
  EXPECT_EQ(ern_release_id(m, ids, "R0"), "GRID-A10301A0003856408H");
  ids.icpn = {"886446899008", "0886446899008", true, 1, "/y"};
  EXPECT_EQ(ern_release_id(m, ids, "R0"), "ICPN-0886446899008");
}

TEST(Deal, ValidateDeal) {
  Deal deal{"R1",          "",           {"PayAsYouGoModel"}, {"PermanentDownload"},
            {"Worldwide"}, {"US", "XK"}, "2024-01-01",        std::string("2024-01-01"),
            false,         "B99"};
  EXPECT_TRUE(validate_deal(deal));
  Deal bad = deal;
  bad.territories = {"UK"};
  EXPECT_EQ(validate_deal(bad).error().where.field, "territories");
  bad = deal;
  bad.territories = {"gb"};
  EXPECT_EQ(validate_deal(bad).error().code, ErrorCode::kIdentifierInvalid);
  bad = deal;
  bad.territories.clear();
  bad.excluded_territories.clear();
  EXPECT_EQ(validate_deal(bad).error().code, ErrorCode::kFieldMissing);
  bad = deal;
  bad.valid_to = "2023-12-31";
  EXPECT_EQ(validate_deal(bad).error().where.field, "valid_to");
  bad = deal;
  bad.valid_from = "2024-13-01";
  EXPECT_EQ(validate_deal(bad).error().code, ErrorCode::kDateInvalid);
  bad = deal;
  bad.release_id = "has space";
  EXPECT_EQ(validate_deal(bad).error().where.field, "release_id");
  bad = deal;
  bad.use_types = {""};
  EXPECT_EQ(validate_deal(bad).error().where.field, "use_types");
}

}  // namespace
}  // namespace fermata
