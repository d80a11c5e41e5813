// Goal: the minimal xlsx reader finds sheets through the relationships,
// resolves shared and inline strings, keeps numbers as exact text, and
// converts serial dates exactly, Lotus leap-year bug included. Method: the
// SYNTHETIC workbook written by tests/data/stores/make_xlsx.py and known
// serial/date pairs.
#include "fermata/ingest/mapped/xlsx.h"

#include <gtest/gtest.h>

#include "fermata/ingest/stores/stores_test_util.h"

namespace fermata {
namespace {

using stores_test::read_fixture;

TEST(Xlsx, SheetNamesAndCells) {
  const std::string bytes = read_fixture("klangvertrieb_2026-01.xlsx");
  ASSERT_TRUE(looks_like_xlsx(bytes));
  Result<std::vector<std::string>> names = xlsx_sheet_names(bytes, "k.xlsx");
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, (std::vector<std::string>{"Notizen", "Abrechnung"}));

  Result<XlsxSheet> first = read_xlsx_sheet(bytes, "", "k.xlsx");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->name, "Notizen");
  ASSERT_EQ(first->rows.size(), 1u);
  EXPECT_EQ(first->rows[0].cells[0].text, "Keine Notizen");

  Result<XlsxSheet> sheet = read_xlsx_sheet(bytes, "Abrechnung", "k.xlsx");
  ASSERT_TRUE(sheet.has_value()) << sheet.error().to_string();
  ASSERT_EQ(sheet->rows.size(), 10u);
  EXPECT_FALSE(sheet->date1904);
  const XlsxRow& row = sheet->rows[3];
  EXPECT_EQ(row.row_number, 4);
  ASSERT_EQ(row.cells.size(), 12u);
  EXPECT_EQ(row.cells[0].text, "Amazon Music");
  EXPECT_FALSE(row.cells[0].is_number);
  EXPECT_EQ(row.cells[3].text, "DEXY72600001");  // Inline string.
  EXPECT_EQ(row.cells[7].text, "46025");         // 2026-01-03 as a serial.
  EXPECT_TRUE(row.cells[7].is_number);
  EXPECT_EQ(sheet->rows[6].cells[10].text, "0.001234");  // Written 1.234E-3.
  EXPECT_EQ(sheet->rows[5].cells[3].text, "");           // Omitted cell.
  EXPECT_EQ(sheet->rows[9].cells.size(), 12u);           // Gap B..J filled.

  Result<XlsxSheet> missing = read_xlsx_sheet(bytes, "Nope", "k.xlsx");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kFieldMissing);
  EXPECT_EQ(missing.error().where.field, "sheet");
}

TEST(Xlsx, NotAZip) {
  Result<XlsxSheet> sheet = read_xlsx_sheet("PK\x03\x04garbage", "", "g.xlsx");
  ASSERT_FALSE(sheet.has_value());
  EXPECT_EQ(sheet.error().code, ErrorCode::kParseError);
  EXPECT_EQ(sheet.error().where.file, "g.xlsx");
}

TEST(Xlsx, ColumnIndex) {
  EXPECT_EQ(xlsx_column_index("A1"), 0);
  EXPECT_EQ(xlsx_column_index("Z9"), 25);
  EXPECT_EQ(xlsx_column_index("AB12"), 27);
  EXPECT_EQ(xlsx_column_index("XFD1048576"), 16383);
  EXPECT_EQ(xlsx_column_index("XFE1"), -1);
  EXPECT_EQ(xlsx_column_index("a1"), -1);
  EXPECT_EQ(xlsx_column_index("A"), -1);
  EXPECT_EQ(xlsx_column_index("A0"), -1);
}

TEST(Xlsx, NumberText) {
  EXPECT_EQ(xlsx_number_text("3.61"), "3.61");
  EXPECT_EQ(xlsx_number_text("1.234E-3"), "0.001234");
  EXPECT_EQ(xlsx_number_text("-1.5e-1"), "-0.15");
  EXPECT_EQ(xlsx_number_text("2E+3"), "2000");
  EXPECT_EQ(xlsx_number_text("1.25E1"), "12.5");
  EXPECT_EQ(xlsx_number_text("0.05E1"), "0.5");
  EXPECT_EQ(xlsx_number_text("1E"), "1E");
}

TEST(Xlsx, SerialDates) {
  EXPECT_EQ(excel_serial_to_iso("1", false), "1900-01-01");
  EXPECT_EQ(excel_serial_to_iso("59", false), "1900-02-28");
  EXPECT_EQ(excel_serial_to_iso("60", false), "");  // 1900-02-29 never existed.
  EXPECT_EQ(excel_serial_to_iso("61", false), "1900-03-01");
  EXPECT_EQ(excel_serial_to_iso("46025", false), "2026-01-03");
  EXPECT_EQ(excel_serial_to_iso("46025.999", false), "2026-01-03");
  EXPECT_EQ(excel_serial_to_iso("2958465", false), "9999-12-31");
  EXPECT_EQ(excel_serial_to_iso("2958466", false), "");
  EXPECT_EQ(excel_serial_to_iso("0", false), "");
  EXPECT_EQ(excel_serial_to_iso("-1", false), "");
  EXPECT_EQ(excel_serial_to_iso("0", true), "1904-01-01");
  EXPECT_EQ(excel_serial_to_iso("44563", true), "2026-01-03");
}

}  // namespace
}  // namespace fermata
