// Goal: parse_apple_report reads the synthetic Financial Report fixtures
// exactly: preamble and per-country summary skipped, fiscal month mapped to
// its calendar month, returns negative, every bad row named. Method: parse
// the files in tests/data/stores/ and compare counts, amounts to the last
// decimal, identities and the full error list.
#include <gtest/gtest.h>

#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores.h"
#include "fermata/ingest/stores/stores_internal.h"
#include "fermata/ingest/stores/stores_test_util.h"

namespace fermata {
namespace {

using stores_test::error_list;
using stores_test::read_fixture;
using stores_test::totals_by_currency;

TEST(AppleReport, ReadsFixture) {
  const std::string text = read_fixture("apple_financial_2026-01_EU.txt");
  const SalesReport report = parse_apple_report(text, "apple.txt");
  EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].to_string());
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_EQ(report.format, "apple");
  EXPECT_EQ(report.payer, "Apple");
  EXPECT_EQ(report.rows, 5);
  ASSERT_EQ(report.lines.size(), 5u);
  EXPECT_EQ(report.period_start, "2026-01-01");
  EXPECT_EQ(report.period_end, "2026-01-31");
  EXPECT_EQ(report.identity, "apple|80012345|2026-01|EUR");
  EXPECT_EQ(report.recipient, "80012345");
  EXPECT_EQ(report.service, "");  // iTunes and Apple Music rows.
  EXPECT_EQ(totals_by_currency(report), (std::map<std::string, std::string>{{"EUR", "36.438"}}));

  const SaleLine& album = report.lines[0];
  EXPECT_EQ(album.line_number, 9);
  EXPECT_EQ(album.icpn, "198765000011");
  EXPECT_EQ(album.isrc, "");
  EXPECT_EQ(album.catalog_number, "NLR-001");
  EXPECT_EQ(album.proprietary_id, "1700000001");
  EXPECT_EQ(album.store, "iTunes");
  EXPECT_EQ(album.channel, SalesChannel::kDownload);
  EXPECT_EQ(album.territory, "DE");
  EXPECT_EQ(album.sale_start, "2025-12-28");
  EXPECT_EQ(album.sale_end, "2026-01-31");
  EXPECT_EQ(album.units.to_string(), "3");
  EXPECT_EQ(album.amount.to_string(), "18.9");

  EXPECT_EQ(report.lines[1].title, "Aurora \"Live\"");  // TSV: quotes are literal.
  const SaleLine& ret = report.lines[2];
  EXPECT_EQ(ret.isrc, "DEXY72600002");  // Hyphens dropped.
  EXPECT_EQ(ret.units.to_string(), "-1");
  EXPECT_EQ(ret.amount.to_string(), "-0.69");

  const SaleLine& stream = report.lines[4];
  EXPECT_EQ(stream.store, "Apple Music");
  EXPECT_EQ(stream.channel, SalesChannel::kStream);
  EXPECT_EQ(stream.units.to_string(), "1520");
  EXPECT_EQ(stream.amount.to_string(), "6.498");
}

TEST(AppleReport, CollectsEveryBadRow) {
  const std::string text = read_fixture("apple_financial_bad.txt");
  const SalesReport report = parse_apple_report(text, "bad.txt");
  EXPECT_EQ(report.rows, 7);
  ASSERT_EQ(report.lines.size(), 1u);
  EXPECT_EQ(report.lines[0].line_number, 8);
  EXPECT_EQ(error_list(report.errors),
            (std::vector<std::string>{
                "bad.txt:3 Extended Partner Share='2.77' field_invalid",
                "bad.txt:4 Start Date='13/28/2025' date_invalid",
                "bad.txt:5 Quantity='1' field_invalid",
                "bad.txt:6 UPC='198765000012' identifier_invalid",
                "bad.txt:6 ISRC/ISBN='DEXY7260000X' identifier_invalid",
                "bad.txt:7 Partner Share Currency='EUX' currency_unknown",
                "bad.txt:9 ='' parse_error",
                "bad.txt:11 Total_Rows='6' field_invalid",
            }));
  EXPECT_EQ(report.errors[0].message, "Quantity x Partner Share = 2.76, not 2.77");
  ASSERT_EQ(report.rejected_text.size(), report.errors.size());
  EXPECT_EQ(report.rejected_text[6], "12/28/2025\t01/31/2026\t198765000028\ttoo few fields");
  EXPECT_EQ(report.rejected_text[7], "Total_Rows\t6");
  EXPECT_EQ(report.identity, "apple|80012345|2026-01|EUR");
}

TEST(AppleReport, NoHeaderIsOneError) {
  const SalesReport report = parse_apple_report("just\ttext\n", "x.txt");
  EXPECT_EQ(error_list(report.errors),
            (std::vector<std::string>{"x.txt:1 Extended Partner Share='' field_missing"}));
  EXPECT_TRUE(report.lines.empty());
}

TEST(AppleReport, DatesOutsideTheTableUseTheMajorityMonthWithAWarning) {
  const std::string text =
      "Start Date\tEnd Date\tUPC\tISRC/ISBN\tQuantity\tPartner Share\tExtended Partner "
      "Share\tPartner Share Currency\tSales or Return\tArtist/Show/Developer/Author\tTitle\t"
      "Country Of Sale\n"
      "02/25/2029\t03/31/2029\t\t\t2\t0.70\t1.40\tUSD\tS\tA\tT\tUS\n";
  const SalesReport report = parse_apple_report(text, "x.txt");
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0].where.field, "Start Date");
  EXPECT_EQ(report.period_start, "2029-03-01");
  EXPECT_EQ(report.identity, "apple||2029-03|USD");
}

// The table is contiguous, each fiscal month is 4 or 5 whole weeks starting
// on a Sunday, and each maps to the calendar month holding most of its days.
TEST(AppleCalendar, TableIsContiguousAndFiveFourFour) {
  const stores::AppleFiscalMonth* begin = stores::apple_fiscal_months_begin();
  const stores::AppleFiscalMonth* end = stores::apple_fiscal_months_end();
  ASSERT_EQ(end - begin, 72);
  for (const stores::AppleFiscalMonth* m = begin; m != end; ++m) {
    bool in_table = false;
    EXPECT_EQ(stores::apple_calendar_month(m->start, m->end, in_table), m->calendar_month);
    EXPECT_TRUE(in_table);
    auto day = [](std::string_view iso) {
      return stores::days_from_civil(std::stoi(std::string(iso.substr(0, 4))),
                                     std::stoi(std::string(iso.substr(5, 2))),
                                     std::stoi(std::string(iso.substr(8, 2))));
    };
    const std::int64_t length = day(m->end) - day(m->start) + 1;
    EXPECT_TRUE(length == 28 || length == 35) << m->calendar_month;
    EXPECT_EQ((day(m->start) - 3) % 7, 0) << m->calendar_month << " starts on a Sunday";
    if (m + 1 != end) {
      EXPECT_EQ(stores::civil_from_days(day(m->end) + 1), (m + 1)->start);
    }
  }
  bool in_table = false;
  EXPECT_EQ(stores::apple_calendar_month("2025-12-28", "2026-01-31", in_table), "2026-01");
  EXPECT_EQ(stores::apple_calendar_month("2027-11-28", "2028-01-01", in_table), "2027-12");
  // 2023-10-01 was a Sunday: days_from_civil(1970-01-04) is Sunday (3).
  EXPECT_EQ((stores::days_from_civil(2023, 10, 1) - 3) % 7, 0);
}

TEST(DetectStoreFormat, AppleAfterPreamble) {
  EXPECT_EQ(detect_store_format(read_fixture("apple_financial_2026-01_EU.txt")), "apple");
  EXPECT_EQ(detect_store_format("hello\nworld\n"), "");
}

}  // namespace
}  // namespace fermata
