// Goal: reclaim() lists exactly the label's units held by others (on hand,
// damaged and allocated per warehouse; consigned per store), never its own
// stock, other owners' units or units already returned; proves title with
// receipts and marks purchases; values at the day's prices; picks the
// agreement version in force with the holder. plan_return_to_owner() moves
// exactly the on-hand and damaged units in one balanced transaction with a
// register row and note line per SKU, location and condition; recall_letter()
// writes the request byte for byte.
// Method: a hand-built catalog, balances, price list, movements and
// agreements, with every expected row written out.
#include "fermata/inventory/reclaim.h"

#include <gtest/gtest.h>

#include "fermata/inventory/movement.h"
#include "fermata/inventory/reclaim_books.h"

namespace fermata {
namespace {

Decimal units(std::int64_t n) {
  return Decimal::from_units(n);
}
Decimal amount(const char* text) {
  return *Decimal::parse(text);
}

AccountBalance held(std::string party, AccountKind kind, const std::string& sku,
                    std::string location, std::int64_t n, std::string counterparty = "") {
  return {unit_account(std::move(party), kind, sku, std::move(location), std::move(counterparty)),
          units(n)};
}

StockMovementRecord movement(std::string kind, std::string date, std::string document,
                             std::string sku, std::int64_t n, std::string to,
                             std::string store = "", std::string buyer = "", std::string terms = "",
                             std::string owner = "L1") {
  StockMovementRecord m;
  m.kind = std::move(kind);
  m.date = std::move(date);
  m.document = std::move(document);
  m.sku = std::move(sku);
  m.units = units(n);
  m.owner = std::move(owner);
  m.to = std::move(to);
  m.store = std::move(store);
  m.buyer = std::move(buyer);
  m.terms = std::move(terms);
  return m;
}

CatalogSnapshot catalog() {
  CatalogSnapshot c;
  c.parties = {{"D1", "Meridian Distribution", PartyKind::kDistributor, {}},
               {"L1", "Lark Records", PartyKind::kLabel, {}},
               {"S1", "Harbour Records", PartyKind::kStore, {}},
               {"S2", "Klangraum", PartyKind::kStore, {}},
               {"W1", "Meridian Warehouse", PartyKind::kWarehouse, {}},
               {"W2", "Overflow Store Room", PartyKind::kWarehouse, {}}};
  c.releases = {{"R1", "First Album", "0029000000018"}, {"R2", "Second Album", "0029000000025"}};
  c.products = {
      {"CD-R1", ProductKind::kPhysical, ProductFormat::kCd, "R1", "LK-001", "0029000000018"},
      {"LP-R2", ProductKind::kPhysical, ProductFormat::kLp, "R2", "LK-002", "0029000000025"}};
  c.relations = {{RelationKind::kOwner, "R1", "L1", "2020-01-01", std::nullopt},
                 {RelationKind::kDistributor, "R1", "D1", "2020-01-01", std::nullopt},
                 {RelationKind::kDistributor, "R2", "S1", "2020-01-01", "2021-01-01"}};
  return c;
}

AgreementVersion agreement(std::string id, int version, std::string from, std::string licensor) {
  AgreementVersion v;
  v.id = std::move(id);
  v.version = version;
  v.effective_from = std::move(from);
  v.parties = {{"licensor", std::move(licensor)}, {"distributor", "D1"}};
  return v;
}

ReclaimInput input() {
  ReclaimInput in;
  in.label = "L1";
  in.as_of = "2026-03-31";
  in.balances = {
      held("L1", AccountKind::kInventory, "CD-R1", "W1", 400),
      held("L1", AccountKind::kDamaged, "CD-R1", "W1", 5),
      held("L1", AccountKind::kAllocated, "CD-R1", "W1", 10, "S1"),
      held("L1", AccountKind::kInventory, "LP-R2", "W2", 30),
      held("L1", AccountKind::kConsigned, "CD-R1", "S2", 150),
      held("L1", AccountKind::kConsigned, "LP-R2", "S1", 20),
      held("L1", AccountKind::kReturnedToOwner, "CD-R1", "L1", 7),    // Back with the label.
      held("L1", AccountKind::kInventory, "CD-R1", "L1", 50),         // The label's own shelf.
      held("L1", AccountKind::kInTransit, "CD-R1", "W2", 3),          // Not arrived anywhere.
      held("L1", AccountKind::kInventory, "LP-R2", "W1", -2),         // Books out of step.
      held("S1", AccountKind::kInventory, "CD-R1", "S1", 300, "L1"),  // Sold: the store's.
      {AccountRef{"L1", AccountKind::kTrust, "USD", "", ""}, amount("100")},
  };
  in.catalog = catalog();
  in.prices = PriceList({{"CD-R1", "ppd", "USD", "2026-01-01", amount("9.00"), "", "", ""},
                         {"CD-R1", "cost", "USD", "2026-01-01", amount("2.50"), "", "", ""},
                         {"CD-R1", "ppd", "USD", "2026-04-01", amount("9.50"), "", "", ""}});
  in.movements = {
      movement("receipt", "2026-01-05", "DN-001", "CD-R1", 600, "W1"),
      movement("receipt", "2026-01-20", "DN-002", "CD-R1", 400, "W1"),
      movement("purchase", "2026-02-01", "PI-1", "CD-R1", 100, "W1", "", "D1"),
      movement("ship", "2026-02-10", "INV-1", "CD-R1", 300, "", "S1", "", "sale"),
      movement("ship", "2026-02-11", "DLV-2", "CD-R1", 200, "", "S2", "", "consignment"),
      movement("receipt", "2026-01-07", "DN-LP", "LP-R2", 50, "W2"),
      movement("receipt", "2026-01-08", "DN-X", "CD-R1", 9, "W1", "", "", "", "L2")};
  in.agreements["AGR-L1-D1"] = {agreement("AGR-L1-D1", 1, "2026-01-01", "L1"),
                                agreement("AGR-L1-D1", 2, "2026-06-01", "L1")};
  in.agreements["AGR-L2-D1"] = {agreement("AGR-L2-D1", 1, "2026-01-01", "L2")};
  return in;
}

const ProductLine kCd{"CD-R1", "LK-001", "0029000000018", "R1", "First Album"};
const ProductLine kLp{"LP-R2", "LK-002", "0029000000025", "R2", "Second Album"};

void expect_product(const ProductLine& actual, const ProductLine& expected) {
  EXPECT_EQ(actual.sku, expected.sku);
  EXPECT_EQ(actual.catalog_number, expected.catalog_number);
  EXPECT_EQ(actual.upc, expected.upc);
  EXPECT_EQ(actual.release_id, expected.release_id);
  EXPECT_EQ(actual.title, expected.title);
}

void expect_value(const std::optional<Price>& value, const char* expected, const char* currency) {
  ASSERT_TRUE(value.has_value()) << expected;
  EXPECT_EQ(value->amount, amount(expected));
  EXPECT_EQ(value->currency, currency);
}

TEST(Reclaim, PickListsPerWarehouseWithDamagedAndAllocatedApart) {
  Result<Reclaim> r = reclaim(input());
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->pick_lists.size(), 2U);
  EXPECT_EQ(r->pick_lists[0].location, "W1");
  ASSERT_EQ(r->pick_lists[0].lines.size(), 1U) << "the negative LP-R2@W1 is not listed";
  const PickLine& cd = r->pick_lists[0].lines[0];
  expect_product(cd.product, kCd);
  EXPECT_EQ(cd.on_hand, units(400));
  EXPECT_EQ(cd.damaged, units(5));
  EXPECT_EQ(cd.allocated, units(10));
  EXPECT_EQ(cd.bin, "");
  expect_value(cd.values.ppd, "3735.00", "USD");  // 415 x 9.00: the price of 2026-03-31.
  expect_value(cd.values.cost, "1037.50", "USD");
  EXPECT_FALSE(cd.values.srp.has_value());
  EXPECT_EQ(r->pick_lists[1].location, "W2");
  ASSERT_EQ(r->pick_lists[1].lines.size(), 1U);
  expect_product(r->pick_lists[1].lines[0].product, kLp);
  EXPECT_EQ(r->pick_lists[1].lines[0].on_hand, units(30));
  EXPECT_FALSE(r->pick_lists[1].lines[0].values.ppd.has_value());
  ASSERT_EQ(r->warnings.size(), 1U);
  EXPECT_EQ(r->warnings[0],
            "L1:inventory:SKU:LP-R2@W1 holds -2 units: not listed (the books say more left than "
            "arrived)");
}

TEST(Reclaim, RecallRequestPerStoreWithItsConsignmentDeliveries) {
  Result<Reclaim> r = reclaim(input());
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->recalls.size(), 2U);
  EXPECT_EQ(r->recalls[0].store, "S1");
  ASSERT_EQ(r->recalls[0].lines.size(), 1U);
  expect_product(r->recalls[0].lines[0].product, kLp);
  EXPECT_EQ(r->recalls[0].lines[0].units, units(20));
  EXPECT_TRUE(r->recalls[0].deliveries.empty()) << "INV-1 was a firm sale";
  EXPECT_EQ(r->recalls[1].store, "S2");
  ASSERT_EQ(r->recalls[1].lines.size(), 1U);
  expect_product(r->recalls[1].lines[0].product, kCd);
  EXPECT_EQ(r->recalls[1].lines[0].units, units(150));
  expect_value(r->recalls[1].lines[0].values.ppd, "1350.00", "USD");
  ASSERT_EQ(r->recalls[1].deliveries.size(), 1U);
  EXPECT_EQ(r->recalls[1].deliveries[0].document, "DLV-2");
  EXPECT_EQ(r->recalls[1].deliveries[0].units, units(200));
}

TEST(Reclaim, TitleDocumentsHoldersAndAgreements) {
  Result<Reclaim> r = reclaim(input());
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->documents.size(), 4U) << "L2's receipt and the shipments are not title documents";
  const char* expected[][5] = {{"CD-R1", "receipt", "2026-01-05", "DN-001", "600"},
                               {"CD-R1", "receipt", "2026-01-20", "DN-002", "400"},
                               {"CD-R1", "purchase", "2026-02-01", "PI-1", "100"},
                               {"LP-R2", "receipt", "2026-01-07", "DN-LP", "50"}};
  for (std::size_t i = 0; i < 4; ++i) {
    const TitleDocument& d = r->documents[i];
    EXPECT_EQ(d.sku, expected[i][0]);
    EXPECT_EQ(d.kind, expected[i][1]);
    EXPECT_EQ(d.date, expected[i][2]);
    EXPECT_EQ(d.document, expected[i][3]);
    EXPECT_EQ(d.units.to_string(), expected[i][4]);
    EXPECT_EQ(d.passes_title, i == 2) << d.document;
  }
  EXPECT_EQ(r->documents[2].buyer, "D1");
  EXPECT_EQ(r->holders, std::vector<std::string>{"D1"}) << "R2's relation to S1 ended in 2021";
  ASSERT_EQ(r->agreements.size(), 1U);
  EXPECT_EQ(r->agreements[0].id, "AGR-L1-D1");
  EXPECT_EQ(r->agreements[0].version, 1) << "version 2 takes effect after the day";
  EXPECT_EQ(r->agreements[0].effective_from, "2026-01-01");
  EXPECT_EQ(r->agreements[0].distributor, "D1");
  EXPECT_EQ(r->agreements[0].clause, "");
  EXPECT_TRUE(r->filings.empty());
  EXPECT_EQ(r->display_name("W1"), "Meridian Warehouse (W1)");
  EXPECT_EQ(r->display_name("L1"), "Lark Records (L1)");
}

TEST(Reclaim, OneLocationAndItsBins) {
  ReclaimInput in = input();
  in.location = "W1";
  in.bins[{"CD-R1", "W1"}] = "A-07";
  in.bins[{"CD-R1", "W2"}] = "Z-99";
  Result<Reclaim> r = reclaim(in);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->pick_lists.size(), 1U);
  EXPECT_EQ(r->pick_lists[0].location, "W1");
  EXPECT_EQ(r->pick_lists[0].lines[0].bin, "A-07");
  EXPECT_TRUE(r->recalls.empty());
}

// The pick list's bins: the latest count that recorded one for the SKU at
// the location, each bin once in line order; older counts only where the
// latest named none.
TEST(Reclaim, CountedBinsAreTheLatestCountsPerSkuAndLocation) {
  const std::vector<CountedBin> rows = {
      // By location and SKU, latest cut-off first (as bins_of returns them).
      {"W1", "CD-R1", "A-1", "2026-03-15", "C-MAR", 1},
      {"W1", "CD-R1", "A-2", "2026-03-15", "C-MAR", 2},
      {"W1", "CD-R1", "A-1", "2026-03-15", "C-MAR", 3},
      {"W1", "CD-R1", "Z-9", "2026-02-01", "C-FEB", 1},
      {"W1", "LP-R2", "Z-8", "2026-02-01", "C-FEB", 2},
      {"W2", "CD-R1", "B-4", "2026-02-01", "C-W2", 1},
  };
  const BinMap bins = counted_bins(rows);
  EXPECT_EQ(
      bins,
      (BinMap{{{"CD-R1", "W1"}, "A-1, A-2"}, {{"LP-R2", "W1"}, "Z-8"}, {{"CD-R1", "W2"}, "B-4"}}));
}

TEST(Reclaim, UnknownLabelIsRefused) {
  ReclaimInput in = input();
  in.label = "L9";
  Result<Reclaim> r = reclaim(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPartyUnknown);
}

TEST(Reclaim, TotalsAddUnitsAndValuesPerCurrency) {
  Result<Reclaim> r = reclaim(input());
  ASSERT_TRUE(r) << r.error().to_string();
  ReclaimTotals all = totals_of(r->pick_lists[0].lines);
  add_totals(all, totals_of(r->pick_lists[1].lines));
  add_totals(all, totals_of(r->recalls[1].lines));
  EXPECT_EQ(all.units, units(595));
  EXPECT_EQ(all.damaged, units(5));
  EXPECT_EQ(all.allocated, units(10));
  EXPECT_EQ(all.ppd, (std::map<std::string, Decimal>{{"USD", amount("5085.00")}}));
  EXPECT_EQ(all.cost, (std::map<std::string, Decimal>{{"USD", amount("1412.50")}}));
  EXPECT_TRUE(all.srp.empty());
}

TEST(ReturnToOwner, OneTransactionOfOnHandAndDamagedUnits) {
  Result<Reclaim> r = reclaim(input());
  ASSERT_TRUE(r) << r.error().to_string();
  Result<ReturnToOwner> ret = plan_return_to_owner(*r, "RTO-1", "2026-04-02");
  ASSERT_TRUE(ret) << ret.error().to_string();
  EXPECT_EQ(ret->note,
            "movement,date,document,sku,units,owner,from,to,condition\n"
            "return_to_owner,2026-04-02,RTO-1,CD-R1,400,L1,W1,L1,\n"
            "return_to_owner,2026-04-02,RTO-1,CD-R1,5,L1,W1,L1,damaged\n"
            "return_to_owner,2026-04-02,RTO-1,LP-R2,30,L1,W2,L1,\n");
  EXPECT_EQ(ret->units, units(435)) << "the 10 allocated units stay";
  const NewTransaction& t = ret->transaction;
  EXPECT_EQ(t.idempotency_key, "reclaim:L1:RTO-1");
  EXPECT_EQ(t.effective_date, "2026-04-02");
  EXPECT_EQ(t.memo, "return_to_owner 435 unit(s) of 2 product(s) from W1, W2 to L1 doc RTO-1");
  EXPECT_EQ(t.source.document_sha256, ret->note_sha256);
  EXPECT_EQ(t.source.line_ranges, "2-4");
  std::vector<std::pair<std::string, std::string>> postings;
  for (const Posting& p : t.postings) postings.emplace_back(p.account.name(), p.amount.to_string());
  EXPECT_EQ(postings,
            (std::vector<std::pair<std::string, std::string>>{{"L1:inventory:SKU:CD-R1@W1", "-400"},
                                                              {"L1:returned:SKU:CD-R1@L1", "405"},
                                                              {"L1:damaged:SKU:CD-R1@W1", "-5"},
                                                              {"L1:inventory:SKU:LP-R2@W2", "-30"},
                                                              {"L1:returned:SKU:LP-R2@L1", "30"}}));
  ASSERT_EQ(ret->movements.size(), 3U);
  EXPECT_EQ(ret->movements[1].kind, "return_to_owner");
  EXPECT_EQ(ret->movements[1].line, 3);
  EXPECT_EQ(ret->movements[1].document, "RTO-1");
  EXPECT_EQ(ret->movements[1].from, "W1");
  EXPECT_EQ(ret->movements[1].to, "L1");
  EXPECT_EQ(ret->movements[1].condition, "damaged");
  EXPECT_EQ(ret->movements[1].units, units(5));
  EXPECT_EQ(ret->movements[2].condition, "");
}

TEST(ReturnToOwner, NothingToReturnIsRefused) {
  ReclaimInput in = input();
  in.location = "S2";  // Consigned units are recalled, not picked.
  Result<Reclaim> r = reclaim(in);
  ASSERT_TRUE(r) << r.error().to_string();
  Result<ReturnToOwner> ret = plan_return_to_owner(*r, "RTO-2", "2026-04-02");
  ASSERT_FALSE(ret);
  EXPECT_EQ(ret.error().code, ErrorCode::kStockInsufficient);
  EXPECT_EQ(plan_return_to_owner(*reclaim(input()), "", "2026-04-02").error().code,
            ErrorCode::kFieldMissing);
  EXPECT_EQ(plan_return_to_owner(*reclaim(input()), "RTO-3", "2 April").error().code,
            ErrorCode::kDateInvalid);
}

TEST(RecallLetter, NamesTheUnitsAndTheirDeliveries) {
  Result<Reclaim> r = reclaim(input());
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(recall_letter(*r, r->recalls[1]),
            "RECALL OF GOODS HELD ON CONSIGNMENT\n"
            "\n"
            "From:    Lark Records (L1)\n"
            "To:      Klangraum (S2)\n"
            "Date:    2026-03-31\n"
            "\n"
            "According to the owner's books on 2026-03-31, Klangraum (S2)\n"
            "holds these units of Lark Records (L1) on consignment:\n"
            "\n"
            "  SKU    Catalog number  UPC            Title        Units\n"
            "  CD-R1  LK-001          0029000000018  First Album    150\n"
            "\n"
            "Total: 150 unit(s)\n"
            "\n"
            "They were delivered on consignment under:\n"
            "  DLV-2 of 2026-02-11: 200 unit(s) of CD-R1\n"
            "\n"
            "Goods on consignment remain the property of Lark Records (L1)\n"
            "until they are sold and paid for. The owner recalls them: please return\n"
            "every unsold unit listed above to the owner, do not sell or transfer them\n"
            "to anyone else, and confirm in writing the units you hold and the date\n"
            "they will be shipped.\n");
}

}  // namespace
}  // namespace fermata
