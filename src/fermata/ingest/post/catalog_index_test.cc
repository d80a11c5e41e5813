// Goal: CatalogIndex matches a sales line to the release and owner of the
// day by the first identifier the catalog knows (ISRC, ICPN/UPC, catalog
// number, proprietary id), refuses to guess (no owner, ambiguous owners), and
// resolves the parties a report names; a match names the format of the
// product its identifier names, per kind of sale; the files of one import
// share one index while the catalog is unchanged, and a catalog that grew
// (here or through another connection) is indexed anew.
// Method: an in-memory CatalogSnapshot with hand-picked identifiers and dated
// owner relations; every expected match is written out by hand. The shared
// index: a real SQLite file, two connections.
#include "fermata/ingest/post/catalog_index.h"

#include <gtest/gtest.h>

#include <string>

#include "fermata/storage/sqlite/test_db.h"

namespace fermata {
namespace {

// EAN-13 (check digits computed by hand) and ISRCs used below.
constexpr char kIcpn1[] = "0036000291452";  // UPC-A 036000291452 read as EAN-13.
constexpr char kIcpn2[] = "4012345000016";
constexpr char kIcpn3[] = "4012345000023";
constexpr char kIcpn4[] = "4012345000030";
constexpr char kIcpn5[] = "4012345000047";
constexpr char kUpc6[] = "0012345678905";  // Product UPC, UPC-A 012345678905.
constexpr char kIsrc1[] = "USRC17607839";
constexpr char kIsrcShared[] = "GBAYE0000001";
constexpr char kIsrc4[] = "GBAYE0000004";
constexpr char kIsrcSameOwner[] = "GBAYE0000007";

Relation owner(std::string release, std::string party, std::string from,
               std::optional<std::string> to = std::nullopt) {
  return Relation{RelationKind::kOwner, std::move(release), std::move(party), std::move(from),
                  std::move(to)};
}

// R1: L1 until 2023-07-01, then L2 (ISRC kIsrc1, ICPN kIcpn1).
// R2 (L2) and R3 (L1) share kIsrcShared; R4 has no owner at all; R5 (L1 from
// 2022) is sold as product SKU-5 with catalog number ABC-005; R6 (L2) only as
// product SKU-6 with UPC kUpc6; R7 and R8 (both L1) share kIsrcSameOwner.
CatalogSnapshot make_snapshot() {
  CatalogSnapshot s;
  s.parties = {
      Party{"L1", "Alpha Records", PartyKind::kLabel, std::nullopt},
      Party{"L2", "Beta Music", PartyKind::kLabel, "PADPIDA2014111801Y"},
      Party{"D1", "North Dist", PartyKind::kDistributor, "PADPIDA2013020802I"},
      Party{"A1", "Twin", PartyKind::kArtist, std::nullopt},
      Party{"A2", "twin", PartyKind::kArtist, std::nullopt},
  };
  s.releases = {Release{"R1", "One", kIcpn1},
                Release{"R2", "Two", kIcpn2},
                Release{"R3", "Three", kIcpn3},
                Release{"R4", "Four", kIcpn4},
                Release{"R5", "Five", kIcpn5},
                Release{"R6", "Six", ""},
                Release{"R7", "Seven", "4012345000054"},
                Release{"R8", "Eight", "4012345000061"}};
  s.tracks = {ReleaseTrack{"R1", 1, kIsrc1},         ReleaseTrack{"R2", 1, kIsrcShared},
              ReleaseTrack{"R3", 1, kIsrcShared},    ReleaseTrack{"R4", 1, kIsrc4},
              ReleaseTrack{"R7", 1, kIsrcSameOwner}, ReleaseTrack{"R8", 1, kIsrcSameOwner}};
  s.products = {
      Product{"SKU-5", ProductKind::kPhysical, ProductFormat::kCd, "R5", "ABC-005",
              std::string(kIcpn5)},
      Product{"SKU-6", ProductKind::kPhysical, ProductFormat::kLp, "R6", "", std::string(kUpc6)}};
  s.relations = {owner("R1", "L1", "2020-01-01", "2023-07-01"),
                 owner("R1", "L2", "2023-07-01"),
                 owner("R2", "L2", "2020-01-01"),
                 owner("R3", "L1", "2020-01-01"),
                 owner("R5", "L1", "2022-01-01"),
                 owner("R6", "L2", "2020-01-01"),
                 owner("R7", "L1", "2020-01-01"),
                 owner("R8", "L1", "2020-01-01"),
                 Relation{RelationKind::kDistributor, "R4", "D1", "2020-01-01", std::nullopt}};
  return s;
}

SaleLine line_with(std::string isrc, std::string icpn = "", std::string catalog_number = "",
                   std::string proprietary_id = "") {
  SaleLine line;
  line.isrc = std::move(isrc);
  line.icpn = std::move(icpn);
  line.catalog_number = std::move(catalog_number);
  line.proprietary_id = std::move(proprietary_id);
  return line;
}

class CatalogIndexTest : public ::testing::Test {
 protected:
  CatalogIndexTest() : index_(make_snapshot()) {}
  CatalogIndex index_;
};

TEST(IcpnKey, ReadsUpcAAndEan14AsEan13) {
  EXPECT_EQ(icpn_key("036000291452"), "0036000291452");
  EXPECT_EQ(icpn_key("0036000291452"), "0036000291452");
  EXPECT_EQ(icpn_key("00036000291452"), "0036000291452");
  EXPECT_EQ(icpn_key("0-36000-29145-2"), "0036000291452");
  EXPECT_EQ(icpn_key("036000 291452"), "0036000291452");
  EXPECT_EQ(icpn_key("10036000291452"), "");  // EAN-14 with another packaging digit.
  EXPECT_EQ(icpn_key("12345678901"), "");
  EXPECT_EQ(icpn_key("003600029145X"), "");
  EXPECT_EQ(icpn_key(""), "");
}

TEST_F(CatalogIndexTest, IsrcMatchGivesReleaseTrackAndOwner) {
  const SaleMatch m = index_.match(line_with(kIsrc1), "2023-06-15");
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.via, "isrc");
  EXPECT_EQ(m.identifier, kIsrc1);
  EXPECT_EQ(m.release_id, "R1");
  EXPECT_EQ(m.isrc, kIsrc1);
  EXPECT_EQ(m.owner, "L1");
  EXPECT_EQ(m.reason, "");
}

TEST_F(CatalogIndexTest, OwnerOfTheDayAroundAChangeOfOwner) {
  // [2020-01-01, 2023-07-01) L1, [2023-07-01, open) L2.
  EXPECT_EQ(index_.match(line_with(kIsrc1), "2023-06-30").owner, "L1");
  EXPECT_EQ(index_.match(line_with(kIsrc1), "2023-07-01").owner, "L2");
  EXPECT_EQ(index_.match(line_with(kIsrc1), "2023-07-02").owner, "L2");
  EXPECT_EQ(index_.match(line_with(kIsrc1), "2020-01-01").owner, "L1");
}

TEST_F(CatalogIndexTest, NoOwnerOnTheDateIsNotAMatch) {
  const SaleMatch before = index_.match(line_with(kIsrc1), "2019-12-31");
  EXPECT_FALSE(before.matched);
  EXPECT_EQ(before.via, "isrc");
  EXPECT_EQ(before.identifier, kIsrc1);
  EXPECT_EQ(before.owner, "");
  EXPECT_EQ(before.release_id, "");
  EXPECT_EQ(before.reason, "no owner on 2019-12-31 for release R1");

  const SaleMatch never = index_.match(line_with(kIsrc4), "2024-01-01");
  EXPECT_FALSE(never.matched);
  EXPECT_EQ(never.reason, "no owner on 2024-01-01 for release R4");
}

// A known identifier without an owner is not a match even when a later
// identifier would match: the line goes to suspense, not to a guess.
TEST_F(CatalogIndexTest, KnownIdentifierWithoutOwnerDoesNotFallThrough) {
  const SaleMatch m = index_.match(line_with(kIsrc4, kIcpn2), "2024-01-01");
  EXPECT_FALSE(m.matched);
  EXPECT_EQ(m.via, "isrc");
  EXPECT_EQ(m.reason, "no owner on 2024-01-01 for release R4");
}

TEST_F(CatalogIndexTest, UnknownIsrcFallsThroughToKnownIcpn) {
  const SaleMatch m = index_.match(line_with("ZZZZZ9999999", kIcpn2), "2024-01-01");
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.via, "icpn");
  EXPECT_EQ(m.identifier, kIcpn2);
  EXPECT_EQ(m.release_id, "R2");
  EXPECT_EQ(m.isrc, "");
  EXPECT_EQ(m.owner, "L2");
}

TEST_F(CatalogIndexTest, IsrcComesBeforeIcpn) {
  const SaleMatch m = index_.match(line_with(kIsrc1, kIcpn2), "2022-05-01");
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.via, "isrc");
  EXPECT_EQ(m.release_id, "R1");
  EXPECT_EQ(m.owner, "L1");
}

TEST_F(CatalogIndexTest, UpcAAndEan14MatchTheEan13Icpn) {
  for (const char* written : {"036000291452", "0036000291452", "00036000291452"}) {
    const SaleMatch m = index_.match(line_with("", written), "2022-05-01");
    EXPECT_TRUE(m.matched) << written;
    EXPECT_EQ(m.via, "icpn") << written;
    EXPECT_EQ(m.identifier, kIcpn1) << written;
    EXPECT_EQ(m.release_id, "R1") << written;
    EXPECT_EQ(m.owner, "L1") << written;
  }
}

TEST_F(CatalogIndexTest, ProductUpcMatchesItsRelease) {
  const SaleMatch m = index_.match(line_with("", "012345678905"), "2022-05-01");
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.via, "icpn");
  EXPECT_EQ(m.identifier, kUpc6);
  EXPECT_EQ(m.release_id, "R6");
  EXPECT_EQ(m.owner, "L2");
}

TEST_F(CatalogIndexTest, CatalogNumberThenProprietaryId) {
  const SaleMatch by_number = index_.match(line_with("", "", "ABC-005", "R2"), "2022-05-01");
  EXPECT_TRUE(by_number.matched);
  EXPECT_EQ(by_number.via, "catalog_number");
  EXPECT_EQ(by_number.identifier, "ABC-005");
  EXPECT_EQ(by_number.release_id, "R5");
  EXPECT_EQ(by_number.owner, "L1");

  const SaleMatch by_release_id = index_.match(line_with("", "", "XYZ-999", "R2"), "2022-05-01");
  EXPECT_TRUE(by_release_id.matched);
  EXPECT_EQ(by_release_id.via, "proprietary_id");
  EXPECT_EQ(by_release_id.identifier, "R2");
  EXPECT_EQ(by_release_id.release_id, "R2");
  EXPECT_EQ(by_release_id.owner, "L2");

  const SaleMatch by_sku = index_.match(line_with("", "", "", "SKU-6"), "2022-05-01");
  EXPECT_TRUE(by_sku.matched);
  EXPECT_EQ(by_sku.via, "proprietary_id");
  EXPECT_EQ(by_sku.release_id, "R6");
  EXPECT_EQ(by_sku.owner, "L2");
}

TEST_F(CatalogIndexTest, NothingKnownReportsTheFirstIdentifierTried) {
  const SaleMatch m = index_.match(line_with("", "4012345999990", "NOPE-1", "P-1"), "2022-05-01");
  EXPECT_FALSE(m.matched);
  EXPECT_EQ(m.via, "icpn");
  EXPECT_EQ(m.identifier, "4012345999990");
  EXPECT_EQ(m.reason, "icpn 4012345999990 is not in the catalog");

  const SaleMatch empty = index_.match(SaleLine{}, "2022-05-01");
  EXPECT_FALSE(empty.matched);
  EXPECT_EQ(empty.via, "none");
  EXPECT_EQ(empty.identifier, "");
  EXPECT_EQ(empty.reason, "no identifier on the line");
}

TEST_F(CatalogIndexTest, IsrcOnTwoLabelsReleasesIsAmbiguous) {
  const SaleMatch m = index_.match(line_with(kIsrcShared), "2024-01-01");
  EXPECT_FALSE(m.matched);
  EXPECT_EQ(m.via, "isrc");
  EXPECT_EQ(m.identifier, kIsrcShared);
  EXPECT_EQ(m.reason, "ambiguous: owned by L2 and L1 on 2024-01-01");
  // An ICPN that is on neither release does not settle it.
  EXPECT_FALSE(index_.match(line_with(kIsrcShared, kIcpn1), "2024-01-01").matched);
}

TEST_F(CatalogIndexTest, LineIcpnPicksAmongReleasesSharingAnIsrc) {
  const SaleMatch three = index_.match(line_with(kIsrcShared, kIcpn3), "2024-01-01");
  EXPECT_TRUE(three.matched);
  EXPECT_EQ(three.via, "isrc");
  EXPECT_EQ(three.release_id, "R3");
  EXPECT_EQ(three.isrc, kIsrcShared);
  EXPECT_EQ(three.owner, "L1");

  const SaleMatch two = index_.match(line_with(kIsrcShared, "401234500001-6"), "2024-01-01");
  EXPECT_TRUE(two.matched);
  EXPECT_EQ(two.release_id, "R2");
  EXPECT_EQ(two.owner, "L2");
}

TEST_F(CatalogIndexTest, IsrcOnTwoReleasesOfOneOwnerMatchesTheFirst) {
  const SaleMatch m = index_.match(line_with(kIsrcSameOwner), "2024-01-01");
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.release_id, "R7");
  EXPECT_EQ(m.owner, "L1");
}

// R5's ICPN is also the UPC of its CD (SKU-5) and of its download; its LP
// and its cassette have their own UPCs, and the cassette shares the CD's
// catalog number.
TEST(CatalogIndexFormat, TheProductAnIdentifierNamesGivesTheFormatPerKindOfSale) {
  CatalogSnapshot s = make_snapshot();
  s.products.push_back(Product{"D-5", ProductKind::kDigital, ProductFormat::kDigitalRelease, "R5",
                               "ABC-005D", std::string(kIcpn5)});
  s.products.push_back(Product{"LP-5", ProductKind::kPhysical, ProductFormat::kLp, "R5",
                               "ABC-005LP", "4012345000078"});
  s.products.push_back(Product{"CS-5", ProductKind::kPhysical, ProductFormat::kCassette, "R5",
                               "ABC-005", "4012345000085"});
  const CatalogIndex index(s);
  const auto formats = [&index](const SaleLine& line) {
    const SaleMatch m = index.match(line, "2024-01-01");
    EXPECT_TRUE(m.matched);
    return std::pair(std::string(sale_format(m, SalesChannel::kPhysical)),
                     std::string(sale_format(m, SalesChannel::kStream)));
  };
  using Formats = std::pair<std::string, std::string>;
  EXPECT_EQ(formats(line_with("", kIcpn5)), Formats("CD", "digital_release"));
  EXPECT_EQ(formats(line_with("", "4012345000078")), Formats("LP", ""));
  EXPECT_EQ(formats(line_with("", "", "ABC-005LP")), Formats("LP", ""));
  EXPECT_EQ(formats(line_with("", "", "", "D-5")), Formats("", "digital_release"));
  EXPECT_EQ(formats(line_with("", kUpc6)), Formats("LP", ""));  // R6's only product.
  // A catalog number on a CD and a cassette names no one format; a release id
  // and an ISRC name no product.
  EXPECT_EQ(formats(line_with("", "", "ABC-005")), Formats("", ""));
  EXPECT_EQ(formats(line_with("", "", "", "R5")), Formats("", ""));
  EXPECT_EQ(formats(line_with(kIsrc1)), Formats("", ""));
  EXPECT_EQ(sale_format(index.match(line_with("", kIcpn5), "2024-01-01"), SalesChannel::kDownload),
            "digital_release");
}

TEST_F(CatalogIndexTest, ResolvePartyByIdDdexIdOrUniqueName) {
  EXPECT_EQ(index_.resolve_party("L1"), "L1");
  EXPECT_EQ(index_.resolve_party("PADPIDA2014111801Y"), "L2");
  EXPECT_EQ(index_.resolve_party("PADPIDA2013020802I"), "D1");
  EXPECT_EQ(index_.resolve_party("alpha records"), "L1");
  EXPECT_EQ(index_.resolve_party("BETA MUSIC"), "L2");
  EXPECT_EQ(index_.resolve_party("Twin"), std::nullopt);  // A1 and A2 share the name.
  EXPECT_EQ(index_.resolve_party("A2"), "A2");            // Ids stay unique.
  EXPECT_EQ(index_.resolve_party("Nobody"), std::nullopt);
  EXPECT_EQ(index_.resolve_party(""), std::nullopt);
  EXPECT_EQ(index_.resolve_party("l1"), std::nullopt);  // Ids are not case-folded.
}

TEST(CatalogIndexDistributor, SoleDistributorOnlyWhenExactlyOne) {
  CatalogSnapshot one = make_snapshot();
  EXPECT_EQ(CatalogIndex(one).sole_distributor(), "D1");
  CatalogSnapshot two = one;
  two.parties.push_back(Party{"D2", "South Dist", PartyKind::kDistributor, std::nullopt});
  EXPECT_EQ(CatalogIndex(two).sole_distributor(), std::nullopt);
  CatalogSnapshot none = one;
  std::erase_if(none.parties, [](const Party& p) { return p.kind == PartyKind::kDistributor; });
  EXPECT_EQ(CatalogIndex(none).sole_distributor(), std::nullopt);
}

SaleLine line_with_upc(const std::string& upc) {
  SaleLine line;
  line.icpn = upc;
  return line;
}

TEST(IndexedCatalog, SharedWhileUnchangedAndIndexedAnewWhenTheCatalogGrows) {
  testing::TempDir dir;
  const std::string path = dir.file("books.db");
  auto db = Database::open(path, {.create = true});
  ASSERT_TRUE(db);
  Database& books = **db;
  ASSERT_TRUE(books.put_party(testing::make_party("L1", PartyKind::kLabel)));
  ASSERT_TRUE(books.put_release(Release{"R1", "One", kIcpn2}));
  ASSERT_TRUE(books.put_relation(owner("R1", "L1", "2020-01-01")));
  ASSERT_TRUE(books.put_product(
      Product{"CD-1", ProductKind::kPhysical, ProductFormat::kCd, "R1", "LK-1", kIcpn2}));
  IndexedCatalog cache;
  Result<IndexedCatalog> first = indexed_catalog(books, &cache);
  ASSERT_TRUE(first);
  Result<IndexedCatalog> again = indexed_catalog(books, &cache);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->index, first->index);  // The same index, not a copy.
  EXPECT_FALSE(first->index->match(line_with_upc(kUpc6), "2026-01-01").matched);
  // Another connection adds a release sold as a product with UPC kUpc6.
  {
    auto other = Database::open(path, {});
    ASSERT_TRUE(other);
    ASSERT_TRUE((*other)->put_release(Release{"R6", "Six", ""}));
    ASSERT_TRUE((*other)->put_relation(owner("R6", "L1", "2020-01-01")));
    ASSERT_TRUE((*other)->put_product(
        Product{"CD-6", ProductKind::kPhysical, ProductFormat::kCd, "R6", "LK-6", kUpc6}));
  }
  Result<IndexedCatalog> grown = indexed_catalog(books, &cache);
  ASSERT_TRUE(grown);
  EXPECT_NE(grown->index, first->index);
  EXPECT_NE(grown->revision, first->revision);
  const SaleMatch match = grown->index->match(line_with_upc(kUpc6), "2026-01-01");
  EXPECT_TRUE(match.matched);
  EXPECT_EQ(match.release_id, "R6");
  EXPECT_EQ(cache.index, grown->index);  // Kept for the next file.
  // Without a cache, every call indexes the catalog it reads.
  Result<IndexedCatalog> uncached = indexed_catalog(books, nullptr);
  ASSERT_TRUE(uncached);
  EXPECT_NE(uncached->index, grown->index);
  EXPECT_EQ(uncached->revision, grown->revision);
}

}  // namespace
}  // namespace fermata
