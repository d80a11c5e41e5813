// DSR parser against the real samples in <shared>/samples/ddex-dsr; every
// figure below is stated in samples/README.md.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_test_util.h"

namespace fermata {
namespace {

constexpr char kYouTube[] = "DSR_TEST_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv";
constexpr char kYouTube2[] =
    "DSR_TEST2_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv";
constexpr char kPad[] = "DSR_PADPIDA2014999999Z_PADPIDA2014111801Y_AdSupport_2015-02_AU_";

Decimal dec(std::string_view text) {
  return *Decimal::parse(text);
}

std::map<std::string, int> type_counts(const DsrReport& report) {
  std::map<std::string, int> counts;
  for (const DsrRecord& r : report.records) ++counts[r.type];
  return counts;
}

// Sum of one decimal cell (all repeat values) over the records of a type.
Decimal cell_total(const DsrReport& report, std::string_view type, std::string_view cell) {
  Decimal total;
  for (const DsrRecord& r : report.records) {
    if (r.type != type || r.find(cell) == nullptr) continue;
    for (const std::string& v : r.find(cell)->values) total += dec(v);
  }
  return total;
}

Decimal summary_total(const DsrReport& report, std::optional<Decimal> DsrSummary::*field) {
  Decimal total;
  for (const DsrSummary& s : report.summaries) total += (s.*field).value_or(Decimal());
  return total;
}

bool has_error(const DsrReport& report, std::int64_t line, std::string_view field,
               std::string_view value) {
  for (const Error& e : report.errors) {
    if (e.where.line_number == line && e.where.field == field && e.where.value == value) {
      return true;
    }
  }
  return false;
}

TEST(DsrSamples, YouTubeUgcStructure) {
  FERMATA_READ_SAMPLE_OR_SKIP(text, kYouTube);
  const DsrReport r = parse_dsr(text, kYouTube);
  for (const Error& e : r.errors) ADD_FAILURE() << e.to_string();
  EXPECT_EQ(r.physical_lines, 35);
  EXPECT_EQ(r.comment_lines, 8);
  EXPECT_EQ(r.records.size(), 27u);
  EXPECT_EQ(type_counts(r), (std::map<std::string, int>{{"HEAD", 1},
                                                        {"SY02.01", 4},
                                                        {"AS01", 3},
                                                        {"MW01.01", 3},
                                                        {"RU01", 3},
                                                        {"SU03.01", 6},
                                                        {"LI01.01", 6},
                                                        {"FOOT", 1}}));
  const DsrHeader& h = r.header;
  EXPECT_EQ(h.message_version, "dsrf/30");
  EXPECT_EQ(h.profile, DsrProfile::kUgc);
  EXPECT_EQ(h.profile_version, "1.0");
  EXPECT_EQ(h.message_id, "1453417766009915");
  EXPECT_EQ(h.created, "2016-01-21T15:09:26Z");
  EXPECT_EQ(h.usage_start, "2015-10-01");
  EXPECT_EQ(h.usage_end, "2015-12-31");
  EXPECT_EQ(h.sender_party_id, "PADPIDA2013020802I");
  EXPECT_EQ(h.recipient_party_id, "PADPIDA20070627029");
  EXPECT_EQ(h.recipient_name, "TEST");
  EXPECT_EQ(h.service_description, "AdSupport-music");
  EXPECT_EQ(h.represented_repertoire,
            (std::vector<std::string>{"PUB_3", "PUB_2", "PUB_1", "SOC_1", "Residual"}));
  EXPECT_EQ(r.part_number, 1);
  EXPECT_EQ(r.part_count, 1);
  ASSERT_EQ(r.blocks.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.blocks[i].block_id, std::to_string(i + 1));
  ASSERT_TRUE(r.footer.has_value());
  EXPECT_EQ(r.footer->lines_in_file, 35);
  EXPECT_EQ(r.footer->lines_in_report, 35);
  EXPECT_EQ(r.footer->summary_records, 4);
  EXPECT_EQ(r.footer->blocks_in_file, 3);
  EXPECT_EQ(r.footer->blocks_in_report, 3);
  EXPECT_EQ(r.summaries[3].service_description, "Video");
  const DsrCell* party = r.records[6].find("ComposerAuthorPartyId");
  ASSERT_NE(party, nullptr);
  EXPECT_EQ(party->values, (std::vector<std::string>{"", "myns::4534"}));
}

TEST(DsrSamples, YouTubeUgcMoney) {
  FERMATA_READ_SAMPLE_OR_SKIP(text, kYouTube);
  const DsrReport r = parse_dsr(text, kYouTube);
  EXPECT_EQ(summary_total(r, &DsrSummary::net_revenue).to_string(), "15763.58");
  EXPECT_EQ(summary_total(r, &DsrSummary::usages).to_string(), "27059772");
  EXPECT_EQ(summary_total(r, &DsrSummary::allocated_usages).to_string(), "17945521");
  EXPECT_EQ(summary_total(r, &DsrSummary::allocated_revenue).to_string(), "63.41");
  EXPECT_EQ(summary_total(r, &DsrSummary::allocated_net_revenue).to_string(), "10187.64");
  for (const DsrSummary& s : r.summaries) EXPECT_EQ(s.currency, "USD");
  EXPECT_EQ(cell_total(r, "SU03.01", "Usages").to_string(), "10210");
  EXPECT_EQ(cell_total(r, "SU03.01", "NetRevenue"), dec("7.0"));
  EXPECT_EQ(cell_total(r, "RU01", "Usages").to_string(), "9237");
  std::size_t video_ids = 0;
  for (const DsrRecord& rec : r.records) {
    if (rec.type == "RU01") video_ids += rec.find("DspReleaseId")->values.size();
  }
  EXPECT_EQ(video_ids, 67u);
  EXPECT_EQ(cell_total(r, "LI01.01", "AllocatedNetRevenue").to_string(), "1.16");
  EXPECT_EQ(cell_total(r, "LI01.01", "AllocatedAmount").to_string(), "198.88");
  Decimal su03, li01;
  for (const DsrSaleLine& s : r.sales) {
    EXPECT_EQ(s.currency, "USD");
    if (s.type == "SU03.01") su03 += s.amount;
    if (s.type == "LI01.01") li01 += s.amount;
    if (s.type != "RU01") {
      EXPECT_EQ(s.basis, DsrAmountBasis::kReported);
    }
  }
  EXPECT_EQ(su03.to_string(), "7");
  EXPECT_EQ(li01.to_string(), "198.88");
  ASSERT_EQ(r.reconciliation.size(), 1u);
  EXPECT_EQ(r.reconciliation[0].currency, "USD");
  EXPECT_EQ(r.reconciliation[0].summary_net_revenue.to_string(), "15763.58");
  EXPECT_EQ(r.reconciliation[0].body_amount.to_string(), "7");
  EXPECT_EQ(r.reconciliation[0].difference.to_string(), "15756.58");
  bool dup = false, compact = false;
  for (const Error& w : r.warnings) {
    dup = dup || (w.where.field == "SummaryRecordId" && w.where.line_number == 11);
    compact = compact || (w.where.field == "ValidityPeriodStart" && w.where.value == "20151001");
  }
  EXPECT_TRUE(dup);
  EXPECT_TRUE(compact);
}

TEST(DsrSamples, YouTubeTest2StaleFootIsRejected) {
  FERMATA_READ_SAMPLE_OR_SKIP(text, kYouTube2);
  const DsrReport r = parse_dsr(text, kYouTube2);
  EXPECT_EQ(r.physical_lines, 34);
  EXPECT_EQ(r.records.size(), 26u);
  EXPECT_EQ(type_counts(r)["LI01.01"], 5);
  EXPECT_EQ(r.header.profile_version, "1.1");
  EXPECT_EQ(r.header.recipient_name, "TEST2");
  EXPECT_EQ(summary_total(r, &DsrSummary::net_revenue).to_string(), "15763.58");
  EXPECT_EQ(cell_total(r, "LI01.01", "AllocatedAmount").to_string(), "73.65");
  EXPECT_EQ(cell_total(r, "LI01.01", "AllocatedNetRevenue").to_string(), "1.16");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_TRUE(has_error(r, 34, "NumberOfLinesInFile", "35"));
  EXPECT_TRUE(has_error(r, 34, "NumberOfLinesInReport", "35"));
  EXPECT_NE(r.errors[0].message.find("says 35 but the file has 34"), std::string::npos);
}

TEST(DsrSamples, FootMismatchInTempCopy) {
  FERMATA_READ_SAMPLE_OR_SKIP(text, kYouTube);
  std::string changed = text;
  const std::size_t foot = changed.find("FOOT\t35\t35\t4\t3\t3");
  ASSERT_NE(foot, std::string::npos);
  changed.replace(foot, 17, "FOOT\t35\t35\t5\t2\t3");
  const std::filesystem::path copy = std::filesystem::path(testing::TempDir()) / kYouTube;
  std::ofstream(copy, std::ios::binary) << changed;
  const std::optional<std::string> back = dsr_test::read_text(copy);
  ASSERT_TRUE(back.has_value());
  const DsrReport r = parse_dsr(*back, copy.string());
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_TRUE(has_error(r, 35, "NumberOfSummaryRecords", "5"));
  EXPECT_TRUE(has_error(r, 35, "NumberOfBlocksInFile", "2"));
  EXPECT_EQ(r.errors[0].where.file, copy.string());
  std::filesystem::remove(copy);
}

TEST(DsrSamples, LooseTokenizerFilesAreRejectedForTheirFoot) {
  for (std::string suffix : {"1of1_20140617T092522.tsv", "1of1_20150723T092522.tsv",
                             "1of2_20150723T092522.tsv", "2of2_20150723T092522.tsv"}) {
    FERMATA_READ_SAMPLE_OR_SKIP(text, kPad + suffix);
    const DsrReport r = parse_dsr(text, kPad + suffix);
    SCOPED_TRACE(suffix);
    EXPECT_EQ(r.physical_lines, 7);
    EXPECT_EQ(r.comment_lines, 2);
    EXPECT_EQ(r.records.size(), 5u);
    EXPECT_TRUE(has_error(r, 7, "NumberOfLinesInFile", "123"));
    EXPECT_EQ(r.header.message_id, "ID1");
    EXPECT_EQ(r.header.profile, DsrProfile::kUgc);
    EXPECT_EQ(r.records[3].get("ISRC"), "USUM70600055");
    EXPECT_EQ(r.blocks.size(), 1u);
    EXPECT_TRUE(r.sales.empty());
  }
  FERMATA_READ_SAMPLE_OR_SKIP(escaped, kPad + std::string("1of1_20150723T092522.tsv"));
  EXPECT_EQ(parse_dsr(escaped, "x.tsv").records[3].get("Title"),
            "L\u00ebt M\u00eb G\u00ebt | Th\u00ee\u015b \"R\u00eeght");
  FERMATA_READ_SAMPLE_OR_SKIP(early, kPad + std::string("1of1_20140617T092522.tsv"));
  EXPECT_TRUE(has_error(parse_dsr(early, kPad + std::string("1of1_20140617T092522.tsv")), 1,
                        "FileNumber", "1"));  // HEAD says 1 of 2, the name 1of1.
}

TEST(DsrSamples, TwoFileReportExposesParts) {
  const std::string one = kPad + std::string("1of2_20150723T092522.tsv");
  const std::string two = kPad + std::string("2of2_20150723T092522.tsv");
  FERMATA_READ_SAMPLE_OR_SKIP(a, one);
  FERMATA_READ_SAMPLE_OR_SKIP(b, two);
  const DsrReport ra = parse_dsr(a, one);
  const DsrReport rb = parse_dsr(b, two);
  EXPECT_EQ(ra.part_number, 1);
  EXPECT_EQ(rb.part_number, 2);
  EXPECT_EQ(ra.part_count, 2);
  EXPECT_EQ(rb.part_count, 2);
  EXPECT_TRUE(ra.is_partial());
  EXPECT_EQ(ra.report_id, rb.report_id);
  EXPECT_EQ(ra.report_id, "PADPIDA2014111801Y|PADPIDA2014999999Z|AdSupport|2015-02|AU|2");
  EXPECT_EQ(ra.name.created, "20150723T092522");
}

}  // namespace
}  // namespace fermata
