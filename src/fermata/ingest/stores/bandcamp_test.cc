// Goal: parse_bandcamp_sales maps every item type, date format and refund
// exactly, and redact_bandcamp blanks buyer data and nothing else. Method:
// parse the synthetic fixtures; compare redaction byte for byte with a file
// written independently by tests/data/stores (Python, same rows, personal
// fields empty).
#include <gtest/gtest.h>

#include "fermata/ingest/stores/stores.h"
#include "fermata/ingest/stores/stores_test_util.h"

namespace fermata {
namespace {

using stores_test::error_list;
using stores_test::read_fixture;
using stores_test::totals_by_currency;

TEST(BandcampSales, ReadsFixture) {
  const SalesReport report = parse_bandcamp_sales(read_fixture("bandcamp_sales.csv"), "bc.csv");
  EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].to_string());
  EXPECT_EQ(report.rows, 6);
  ASSERT_EQ(report.lines.size(), 6u);
  EXPECT_EQ(report.payer, "Bandcamp");
  EXPECT_EQ(report.period_start, "2025-12-31");
  EXPECT_EQ(report.period_end, "2026-01-22");
  EXPECT_EQ(report.identity, "bandcamp|nordlicht@example.org|2025-12-31|2026-01-22");
  EXPECT_EQ(totals_by_currency(report), (std::map<std::string, std::string>{
                                            {"EUR", "44.4"}, {"GBP", "18.45"}, {"USD", "1.66"}}));
  // The CD's UPC has a wrong check digit: a warning, and the UPC is dropped.
  ASSERT_EQ(error_list(report.warnings),
            (std::vector<std::string>{"bc.csv:4 upc='198765000036' identifier_invalid"}));

  const SaleLine& album = report.lines[0];
  EXPECT_EQ(album.line_number, 2);
  EXPECT_EQ(album.sale_start, "2026-01-03");
  EXPECT_EQ(album.channel, SalesChannel::kDownload);
  EXPECT_EQ(album.icpn, "198765000011");
  EXPECT_EQ(album.catalog_number, "NLR-001");
  EXPECT_EQ(album.proprietary_id, "https://nordlicht.bandcamp.com/album/polar-night");
  EXPECT_EQ(album.store, "Bandcamp");
  EXPECT_EQ(album.territory, "DE");
  EXPECT_EQ(album.amount.to_string(), "7.72");

  EXPECT_EQ(report.lines[1].isrc, "DEXY72600001");
  EXPECT_EQ(report.lines[1].units.to_string(), "2");
  const SaleLine& cd = report.lines[2];
  EXPECT_EQ(cd.line_number, 4);
  EXPECT_EQ(cd.sale_start, "2025-12-31");
  EXPECT_EQ(cd.channel, SalesChannel::kPhysical);
  EXPECT_EQ(cd.icpn, "");
  EXPECT_EQ(cd.catalog_number, "NLR-001CD");
  EXPECT_EQ(report.lines[3].line_number, 6);
  EXPECT_EQ(report.lines[3].channel, SalesChannel::kDownload);  // bundle
  const SaleLine& merch = report.lines[4];
  EXPECT_EQ(merch.channel, SalesChannel::kOther);
  EXPECT_EQ(merch.catalog_number, "");
  EXPECT_EQ(merch.proprietary_id, "");
  EXPECT_EQ(merch.title, "Tour T-Shirt");
  EXPECT_EQ(merch.amount.to_string(), "33.1");
  const SaleLine& refund = report.lines[5];
  EXPECT_EQ(refund.sale_start, "2026-01-22");
  EXPECT_EQ(refund.units.to_string(), "-1");
  EXPECT_EQ(refund.amount.to_string(), "-7.72");
}

TEST(BandcampSales, CollectsEveryBadRow) {
  const SalesReport report = parse_bandcamp_sales(read_fixture("bandcamp_sales_bad.csv"), "b.csv");
  EXPECT_EQ(report.rows, 4);
  ASSERT_EQ(report.lines.size(), 1u);
  EXPECT_EQ(report.lines[0].line_number, 4);
  EXPECT_EQ(error_list(report.errors), (std::vector<std::string>{
                                           "b.csv:2 date='13/45/26 10:00am' date_invalid",
                                           "b.csv:3 item type='vinyl' field_invalid",
                                           "b.csv:3 quantity='1.5' units_not_whole",
                                           "b.csv:3 net amount='7,72' decimal_syntax",
                                           "b.csv:3 currency='EURO' currency_unknown",
                                           "b.csv:5 ='' parse_error",
                                       }));
  ASSERT_EQ(report.rejected_text.size(), 6u);
  EXPECT_EQ(report.rejected_text[5], "1/6/26 10:00am,nordlicht@example.org,track,short row");
}

TEST(BandcampSales, DateFormats) {
  const std::string header = "date,item type,item name,currency,quantity,net amount\n";
  const char* dates[] = {"1/3/26 10:12am", "01/03/2026 23:59", "2026-01-03",
                         "1/3/2026",       "1/3/26 12:00 PM",  "2026-01-03 10:12:00"};
  for (const char* date : dates) {
    const SalesReport r =
        parse_bandcamp_sales(header + std::string(date) + ",track,T,USD,1,1\n", "d.csv");
    ASSERT_EQ(r.lines.size(), 1u) << date;
    EXPECT_EQ(r.lines[0].sale_start, "2026-01-03") << date;
  }
  const char* bad[] = {"2/30/26", "1/3/26 13:00pm", "1/3/26 10:60", "1/3/126", "26-01-03"};
  for (const char* date : bad) {
    const SalesReport r =
        parse_bandcamp_sales(header + std::string(date) + ",track,T,USD,1,1\n", "d.csv");
    EXPECT_EQ(r.errors.size(), 1u) << date;
  }
}

TEST(BandcampRedact, BlanksBuyerFieldsByteForByte) {
  const std::string redacted = redact_bandcamp(read_fixture("bandcamp_sales.csv"));
  EXPECT_EQ(redacted, read_fixture("bandcamp_sales_redacted.csv"));
  EXPECT_EQ(redacted.find("anna@example.com"), std::string::npos);
  EXPECT_EQ(redacted.find("Hauptstra"), std::string::npos);
  // The archived file still parses to the same sales.
  const SalesReport before = parse_bandcamp_sales(read_fixture("bandcamp_sales.csv"), "a.csv");
  const SalesReport after = parse_bandcamp_sales(redacted, "a.csv");
  EXPECT_EQ(totals_by_currency(before), totals_by_currency(after));
  EXPECT_EQ(before.lines.size(), after.lines.size());
}

TEST(BandcampRedact, LeavesOtherTextUnchanged) {
  EXPECT_EQ(redact_bandcamp("a,b\n1,2\n"), "a,b\n1,2\n");
  EXPECT_EQ(redact_bandcamp("x,Buyer Email\r\n1,\"a@b\"\r\n2,c"), "x,Buyer Email\r\n1,\r\n2,");
}

TEST(DetectStoreFormat, Bandcamp) {
  EXPECT_EQ(detect_store_format(read_fixture("bandcamp_sales.csv")), "bandcamp");
}

}  // namespace
}  // namespace fermata
