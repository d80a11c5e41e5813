// Xlsx: a minimal reader for the cells of one worksheet of an Office Open
// XML workbook (.xlsx), enough for distributor statements.
//
// What it reads: xl/workbook.xml (sheet names, the 1904 date-system flag)
// and xl/_rels/workbook.xml.rels (sheet name → part), xl/sharedStrings.xml,
// and one worksheet's <sheetData>. Cell types: shared strings (t="s"),
// inline strings (t="inlineStr", rich-text runs concatenated), formula
// strings (t="str"), booleans (t="b" → "TRUE"/"FALSE"), errors (t="e", kept
// as their text, e.g. "#N/A") and numbers. Numbers are kept as the exact text
// of <v>, never passed through a double; an exponent ("1.5E-3") is expanded
// textually to plain decimal notation. Styles are not read, so a date cell
// is a number (its serial); excel_serial_to_iso() converts it exactly.
//
// Limits (against zip bombs and hostile input): each part at most 64 MiB
// uncompressed, columns A..XFD (16384), rows 1..1048576.
//
// Thread safety: pure functions over plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"

namespace fermata {

struct XlsxCell {
  std::string text;
  bool is_number = false;  // A numeric cell: text is plain decimal notation.
};

struct XlsxRow {
  std::int64_t row_number = 0;  // 1-based spreadsheet row.
  std::vector<XlsxCell> cells;  // Index = column (A = 0); gaps are empty cells.
};

struct XlsxSheet {
  std::string name;
  bool date1904 = false;      // workbookPr date1904: serials count from 1904-01-01.
  std::vector<XlsxRow> rows;  // Rows present in the file, in order.
};

// True when `bytes` start like a ZIP archive ("PK\3\4").
bool looks_like_xlsx(std::string_view bytes);

// The sheet names in workbook order. Errors: parse_error naming `file_name`
// (not a ZIP, a missing or malformed part).
Result<std::vector<std::string>> xlsx_sheet_names(std::string_view bytes,
                                                  std::string_view file_name);

// The cells of sheet `sheet_name`, or of the first sheet when it is empty.
// Errors: parse_error (as above, or a bad cell reference, with the row as
// line number), field_missing (no sheet of that name; where.field = "sheet").
Result<XlsxSheet> read_xlsx_sheet(std::string_view bytes, std::string_view sheet_name,
                                  std::string_view file_name);

// The 0-based column of a cell reference ("A1" → 0, "AB12" → 27), or -1 when
// it is malformed or beyond XFD.
std::int64_t xlsx_column_index(std::string_view cell_ref);

// Plain decimal notation for a number as written in <v>: "1.5E-3" →
// "0.0015", "2E+3" → "2000", other text unchanged. Exact (text only).
std::string xlsx_number_text(std::string_view value);

// The ISO date of an Excel serial day number ("46023", "46023.75": the time
// of day is dropped). 1900 system: serial 1 is 1900-01-01 and serial 60 is
// the fictitious 1900-02-29 that Excel keeps for Lotus 1-2-3 compatibility,
// so serials from 61 on are (1899-12-30 + serial) and serial 60 is rejected.
// 1904 system: 1904-01-01 + serial. "" for text that is not a valid serial.
std::string excel_serial_to_iso(std::string_view serial, bool date1904);

}  // namespace fermata
