// Goal: parse_physical_sellthrough nets returns against sales, prices them at
// PPD exactly, enforces one payer per file and names every bad row. Method:
// the synthetic fixtures in tests/data/stores/.
#include <gtest/gtest.h>

#include "fermata/ingest/stores/stores.h"
#include "fermata/ingest/stores/stores_test_util.h"

namespace fermata {
namespace {

using stores_test::error_list;
using stores_test::read_fixture;
using stores_test::totals_by_currency;

TEST(PhysicalSellthrough, ReadsFixture) {
  const SalesReport report =
      parse_physical_sellthrough(read_fixture("physical_sellthrough.csv"), "p.csv");
  EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].to_string());
  EXPECT_EQ(report.rows, 4);
  ASSERT_EQ(report.lines.size(), 4u);
  EXPECT_EQ(report.payer, "Klangvertrieb GmbH");
  EXPECT_EQ(report.period_start, "2026-01-01");
  EXPECT_EQ(report.period_end, "2026-01-31");
  EXPECT_EQ(report.identity, "physical|Klangvertrieb GmbH|2026-01|2026-01");
  EXPECT_EQ(report.territory, "");  // DE and AT.
  EXPECT_EQ(totals_by_currency(report), (std::map<std::string, std::string>{{"EUR", "201.75"}}));
  const SaleLine& first = report.lines[0];
  EXPECT_EQ(first.store, "Rough Trade Berlin");
  EXPECT_EQ(first.channel, SalesChannel::kPhysical);
  EXPECT_EQ(first.icpn, "198765000035");
  EXPECT_EQ(first.catalog_number, "NLR-001CD");
  EXPECT_EQ(first.units.to_string(), "10");
  EXPECT_EQ(first.amount.to_string(), "85");
  EXPECT_EQ(report.lines[2].title, "Fjord Lines (CD, digipak)");
  EXPECT_EQ(report.lines[2].units.to_string(), "-2");  // More returned than sold.
  EXPECT_EQ(report.lines[2].amount.to_string(), "-17");
  EXPECT_EQ(report.lines[3].units.to_string(), "4");  // Empty units_returned is 0.
}

TEST(PhysicalSellthrough, CollectsEveryBadRow) {
  const SalesReport report =
      parse_physical_sellthrough(read_fixture("physical_sellthrough_bad.csv"), "pb.csv");
  EXPECT_EQ(report.rows, 6);
  ASSERT_EQ(report.lines.size(), 1u);
  EXPECT_EQ(report.lines[0].amount.to_string(), "85.5");
  EXPECT_EQ(report.payer, "Rough Trade Berlin");
  EXPECT_EQ(error_list(report.errors), (std::vector<std::string>{
                                           "pb.csv:2 ppd='8,50' decimal_syntax",
                                           "pb.csv:3 period='2026-1' date_invalid",
                                           "pb.csv:3 units_sold='-1' field_invalid",
                                           "pb.csv:4 upc='' field_missing",
                                           "pb.csv:5 store='HHV Mailorder' field_invalid",
                                           "pb.csv:6 units_returned='0.5' units_not_whole",
                                       }));
  EXPECT_EQ(report.rejected_text[4], "HHV Mailorder,198765000042,7,0,14.25,EUR,2026-01");
}

TEST(DetectStoreFormat, Physical) {
  EXPECT_EQ(detect_store_format(read_fixture("physical_sellthrough.csv")), "physical");
}

}  // namespace
}  // namespace fermata
