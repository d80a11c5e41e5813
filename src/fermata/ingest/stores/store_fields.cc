#include "fermata/ingest/stores/store_fields.h"

#include <algorithm>
#include <utility>

#include "fermata/base/assert.h"
#include "fermata/catalog/identifiers.h"
#include "fermata/ingest/csv/csv_reader.h"

namespace fermata::stores {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Byte offsets where each physical line starts (line_starts[0] is line 1).
// LF, CRLF and a lone CR each end a line, as in CsvReader.
std::vector<size_t> line_starts(std::string_view text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    if (text[i] == '\n' || text[i] == '\r') starts.push_back(i + 1);
  }
  return starts;
}

// The text of physical lines [first, last] (1-based), without the final break.
std::string line_text(std::string_view text, const std::vector<size_t>& starts, std::int64_t first,
                      std::int64_t last) {
  const auto count = static_cast<std::int64_t>(starts.size());
  if (first < 1 || first > count) return {};
  last = std::clamp(last, first, count);
  size_t begin = starts[static_cast<size_t>(first - 1)];
  size_t end = last < count ? starts[static_cast<size_t>(last)] : text.size();
  std::string_view raw = text.substr(begin, end - begin);
  while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
  if (begin == 0 && raw.starts_with(kUtf8Bom)) raw.remove_prefix(kUtf8Bom.size());
  return std::string(raw);
}

// One record read from a delimited buffer, or the line of a syntax error.
struct Event {
  std::int64_t line_number = 0;
  bool is_error = false;
  CsvRow row;
  Error error;
};

// A delimiter-generic variant of CsvReader: same rules (quotes, CRLF, empty
// lines, recovery at the next line break), any delimiter, optional quoting.
class DelimitedReader {
 public:
  DelimitedReader(std::string_view text, std::string_view file_name, char delimiter,
                  Quoting quoting)
      : text_(text), file_name_(file_name), delimiter_(delimiter), quoting_(quoting) {
    if (text_.starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
  }

  // False at the end of the text.
  bool next(Event& event) {
    while (pos_ < text_.size() && at_line_end()) consume_line_end();
    if (pos_ >= text_.size()) return false;
    event = Event{};
    event.line_number = line_number_;
    event.row.line_number = line_number_;
    if (!parse_record(event.row, event.error)) {
      event.is_error = true;
      while (pos_ < text_.size() && !at_line_end()) ++pos_;
      if (pos_ < text_.size()) consume_line_end();
    }
    return true;
  }

 private:
  bool parse_record(CsvRow& row, Error& error) {
    const std::int64_t start_line = line_number_;
    while (true) {
      std::string field;
      if (quoting_ == Quoting::kRfc4180 && pos_ < text_.size() && text_[pos_] == '"') {
        ++pos_;
        if (!parse_quoted(field)) {
          error = fail(start_line, "quoted field is not closed before the end of the file");
          return false;
        }
        if (pos_ < text_.size() && text_[pos_] != delimiter_ && !at_line_end()) {
          error = fail(line_number_, "unexpected character after a closing quote");
          return false;
        }
      } else {
        while (pos_ < text_.size() && text_[pos_] != delimiter_ && !at_line_end()) {
          if (quoting_ == Quoting::kRfc4180 && text_[pos_] == '"') {
            error = fail(line_number_, "quote inside an unquoted field");
            return false;
          }
          field.push_back(text_[pos_++]);
        }
      }
      row.fields.push_back(std::move(field));
      if (pos_ >= text_.size()) return true;
      if (text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      consume_line_end();
      return true;
    }
  }

  bool parse_quoted(std::string& field) {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        return true;
      }
      const bool lone_cr = c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n');
      if (c == '\n' || lone_cr) ++line_number_;
      field.push_back(c);
      ++pos_;
    }
    return false;
  }

  Error fail(std::int64_t line, std::string message) const {
    SourceRef where;
    where.file = std::string(file_name_);
    where.line_number = line;
    return make_error(ErrorCode::kParseError, std::move(message), std::move(where));
  }

  bool at_line_end() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }
  void consume_line_end() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_number_;
  }

  std::string_view text_;
  std::string_view file_name_;
  char delimiter_;
  Quoting quoting_;
  size_t pos_ = 0;
  std::int64_t line_number_ = 1;
};

std::vector<Event> read_events(std::string_view text, std::string_view file_name, char delimiter,
                               Quoting quoting) {
  std::vector<Event> events;
  Event event;
  if (delimiter == ',' && quoting == Quoting::kRfc4180) {
    CsvReader reader(text, std::string(file_name));
    while (true) {
      event = Event{};
      Result<bool> more = reader.next(event.row);
      if (!more) {
        event.is_error = true;
        event.error = more.error();
        event.line_number = event.error.where.line_number;
      } else if (!*more) {
        break;
      } else {
        event.line_number = event.row.line_number;
      }
      events.push_back(std::move(event));
    }
    return events;
  }
  DelimitedReader reader(text, file_name, delimiter, quoting);
  while (reader.next(event)) events.push_back(std::move(event));
  return events;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

std::vector<SourceRow> read_rows(std::string_view text, std::string_view file_name, char delimiter,
                                 Quoting quoting, std::vector<Error>& errors,
                                 std::vector<std::string>& rejected_text) {
  const std::vector<size_t> starts = line_starts(text);
  std::vector<Event> events = read_events(text, file_name, delimiter, quoting);
  std::vector<SourceRow> rows;
  for (size_t i = 0; i < events.size(); ++i) {
    const std::int64_t next_line = i + 1 < events.size()
                                       ? events[i + 1].line_number
                                       : static_cast<std::int64_t>(starts.size()) + 1;
    std::string raw = line_text(text, starts, events[i].line_number, next_line - 1);
    if (events[i].is_error) {
      errors.push_back(std::move(events[i].error));
      rejected_text.push_back(std::move(raw));
      continue;
    }
    rows.push_back(
        SourceRow{events[i].line_number, std::move(events[i].row.fields), std::move(raw)});
  }
  return rows;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

RowCheck::RowCheck(std::string_view file_name, std::int64_t line_number)
    : file_name_(file_name), line_number_(line_number) {}

void RowCheck::fail(ErrorCode code, std::string_view field, std::string_view value,
                    std::string message) {
  SourceRef where;
  where.file = file_name_;
  where.line_number = line_number_;
  where.field = std::string(field);
  where.value = std::string(value);
  errors_.push_back(make_error(code, std::move(message), std::move(where)));
}

Decimal RowCheck::decimal(std::string_view field, std::string_view text, ParseOptions options,
                          bool empty_is_zero) {
  const std::string_view value = trim(text);
  if (value.empty()) {
    if (!empty_is_zero) fail(ErrorCode::kFieldMissing, field, text, "a number is required");
    return Decimal();
  }
  Result<Decimal> parsed = Decimal::parse(value, options);
  if (!parsed) {
    fail(parsed.error().code, field, text, parsed.error().message);
    return Decimal();
  }
  return *parsed;
}

Decimal RowCheck::units(std::string_view field, std::string_view text, ParseOptions options,
                        bool empty_is_zero) {
  const size_t before = errors_.size();
  const Decimal value = decimal(field, text, options, empty_is_zero);
  if (errors_.size() == before && !value.is_whole()) {
    fail(ErrorCode::kUnitsNotWhole, field, text, "units must be a whole number");
    return Decimal();
  }
  return value;
}

std::string RowCheck::currency(std::string_view field, std::string_view text) {
  const std::string_view value = trim(text);
  if (value.empty()) {
    fail(ErrorCode::kFieldMissing, field, text, "a currency code is required");
    return {};
  }
  Result<Currency> found = lookup_currency(value);
  if (!found) {
    fail(ErrorCode::kCurrencyUnknown, field, text, "not an ISO 4217 currency code");
    return {};
  }
  return std::string(found->code);
}

std::string RowCheck::isrc(std::string_view field, std::string_view text) {
  const std::string_view value = trim(text);
  if (value.empty()) return {};
  Result<std::string> normalised = validate_isrc(value);
  if (!normalised) {
    fail(ErrorCode::kIdentifierInvalid, field, text, normalised.error().message);
    return {};
  }
  return *normalised;
}

std::string RowCheck::icpn(std::string_view field, std::string_view text) {
  const std::string_view value = trim(text);
  if (value.empty()) return {};
  Result<std::string> valid = validate_icpn(value);
  if (!valid) {
    fail(ErrorCode::kIdentifierInvalid, field, text, valid.error().message);
    return {};
  }
  std::string digits;
  for (char c : value) {
    if (c != ' ' && c != '-') digits.push_back(c);
  }
  return digits;
}

std::string RowCheck::territory(std::string_view field, std::string_view text) {
  const std::string_view value = trim(text);
  if (value.empty()) return {};
  Result<std::string> country = validate_country(value);
  if (!country) {
    fail(ErrorCode::kFieldInvalid, field, text, "not an ISO 3166-1 alpha-2 country code");
    return {};
  }
  return *country;
}

std::string RowCheck::us_date(std::string_view field, std::string_view text) {
  const std::string_view value = trim(text);
  const size_t slash1 = value.find('/');
  const size_t slash2 = slash1 == std::string_view::npos ? slash1 : value.find('/', slash1 + 1);
  if (slash2 != std::string_view::npos) {
    const std::string_view m = value.substr(0, slash1);
    const std::string_view d = value.substr(slash1 + 1, slash2 - slash1 - 1);
    const std::string_view y = value.substr(slash2 + 1);
    if (all_digits(m) && all_digits(d) && all_digits(y) && m.size() <= 2 && d.size() <= 2 &&
        y.size() == 4) {
      const int month = to_int(m), day = to_int(d), year = to_int(y);
      if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month)) {
        return format_iso_date(year, month, day);
      }
    }
  }
  fail(ErrorCode::kDateInvalid, field, text, "expected a date MM/DD/YYYY");
  return {};
}

std::string RowCheck::iso_date(std::string_view field, std::string_view text) {
  const std::string_view value = trim(text);
  Result<std::string> valid = validate_iso_date(value);
  if (!valid) {
    fail(ErrorCode::kDateInvalid, field, text, "expected a date YYYY-MM-DD");
    return {};
  }
  return *valid;
}

std::string RowCheck::month(std::string_view field, std::string_view text) {
  const std::string_view value = trim(text);
  if (value.size() == 7 && value[4] == '-' && all_digits(value.substr(0, 4)) &&
      all_digits(value.substr(5, 2))) {
    const int month = to_int(value.substr(5, 2));
    if (to_int(value.substr(0, 4)) >= 1 && month >= 1 && month <= 12) return std::string(value);
  }
  fail(ErrorCode::kDateInvalid, field, text, "expected a month YYYY-MM");
  return {};
}

void reject_row(const RowCheck& check, const std::string& raw, std::vector<Error>& errors,
                std::vector<std::string>& rejected_text) {
  for (const Error& error : check.errors()) {
    errors.push_back(error);
    rejected_text.push_back(raw);
  }
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  FERMATA_ASSERT(month >= 1 && month <= 12);
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil, on exact integers.
std::int64_t days_from_civil(int year, int month, int day) {
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return format_iso_date(year, month, day);
}

std::string format_iso_date(int year, int month, int day) {
  FERMATA_ASSERT(year >= 0 && year <= 9999);
  FERMATA_ASSERT(month >= 1 && month <= 12);
  FERMATA_ASSERT(day >= 1 && day <= 31);
  char buffer[11];
  buffer[0] = static_cast<char>('0' + year / 1000);
  buffer[1] = static_cast<char>('0' + year / 100 % 10);
  buffer[2] = static_cast<char>('0' + year / 10 % 10);
  buffer[3] = static_cast<char>('0' + year % 10);
  buffer[4] = '-';
  buffer[5] = static_cast<char>('0' + month / 10);
  buffer[6] = static_cast<char>('0' + month % 10);
  buffer[7] = '-';
  buffer[8] = static_cast<char>('0' + day / 10);
  buffer[9] = static_cast<char>('0' + day % 10);
  buffer[10] = '\0';
  return std::string(buffer, 10);
}

std::string month_first_day(std::string_view month) {
  FERMATA_ASSERT(month.size() == 7);
  return std::string(month) + "-01";
}

std::string month_last_day(std::string_view month) {
  FERMATA_ASSERT(month.size() == 7);
  const int year = to_int(month.substr(0, 4));
  const int number = to_int(month.substr(5, 2));
  return format_iso_date(year, number, days_in_month(year, number));
}

void widen_period(std::string_view date, std::string& first, std::string& last) {
  if (date.empty()) return;
  if (first.empty() || date < first) first = std::string(date);
  if (last.empty() || date > last) last = std::string(date);
}

std::string join_sorted_unique(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += '+';
    out += value;
  }
  return out;
}

std::optional<CsvHeader> read_header(const std::vector<SourceRow>& rows,
                                     std::span<const std::string_view> required,
                                     std::string_view key_column, std::string_view file_name,
                                     std::vector<Error>& errors,
                                     std::vector<std::string>& rejected_text) {
  if (rows.empty()) {
    SourceRef where{std::string(file_name), 1, std::string(key_column), ""};
    errors.push_back(make_error(ErrorCode::kFieldMissing, "no header row", where));
    rejected_text.emplace_back();
    return std::nullopt;
  }
  Result<CsvHeader> header =
      CsvHeader::parse(CsvRow{rows[0].line_number, rows[0].fields}, required, file_name);
  if (!header) {
    errors.push_back(header.error());
    rejected_text.push_back(rows[0].raw);
    return std::nullopt;
  }
  return std::move(*header);
}

bool has_header_width(const CsvHeader& header, const SourceRow& row, RowCheck& check,
                      std::vector<Error>& errors, std::vector<std::string>& rejected_text) {
  if (header.check_width(CsvRow{row.line_number, row.fields}, check.file_name())) return true;
  check.fail(ErrorCode::kParseError, "", "",
             "row has " + std::to_string(row.fields.size()) + " fields, the header has " +
                 std::to_string(header.size()));
  reject_row(check, row.raw, errors, rejected_text);
  return false;
}

}  // namespace fermata::stores
