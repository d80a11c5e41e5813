// Goal: sales lines are summed exactly per owner x release x product format x store
// x channel x territory x period x currency (unmatched ones per identifier), and each
// non-zero sum becomes one balanced transaction with the documented accounts,
// key, date and source link; unmatched sums are registered for rematch.
// Method: hand-written SaleLines; a real SQLite database and Ledger in a temp
// directory; every expected amount is written out by hand.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "fermata/base/sha256.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/post/post_test_util.h"
#include "fermata/ingest/post/sales_aggregate.h"
#include "fermata/ingest/post/sales_posting.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using testing::TempDir;

constexpr const char* kIsrc1 = testing::kTestIsrc1;  // R1, owned by L1.
constexpr const char* kIsrc2 = testing::kTestIsrc2;  // R2, owned by L2.
constexpr char kUnknown[] = "ZZZZZ0000001";

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

SaleLine sale(std::int64_t line_number, std::string isrc, std::string territory, const char* amount,
              const char* units, std::string currency = "USD") {
  SaleLine line;
  line.line_number = line_number;
  line.isrc = std::move(isrc);
  line.store = "Spotify";
  line.channel = SalesChannel::kStream;
  line.territory = std::move(territory);
  line.sale_start = "2015-10-01";
  line.sale_end = "2015-12-31";
  line.currency = std::move(currency);
  line.units = dec(units);
  line.amount = dec(amount);
  return line;
}

SalesReport report_of(std::vector<SaleLine> lines) {
  SalesReport report;
  report.format = "dsr";
  report.payer = "PADPIDA2014111801Y";
  report.payer_name = "Streamy";
  report.recipient = "PADPIDA2013020802I";
  report.period_start = "2015-10-01";
  report.period_end = "2015-12-31";
  report.identity = "dsr|q4";
  report.lines = std::move(lines);
  return report;
}

CatalogSnapshot memory_catalog() {
  CatalogSnapshot s;
  s.parties = {Party{"L1", "Alpha Records", PartyKind::kLabel, std::nullopt},
               Party{"L2", "Beta Music", PartyKind::kLabel, std::nullopt}};
  s.releases = {Release{"R1", "One", "4012345000016"}, Release{"R2", "Two", "4012345000023"}};
  s.tracks = {ReleaseTrack{"R1", 1, kIsrc1}, ReleaseTrack{"R2", 1, kIsrc2}};
  // R1 changes hands at the turn of 2016: L1 until then, L2 after.
  s.relations = {
      Relation{RelationKind::kOwner, "R1", "L1", "2015-01-01", std::string("2016-01-01")},
      Relation{RelationKind::kOwner, "R1", "L2", "2016-01-01", std::nullopt},
      Relation{RelationKind::kOwner, "R2", "L2", "2015-01-01", std::nullopt}};
  return s;
}

// ---------------------------------------------------------------------------
// line_ranges and aggregate_sales

TEST(LineRanges, CompressesRuns) {
  EXPECT_EQ(line_ranges({3, 4, 5, 9, 12, 13, 14}), "3-5,9,12-14");
  EXPECT_EQ(line_ranges({7}), "7");
  EXPECT_EQ(line_ranges({1, 2}), "1-2");
  EXPECT_EQ(line_ranges({1, 3, 5}), "1,3,5");
  EXPECT_EQ(line_ranges({}), "");
}

TEST(AggregateSales, SumsPerKeyExactlyAndKeepsLines) {
  const CatalogIndex index(memory_catalog());
  SaleLine lost1 = sale(7, kUnknown, "US", "0.25", "1");
  lost1.title = "Lost Song";
  lost1.artist = "Nobody";
  SaleLine lost2 = sale(8, kUnknown, "US", "0.75", "3");
  lost2.title = "Other Title";
  const SalesReport report =
      report_of({sale(2, kIsrc1, "US", "1.234567", "10"), sale(3, kIsrc1, "US", "0.000001", "5"),
                 sale(5, kIsrc1, "GB", "0.50", "2"), lost1, lost2, sale(9, kIsrc1, "US", "2", "1"),
                 sale(10, kIsrc1, "US", "1", "1", "EUR"), sale(11, kIsrc2, "US", "3", "4")});
  Result<SalesAggregation> result = aggregate_sales(report, index, "2015-12-31");
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->lines, 8);
  EXPECT_EQ(result->matched_lines, 6);
  EXPECT_EQ(result->unmatched_lines, 2);
  const std::vector<SalesAggregate>& aggs = result->aggregates;
  ASSERT_EQ(aggs.size(), 5u);
  // Matched first, in key order (GB < US; EUR < USD), then unmatched.
  EXPECT_EQ(aggs[0].territory, "GB");
  EXPECT_EQ(aggs[0].amount, dec("0.50"));
  EXPECT_EQ(aggs[0].line_numbers, (std::vector<std::int64_t>{5}));
  EXPECT_EQ(aggs[1].currency, "EUR");
  EXPECT_EQ(aggs[1].amount, dec("1"));
  EXPECT_EQ(aggs[2].match->owner, "L1");
  EXPECT_EQ(aggs[2].match->release_id, "R1");
  EXPECT_EQ(aggs[2].match->isrc, kIsrc1);
  EXPECT_EQ(aggs[2].territory, "US");
  EXPECT_EQ(aggs[2].currency, "USD");
  EXPECT_EQ(aggs[2].amount, dec("3.234568"));
  EXPECT_EQ(aggs[2].units, dec("16"));
  EXPECT_EQ(aggs[2].lines, 3);
  EXPECT_EQ(aggs[2].line_numbers, (std::vector<std::int64_t>{2, 3, 9}));
  EXPECT_EQ(line_ranges(aggs[2].line_numbers), "2-3,9");
  EXPECT_EQ(aggs[2].sale_start, "2015-10-01");
  EXPECT_EQ(aggs[2].sale_end, "2015-12-31");
  EXPECT_EQ(aggs[2].channel, SalesChannel::kStream);
  EXPECT_EQ(aggs[3].match->owner, "L2");
  EXPECT_EQ(aggs[3].amount, dec("3"));
  EXPECT_FALSE(aggs[4].match->matched);
  EXPECT_EQ(aggs[4].match->via, "isrc");
  EXPECT_EQ(aggs[4].match->identifier, kUnknown);
  EXPECT_EQ(aggs[4].match->reason, "isrc ZZZZZ0000001 is not in the catalog");
  EXPECT_EQ(aggs[4].title, "Lost Song");  // Of the first line.
  EXPECT_EQ(aggs[4].artist, "Nobody");
  EXPECT_EQ(aggs[4].amount, dec("1.00"));
  EXPECT_EQ(aggs[4].units, dec("4"));
  EXPECT_EQ(aggs[4].line_numbers, (std::vector<std::int64_t>{7, 8}));
}

TEST(AggregateSales, LineWithoutSaleEndUsesFallbackDateForOwner) {
  const CatalogIndex index(memory_catalog());
  SaleLine undated = sale(4, kIsrc1, "US", "1.10", "1");
  undated.sale_end = "";
  const SalesReport report = report_of({sale(3, kIsrc1, "US", "2.20", "2"), undated});
  Result<SalesAggregation> result = aggregate_sales(report, index, "2016-03-31");
  ASSERT_TRUE(result) << result.error().to_string();
  ASSERT_EQ(result->aggregates.size(), 2u);
  EXPECT_EQ(result->aggregates[0].match->owner, "L1");
  EXPECT_EQ(result->aggregates[0].sale_end, "2015-12-31");
  EXPECT_EQ(result->aggregates[0].amount, dec("2.20"));
  EXPECT_EQ(result->aggregates[1].match->owner, "L2");
  EXPECT_EQ(result->aggregates[1].sale_end, "2016-03-31");
  EXPECT_EQ(result->aggregates[1].amount, dec("1.10"));
}

// Lines of one aggregate need not come in file order (a parser may emit a
// multi-line sale or a later sheet first): every physical line must still be
// remembered, or the source link and drill miss money.
TEST(AggregateSales, KeepsLinesThatArriveOutOfOrder) {
  const CatalogIndex index(memory_catalog());
  const SalesReport report =
      report_of({sale(5, kIsrc1, "US", "1.00", "1"), sale(3, kIsrc1, "US", "2.00", "1"),
                 sale(4, kIsrc1, "US", "4.00", "1")});
  Result<SalesAggregation> result = aggregate_sales(report, index, "2015-12-31");
  ASSERT_TRUE(result) << result.error().to_string();
  ASSERT_EQ(result->aggregates.size(), 1u);
  EXPECT_EQ(result->aggregates[0].amount, dec("7.00"));
  EXPECT_EQ(result->aggregates[0].lines, 3);
  EXPECT_EQ(result->aggregates[0].line_numbers, (std::vector<std::int64_t>{3, 4, 5}));
}

// R1 as a CD and an LP with their own UPCs, and a download whose UPC is R1's
// ICPN. Sales: CDs 10.00 + 1.00, LPs 5.00, a physical sale under R1's ICPN
// 2.00 (it names only the download: no physical format), a stream under R1's
// ICPN 3.00 (the download's format). The same sums come out of lines and of
// the groups a streamed DSR reader makes, in the same order.
constexpr char kCdUpc[] = "4012345000030";
constexpr char kLpUpc[] = "4012345000047";
constexpr char kR1Icpn[] = "4012345000016";

using FormatSum = std::tuple<std::string, SalesChannel, Decimal>;

std::vector<FormatSum> format_sums(const SalesReport& report) {
  CatalogSnapshot s = memory_catalog();
  s.products = {
      Product{"CD-1", ProductKind::kPhysical, ProductFormat::kCd, "R1", "", kCdUpc},
      Product{"LP-1", ProductKind::kPhysical, ProductFormat::kLp, "R1", "", kLpUpc},
      Product{"D-1", ProductKind::kDigital, ProductFormat::kDigitalRelease, "R1", "", kR1Icpn}};
  const CatalogIndex index(s);
  Result<SalesAggregation> result = aggregate_sales(report, index, "2015-12-31");
  EXPECT_TRUE(result) << result.error().to_string();
  std::vector<FormatSum> out;
  for (const SalesAggregate& a : result->aggregates) {
    EXPECT_EQ(a.match->release_id, "R1");
    out.emplace_back(std::string(a.format), a.channel, a.amount);
  }
  return out;
}

TEST(AggregateSales, TheProductFormatSplitsAggregatesOfLinesAndOfGroups) {
  const std::vector<std::tuple<const char*, SalesChannel, const char*>> sales = {
      {kCdUpc, SalesChannel::kPhysical, "10.00"},
      {kLpUpc, SalesChannel::kPhysical, "5.00"},
      {kCdUpc, SalesChannel::kPhysical, "1.00"},
      {kR1Icpn, SalesChannel::kPhysical, "2.00"},
      {kR1Icpn, SalesChannel::kStream, "3.00"}};
  std::vector<SaleLine> lines;
  SalesReport grouped = report_of({});
  grouped.grouped = true;
  SaleGroups& g = grouped.groups;
  g.resources = {SaleResource{}};
  g.releases = {SaleRelease{kCdUpc, "", ""}, SaleRelease{kLpUpc, "", ""},
                SaleRelease{kR1Icpn, "", ""}};
  g.contexts = {SaleContext{"Shop", SalesChannel::kPhysical, "US", "USD"},
                SaleContext{"Shop", SalesChannel::kStream, "US", "USD"}};
  g.periods = {SalePeriod{"2015-10-01", "2015-12-31"}};
  for (const auto& [icpn, channel, amount] : sales) {
    SaleLine line = sale(static_cast<std::int64_t>(lines.size()) + 2, "", "US", amount, "1");
    line.icpn = icpn;
    line.store = "Shop";
    line.channel = channel;
    lines.push_back(line);
    SaleGroup group;
    group.release = icpn == std::string(kCdUpc) ? 0 : icpn == std::string(kLpUpc) ? 1 : 2;
    group.context = channel == SalesChannel::kPhysical ? 0 : 1;
    group.first_line = line.line_number;
    group.line_count = 1;
    group.units = dec("1");
    group.amount = dec(amount);
    g.groups.push_back(group);
  }
  const std::vector<FormatSum> expected = {{"", SalesChannel::kPhysical, dec("2.00")},
                                           {"CD", SalesChannel::kPhysical, dec("11.00")},
                                           {"LP", SalesChannel::kPhysical, dec("5.00")},
                                           {"digital_release", SalesChannel::kStream, dec("3.00")}};
  EXPECT_EQ(format_sums(report_of(lines)), expected);
  EXPECT_EQ(format_sums(grouped), expected);
}

TEST(AggregateSales, OverflowNamesTheLine) {
  const CatalogIndex index(memory_catalog());
  const char* huge = "100000000000000000000000000";  // 10^26; twice is past ~1.7 * 10^26.
  const SalesReport report =
      report_of({sale(2, kIsrc1, "US", huge, "1"), sale(6, kIsrc1, "US", huge, "1")});
  Result<SalesAggregation> result = aggregate_sales(report, index, "2015-12-31");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kDecimalOverflow);
  EXPECT_EQ(result.error().where.file, "dsr");
  EXPECT_EQ(result.error().where.line_number, 6);
  EXPECT_EQ(result.error().where.field, "amount");
  EXPECT_EQ(result.error().where.value, huge);
}

// ---------------------------------------------------------------------------
// post_sales over a real database

class SalesPostingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().to_string();
    db_ = std::move(*db);
    ledger_ = std::make_unique<Ledger>(db_->ledger_storage(), LedgerOptions{.actor = "test"});
    testing::put_two_label_catalog(*db_);
  }

  CatalogIndex index() {
    Result<CatalogSnapshot> snapshot = db_->catalog_snapshot();
    EXPECT_TRUE(snapshot);
    return CatalogIndex(*snapshot);
  }

  // Records an import for `sha` and posts `report` in one unit.
  Result<SalesPosted> post(const SalesReport& report, const std::string& sha) {
    return testing::in_unit(*ledger_, [&]() -> Result<SalesPosted> {
      Result<std::int64_t> id = db_->record_import(
          ImportRecord{0, sha, "q4.tsv", "dsr", "2016-01-20T00:00:00Z", "test", 9, 0, sha});
      EXPECT_TRUE(id) << id.error().to_string();
      import_id_ = *id;
      const CatalogIndex catalog = index();
      Result<SalesParties> parties = resolve_sales_parties(report, catalog, "");
      EXPECT_TRUE(parties) << parties.error().to_string();
      return post_sales(report, sha, import_id_, *parties, catalog, *db_, *ledger_);
    });
  }

  std::map<std::string, Decimal> balances() { return testing::nonzero_balances(*ledger_); }

  // Lines 3-9 of a Q4 report: L1 7.00 (lines 3-4,6), L2 3.00 (line 5),
  // unknown ISRC 1.50 (lines 7-8), and L1 in FR worth 0.00 (line 9).
  static SalesReport q4_report() {
    SaleLine lost = sale(7, kUnknown, "US", "1.00", "100");
    lost.title = "Lost Song";
    lost.artist = "Nobody";
    return report_of({sale(3, kIsrc1, "US", "4.00", "400"), sale(4, kIsrc1, "US", "2.50", "250"),
                      sale(5, kIsrc2, "US", "3.00", "300"), sale(6, kIsrc1, "US", "0.50", "50"),
                      lost, sale(8, kUnknown, "US", "0.50", "50"),
                      sale(9, kIsrc1, "FR", "0.00", "0")});
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Ledger> ledger_;
  std::int64_t import_id_ = 0;
};

Posting posting(std::string party, AccountKind kind, std::string counterparty, const char* amount) {
  return Posting{AccountRef{std::move(party), kind, "USD", "", std::move(counterparty)},
                 dec(amount)};
}

void expect_postings(const StoredTransaction& txn, const std::vector<Posting>& expected) {
  ASSERT_EQ(txn.content.postings.size(), expected.size()) << txn.content.memo;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(txn.content.postings[i].account, expected[i].account) << i;
    EXPECT_EQ(txn.content.postings[i].amount, expected[i].amount)
        << i << ": " << txn.content.postings[i].amount.to_string();
  }
}

TEST_F(SalesPostingTest, PostsOneBalancedTransactionPerNonZeroAggregate) {
  const std::string sha = sha256_hex("q4 report");
  Result<SalesPosted> posted = post(q4_report(), sha);
  ASSERT_TRUE(posted) << posted.error().to_string();
  EXPECT_EQ(posted->transactions, 3);
  EXPECT_EQ(posted->existing, 0);
  EXPECT_EQ(posted->lines, 7);
  EXPECT_EQ(posted->matched_lines, 5);
  EXPECT_EQ(posted->unmatched_lines, 2);
  ASSERT_EQ(posted->totals.size(), 1u);
  const ReportTotal& usd = posted->totals.at("USD");
  EXPECT_EQ(usd.import_id, import_id_);
  EXPECT_EQ(usd.currency, "USD");
  EXPECT_EQ(usd.reported, dec("11.50"));
  EXPECT_EQ(usd.unmatched, dec("1.50"));
  EXPECT_EQ(usd.lines, 7);
  EXPECT_EQ(*db_->count_rows("txn"), 3);

  // Aggregate 0 (L1 in FR, 0.00) posted nothing; the keys count it anyway.
  const std::string prefix = "sale:" + sha.substr(0, 32) + ":";
  auto t1 = ledger_->get(1);
  ASSERT_TRUE(t1);
  EXPECT_EQ(t1->content.idempotency_key, prefix + "000001");
  EXPECT_EQ(t1->content.effective_date, "2015-12-31");
  EXPECT_EQ(t1->content.source.document_sha256, sha);
  EXPECT_EQ(t1->content.source.line_ranges, "3-4,6");
  EXPECT_EQ(t1->content.memo,
            "dsr Spotify stream US 2015-10-01..2015-12-31: R1 USRC17607839, 700 units, 3 lines");
  expect_postings(*t1, {posting("L1", AccountKind::kReceivable, "S1", "7.00"),
                        posting("L1", AccountKind::kExternal, "S1", "-7.00")});
  auto t2 = ledger_->get(2);
  ASSERT_TRUE(t2);
  EXPECT_EQ(t2->content.idempotency_key, prefix + "000002");
  EXPECT_EQ(t2->content.source.line_ranges, "5");
  expect_postings(*t2, {posting("L2", AccountKind::kReceivable, "S1", "3.00"),
                        posting("L2", AccountKind::kExternal, "S1", "-3.00")});
  auto t3 = ledger_->get(3);
  ASSERT_TRUE(t3);
  EXPECT_EQ(t3->content.idempotency_key, prefix + "000003");
  EXPECT_EQ(t3->content.effective_date, "2015-12-31");
  EXPECT_EQ(t3->content.source.line_ranges, "7-8");
  EXPECT_EQ(t3->content.memo,
            "dsr Spotify stream US 2015-10-01..2015-12-31: UNMATCHED isrc ZZZZZ0000001 (isrc "
            "ZZZZZ0000001 is not in the catalog), 150 units, 2 lines");
  expect_postings(*t3, {posting("D1", AccountKind::kReceivable, "S1", "1.50"),
                        posting("D1", AccountKind::kSuspense, "S1", "-1.50")});

  EXPECT_EQ(balances(), (std::map<std::string, Decimal>{{"D1:receivable:USD/S1", dec("1.50")},
                                                        {"D1:suspense:USD/S1", dec("-1.50")},
                                                        {"L1:external:USD/S1", dec("-7.00")},
                                                        {"L1:receivable:USD/S1", dec("7.00")},
                                                        {"L2:external:USD/S1", dec("-3.00")},
                                                        {"L2:receivable:USD/S1", dec("3.00")}}));
  auto verify = ledger_->verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->problems.empty());
}

TEST_F(SalesPostingTest, UnmatchedAggregateIsRegistered) {
  const std::string sha = sha256_hex("q4 report");
  ASSERT_TRUE(post(q4_report(), sha));
  auto rows = db_->report_register().unmatched();
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 1u);
  const UnmatchedRecord& u = rows->front();
  EXPECT_EQ(u.import_id, import_id_);
  EXPECT_EQ(u.txn_seq, 3);
  EXPECT_EQ(u.identifier_kind, "isrc");
  EXPECT_EQ(u.identifier, kUnknown);
  EXPECT_EQ(u.title, "Lost Song");
  EXPECT_EQ(u.artist, "Nobody");
  EXPECT_EQ(u.store, "Spotify");
  EXPECT_EQ(u.territory, "US");
  EXPECT_EQ(u.sale_date, "2015-12-31");
  EXPECT_EQ(u.currency, "USD");
  EXPECT_EQ(u.units, dec("150"));
  EXPECT_EQ(u.amount, dec("1.50"));
  EXPECT_EQ(u.line_ranges, "7-8");
  EXPECT_EQ(u.holder, "D1");
  EXPECT_EQ(u.payer, "S1");
  EXPECT_EQ(u.rematched_by, 0);
}

TEST_F(SalesPostingTest, ZeroAggregatesPostNothing) {
  // A sale and its return cancel; an unmatched zero line registers nothing.
  const SalesReport report =
      report_of({sale(2, kIsrc1, "US", "1.99", "1"), sale(3, kIsrc1, "US", "-1.99", "-1"),
                 sale(4, kUnknown, "US", "0", "5")});
  Result<SalesPosted> posted = post(report, sha256_hex("zero"));
  ASSERT_TRUE(posted) << posted.error().to_string();
  EXPECT_EQ(posted->transactions, 0);
  EXPECT_EQ(posted->lines, 3);
  EXPECT_EQ(posted->unmatched_lines, 1);
  EXPECT_EQ(posted->totals.at("USD").reported, dec("0"));
  EXPECT_EQ(posted->totals.at("USD").lines, 3);
  EXPECT_EQ(*db_->count_rows("txn"), 0);
  EXPECT_TRUE(db_->report_register().unmatched()->empty());
}

TEST_F(SalesPostingTest, TotalsPerCurrency) {
  const SalesReport report =
      report_of({sale(2, kIsrc1, "US", "2.00", "2"), sale(3, kIsrc1, "DE", "1.25", "1", "EUR"),
                 sale(4, kUnknown, "DE", "0.75", "1", "EUR")});
  Result<SalesPosted> posted = post(report, sha256_hex("two currencies"));
  ASSERT_TRUE(posted) << posted.error().to_string();
  EXPECT_EQ(posted->transactions, 3);
  ASSERT_EQ(posted->totals.size(), 2u);
  const ReportTotal& eur = posted->totals.at("EUR");
  EXPECT_EQ(eur.reported, dec("2.00"));
  EXPECT_EQ(eur.unmatched, dec("0.75"));
  EXPECT_EQ(eur.lines, 2);
  const ReportTotal& usd = posted->totals.at("USD");
  EXPECT_EQ(usd.reported, dec("2.00"));
  EXPECT_EQ(usd.unmatched, dec("0"));
  EXPECT_EQ(usd.lines, 1);
  const auto b = balances();
  EXPECT_EQ(b.at("L1:receivable:EUR/S1"), dec("1.25"));
  EXPECT_EQ(b.at("D1:suspense:EUR/S1"), dec("-0.75"));
  EXPECT_EQ(b.at("L1:receivable:USD/S1"), dec("2.00"));
}

TEST_F(SalesPostingTest, WithoutPeriodEndTheSaleEndDatesTheTransaction) {
  SalesReport report = report_of({sale(2, kIsrc1, "US", "2.00", "2")});
  report.lines[0].sale_end = "2015-11-30";
  report.period_end = "";
  ASSERT_TRUE(post(report, sha256_hex("no period")));
  EXPECT_EQ(ledger_->get(1)->content.effective_date, "2015-11-30");
}

TEST_F(SalesPostingTest, PostingTheSameReportAgainFindsExistingTransactions) {
  const std::string sha = sha256_hex("q4 report");
  const SalesReport report = report_of({sale(3, kIsrc1, "US", "4.00", "400")});
  ASSERT_TRUE(post(report, sha));
  ASSERT_TRUE(ledger_->begin_write());
  const CatalogIndex catalog = index();
  Result<SalesParties> parties = resolve_sales_parties(report, catalog, "");
  ASSERT_TRUE(parties);
  Result<SalesPosted> again =
      post_sales(report, sha, import_id_, *parties, catalog, *db_, *ledger_);
  ASSERT_TRUE(again) << again.error().to_string();
  ASSERT_TRUE(ledger_->commit());
  EXPECT_EQ(again->transactions, 0);
  EXPECT_EQ(again->existing, 1);
  EXPECT_EQ(*db_->count_rows("txn"), 1);
}

TEST_F(SalesPostingTest, ResolvesRecipientAndPayer) {
  const CatalogIndex catalog = index();
  SalesReport report = report_of({});
  Result<SalesParties> by_dpid = resolve_sales_parties(report, catalog, "");
  ASSERT_TRUE(by_dpid) << by_dpid.error().to_string();
  EXPECT_EQ(by_dpid->holder, "D1");
  EXPECT_EQ(by_dpid->payer, "S1");
  EXPECT_TRUE(by_dpid->payer_known);

  // Unknown recipient and payer DPID: the sole distributor; the payer by name.
  report.recipient = "Somebody Else";
  report.payer = "PADPIDA2099999999Z";
  report.payer_name = "streamy";
  Result<SalesParties> fallback = resolve_sales_parties(report, catalog, "");
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->holder, "D1");
  EXPECT_EQ(fallback->payer, "S1");
  EXPECT_TRUE(fallback->payer_known);

  // A payer the catalog does not know is kept as written.
  report.payer_name = "Unknown Store";
  Result<SalesParties> unknown = resolve_sales_parties(report, catalog, "north dist");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->holder, "D1");
  EXPECT_EQ(unknown->payer, "PADPIDA2099999999Z");
  EXPECT_FALSE(unknown->payer_known);

  report.payer = "";
  Result<SalesParties> by_name = resolve_sales_parties(report, catalog, "");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->payer, "Unknown Store");
  EXPECT_FALSE(by_name->payer_known);

  report.payer_name = "";
  Result<SalesParties> no_payer = resolve_sales_parties(report, catalog, "");
  ASSERT_FALSE(no_payer);
  EXPECT_EQ(no_payer.error().code, ErrorCode::kFieldMissing);
  EXPECT_EQ(no_payer.error().where.field, "payer");
}

TEST_F(SalesPostingTest, RecipientErrorsNameWhatWasTried) {
  SalesReport report = report_of({});
  Result<SalesParties> bad_override = resolve_sales_parties(report, index(), "Nobody");
  ASSERT_FALSE(bad_override);
  EXPECT_EQ(bad_override.error().code, ErrorCode::kPartyUnknown);
  EXPECT_EQ(bad_override.error().message, "--recipient 'Nobody' is not a party in the catalog");

  ASSERT_TRUE(db_->put_party(Party{"D2", "South Dist", PartyKind::kDistributor, std::nullopt}));
  report.recipient = "Somebody Else";
  Result<SalesParties> none = resolve_sales_parties(report, index(), "");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kPartyUnknown);
  EXPECT_EQ(none.error().message,
            "cannot tell whose books this report belongs to: its recipient 'Somebody Else' is "
            "not a catalog party and the catalog has no single distributor; pass --recipient "
            "PARTY");
  EXPECT_EQ(none.error().where.field, "recipient");
  EXPECT_EQ(none.error().where.value, "Somebody Else");
  // Naming the recipient settles it again.
  report.recipient = "South Dist";
  Result<SalesParties> named = resolve_sales_parties(report, index(), "");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->holder, "D2");
}

}  // namespace
}  // namespace fermata
