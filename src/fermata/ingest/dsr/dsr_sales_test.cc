// Goal: dsr_to_sales turns a parsed DSR into the shared sales shape: each
// money or usage line with the identifiers of the resource and release it
// transacts, the summary's territory, currency and channel, whole sale dates,
// and exact amounts; LI01 splits are not more money.
// Method: small DSR texts written here, parsed with parse_dsr, converted and
// compared field by field with hand-computed values.
#include "fermata/ingest/dsr/dsr_sales.h"

#include <gtest/gtest.h>

#include <string>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_test_util.h"

namespace fermata {
namespace {

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

// The shared Basic Audio fixture (dsr_test_util.h).
constexpr const char* kBasic = dsr_test::kBasicAudioReport;

// UGC 1.0 as YouTube writes it. SU03.01 names its resource by DspResourceId;
// LI01.01 splits line 5's revenue; RU01 in block 2 names no resource, so it
// gets the block's only one.
constexpr char kUgc[] =
    "HEAD\tdsrf/30\tUGCProfile\t1.0\tM2\t2016-01-21T15:09:26Z\t1\t1\t2015-10-01\t2015-12-31\t"
    "PADPIDA2013020802I\tYouTube\n"
    "SY02.01\t1\t\t\tAdvertisementSupportedModel\tStream\tIS\tAdSupport-music\t30\t\tUSD\t1.00\n"
    "AS01\t1\tR1\tD1\tUSSM19803037\tTitle A\t\tArtist A\t\tPT0H0M0S\tSoundRecording\n"
    "AS01\t1\tR2\tD2\tGBAAA0000001\tTitle B\t\tArtist B\t\tPT0H0M0S\tSoundRecording\n"
    "SU03.01\t1\tU1\t1\tD2\t10\t0.25\t2015-11\t2015-11\n"
    "LI01.01\t1\t1\tLabel X\t\t\t100\t\t0.25\t0.25\n"
    "SU03.01\t1\tU2\t1\tD1\t5\t0.125\n"
    "AS01\t2\tR3\tD3\tFRZZZ1500001\tTitle C\t\tArtist C\t\tPT0H0M0S\tSoundRecording\n"
    "RU01\t2\t1\tV1|V2\t5|7\n"
    "FOOT\t10\t10\t1\t2\t2\n";

constexpr char kUgcName[] = "DSR_TEST_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

SalesReport convert(std::string_view text, std::string_view name) {
  const DsrReport dsr = parse_dsr(text, name);
  EXPECT_TRUE(dsr.ok()) << dsr.errors.front().to_string();
  return dsr_to_sales(dsr);
}

TEST(DsrSales, BasicAudioReportFields) {
  const SalesReport report = convert(kBasic, "basic.tsv");
  EXPECT_EQ(report.format, "dsr");
  EXPECT_EQ(report.payer, "PADPIDA2014111801Y");
  EXPECT_EQ(report.payer_name, "Streamy");
  EXPECT_EQ(report.recipient, "PADPIDA2013020802I");
  EXPECT_EQ(report.service, "Streamy Premium");
  EXPECT_EQ(report.period_start, "2015-10-01");
  EXPECT_EQ(report.period_end, "2015-12-31");
  EXPECT_EQ(report.identity,
            "dsr|PADPIDA2014111801Y|PADPIDA2013020802I|Streamy Premium|2015-10--2015-12|M1|1");
  EXPECT_EQ(report.part_number, 1);
  EXPECT_EQ(report.part_count, 1);
  EXPECT_EQ(report.rows, 14);
  ASSERT_EQ(report.lines.size(), 4u);
}

TEST(DsrSales, BasicAudioIdentifiersFromTransactedResourceAndRelease) {
  const SalesReport report = convert(kBasic, "basic.tsv");
  ASSERT_EQ(report.lines.size(), 4u);
  const SaleLine& su01 = report.lines[0];
  EXPECT_EQ(su01.line_number, 7);
  EXPECT_EQ(su01.isrc, "GBAYE0000001");  // RES2, hyphens removed.
  EXPECT_EQ(su01.proprietary_id, "DSP-T2");
  EXPECT_EQ(su01.title, "Song Two");
  EXPECT_EQ(su01.artist, "The Band");
  EXPECT_EQ(su01.icpn, "0036000291452");
  EXPECT_EQ(su01.catalog_number, "ABC-001");
  EXPECT_EQ(su01.store, "Streamy");
  EXPECT_EQ(su01.channel, SalesChannel::kDownload);
  EXPECT_EQ(su01.territory, "US");
  EXPECT_EQ(su01.sale_start, "2015-10-01");
  EXPECT_EQ(su01.sale_end, "2015-12-31");
  EXPECT_EQ(su01.currency, "USD");
  EXPECT_EQ(su01.units, dec("3"));
  EXPECT_EQ(su01.amount, dec("1.78"));
  EXPECT_TRUE(su01.has_amount);

  // No TransactedRelease: the block's only release.
  const SaleLine& su02 = report.lines[1];
  EXPECT_EQ(su02.line_number, 8);
  EXPECT_EQ(su02.isrc, "USRC17607839");  // Upper-cased.
  EXPECT_EQ(su02.proprietary_id, "DSP-T1");
  EXPECT_EQ(su02.title, "Song One");
  EXPECT_EQ(su02.icpn, "0036000291452");
  EXPECT_EQ(su02.catalog_number, "ABC-001");
  EXPECT_EQ(su02.channel, SalesChannel::kStream);
  EXPECT_EQ(su02.territory, "GB");
  EXPECT_EQ(su02.currency, "GBP");
  EXPECT_EQ(su02.units, dec("100"));
  EXPECT_EQ(su02.amount, dec("0.40"));

  // Two releases in block 2: TransactedRelease RL3 picks the second.
  const SaleLine& picked = report.lines[2];
  EXPECT_EQ(picked.line_number, 12);
  EXPECT_EQ(picked.isrc, "FRZZZ1500001");
  EXPECT_EQ(picked.icpn, "4012345000023");
  EXPECT_EQ(picked.catalog_number, "ABC-003");
  EXPECT_EQ(picked.artist, "Other Artist");
  EXPECT_EQ(picked.units, dec("1"));  // 2 usages - 1 return.
  EXPECT_EQ(picked.amount, dec("0.60"));

  // Neither named nor the only one: no release identifiers.
  const SaleLine& unnamed = report.lines[3];
  EXPECT_EQ(unnamed.line_number, 13);
  EXPECT_EQ(unnamed.isrc, "FRZZZ1500001");
  EXPECT_EQ(unnamed.icpn, "");
  EXPECT_EQ(unnamed.catalog_number, "");
  EXPECT_EQ(unnamed.amount, dec("0.59"));

  Decimal usd;
  for (const SaleLine& line : report.lines) {
    if (line.currency == "USD") usd += line.amount;
  }
  EXPECT_EQ(usd, dec("2.97"));
}

// A release-level sale (an album download) names no resource: no ISRC, and
// the release's title.
TEST(DsrSales, ReleaseLevelSaleTakesTheReleaseIdentifiers) {
  const std::string text = replaced(kBasic, "\tT1\tRL1\tRES2\t", "\tT1\tRL1\t\t");
  const SalesReport report = convert(text, "basic.tsv");
  ASSERT_EQ(report.lines.size(), 4u);
  const SaleLine& album = report.lines[0];
  EXPECT_EQ(album.line_number, 7);
  EXPECT_EQ(album.isrc, "");
  EXPECT_EQ(album.proprietary_id, "");
  EXPECT_EQ(album.title, "Album One");
  EXPECT_EQ(album.icpn, "0036000291452");
  EXPECT_EQ(album.catalog_number, "ABC-001");
  EXPECT_EQ(album.amount, dec("1.78"));
}

TEST(DsrSales, HeadPeriodExpandsToWholeDays) {
  struct Case {
    const char *start, *end, *first, *last;
  };
  for (const Case& c : {Case{"2015", "2015", "2015-01-01", "2015-12-31"},
                        Case{"2016-02", "2016-02", "2016-02-01", "2016-02-29"},
                        Case{"2015-02", "2015-03", "2015-02-01", "2015-03-31"},
                        Case{"2015-10-05", "2015-10-20", "2015-10-05", "2015-10-20"}}) {
    const std::string text =
        replaced(kBasic, "\t2015-10\t2015-12\t", std::string("\t") + c.start + "\t" + c.end + "\t");
    const SalesReport report = convert(text, "basic.tsv");
    EXPECT_EQ(report.period_start, c.first) << c.start;
    EXPECT_EQ(report.period_end, c.last) << c.end;
    ASSERT_FALSE(report.lines.empty());
    for (const SaleLine& line : report.lines) {
      EXPECT_EQ(line.sale_start, c.first) << c.start;
      EXPECT_EQ(line.sale_end, c.last) << c.end;
    }
  }
}

TEST(DsrSales, ChannelFollowsUseType) {
  struct Case {
    const char* use_type;
    SalesChannel channel;
  };
  for (const Case& c :
       {Case{"PermanentDownload", SalesChannel::kDownload},
        Case{"ConditionalDownload", SalesChannel::kDownload},
        Case{"NonInteractiveStream", SalesChannel::kStream}, Case{"Webcast", SalesChannel::kStream},
        Case{"Performance", SalesChannel::kOther}}) {
    const std::string text =
        replaced(kBasic, "\tPermanentDownload\t", std::string("\t") + c.use_type + "\t");
    const SalesReport report = convert(text, "basic.tsv");
    ASSERT_EQ(report.lines.size(), 4u);
    EXPECT_EQ(report.lines[0].channel, c.channel) << c.use_type;
    EXPECT_EQ(report.lines[1].channel, SalesChannel::kStream) << c.use_type;
  }
}

TEST(DsrSales, FileNameGivesIdentityAndTerritory) {
  const std::string text = replaced(kBasic, "\tStreamy Premium\t", "\tPremium\t");
  const SalesReport report = convert(
      text,
      "DSR_PADPIDA2013020802I_PADPIDA2014111801Y_Premium_2015-Q4_US_1of1_20160121T150926.tsv");
  EXPECT_EQ(report.identity, "dsr|PADPIDA2014111801Y|PADPIDA2013020802I|Premium|2015-Q4|US|1");
  EXPECT_EQ(report.territory, "US");
  EXPECT_EQ(report.service, "Premium");
}

TEST(DsrSales, UgcLinesSkipLi01AndKeepUsage) {
  const SalesReport report = convert(kUgc, kUgcName);
  EXPECT_EQ(report.payer, "PADPIDA2013020802I");
  EXPECT_EQ(report.payer_name, "YouTube");
  EXPECT_EQ(report.recipient, "TEST");  // No RecipientPartyId: the file name's.
  EXPECT_EQ(report.service, "AdSupport-music");
  EXPECT_EQ(report.territory, "IS");
  EXPECT_EQ(report.identity, "dsr|YouTube|TEST|AdSupport-music|2015-Q4|IS|1");
  ASSERT_EQ(report.lines.size(), 3u);  // Lines 5, 7 and 9; LI01 line 6 is skipped.

  const SaleLine& first = report.lines[0];
  EXPECT_EQ(first.line_number, 5);
  EXPECT_EQ(first.isrc, "GBAAA0000001");  // Through DspResourceId D2.
  EXPECT_EQ(first.proprietary_id, "D2");
  EXPECT_EQ(first.title, "Title B");
  EXPECT_EQ(first.artist, "Artist B");
  EXPECT_EQ(first.icpn, "");
  EXPECT_EQ(first.store, "YouTube");
  EXPECT_EQ(first.channel, SalesChannel::kUgc);
  EXPECT_EQ(first.territory, "IS");
  EXPECT_EQ(first.sale_start, "2015-11-01");  // Its own validity period.
  EXPECT_EQ(first.sale_end, "2015-11-30");
  EXPECT_EQ(first.currency, "USD");
  EXPECT_EQ(first.units, dec("10"));
  EXPECT_EQ(first.amount, dec("0.25"));
  EXPECT_TRUE(first.has_amount);

  const SaleLine& second = report.lines[1];
  EXPECT_EQ(second.line_number, 7);
  EXPECT_EQ(second.isrc, "USSM19803037");
  EXPECT_EQ(second.proprietary_id, "D1");
  EXPECT_EQ(second.sale_start, "2015-10-01");  // The HEAD period.
  EXPECT_EQ(second.sale_end, "2015-12-31");
  EXPECT_EQ(second.amount, dec("0.125"));

  const SaleLine& usage = report.lines[2];
  EXPECT_EQ(usage.line_number, 9);
  EXPECT_EQ(usage.isrc, "FRZZZ1500001");  // The block's only resource.
  EXPECT_EQ(usage.proprietary_id, "D3");
  EXPECT_EQ(usage.title, "Title C");
  EXPECT_EQ(usage.channel, SalesChannel::kUgc);
  EXPECT_EQ(usage.currency, "USD");
  EXPECT_EQ(usage.units, dec("12"));  // 5 + 7 over two videos.
  EXPECT_EQ(usage.amount, dec("0"));
  EXPECT_FALSE(usage.has_amount);
}

TEST(DsrSales, UsageRowInABlockOfTwoResourcesNamesNone) {
  const std::string text =
      replaced(kUgc, "LI01.01\t1\t1\tLabel X\t\t\t100\t\t0.25\t0.25\n", "RU01\t1\t1\tV9\t4\n");
  const SalesReport report = convert(text, kUgcName);
  ASSERT_EQ(report.lines.size(), 4u);
  EXPECT_EQ(report.lines[1].line_number, 6);
  EXPECT_EQ(report.lines[1].isrc, "");
  EXPECT_EQ(report.lines[1].units, dec("4"));
  EXPECT_FALSE(report.lines[1].has_amount);
}

}  // namespace
}  // namespace fermata
