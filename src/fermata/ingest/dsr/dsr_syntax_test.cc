// Lexing: escapes, repeated values, dates, raw records, line numbers.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata {
namespace {

using dsr_internal::split_unescaped;
using dsr_internal::unescape;

TEST(DsrLexer, SplitsOnUnescapedSeparatorsThenUnescapes) {
  std::vector<std::string_view> cells = split_unescaped("a\\\tb\tc\\|d|e\t", '\t');
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(unescape(cells[0]), "a\tb");
  EXPECT_EQ(cells[1], "c\\|d|e");
  EXPECT_EQ(cells[2], "");
  std::vector<std::string_view> values = split_unescaped(cells[1], '|');
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(unescape(values[0]), "c|d");
  EXPECT_EQ(unescape("x\\\\y"), "x\\y");
  EXPECT_EQ(unescape("tail\\"), "tail\\");
}

constexpr char kUgc[] =
    "HEAD\tdsrf/30\tUGCProfile\t1.0\tM1\t2016-01-21T15:09:26Z\t1\t1\t20151001\t2015-12-31\t"
    "PADPIDA2013020802I\tYouTube\n"
    "SY02.01\t1\t\t\tAdvertisementSupportedModel\tStream\tIS\tAdSupport-music\t10\t\tUSD\t1.00\n"
    "AS01\t1\tR1\tD1\tUSSM19803037|GBAAA0000001\tA \\| B\t\tArtist\t\tPT0H0M0S\tSoundRecording\n"
    "MW01.01\t1\tW1\t\tTitle\t\tA|B\t|myns::1\n"
    "ZZ99\t1\traw\n"
    "SU03.01\t1\tU1\t1\tD1\t10\t0.25\t20151001\t2015-12-31\n"
    "FOOT\t7\t7\t1\t1\t1\n";

TEST(DsrLexer, RepeatedValuesEscapesAndRawRecords) {
  const DsrReport report = parse_dsr(kUgc, "inline.tsv");
  EXPECT_TRUE(report.ok()) << report.errors.front().to_string();
  ASSERT_EQ(report.records.size(), 7u);
  const DsrRecord& as01 = report.records[2];
  EXPECT_EQ(as01.line_number, 3);
  EXPECT_EQ(as01.find("ISRC")->values, (std::vector<std::string>{"USSM19803037", "GBAAA0000001"}));
  EXPECT_EQ(as01.get("Title"), "A | B");
  const DsrCell* party = report.records[3].find("ComposerAuthorPartyId");
  ASSERT_NE(party, nullptr);
  EXPECT_EQ(party->values, (std::vector<std::string>{"", "myns::1"}));
  EXPECT_FALSE(report.records[4].known);
  EXPECT_EQ(report.records[4].cells[1].name, "cell2");
  EXPECT_EQ(report.header.usage_start, "2015-10-01");
  bool unknown_warned = false;
  for (const Error& w : report.warnings) {
    unknown_warned = unknown_warned || (w.where.line_number == 5 && w.where.value == "ZZ99");
  }
  EXPECT_TRUE(unknown_warned);
  ASSERT_EQ(report.sales.size(), 1u);
  EXPECT_EQ(report.sales[0].amount, *Decimal::parse("0.25"));
  EXPECT_EQ(report.sales[0].currency, "USD");
}

TEST(DsrDates, AcceptsIsoAndCompactFormsOnly) {
  bool compact = false;
  EXPECT_EQ(*normalize_dsr_date("2015-10", &compact), "2015-10");
  EXPECT_FALSE(compact);
  EXPECT_EQ(*normalize_dsr_date("20151001", &compact), "2015-10-01");
  EXPECT_TRUE(compact);
  EXPECT_FALSE(normalize_dsr_date("2/28/2015", &compact));
  EXPECT_FALSE(normalize_dsr_date("2015-13-01", &compact));
}

TEST(DsrErrors, NameFileLineFieldAndValue) {
  const std::string text =
      "HEAD\tdsrf/30\tUGCProfile\t1.0\tM1\t2016-01-21T15:09:26Z\t1\t1\t2015-10-01\t2015-12-31\t"
      "P\tYouTube\n"
      "SY02.01\t1\t\t\tAdvertisementSupportedModel\tStream\tIS\tS\t10\t\tXXX\t1.0.0\n"
      "SU03.01\t1\tU1\t9\tD1\t10\t0.25\n"
      "FOOT\t4\t4\t1\t1\t1\n";
  const DsrReport report = parse_dsr(text, "bad.tsv");
  ASSERT_GE(report.errors.size(), 3u);
  auto has = [&](std::int64_t line, std::string_view field, std::string_view value) {
    for (const Error& e : report.errors) {
      if (e.where.file == "bad.tsv" && e.where.line_number == line && e.where.field == field &&
          e.where.value == value) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has(2, "NetRevenue", "1.0.0"));
  EXPECT_TRUE(has(2, "CurrencyOfReporting", "XXX"));
  EXPECT_TRUE(has(3, "SummaryRecordId", "9"));
}

}  // namespace
}  // namespace fermata
