// Record-level checks: cell counts, required cells, decimals and dates.
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata::dsr_internal {

Error dsr_error(ErrorCode code, std::string message, std::string_view file, std::int64_t line,
                std::string_view field, std::string_view value) {
  SourceRef where = field_ref(field, value);
  where.file = std::string(file);
  where.line_number = line;
  return make_error(code, std::move(message), std::move(where));
}

void check_record_cells(const DsrRecord& record, const RecordSpec& spec, std::string_view file,
                        bool allow_extra, std::vector<Error>* errors) {
  const std::size_t count = record.cells.size();
  if (count > spec.cells.size() && !allow_extra) {
    const DsrCell& extra = record.cells[spec.cells.size()];
    errors->push_back(dsr_error(ErrorCode::kFieldInvalid,
                                record.type + " has " + std::to_string(count + 1) +
                                    " cells; its table allows " +
                                    std::to_string(spec.cells.size() + 1),
                                file, record.line_number, extra.name, extra.text()));
  }
  for (std::size_t i = 0; i < spec.cells.size(); ++i) {
    if (!spec.cells[i].required) continue;
    if (i < count && !record.cells[i].text().empty()) continue;
    errors->push_back(dsr_error(ErrorCode::kFieldMissing,
                                record.type + " requires " + std::string(spec.cells[i].name), file,
                                record.line_number, spec.cells[i].name, ""));
  }
}

std::optional<Decimal> decimal_cell(const DsrRecord& record, std::string_view name,
                                    std::string_view file, std::vector<Error>* errors) {
  const std::string_view text = record.get(name);
  if (text.empty()) return std::nullopt;
  Result<Decimal> value = Decimal::parse(text);
  if (!value) {
    errors->push_back(
        dsr_error(value.error().code, value.error().message, file, record.line_number, name, text));
    return std::nullopt;
  }
  return *value;
}

Decimal decimal_sum_cell(const DsrRecord& record, std::string_view name, std::string_view file,
                         std::vector<Error>* errors) {
  Decimal sum;
  const DsrCell* cell = record.find(name);
  if (cell == nullptr) return sum;
  for (const std::string& text : cell->values) {
    if (text.empty()) continue;
    Result<Decimal> value = Decimal::parse(text);
    Result<Decimal> next = value ? sum.checked_add(*value) : value;
    if (!next) {
      errors->push_back(
          dsr_error(next.error().code, next.error().message, file, record.line_number, name, text));
      return Decimal();
    }
    sum = *next;
  }
  return sum;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::optional<std::int64_t> count_cell(const DsrRecord& record, std::string_view name,
                                       DsrReport* report) {
  const std::string_view text = record.get(name);
  std::optional<std::int64_t> value = parse_count(text);
  if (!value && !text.empty()) {
    report->errors.push_back(dsr_error(ErrorCode::kFieldInvalid, "expected a whole count",
                                       report->file_name, record.line_number, name, text));
  }
  return value;
}

}  // namespace fermata::dsr_internal

namespace fermata {
namespace {

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

bool in_range(std::string_view digits, int low, int high) {
  const int value = std::stoi(std::string(digits));
  return value >= low && value <= high;
}

}  // namespace

Result<std::string> normalize_dsr_date(std::string_view text, bool* compact) {
  *compact = false;
  std::string out(text);
  if (text.size() == 8 && all_digits(text)) {
    *compact = true;
    out = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
          std::string(text.substr(6, 2));
  }
  const std::string_view v = out;
  const bool shape_ok =
      (v.size() == 4 || v.size() == 7 || v.size() == 10) && all_digits(v.substr(0, 4)) &&
      (v.size() < 7 ||
       (v[4] == '-' && all_digits(v.substr(5, 2)) && in_range(v.substr(5, 2), 1, 12))) &&
      (v.size() < 10 ||
       (v[7] == '-' && all_digits(v.substr(8, 2)) && in_range(v.substr(8, 2), 1, 31)));
  if (!shape_ok) {
    return make_error(ErrorCode::kDateInvalid, "expected YYYY[-MM[-DD]] or YYYYMMDD",
                      field_ref("date", text));
  }
  return out;
}

}  // namespace fermata
