// Goal: the shared readers and calendar helpers behave exactly like
// CsvReader on the same input and compute dates with exact integers. Method:
// small inline inputs with known answers.
#include <gtest/gtest.h>

#include "fermata/ingest/stores/store_fields.h"

namespace fermata::stores {
namespace {

TEST(ReadRows, SemicolonWithQuotesAndRawText) {
  std::vector<Error> errors;
  std::vector<std::string> rejected;
  const std::vector<SourceRow> rows =
      read_rows("a;b\r\n\"x;1\";\"multi\nline\"\r\n\r\nbad\"q;2\nlast;3", "f.csv", ';',
                Quoting::kRfc4180, errors, rejected);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"x;1", "multi\nline"}));
  EXPECT_EQ(rows[1].line_number, 2);
  EXPECT_EQ(rows[1].raw, "\"x;1\";\"multi\nline\"");
  EXPECT_EQ(rows[2].line_number, 6);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.line_number, 5);
  EXPECT_EQ(rejected[0], "bad\"q;2");
}

TEST(ReadRows, TabWithoutQuoting) {
  std::vector<Error> errors;
  std::vector<std::string> rejected;
  const std::vector<SourceRow> rows = read_rows(
      "\xEF\xBB\xBF"
      "a\tb\n\"x\t\"y\"\n",
      "f.tsv", '\t', Quoting::kNone, errors, rejected);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[0].raw, "a\tb");
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"\"x", "\"y\""}));
  EXPECT_TRUE(errors.empty());
}

TEST(Calendar, ExactDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(civil_from_days(0), "1970-01-01");
  EXPECT_EQ(civil_from_days(days_from_civil(2024, 2, 29) + 1), "2024-03-01");
  EXPECT_EQ(civil_from_days(days_from_civil(1899, 12, 30)), "1899-12-30");
  EXPECT_EQ(month_last_day("2024-02"), "2024-02-29");
  EXPECT_EQ(month_last_day("1900-02"), "1900-02-28");
}

}  // namespace
}  // namespace fermata::stores
