// Goal: parse_distrokid reads both header generations, normalises ISRCs,
// keeps 5-decimal USD amounts exact and negative quantities, and names every
// bad row. Method: the synthetic fixtures in tests/data/stores/.
#include <gtest/gtest.h>

#include "fermata/ingest/stores/stores.h"
#include "fermata/ingest/stores/stores_test_util.h"

namespace fermata {
namespace {

using stores_test::error_list;
using stores_test::read_fixture;
using stores_test::totals_by_currency;

TEST(DistroKid, CurrentHeader) {
  const SalesReport report = parse_distrokid(read_fixture("distrokid_2026.tsv"), "dk.tsv");
  EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].to_string());
  EXPECT_EQ(report.rows, 5);
  ASSERT_EQ(report.lines.size(), 5u);
  EXPECT_EQ(report.payer, "DistroKid");
  EXPECT_EQ(report.period_start, "2026-02-15");
  EXPECT_EQ(report.period_end, "2026-03-15");
  EXPECT_EQ(report.identity, "distrokid|2026-02-15|2026-03-15");
  EXPECT_EQ(totals_by_currency(report), (std::map<std::string, std::string>{{"USD", "48.63563"}}));
  const SaleLine& spotify = report.lines[0];
  EXPECT_EQ(spotify.line_number, 2);
  EXPECT_EQ(spotify.isrc, "DEXY72600001");
  EXPECT_EQ(spotify.icpn, "0198765000011");
  EXPECT_EQ(spotify.store, "Spotify");
  EXPECT_EQ(spotify.channel, SalesChannel::kStream);
  EXPECT_EQ(spotify.sale_start, "2025-12-01");
  EXPECT_EQ(spotify.sale_end, "2025-12-31");
  EXPECT_EQ(spotify.units.to_string(), "10432");
  EXPECT_EQ(spotify.amount.to_string(), "31.29611");
  EXPECT_EQ(report.lines[2].channel, SalesChannel::kDownload);
  EXPECT_EQ(report.lines[2].units.to_string(), "-1");
  EXPECT_EQ(report.lines[2].amount.to_string(), "-0.69112");
  EXPECT_EQ(report.lines[3].channel, SalesChannel::kUgc);
  EXPECT_EQ(report.lines[3].sale_end, "2025-11-30");
}

TEST(DistroKid, OlderHeader) {
  const SalesReport report =
      parse_distrokid(read_fixture("distrokid_2021_old_header.tsv"), "old.tsv");
  EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].to_string());
  ASSERT_EQ(report.lines.size(), 3u);
  EXPECT_EQ(totals_by_currency(report), (std::map<std::string, std::string>{{"USD", "10.53184"}}));
  EXPECT_EQ(report.lines[1].isrc, "");
  EXPECT_EQ(report.lines[1].channel, SalesChannel::kDownload);
  EXPECT_EQ(report.lines[2].store, "Amazon Unlimited");
  EXPECT_EQ(report.lines[2].channel, SalesChannel::kStream);
  EXPECT_EQ(report.lines[2].units.to_string(), "-3");
  EXPECT_EQ(report.identity, "distrokid|2021-03-05|2021-03-05");
}

TEST(DistroKid, CollectsEveryBadRow) {
  const SalesReport report = parse_distrokid(read_fixture("distrokid_bad.tsv"), "bad.tsv");
  EXPECT_EQ(report.rows, 4);
  ASSERT_EQ(report.lines.size(), 1u);
  EXPECT_EQ(error_list(report.errors), (std::vector<std::string>{
                                           "bad.tsv:2 Sale Month='2025-13' date_invalid",
                                           "bad.tsv:2 ISRC='DEXY726000011' identifier_invalid",
                                           "bad.tsv:3 Store='' field_missing",
                                           "bad.tsv:3 Earnings (USD)='1,234.50000' decimal_syntax",
                                           "bad.tsv:5 ='' parse_error",
                                       }));
}

TEST(DistroKid, WrongHeader) {
  const SalesReport report = parse_distrokid("a\tb\n1\t2\n", "x.tsv");
  EXPECT_EQ(error_list(report.errors),
            (std::vector<std::string>{"x.tsv:1 Earnings (USD)='' field_missing"}));
}

TEST(DetectStoreFormat, DistroKidBothHeaders) {
  EXPECT_EQ(detect_store_format(read_fixture("distrokid_2026.tsv")), "distrokid");
  EXPECT_EQ(detect_store_format(read_fixture("distrokid_2021_old_header.tsv")), "distrokid");
}

}  // namespace
}  // namespace fermata
