// Store fields: the shared machinery of the store-report parsers (and of
// mapped/, the generic column-mapped import, which links this library).
//
// What lives here and why it is shared:
//  - read_rows(): delimited records with their raw text. Comma files with
//    quotes go through CsvReader (csv/csv_reader.h); TAB and ';' files go
//    through a small reader here, because CsvReader is comma-only. Vendor TSV
//    (Apple, DistroKid) has no quoting at all: a '"' in a title is a literal
//    character, so those files are read with Quoting::kNone.
//  - RowCheck: collects every error of one row, each naming file, line,
//    field and value, so a parser reports all problems of a file at once.
//  - Calendar helpers on ISO text and day numbers (exact integer arithmetic),
//    used for Apple's fiscal calendar and Excel serial dates.
//
// Thread safety: pure functions and plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/ingest/csv/csv_reader.h"
#include "fermata/ingest/sales/sales.h"
#include "fermata/money/money.h"

namespace fermata::stores {

enum class Quoting {
  kRfc4180,  // '"' quotes a field; "" inside stands for one quote.
  kNone,     // Quotes are ordinary characters (IANA text/tab-separated-values).
};

struct SourceRow {
  std::int64_t line_number = 0;  // 1-based physical line where the record starts.
  std::vector<std::string> fields;
  std::string raw;  // The record's source text without its line break.
};

// Every record of `text` (a UTF-8 BOM is skipped, empty lines are skipped).
// A record with a syntax error is not returned; its error (parse_error, with
// file and line) is appended to `errors` and its text to `rejected_text`.
std::vector<SourceRow> read_rows(std::string_view text, std::string_view file_name, char delimiter,
                                 Quoting quoting, std::vector<Error>& errors,
                                 std::vector<std::string>& rejected_text);

// Surrounding spaces and TABs removed.
std::string_view trim(std::string_view text);

// The error collector for one source row. Each check either returns the
// parsed value or records an error naming the field and the raw value, so a
// caller runs every check and then asks ok().
class RowCheck {
 public:
  RowCheck(std::string_view file_name, std::int64_t line_number);

  void fail(ErrorCode code, std::string_view field, std::string_view value, std::string message);
  bool ok() const { return errors_.empty(); }
  const std::string& file_name() const { return file_name_; }
  const std::vector<Error>& errors() const { return errors_; }

  // A decimal; empty text is field_missing unless `empty_is_zero`.
  Decimal decimal(std::string_view field, std::string_view text, ParseOptions options = {},
                  bool empty_is_zero = false);
  // A decimal that must be a whole number (units).
  Decimal units(std::string_view field, std::string_view text, ParseOptions options = {},
                bool empty_is_zero = false);
  // An ISO 4217 code (must not be empty).
  std::string currency(std::string_view field, std::string_view text);
  // Normalised ISRC, or "" for empty text.
  std::string isrc(std::string_view field, std::string_view text);
  // The UPC/EAN digits as written (spaces and '-' dropped, check digit
  // verified), or "" for empty text.
  std::string icpn(std::string_view field, std::string_view text);
  // ISO 3166-1 alpha-2 upper case, or "" for empty text.
  std::string territory(std::string_view field, std::string_view text);
  // "MM/DD/YYYY" → ISO date; "" after recording an error.
  std::string us_date(std::string_view field, std::string_view text);
  // "YYYY-MM-DD" → itself; "" after recording an error.
  std::string iso_date(std::string_view field, std::string_view text);
  // "YYYY-MM" → itself; "" after recording an error.
  std::string month(std::string_view field, std::string_view text);

 private:
  std::string file_name_;
  std::int64_t line_number_;
  std::vector<Error> errors_;
};

// The header of a table whose first row names its columns, checked against
// `required`. Records why the table cannot be read (no row at all:
// field_missing on `key_column` at line 1; a bad header: CsvHeader's error)
// and returns nullopt then.
std::optional<CsvHeader> read_header(const std::vector<SourceRow>& rows,
                                     std::span<const std::string_view> required,
                                     std::string_view key_column, std::string_view file_name,
                                     std::vector<Error>& errors,
                                     std::vector<std::string>& rejected_text);

// True when `row` has the header's width; otherwise rejects it (parse_error
// naming both widths) and returns false.
bool has_header_width(const CsvHeader& header, const SourceRow& row, RowCheck& check,
                      std::vector<Error>& errors, std::vector<std::string>& rejected_text);

// Appends `check`'s errors to the report, each with `raw` as rejected text.
void reject_row(const RowCheck& check, const std::string& raw, std::vector<Error>& errors,
                std::vector<std::string>& rejected_text);

// Calendar arithmetic (proleptic Gregorian, exact integers).
bool is_leap_year(int year);
int days_in_month(int year, int month);
// Days since 1970-01-01 for a valid date (negative before it).
std::int64_t days_from_civil(int year, int month, int day);
// The ISO "YYYY-MM-DD" text of a day number from days_from_civil.
std::string civil_from_days(std::int64_t days);
// "YYYY-MM-DD" for the numbers; REQUIRES a valid date.
std::string format_iso_date(int year, int month, int day);
// First and last day of "YYYY-MM". REQUIRES: a valid month text.
std::string month_first_day(std::string_view month);
std::string month_last_day(std::string_view month);

// Expands min/max of ISO dates; empty `date` is ignored.
void widen_period(std::string_view date, std::string& first, std::string& last);

// The distinct values joined with '+', in sorted order (for identities).
std::string join_sorted_unique(std::vector<std::string> values);

}  // namespace fermata::stores
