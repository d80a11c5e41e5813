#include "fermata/catalog/catalog.h"

#include <gtest/gtest.h>

#include <vector>

namespace fermata {
namespace {

Relation owner(std::string party, std::string from, std::optional<std::string> to) {
  return Relation{RelationKind::kOwner, "R0001", std::move(party), std::move(from), std::move(to)};
}

TEST(CatalogTest, EnumNamesRoundTrip) {
  for (PartyKind kind :
       {PartyKind::kLabel, PartyKind::kArtist, PartyKind::kDistributor, PartyKind::kAggregator,
        PartyKind::kStore, PartyKind::kLender, PartyKind::kManufacturer, PartyKind::kWarehouse}) {
    EXPECT_EQ(*parse_party_kind(party_kind_name(kind)), kind);
  }
  EXPECT_EQ(party_kind_name(PartyKind::kWarehouse), "warehouse");
  EXPECT_EQ(*parse_product_format("digital_track"), ProductFormat::kDigitalTrack);
  EXPECT_EQ(product_format_name(ProductFormat::kCd), "CD");
  EXPECT_EQ(*parse_relation_kind("distributor"), RelationKind::kDistributor);
  EXPECT_EQ(parse_party_kind("Label").error().message,
            "unknown party kind 'Label'; expected one of label, artist, distributor, aggregator, "
            "store, lender, manufacturer, warehouse");
  EXPECT_EQ(parse_product_kind("vinyl").error().code, ErrorCode::kFieldInvalid);
}

TEST(CatalogTest, ValidatesParties) {
  EXPECT_TRUE(
      validate_party(Party{"L0001", "Quiet Records", PartyKind::kLabel, "PADPIDA2007040502I"}));
  Status bad_id = validate_party(Party{"L 1", "Quiet", PartyKind::kLabel, std::nullopt});
  ASSERT_FALSE(bad_id);
  EXPECT_EQ(bad_id.error().to_string(),
            "field 'id' = 'L 1': may contain only letters, digits, '-', '_', '.' and ':' "
            "[field_invalid]");
  Status no_name = validate_party(Party{"L1", "", PartyKind::kLabel, std::nullopt});
  EXPECT_EQ(no_name.error().to_string(), "field 'name': is required [field_missing]");
  Status bad_dpid = validate_party(Party{"L1", "Q", PartyKind::kLabel, "PADPIDA2014999999Z"});
  EXPECT_EQ(bad_dpid.error().to_string(),
            "field 'ddex_party_id' = 'PADPIDA2014999999Z': DDEX party id: check character is Z, "
            "expected X [identifier_invalid]");
}

TEST(CatalogTest, ValidatesReleaseIcpnIsNormalised) {
  EXPECT_TRUE(validate_release(Release{"R0001", "Night Songs", "0036000291452"}));
  EXPECT_EQ(validate_release(Release{"R0001", "Night Songs", "036000291452"}).error().to_string(),
            "field 'icpn' = '036000291452': is not in normalised form; expected '0036000291452' "
            "[identifier_invalid]");
  EXPECT_EQ(validate_release(Release{"R0001", "Night Songs", "0036000291453"}).error().message,
            "ICPN: check digit is 3, expected 2");
}

TEST(CatalogTest, ValidatesRecordingsAndTracks) {
  EXPECT_TRUE(validate_recording(Recording{"USRC17607839", "Song", "Artist", 215}));
  EXPECT_EQ(validate_recording(Recording{"USRC17607839", "Song", "Artist", 0}).error().to_string(),
            "field 'duration_seconds' = '0': must be between 1 and 86400 seconds [field_invalid]");
  EXPECT_TRUE(validate_release_track(ReleaseTrack{"R0001", 1, "GBAYE0601498"}));
  EXPECT_EQ(validate_release_track(ReleaseTrack{"R0001", 0, "GBAYE0601498"}).error().where.field,
            "sequence");
}

TEST(CatalogTest, ValidatesProducts) {
  EXPECT_TRUE(validate_product(Product{"CD-001", ProductKind::kPhysical, ProductFormat::kCd,
                                       "R0001", "QR001", "4006381333931"}));
  EXPECT_TRUE(validate_product(Product{"DIG-001", ProductKind::kDigital,
                                       ProductFormat::kDigitalRelease, "R0001", "", std::nullopt}));
  EXPECT_EQ(validate_product(Product{"CD-001", ProductKind::kDigital, ProductFormat::kCd, "R0001",
                                     "", std::nullopt})
                .error()
                .to_string(),
            "field 'format' = 'CD': format CD is not a digital format [field_invalid]");
  EXPECT_EQ(validate_product(Product{"LP-001", ProductKind::kPhysical, ProductFormat::kLp, "R0001",
                                     "", std::nullopt})
                .error()
                .to_string(),
            "field 'upc': is required for a physical product [field_missing]");
  // Restricted-circulation UPCs (the demo world's) are valid product numbers.
  EXPECT_TRUE(validate_product(
      Product{"LP-001", ProductKind::kPhysical, ProductFormat::kLp, "R0001", "", "0212345678992"}));
}

TEST(CatalogTest, ValidatesRelationDates) {
  EXPECT_TRUE(validate_relation(owner("L1", "2020-01-01", std::nullopt)));
  EXPECT_TRUE(validate_relation(owner("L1", "2020-01-01", "2020-01-02")));
  EXPECT_EQ(validate_relation(owner("L1", "2020-01-01", "2020-01-01")).error().to_string(),
            "field 'valid_to' = '2020-01-01': must be after valid_from 2020-01-01 (valid_to is "
            "exclusive) [field_invalid]");
  EXPECT_EQ(validate_relation(owner("L1", "2021-02-29", std::nullopt)).error().to_string(),
            "field 'valid_from' = '2021-02-29': date: day 29 is not 1..28 for 2021-02 "
            "[date_invalid]");
}

TEST(CatalogTest, OverlapIsRefusedAndNamesBothPeriods) {
  const std::vector<Relation> existing = {owner("L1", "2020-01-01", "2022-01-01")};
  // Touching periods do not overlap: valid_to is exclusive.
  EXPECT_TRUE(check_no_overlap(existing, owner("L2", "2022-01-01", std::nullopt)));
  EXPECT_TRUE(check_no_overlap(existing, owner("L2", "2019-01-01", "2020-01-01")));
  Relation other_release = owner("L2", "2021-01-01", std::nullopt);
  other_release.release_id = "R0002";
  EXPECT_TRUE(check_no_overlap(existing, other_release));
  Relation distributor = owner("D1", "2021-01-01", std::nullopt);
  distributor.kind = RelationKind::kDistributor;
  EXPECT_TRUE(check_no_overlap(existing, distributor));

  Status overlap = check_no_overlap(existing, owner("L2", "2021-06-01", std::nullopt));
  ASSERT_FALSE(overlap);
  EXPECT_EQ(overlap.error().code, ErrorCode::kRelationOverlaps);
  EXPECT_EQ(overlap.error().message,
            "owner relation of release R0001 to party L2 for [2021-06-01, open) overlaps the "
            "owner relation to party L1 for [2020-01-01, 2022-01-01)");
  EXPECT_FALSE(check_no_overlap(existing, owner("L2", "2019-01-01", "2020-01-02")));
  EXPECT_TRUE(check_no_overlap({}, owner("L2", "2019-01-01", std::nullopt)));
}

TEST(CatalogTest, PartyAtAnswersByDate) {
  Relation distributor{RelationKind::kDistributor, "R0001", "D1", "2020-06-01", std::nullopt};
  const std::vector<Relation> relations = {owner("L1", "2020-01-01", "2022-01-01"),
                                           owner("L2", "2022-01-01", std::nullopt), distributor};
  EXPECT_EQ(party_at(relations, "R0001", RelationKind::kOwner, "2019-12-31"), std::nullopt);
  EXPECT_EQ(party_at(relations, "R0001", RelationKind::kOwner, "2020-01-01"), "L1");
  EXPECT_EQ(party_at(relations, "R0001", RelationKind::kOwner, "2021-12-31"), "L1");
  EXPECT_EQ(party_at(relations, "R0001", RelationKind::kOwner, "2022-01-01"), "L2");
  EXPECT_EQ(party_at(relations, "R0001", RelationKind::kOwner, "2099-01-01"), "L2");
  EXPECT_EQ(party_at(relations, "R0001", RelationKind::kDistributor, "2020-05-31"), std::nullopt);
  EXPECT_EQ(party_at(relations, "R0001", RelationKind::kDistributor, "2020-06-01"), "D1");
  EXPECT_EQ(party_at(relations, "R0002", RelationKind::kOwner, "2021-01-01"), std::nullopt);
}

}  // namespace
}  // namespace fermata
