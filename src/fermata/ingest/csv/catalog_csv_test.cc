#include "fermata/ingest/csv/catalog_csv.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

std::vector<std::string> texts(const CatalogBatch& batch) {
  std::vector<std::string> out;
  for (const Error& e : batch.errors) out.push_back(e.to_string());
  return out;
}

TEST(CatalogCsvTest, Parties) {
  const CatalogBatch batch = parse_catalog_csv(
      "id,name,kind,ddex_party_id\n"
      "L0001,Quiet Records,label,padpida2007040502i\n"
      "A0001,\"Doe, Jane\",artist,\n"
      "X1,Bad,labl,\n"
      "L0001,Again,label,\n",
      "parties.csv");
  EXPECT_EQ(batch.table, CatalogTable::kParties);
  ASSERT_EQ(batch.parties.size(), 2u);
  EXPECT_EQ(
      batch.parties[0],
      (Located<Party>{{"L0001", "Quiet Records", PartyKind::kLabel, "PADPIDA2007040502I"}, 2}));
  EXPECT_EQ(batch.parties[1],
            (Located<Party>{{"A0001", "Doe, Jane", PartyKind::kArtist, std::nullopt}, 3}));
  EXPECT_EQ(texts(batch),
            (std::vector<std::string>{
                "parties.csv:4: field 'kind' = 'labl': unknown party kind 'labl'; expected one "
                "of label, artist, distributor, aggregator, store, lender, manufacturer, "
                "warehouse [field_invalid]",
                "parties.csv:5: field 'id' = 'L0001': repeats the key of line 2 [field_invalid]"}));
}

TEST(CatalogCsvTest, ReleasesCollectEveryError) {
  const CatalogBatch batch = parse_catalog_csv(
      "id,title,icpn\r\n"
      "R0001,Night Songs,036000291452\r\n"
      "R0002,Bad Check,036000291453\r\n"
      "R0003,,4006381333931\r\n"
      "R0004,Short,1234\r\n",
      "releases.csv");
  EXPECT_EQ(batch.table, CatalogTable::kReleases);
  ASSERT_EQ(batch.releases.size(), 1u);
  EXPECT_EQ(batch.releases[0], (Located<Release>{{"R0001", "Night Songs", "0036000291452"}, 2}));
  EXPECT_EQ(texts(batch),
            (std::vector<std::string>{
                "releases.csv:3: field 'icpn' = '036000291453': ICPN: check digit is 3, expected "
                "2 [identifier_invalid]",
                "releases.csv:4: field 'title': is required [field_missing]",
                "releases.csv:5: field 'icpn' = '1234': ICPN: must have 12 (UPC-A) or 13 "
                "(EAN-13) digits, got 4 [identifier_invalid]"}));
}

TEST(CatalogCsvTest, RecordingsTracksProducts) {
  CatalogBatch recordings = parse_catalog_csv(
      "isrc,title,artist,duration_seconds\nUS-RC1-76-07839,Song,Jane,215\n"
      "GBAYE0601498,Other,Jane,3m\n",
      "rec.csv");
  ASSERT_EQ(recordings.recordings.size(), 1u);
  EXPECT_EQ(recordings.recordings[0].record, (Recording{"USRC17607839", "Song", "Jane", 215}));
  EXPECT_EQ(texts(recordings), (std::vector<std::string>{"rec.csv:3: field 'duration_seconds' = "
                                                         "'3m': must be a whole number "
                                                         "[field_invalid]"}));

  CatalogBatch tracks = parse_catalog_csv(
      "release_id,sequence,isrc\nR0001,1,USRC17607839\nR0001,1,GBAYE0601498\n", "t.csv");
  ASSERT_EQ(tracks.release_tracks.size(), 1u);
  EXPECT_EQ(texts(tracks),
            (std::vector<std::string>{"t.csv:3: field 'release_id,sequence' = 'R0001#1': "
                                      "repeats the key of line 2 "
                                      "[field_invalid]"}));

  CatalogBatch products = parse_catalog_csv(
      "sku,kind,format,release_id,catalog_number,upc\n"
      "CD-001,physical,CD,R0001,QR001,4006381333931\n"
      "DL-001,digital,digital_release,R0001,,\n"
      "LP-001,physical,LP,R0001,QR002,\n",
      "prod.csv");
  ASSERT_EQ(products.products.size(), 2u);
  EXPECT_EQ(products.products[0].record,
            (Product{"CD-001", ProductKind::kPhysical, ProductFormat::kCd, "R0001", "QR001",
                     "4006381333931"}));
  EXPECT_EQ(products.products[1].record.upc, std::nullopt);
  EXPECT_EQ(texts(products),
            (std::vector<std::string>{
                "prod.csv:4: field 'upc': is required for a physical product [field_missing]"}));
}

TEST(CatalogCsvTest, RelationsOverlapWithinFile) {
  const CatalogBatch batch = parse_catalog_csv(
      "kind,release_id,party_id,valid_from,valid_to\n"
      "owner,R0001,L0001,2020-01-01,2022-01-01\n"
      "owner,R0001,L0002,2022-01-01,\n"
      "distributor,R0001,D0001,2020-01-01,\n"
      "owner,R0001,L0003,2021-06-01,\n"
      "owner,R0002,L0001,2021-02-30,\n",
      "rel.csv");
  EXPECT_EQ(batch.table, CatalogTable::kRelations);
  ASSERT_EQ(batch.relations.size(), 3u);
  EXPECT_EQ(batch.relations[1].record,
            (Relation{RelationKind::kOwner, "R0001", "L0002", "2022-01-01", std::nullopt}));
  EXPECT_EQ(texts(batch),
            (std::vector<std::string>{
                "rel.csv:5: field 'valid_from' = '2021-06-01': owner relation of release R0001 "
                "to party L0003 for [2021-06-01, open) overlaps the owner relation to party "
                "L0001 for [2020-01-01, 2022-01-01) [relation_overlaps]",
                "rel.csv:6: field 'valid_from' = '2021-02-30': date: day 30 is not 1..28 for "
                "2021-02 [date_invalid]"}));
}

TEST(CatalogCsvTest, HeaderProblems) {
  EXPECT_EQ(texts(parse_catalog_csv("foo,bar\n1,2\n", "x.csv")),
            (std::vector<std::string>{
                "x.csv:1: header matches no catalog table (parties, releases, recordings, "
                "release_tracks, products, relations) [parse_error]"}));
  EXPECT_EQ(
      texts(parse_catalog_csv("id,title,icpn,label\n", "x.csv")),
      (std::vector<std::string>{"x.csv:1: field 'label': unknown column 'label' in a releases file "
                                "[parse_error]"}));
  EXPECT_EQ(texts(parse_catalog_csv("isrc,duration_seconds\n", "x.csv")),
            (std::vector<std::string>{"x.csv:1: field 'title': header lacks required column(s) "
                                      "title, artist [field_missing]"}));
  EXPECT_EQ(texts(parse_catalog_csv("", "x.csv")),
            (std::vector<std::string>{"x.csv: file has no header row [parse_error]"}));
  EXPECT_EQ(texts(parse_catalog_csv("id,title,icpn\nR1,T\n", "x.csv")),
            (std::vector<std::string>{"x.csv:2: row has 2 fields, the header has 3 "
                                      "[parse_error]"}));
}

}  // namespace
}  // namespace fermata
