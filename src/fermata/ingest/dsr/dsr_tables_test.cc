// Cross-checks the cell tables against the profile XSDs, the blocks/*.txt
// expected-parse fixtures, and Basic Audio money on a synthetic report.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_test_util.h"

namespace fermata {
namespace {

struct XsdCell {
  std::string name;
  bool required;
  bool repeatable;
};

// A tiny scan: the xs:element tags of one RecordType-* complexType, in order.
std::vector<XsdCell> xsd_cells(const std::string& xsd, const std::string& type_name) {
  std::vector<XsdCell> cells;
  const std::size_t begin = xsd.find("<xs:complexType name=\"RecordType-" + type_name + "\">");
  if (begin == std::string::npos) return cells;
  const std::size_t end = xsd.find("</xs:complexType>", begin);
  std::size_t pos = begin;
  while ((pos = xsd.find("<xs:element name=\"", pos)) < end) {
    const std::size_t tag_end = xsd.find('>', pos);
    const std::string tag = xsd.substr(pos, tag_end - pos);
    std::string name = tag.substr(18, tag.find('"', 18) - 18);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name != "RecordType") {
      cells.push_back({name, tag.find("minOccurs=\"0\"") == std::string::npos,
                       tag.find("maxOccurs=\"unbounded\"") != std::string::npos});
    }
    pos = tag_end;
  }
  return cells;
}

struct XsdCase {
  const char* xsd;
  DsrProfile profile;
  std::vector<const char*> types;  // Record type as written in files.
};

TEST(DsrTables, MatchTheProfileXsds) {
  const std::vector<XsdCase> cases = {
      {"BasicAudioProfile/1.2/BasicAudioProfile.xsd",
       DsrProfile::kBasicAudio,
       {"HEAD", "FOOT", "SRFO", "SY01.01", "SY02.02", "SY04.01", "SY05.02", "SY06.02", "RE01",
        "RE02", "AS01.01", "AS02.02", "MW01.01", "SU01", "SU02", "SR01", "SR02"}},
      {"UgcProfile/1.2/UgcProfile.xsd",
       DsrProfile::kUgc,
       {"HEAD", "FOOT", "SY02.02", "SY04.01", "SY05.02", "SY09", "AS01.01", "AS02.02", "MW01.01",
        "RU01.01", "RU02.01", "SU03.02", "LI01.02", "SR03", "SR06"}},
      {"AudioVisualProfile/1.1/AudioVisualProfile.xsd",
       DsrProfile::kAudioVisual,
       {"HEAD", "FOOT", "SY06.01", "SY06.02", "RE02", "RE03.01", "AS03.01", "CU01", "SU01", "SU02",
        "SU03.02", "SU04.01", "SR04", "SR05"}},
      {"FinancialReportingToRecordCompaniesProfileSRB/1.0/"
       "FinancialReportingToRecordCompaniesProfileSRB.xsd",
       DsrProfile::kFinancialSrb,
       {"SY10", "SR08", "DE01", "SRFO"}},
  };
  for (const XsdCase& c : cases) {
    FERMATA_READ_SAMPLE_OR_SKIP(xsd, std::string("schemas/") + c.xsd);
    for (std::string type : c.types) {
      SCOPED_TRACE(std::string(c.xsd) + " " + type);
      std::string xsd_name = type;
      if (xsd_name.size() == 7 && xsd_name[4] == '.') xsd_name.erase(4, 1);
      const std::vector<XsdCell> expected = xsd_cells(xsd, xsd_name);
      const std::vector<DsrCellSpec> actual = dsr_cell_specs(type, c.profile, "1.2");
      ASSERT_FALSE(expected.empty());
      ASSERT_EQ(actual.size(), expected.size());
      for (std::size_t i = 0; i < actual.size(); ++i) {
        EXPECT_EQ(actual[i].name, expected[i].name);
        EXPECT_EQ(actual[i].required, expected[i].required) << expected[i].name;
        EXPECT_EQ(actual[i].repeatable, expected[i].repeatable) << expected[i].name;
      }
    }
  }
}

// One row of a blocks/*.txt fixture (protobuf text of ddexnet/dsrf block.proto).
struct FixtureRow {
  std::string type;
  std::int64_t row_number = 0;
  std::vector<std::pair<std::string, std::string>> cells;  // Without RecordType.
};

// Decodes a protobuf text string literal body (\" \\ and \ooo octal bytes).
std::string decode_c_string(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
    } else if (s[i + 1] >= '0' && s[i + 1] <= '7' && i + 3 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 3)), nullptr, 8)));
      i += 3;
    } else {
      out.push_back(s[++i]);
    }
  }
  return out;
}

std::vector<FixtureRow> read_fixture(const std::string& text) {
  std::vector<FixtureRow> rows;
  std::string name;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line = std::string_view(text).substr(start, end - start);
    start = end + 1;
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    const std::size_t colon = line.find(": ");
    if (line == "rows {") rows.emplace_back();
    if (rows.empty() || colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    std::string_view value = line.substr(colon + 2);
    if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
    if (key == "type" && rows.back().type.empty()) rows.back().type = std::string(value);
    if (key == "row_number") rows.back().row_number = std::stoll(std::string(value));
    if (key == "name") name = std::string(value);
    if (key.ends_with("_value") && name != "RecordType") {
      rows.back().cells.emplace_back(name, decode_c_string(value));
    }
  }
  return rows;
}

void expect_rows_match(const DsrReport& report, const std::vector<FixtureRow>& rows) {
  for (const FixtureRow& row : rows) {
    SCOPED_TRACE(row.type + " row " + std::to_string(row.row_number));
    const DsrRecord* found = nullptr;
    for (const DsrRecord& r : report.records) {
      if (r.line_number == row.row_number) found = &r;
    }
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->type, row.type);
    ASSERT_EQ(found->cells.size(), row.cells.size());
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      EXPECT_EQ(found->cells[i].name, row.cells[i].first);
      EXPECT_EQ(found->cells[i].text(), row.cells[i].second);
    }
  }
}

TEST(DsrFixtures, BlocksOfTestFileParser) {
  FERMATA_READ_SAMPLE_OR_SKIP(text, "test_file_parser.tsv");
  const DsrReport report = parse_dsr(text, "test_file_parser.tsv");
  for (const char* name :
       {"basic_head_block.txt", "basic_body_block.txt", "basic_foot_block.txt"}) {
    FERMATA_READ_SAMPLE_OR_SKIP(fixture, std::string("blocks/") + name);
    const std::vector<FixtureRow> rows = read_fixture(fixture);
    ASSERT_FALSE(rows.empty()) << name;
    expect_rows_match(report, rows);
  }
  EXPECT_EQ(report.header.record_type, "FHEA");
  EXPECT_EQ(report.footer->record_type, "FFOO");
  // Rejected for the documented reasons: FFOO says 123 lines, the file has 7;
  // the loose RE01 lacks the required Title and DisplayArtistName.
  std::vector<std::string> fields;
  for (const Error& e : report.errors) {
    fields.push_back(std::to_string(e.where.line_number) + ":" + e.where.field + "=" +
                     e.where.value);
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{"5:DisplayArtistName=", "5:Title=", "7:NumberOfLines=123"}));
  // head_block_multi_service.txt: the same file with a second SY03 on line 5.
  std::string multi = text;
  const std::size_t re01 = multi.find("RE01\t");
  multi.insert(re01, "SY03\tAdSupport\tNonInterStream\tAU\tVideo\t10435\n");
  FERMATA_READ_SAMPLE_OR_SKIP(fixture, "blocks/head_block_multi_service.txt");
  expect_rows_match(parse_dsr(multi, "multi.tsv"), read_fixture(fixture));
}

TEST(DsrFixtures, BlockLi01DecimalsAreExactOrRejected) {
  FERMATA_READ_SAMPLE_OR_SKIP(fixture, "blocks/block_LI01.txt");
  ASSERT_NE(fixture.find("150.851178200327"), std::string::npos);
  const std::string text =
      "HEAD\tdsrf/30\tUGCProfile\t1.2\tM\t2016-01-21T15:09:26Z\t1\t1\t2015-02\t2015-02\tP\tS\n"
      "SY02.02\tS1\t\t\tAdvertisementSupportedModel\tStream\tGB\tYouTube\t16625\t\tUSD\t1.927513"
      "\t\t\t\t\t\t\tSomething\n"
      "AS01.01\tBL0\tR\tA870199188281554\t\tT\t\tA\t\t\tSoundRecording\n"
      "SU03.02\tBL0\tU1\tS1\tA870199188281554\t16625\t1.927513\n"
      "LI01.02\tBL0\tS1\tSample_CS\t\t\t84.264906\t\t150.851178200327\t0.18467234\t25\n"
      "LI01.02\tBL0\tS1\tOWNER1\t\t\t84.264906\t\t43.8193459455749\t0.5764425\t75\n"
      "FOOT\t7\t7\t1\t1\t1\n";
  const DsrReport r = parse_dsr(text, "li01.tsv");
  ASSERT_EQ(r.sales.size(), 3u);
  EXPECT_EQ(r.sales[1].allocated_net_revenue->to_string(), "150.851178200327");
  EXPECT_EQ(r.sales[1].amount.to_string(), "0.18467234");
  // 13 fractional digits exceed Decimal's 12: an error, never a rounding.
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, ErrorCode::kDecimalTooPrecise);
  EXPECT_EQ(r.errors[0].where.line_number, 6);
  EXPECT_EQ(r.errors[0].where.field, "AllocatedNetRevenue");
  EXPECT_EQ(r.errors[0].where.value, "43.8193459455749");
}

TEST(DsrMoney, BasicAudioPriceTimesCountsThenSummaryAllocation) {
  const std::string text =
      "HEAD\tdsrf/30\tBasicAudioProfile\t1.2\tM\t2016-01-21T15:09:26Z\t1\t1\t2016-01\t2016-01\tP"
      "\tS\n"
      "SY01.01\tS1\t\t\tPayAsYouGoModel\tPermanentDownload\tDE\t\t9\t\tEUR\t10.00\n"
      "SY06.02\tS2\t\t\tSubscriptionModel\tOnDemandStream\tDE\tSvc\t1000\t\tEUR\n"
      "SY01.01\tS3\t\t\tSubscriptionModel\tOnDemandStream\tDE\t\t3\t\tEUR\t1.00\n"
      "AS01.01\tB1\tR1\tD1\t\tT\t\tA\t\t\tSoundRecording\n"
      "SU01\tB1\tS1\tT1\t\tR1\ttrue\tfalse\t5\t1\t0.99\n"
      "SU01\tB1\tS1\tT2\t\tR1\ttrue\tfalse\t4\t0\t1.29\n"
      "SU02\tB1\tS2\tT3\t\tR1\ttrue\t1000\t0.003472\n"
      "SU02\tB1\tS3\tT4\t\tR1\ttrue\t1\n"
      "SU02\tB1\tS3\tT5\t\tR1\ttrue\t2\n"
      "FOOT\t11\t11\t3\t1\t1\n";
  const DsrReport r = parse_dsr(text, "ba.tsv");
  for (const Error& e : r.errors) ADD_FAILURE() << e.to_string();
  ASSERT_EQ(r.sales.size(), 5u);
  EXPECT_EQ(r.sales[0].gross->to_string(), "3.96");  // 0.99 x (5 - 1)
  EXPECT_EQ(r.sales[1].gross->to_string(), "5.16");  // 1.29 x 4
  // 10.00 split pro rata 3.96 : 5.16 -> 4.34 + 5.66 (largest remainder).
  EXPECT_EQ(r.sales[0].amount.to_string(), "4.34");
  EXPECT_EQ(r.sales[1].amount.to_string(), "5.66");
  EXPECT_EQ(r.sales[0].basis, DsrAmountBasis::kAllocated);
  EXPECT_EQ(r.sales[2].amount.to_string(), "3.472");  // No summary revenue: gross.
  EXPECT_EQ(r.sales[2].basis, DsrAmountBasis::kComputed);
  EXPECT_EQ(r.sales[3].amount.to_string(), "0.33");  // No prices: by streams 1 : 2.
  EXPECT_EQ(r.sales[4].amount.to_string(), "0.67");
  ASSERT_EQ(r.reconciliation.size(), 1u);
  EXPECT_EQ(r.reconciliation[0].summary_net_revenue.to_string(), "11");
  EXPECT_EQ(r.reconciliation[0].body_amount.to_string(), "14.472");
}

}  // namespace
}  // namespace fermata
