#include "fermata/ingest/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <array>

namespace fermata {
namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRow> read_ok(std::string_view text) {
  Result<std::vector<CsvRow>> rows = read_all_csv(text, "t.csv");
  EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error().to_string());
  return rows ? *rows : std::vector<CsvRow>{};
}

TEST(CsvReaderTest, QuotesCommasNewlinesAndLineNumbers) {
  const std::vector<CsvRow> rows = read_ok(
      "\xEF\xBB\xBFid,note\r\n1,\"a, b\"\r\n2,\"two\nlines\"\n3,\"say \"\"hi\"\"\"\n\n4,\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].fields, (Fields{"id", "note"}));
  EXPECT_EQ(rows[0].line_number, 1);
  EXPECT_EQ(rows[1].fields, (Fields{"1", "a, b"}));
  EXPECT_EQ(rows[1].line_number, 2);
  EXPECT_EQ(rows[2].fields, (Fields{"2", "two\nlines"}));
  EXPECT_EQ(rows[2].line_number, 3);
  EXPECT_EQ(rows[3].fields, (Fields{"3", "say \"hi\""}));
  EXPECT_EQ(rows[3].line_number, 5);
  EXPECT_EQ(rows[4].fields, (Fields{"4", ""}));  // Line 6 is empty and skipped.
  EXPECT_EQ(rows[4].line_number, 7);
}

TEST(CsvReaderTest, LastLineWithoutNewlineAndEmptyQuoted) {
  const std::vector<CsvRow> rows = read_ok("a,\"\",c");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "", "c"}));
  EXPECT_TRUE(read_ok("").empty());
  EXPECT_TRUE(read_ok("\xEF\xBB\xBF\r\n\r\n").empty());
}

TEST(CsvReaderTest, SyntaxErrorsNameLineAndContinue) {
  CsvReader reader("a,b\n1,x\"y\n\"q\"z,3\nok,1\n\"open\n", "bad.csv");
  CsvRow row;
  ASSERT_TRUE(*reader.next(row));
  Result<bool> stray = reader.next(row);
  ASSERT_FALSE(stray);
  EXPECT_EQ(stray.error().to_string(),
            "bad.csv:2: quote inside an unquoted field; quote the whole field and double the "
            "quote [parse_error]");
  Result<bool> after = reader.next(row);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().to_string(),
            "bad.csv:3: unexpected character 'z' after a closing quote; a quote inside a quoted "
            "field is written as two quotes [parse_error]");
  ASSERT_TRUE(*reader.next(row));
  EXPECT_EQ(row.fields, (Fields{"ok", "1"}));
  EXPECT_EQ(row.line_number, 4);
  Result<bool> open = reader.next(row);
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().to_string(),
            "bad.csv:5: quoted field starting on line 5 is not closed before the end of the "
            "file [parse_error]");
  EXPECT_FALSE(*reader.next(row));
}

TEST(CsvHeaderTest, MapsColumnsAndReportsMissingOnes) {
  const std::vector<CsvRow> rows = read_ok(" id , name,kind\nL1,Quiet,label\n");
  constexpr std::array<std::string_view, 2> kNeeded = {"id", "kind"};
  Result<CsvHeader> header = CsvHeader::parse(rows[0], kNeeded, "p.csv");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->find("name"), 1u);
  EXPECT_EQ(header->find("missing"), std::nullopt);
  EXPECT_EQ(header->get(rows[1], "kind"), "label");
  EXPECT_TRUE(header->check_width(rows[1], "p.csv"));

  constexpr std::array<std::string_view, 3> kMore = {"id", "sku", "upc"};
  Result<CsvHeader> missing = CsvHeader::parse(rows[0], kMore, "p.csv");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(),
            "p.csv:1: field 'sku': header lacks required column(s) sku, upc [field_missing]");

  const std::vector<CsvRow> dup = read_ok("id,id\n1,2,3\n");
  EXPECT_EQ(CsvHeader::parse(dup[0], {}, "d.csv").error().to_string(),
            "d.csv:1: field 'id': header names column 'id' twice [parse_error]");
  Result<CsvHeader> one = CsvHeader::parse(read_ok("id\n")[0], {}, "d.csv");
  EXPECT_EQ(one->check_width(dup[1], "d.csv").error().to_string(),
            "d.csv:2: row has 3 fields, the header has 1 [parse_error]");
}

}  // namespace
}  // namespace fermata
