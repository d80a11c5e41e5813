#include "fermata/inventory/count_csv.h"

#include <array>
#include <map>
#include <tuple>

#include "fermata/base/date.h"
#include "fermata/catalog/catalog.h"
#include "fermata/ingest/csv/csv_reader.h"

namespace fermata {
namespace {

constexpr std::array<std::string_view, 5> kRequired = {"count", "location", "cutoff", "sku",
                                                       "units"};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool two_digits_at_most(std::string_view text, int max) {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9') {
    return false;
  }
  return (text[0] - '0') * 10 + (text[1] - '0') <= max;
}

// One data row being read: collects its errors with file, line and field.
class RowReader {
 public:
  RowReader(const CsvHeader& header, const CsvRow& row, std::string_view file,
            std::vector<Error>& errors)
      : header_(header), row_(row), file_(file), errors_(errors), before_(errors.size()) {}

  std::string_view get(std::string_view field) const { return trim(header_.get(row_, field)); }
  std::int64_t line() const { return row_.line_number; }
  bool ok() const { return errors_.size() == before_; }

  void fail(ErrorCode code, std::string_view field, std::string_view value, std::string message) {
    errors_.push_back(
        make_error(code, std::move(message),
                   {std::string(file_), row_.line_number, std::string(field), std::string(value)}));
  }

  // A record id (count, location, sku, owner); "" allowed when optional.
  std::string id(std::string_view field, bool required) {
    const std::string_view value = get(field);
    if (value.empty() && !required) return {};
    Status valid = validate_record_id(field, value);
    if (!valid) fail(valid.error().code, field, value, valid.error().message);
    return std::string(value);
  }

  Decimal units() {
    const std::string_view text = get("units");
    Result<Decimal> value = Decimal::parse(text);
    if (!value) {
      fail(value.error().code, "units", text, "units: " + value.error().message);
      return {};
    }
    if (!value->is_whole()) {
      fail(ErrorCode::kUnitsNotWhole, "units", text, "units must be a whole number");
    } else if (value->is_negative()) {
      fail(ErrorCode::kFieldInvalid, "units", text, "a count finds 0 units or more");
    }
    return *value;
  }

 private:
  const CsvHeader& header_;
  const CsvRow& row_;
  std::string_view file_;
  std::vector<Error>& errors_;
  std::size_t before_;
};

// The fields every row repeats: the first data row sets them, later rows
// must agree.
struct Heading {
  std::int64_t line = 0;  // The row that set them.
  std::string count, location, cutoff;
};

void check_same(RowReader& row, std::string_view field, const std::string& value,
                const std::string& first, std::int64_t first_line) {
  if (value == first) return;
  row.fail(ErrorCode::kFieldInvalid, field, value,
           "a file is one count: line " + std::to_string(first_line) + " says '" + first +
               "' (split the file)");
}

void read_heading(RowReader& row, Heading& heading, CountFile& file) {
  const std::string id = row.id("count", true);
  const std::string location = row.id("location", true);
  const std::string cutoff(row.get("cutoff"));
  Result<std::string> day = parse_count_cutoff(cutoff);
  if (!day) row.fail(day.error().code, "cutoff", cutoff, day.error().message);
  if (heading.line == 0) {
    heading = {row.line(), id, location, cutoff};
    file.count.id = id;
    file.count.location = location;
    file.count.cutoff = cutoff;
    file.count.cutoff_date = day ? *day : "";
    return;
  }
  check_same(row, "count", id, heading.count, heading.line);
  check_same(row, "location", location, heading.location, heading.line);
  // An invalid cut-off is reported once, not again as a different one.
  if (day && !file.count.cutoff_date.empty()) {
    check_same(row, "cutoff", cutoff, heading.cutoff, heading.line);
  }
}

using LineKey = std::tuple<std::string, std::string, std::string>;  // sku, owner, bin

void read_row(const CsvHeader& header, const CsvRow& csv, std::string_view file_name,
              Heading& heading, std::map<LineKey, std::int64_t>& seen, CountFile& file) {
  if (Status width = header.check_width(csv, file_name); !width) {
    file.errors.push_back(width.error());
    return;
  }
  RowReader row(header, csv, file_name, file.errors);
  read_heading(row, heading, file);
  CountLine line;
  line.line_number = csv.line_number;
  line.sku = row.id("sku", true);
  line.owner = row.id("owner", false);
  line.owner_given = !line.owner.empty();
  line.units = row.units();
  line.bin = std::string(row.get("bin"));
  if (!row.ok()) return;
  auto [at, inserted] = seen.try_emplace({line.sku, line.owner, line.bin}, line.line_number);
  if (!inserted) {
    row.fail(ErrorCode::kFieldInvalid, "sku", line.sku,
             "counted on line " + std::to_string(at->second) +
                 " too, with the same owner and bin (a double scan?)");
    return;
  }
  file.count.lines.push_back(std::move(line));
}

}  // namespace

Result<std::string> parse_count_cutoff(std::string_view text) {
  const std::string_view day = text.substr(0, 10);
  bool valid = is_iso_date(day) && (text.size() == 10 || text.size() == 16);
  if (valid && text.size() == 16) {
    valid = text[10] == 'T' && text[13] == ':' && two_digits_at_most(text.substr(11, 2), 23) &&
            two_digits_at_most(text.substr(14, 2), 59);
  }
  if (!valid) {
    return make_error(ErrorCode::kDateInvalid,
                      "a cut-off is YYYY-MM-DD or YYYY-MM-DDTHH:MM (a real day, 24-hour time)",
                      field_ref("cutoff", text));
  }
  return std::string(day);
}

CountFile parse_count_csv(std::string_view text, std::string_view file_name) {
  CountFile file;
  CsvReader reader(text, std::string(file_name));
  std::optional<CsvHeader> header;
  Heading heading;
  std::map<LineKey, std::int64_t> seen;
  CsvRow csv;
  while (true) {
    Result<bool> more = reader.next(csv);
    if (!more) {
      file.errors.push_back(more.error());
      continue;
    }
    if (!*more) break;
    if (!header) {
      Result<CsvHeader> parsed = CsvHeader::parse(csv, kRequired, file_name);
      if (!parsed) {
        Error error = parsed.error();
        if (error.where.line_number == 0) error.where.line_number = csv.line_number;
        file.errors.push_back(std::move(error));
        return file;
      }
      header = std::move(*parsed);
      continue;
    }
    ++file.rows;
    read_row(*header, csv, file_name, heading, seen, file);
  }
  if (file.rows == 0 && file.errors.empty()) {
    file.errors.push_back(make_error(ErrorCode::kFieldMissing,
                                     "a count file needs its header and at least one row",
                                     {std::string(file_name), 1, "", ""}));
  }
  return file;
}

}  // namespace fermata
