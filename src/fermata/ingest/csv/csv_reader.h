// CsvReader: RFC 4180 CSV records read from an in-memory buffer.
//
// A record is a list of fields separated by ','; a field may be quoted with
// '"', in which case it may hold commas, CR/LF line breaks and doubled quotes
// ("" stands for one "). Lines end with LF or CRLF. A UTF-8 byte order mark at
// the start is skipped. Completely empty lines (nothing between two line
// breaks) are skipped, because spreadsheets leave them at the end of files.
// Each record carries the 1-based physical line number it starts on, so an
// error inside a multi-line quoted field still points at its record.
//
// After a syntax error next() skips to the next line break and continues, so a
// caller can collect every error in a file. Fields are copies; the buffer must
// outlive the reader.
//
// Thread safety: a reader is single-threaded; separate readers are independent.
//
//   CsvReader reader(text, "catalog.csv");
//   CsvRow row;
//   while (true) {
//     Result<bool> more = reader.next(row);
//     if (!more) { errors.push_back(more.error()); continue; }
//     if (!*more) break;
//     Use(row);
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fermata/base/result.h"

namespace fermata {

struct CsvRow {
  std::int64_t line_number = 0;  // 1-based physical line where the record starts.
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  CsvReader(std::string_view buffer, std::string file_name);

  // Reads the next record into `row`. Returns true when a record was read,
  // false at the end of the buffer. Errors: parse_error (a quote inside an
  // unquoted field, text after a closing quote, an unterminated quoted field)
  // naming the file and line; `row` is then unspecified and the reader has
  // moved past the bad line.
  Result<bool> next(CsvRow& row);

  const std::string& file_name() const { return file_name_; }

 private:
  Result<bool> parse_record(CsvRow& row);
  Status parse_quoted(std::string& field);
  void skip_past_line_end();
  bool at_line_end() const;
  void consume_line_end();
  Error syntax_error(std::string message) const;

  std::string_view buffer_;
  std::string file_name_;
  size_t pos_ = 0;
  std::int64_t line_number_ = 1;  // Physical line of buffer_[pos_].
};

// Column name -> index for a header row. Names are matched exactly after
// trimming surrounding spaces.
class CsvHeader {
 public:
  // Builds the map from `header` and checks that every name in `required` is
  // present. Errors: field_missing listing every missing column (where.field
  // is the first one), parse_error for an empty or repeated column name.
  static Result<CsvHeader> parse(const CsvRow& header, std::span<const std::string_view> required,
                                 std::string_view file_name);

  std::optional<size_t> find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name).has_value(); }
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

  // The value of column `name` in `row`, or "" when the header lacks it.
  // REQUIRES: row.fields.size() == size().
  std::string_view get(const CsvRow& row, std::string_view name) const;

  // parse_error when `row` has a different number of fields than the header.
  Status check_width(const CsvRow& row, std::string_view file_name) const;

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, size_t> index_;
};

// Reads every record of `buffer`; the first row is the header.
// Errors: as CsvReader::next, only the first.
Result<std::vector<CsvRow>> read_all_csv(std::string_view buffer, std::string file_name);

}  // namespace fermata
