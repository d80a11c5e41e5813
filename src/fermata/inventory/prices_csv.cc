// parse_prices_csv, parse_insurance_csv: the files of docs/FORMATS.md §14.1
// into register records, every error of a file collected.
#include "fermata/inventory/prices_csv.h"

#include "fermata/base/date.h"
#include "fermata/catalog/catalog.h"
#include "fermata/ingest/csv/csv_reader.h"
#include "fermata/inventory/price_list.h"

namespace fermata {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The fields of one row, each read with its checks; a failed check records
// an error naming the file, line, field and raw value and yields an empty
// value, so every field of a row is checked before the row is judged.
class RowFields {
 public:
  RowFields(const CsvHeader& header, const CsvRow& row, const std::string& file,
            std::vector<Error>& errors)
      : header_(header), row_(row), file_(file), errors_(errors), errors_before_(errors.size()) {}

  bool ok() const { return errors_.size() == errors_before_; }
  std::int64_t line_number() const { return row_.line_number; }

  void fail(ErrorCode code, std::string_view field, std::string_view value, std::string message) {
    errors_.push_back(
        make_error(code, std::move(message),
                   {file_, row_.line_number, std::string(field), std::string(value)}));
  }

  // The trimmed text, unchecked.
  std::string text(std::string_view field) const {
    return std::string(trimmed(header_.get(row_, field)));
  }

  // The trimmed text; empty is field_missing.
  std::string required(std::string_view field) {
    std::string value = text(field);
    if (value.empty()) fail(ErrorCode::kFieldMissing, field, "", std::string(field) + " is empty");
    return value;
  }

  std::string id(std::string_view field) {
    std::string value = required(field);
    if (value.empty()) return value;
    if (Status valid = validate_record_id(field, value); !valid) {
      fail(valid.error().code, field, value, valid.error().message);
    }
    return value;
  }

  std::string currency(std::string_view field) {
    std::string value = required(field);
    if (!value.empty() && !lookup_currency(value)) {
      fail(ErrorCode::kCurrencyUnknown, field, value,
           std::string(field) + " is not an ISO 4217 currency code (e.g. EUR)");
    }
    return value;
  }

  std::string date(std::string_view field) {
    std::string value = required(field);
    if (!value.empty() && !is_iso_date(value)) {
      fail(ErrorCode::kDateInvalid, field, value,
           std::string(field) + " is not a date (YYYY-MM-DD)");
    }
    return value;
  }

  // ppd, cost or srp, as its name.
  std::string price_kind(std::string_view field) {
    std::string value = required(field);
    if (value.empty()) return value;
    if (Result<PriceKind> kind = parse_price_kind(value); !kind) {
      fail(kind.error().code, field, value,
           "unknown " + std::string(field) + " '" + value + "' (expected ppd, cost or srp)");
    }
    return value;
  }

  // An exact decimal, >= 0 (or > 0 when `above_zero`); "" is zero when
  // `empty_is_zero`.
  Decimal amount(std::string_view field, bool above_zero, bool empty_is_zero) {
    const std::string value = text(field);
    if (value.empty() && empty_is_zero) return Decimal();
    if (value.empty()) {
      fail(ErrorCode::kFieldMissing, field, "", std::string(field) + " is empty");
      return Decimal();
    }
    Result<Decimal> parsed = Decimal::parse(value);
    if (!parsed) {
      fail(parsed.error().code, field, value,
           std::string(field) +
               " is not an exact decimal (write it as text, e.g. 9.00): " + parsed.error().message);
      return Decimal();
    }
    if (parsed->is_negative() || (above_zero && parsed->is_zero())) {
      fail(ErrorCode::kFieldInvalid, field, value,
           std::string(field) + (above_zero ? " must be above zero (leave it empty when none)"
                                            : " must not be negative"));
      return Decimal();
    }
    return *parsed;
  }

 private:
  const CsvHeader& header_;
  const CsvRow& row_;
  const std::string& file_;
  std::vector<Error>& errors_;
  std::size_t errors_before_;
};

std::optional<PriceLine> price_row(RowFields& f, const std::string& file) {
  PriceLine line;
  line.line_number = f.line_number();
  PriceRecord& p = line.price;
  p.sku = f.id("sku");
  p.kind = f.price_kind("kind");
  p.currency = f.currency("currency");
  p.from = f.date("from");
  p.amount = f.amount("amount", false, false);
  line.amount_text = f.text("amount");
  p.file = file;
  if (!f.ok()) return std::nullopt;
  return line;
}

std::optional<InsuranceLine> insurance_row(RowFields& f, const std::string& file) {
  InsuranceLine line;
  line.line_number = f.line_number();
  InsuranceRecord& r = line.insurance;
  r.location = f.id("location");
  r.basis = f.price_kind("basis");
  r.currency = f.currency("currency");
  r.from = f.date("from");
  r.sum_insured = f.amount("sum_insured", true, true);
  r.file = file;
  if (!f.ok()) return std::nullopt;
  return line;
}

// Reads the header and every row of `text`, turning each well-formed row
// into a Line with `read_row`; `what` names a row in messages ("price").
template <typename Line, typename ReadRow, std::size_t N>
ParsedFile<Line> parse_file(std::string_view text, const std::string& file_name,
                            const std::string_view (&columns)[N], const char* what,
                            ReadRow read_row) {
  ParsedFile<Line> out;
  CsvReader reader(text, file_name);
  CsvRow header_row;
  Result<bool> any = reader.next(header_row);
  if (!any || !*any) {
    out.errors.push_back(any ? make_error(ErrorCode::kFieldMissing,
                                          "the file is empty (no header row)",
                                          {file_name, 1, "", ""})
                             : any.error());
    return out;
  }
  Result<CsvHeader> header = CsvHeader::parse(header_row, columns, file_name);
  if (!header) {
    out.errors.push_back(header.error());
    return out;
  }
  CsvRow row;
  std::int64_t rows = 0;
  while (true) {
    Result<bool> more = reader.next(row);
    if (!more) {
      out.errors.push_back(more.error());
      continue;
    }
    if (!*more) break;
    ++rows;
    if (Status width = header->check_width(row, file_name); !width) {
      out.errors.push_back(width.error());
      continue;
    }
    RowFields fields(*header, row, file_name, out.errors);
    if (std::optional<Line> line = read_row(fields, file_name)) out.lines.push_back(*line);
  }
  if (rows == 0) {
    out.errors.push_back(make_error(ErrorCode::kFieldMissing,
                                    std::string("the file lists no ") + what,
                                    {file_name, header_row.line_number + 1, "", ""}));
  }
  return out;
}

}  // namespace

ParsedFile<PriceLine> parse_prices_csv(std::string_view text, const std::string& file_name) {
  return parse_file<PriceLine>(text, file_name, kPriceColumns, "price", price_row);
}

ParsedFile<InsuranceLine> parse_insurance_csv(std::string_view text, const std::string& file_name) {
  return parse_file<InsuranceLine>(text, file_name, kInsuranceColumns, "insured basis",
                                   insurance_row);
}

}  // namespace fermata
