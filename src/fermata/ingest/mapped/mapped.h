// Mapped: a generic import for distributor statements that have no parser
// of their own, driven by a small mapping file that says which column holds
// which SaleLine field and how numbers, dates and returns are written.
//
// Mapping file: UTF-8 text, one `key = value` per line, `#` starts a comment
// line, blank lines ignored, keys case-sensitive, each key at most once,
// values trimmed (write `tab` for a TAB). Keys (defaults in brackets):
//   payer                  who owes the money (required); payer_name [payer]
//   delimiter              , ; tab |                                  [,]
//   quote                  " or none                                  ["]
//   header_row             1-based index of the header among non-empty rows [1]
//   footer_rows            non-empty rows at the end to ignore (totals) [0]
//   sheet                  xlsx sheet name                     [first sheet]
//   encoding               informational; decoding happens upstream   [utf-8]
//   decimal_separator      . or ,                                     [.]
//   thousands_separator    none , . space '                           [none]
//   date_format            %d %m %Y %y %b and literal characters [%Y-%m-%d];
//                          without %d a date names a month (e.g. %Y-%m)
//   period                 fixed reporting period YYYY-MM when no date column
//   channel                stream download physical ugc other         [other]
//   currency store territory   fixed values when there is no such column
//   returns                negative (signed numbers) | column (column.returns
//                          holds returned units) | flag (column.return_flag
//                          equals return_flag_value)                  [negative]
//   return_flag_value      the flag value that marks a return
//   column.<field>         the header name of the column for <field>:
//                          isrc upc (or icpn) catalog_number proprietary_id
//                          title artist store territory date units returns
//                          amount price currency return_flag
// Exactly one of column.amount (the line's money) and column.price (unit
// price; amount = price x net units) is required, and one of column.currency
// and currency. See docs/FORMATS.md §7 for a worked example.
//
// Thread safety: pure functions over plain values.
//
//   Result<Mapping> m = parse_mapping(mapping_text, "klang.mapping");
//   if (!m) return m.error();
//   SalesReport r = parse_mapped(file_bytes, *m, "klang-2026-01.csv");
#pragma once

#include <string>
#include <string_view>

#include "fermata/base/result.h"
#include "fermata/ingest/sales/sales.h"

namespace fermata {

enum class ReturnsConvention { kNegative, kColumn, kFlag };

// Header names of the source columns; "" = not mapped.
struct MappingColumns {
  std::string isrc, icpn, catalog_number, proprietary_id, title, artist, store, territory;
  std::string date, units, returns, amount, price, currency, return_flag;
};

struct Mapping {
  std::string file_name;  // The mapping file, for messages.
  std::string payer, payer_name;
  char delimiter = ',';
  bool quoted = true;
  std::int64_t header_row = 1;
  std::int64_t footer_rows = 0;
  std::string sheet;
  std::string encoding = "utf-8";
  char decimal_separator = '.';
  char thousands_separator = '\0';
  std::string date_format = "%Y-%m-%d";
  std::string period;  // "YYYY-MM" or "".
  SalesChannel channel = SalesChannel::kOther;
  std::string currency, store, territory;
  ReturnsConvention returns = ReturnsConvention::kNegative;
  std::string return_flag_value;
  MappingColumns columns;
};

// Parses and checks a mapping file. Errors name the mapping file, the line
// and the key (where.field) with its value: parse_error (a line without '=',
// an unknown or repeated key), field_invalid (a bad value: delimiter,
// separators equal, date_format, channel, returns, header_row...),
// currency_unknown, field_missing (payer, amount/price, currency, or a key
// another key needs; line 0). Only the first problem is returned.
Result<Mapping> parse_mapping(std::string_view text, std::string_view file_name);

// Reads `text_or_xlsx_bytes` (CSV/TSV text, or .xlsx bytes, recognised by
// the ZIP signature) through `mapping`. Lines are numbered by physical line
// (CSV) or spreadsheet row (xlsx); errors name the source column header as
// the field. In xlsx, numeric cells ignore the mapping's separators (they are
// plain decimals) and a numeric cell in the date column is an Excel serial.
// format "mapped"; identity "mapped|<payer>|<period_start>|<period_end>".
// REQUIRES: `mapping` passes parse_mapping's checks (header_row >= 1,
// footer_rows >= 0, a date column or a fixed period).
SalesReport parse_mapped(std::string_view text_or_xlsx_bytes, const Mapping& mapping,
                         std::string_view file_name);

}  // namespace fermata
