#include "fermata/ingest/csv/csv_reader.h"

#include <utility>

#include "fermata/base/assert.h"

namespace fermata {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

SourceRef at(std::string_view file, std::int64_t line, std::string field = "",
             std::string value = "") {
  SourceRef where;
  where.file = std::string(file);
  where.line_number = line;
  where.field = std::move(field);
  where.value = std::move(value);
  return where;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

CsvReader::CsvReader(std::string_view buffer, std::string file_name)
    : buffer_(buffer), file_name_(std::move(file_name)) {
  if (buffer_.starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
}

Result<bool> CsvReader::next(CsvRow& row) {
  // Empty lines carry no record; skipping them keeps trailing blank lines
  // from spreadsheets from becoming one-field rows.
  while (pos_ < buffer_.size() && at_line_end()) consume_line_end();
  if (pos_ >= buffer_.size()) return false;
  row.line_number = line_number_;
  row.fields.clear();
  Result<bool> result = parse_record(row);
  if (!result) skip_past_line_end();
  return result;
}

Result<bool> CsvReader::parse_record(CsvRow& row) {
  const std::int64_t start_line = line_number_;
  while (true) {
    std::string field;
    if (pos_ < buffer_.size() && buffer_[pos_] == '"') {
      ++pos_;
      Status closed = parse_quoted(field);
      if (!closed) {
        return make_error(ErrorCode::kParseError,
                          "quoted field starting on line " + std::to_string(start_line) +
                              " is not closed before the end of the file",
                          at(file_name_, start_line));
      }
      if (pos_ < buffer_.size() && buffer_[pos_] != ',' && !at_line_end()) {
        return syntax_error(std::string("unexpected character '") + buffer_[pos_] +
                            "' after a closing quote; a quote inside a quoted field is written "
                            "as two quotes");
      }
    } else {
      while (pos_ < buffer_.size() && buffer_[pos_] != ',' && !at_line_end()) {
        if (buffer_[pos_] == '"') {
          return syntax_error(
              "quote inside an unquoted field; quote the whole field and double the quote");
        }
        field.push_back(buffer_[pos_++]);
      }
    }
    row.fields.push_back(std::move(field));
    if (pos_ >= buffer_.size()) return true;
    if (buffer_[pos_] == ',') {
      ++pos_;
      continue;
    }
    consume_line_end();
    return true;
  }
}

Status CsvReader::parse_quoted(std::string& field) {
  while (pos_ < buffer_.size()) {
    const char c = buffer_[pos_];
    if (c == '"') {
      if (pos_ + 1 < buffer_.size() && buffer_[pos_ + 1] == '"') {
        field.push_back('"');
        pos_ += 2;
        continue;
      }
      ++pos_;
      return ok_status();
    }
    const bool lone_cr = c == '\r' && (pos_ + 1 >= buffer_.size() || buffer_[pos_ + 1] != '\n');
    if (c == '\n' || lone_cr) ++line_number_;
    field.push_back(c);
    ++pos_;
  }
  return make_error(ErrorCode::kParseError, "unterminated quoted field");
}

bool CsvReader::at_line_end() const {
  FERMATA_ASSERT(pos_ < buffer_.size());
  return buffer_[pos_] == '\n' || buffer_[pos_] == '\r';
}

void CsvReader::consume_line_end() {
  FERMATA_ASSERT(at_line_end());
  if (buffer_[pos_] == '\r' && pos_ + 1 < buffer_.size() && buffer_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_number_;
}

void CsvReader::skip_past_line_end() {
  while (pos_ < buffer_.size() && !at_line_end()) ++pos_;
  if (pos_ < buffer_.size()) consume_line_end();
}

Error CsvReader::syntax_error(std::string message) const {
  return make_error(ErrorCode::kParseError, std::move(message), at(file_name_, line_number_));
}

Result<CsvHeader> CsvHeader::parse(const CsvRow& header, std::span<const std::string_view> required,
                                   std::string_view file_name) {
  CsvHeader out;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = trim(header.fields[i]);
    if (name.empty()) {
      return make_error(ErrorCode::kParseError,
                        "header column " + std::to_string(i + 1) + " has no name",
                        at(file_name, header.line_number));
    }
    if (!out.index_.emplace(name, i).second) {
      return make_error(ErrorCode::kParseError, "header names column '" + name + "' twice",
                        at(file_name, header.line_number, name));
    }
    out.names_.push_back(std::move(name));
  }
  std::string missing;
  std::string first_missing;
  for (std::string_view name : required) {
    if (out.has(name)) continue;
    if (first_missing.empty()) first_missing = std::string(name);
    missing += missing.empty() ? "" : ", ";
    missing += name;
  }
  if (!missing.empty()) {
    return make_error(ErrorCode::kFieldMissing, "header lacks required column(s) " + missing,
                      at(file_name, header.line_number, first_missing));
  }
  return out;
}

std::optional<size_t> CsvHeader::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string_view CsvHeader::get(const CsvRow& row, std::string_view name) const {
  FERMATA_ASSERT(row.fields.size() == names_.size());
  std::optional<size_t> index = find(name);
  if (!index) return {};
  return row.fields[*index];
}

Status CsvHeader::check_width(const CsvRow& row, std::string_view file_name) const {
  if (row.fields.size() == names_.size()) return ok_status();
  return make_error(ErrorCode::kParseError,
                    "row has " + std::to_string(row.fields.size()) + " fields, the header has " +
                        std::to_string(names_.size()),
                    at(file_name, row.line_number));
}

Result<std::vector<CsvRow>> read_all_csv(std::string_view buffer, std::string file_name) {
  CsvReader reader(buffer, std::move(file_name));
  std::vector<CsvRow> rows;
  CsvRow row;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(const bool more, reader.next(row));
    if (!more) return rows;
    rows.push_back(row);
  }
}

}  // namespace fermata
