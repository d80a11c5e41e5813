// parse_rates_csv: the rates file (docs/FORMATS.md §13) into FxRate values.
#include <array>

#include "fermata/base/date.h"
#include "fermata/fx/fx.h"
#include "fermata/ingest/csv/csv_reader.h"

namespace fermata {
namespace {

Error row_error(ErrorCode code, std::string message, const std::string& file,
                std::int64_t line_number, std::string_view field, std::string_view value) {
  return make_error(code, std::move(message),
                    {file, line_number, std::string(field), std::string(value)});
}

Status check_currency(std::string_view code, std::string_view field, const std::string& file,
                      std::int64_t line_number) {
  if (lookup_currency(code)) return ok_status();
  return row_error(ErrorCode::kCurrencyUnknown,
                   std::string(field) + " is not an ISO 4217 currency code (e.g. EUR)", file,
                   line_number, field, code);
}

Status check_days(const FxRate& r, const std::string& file) {
  if (!is_iso_date(r.from)) {
    return row_error(ErrorCode::kDateInvalid, "from is not a date (YYYY-MM-DD)", file,
                     r.line_number, "from", r.from);
  }
  if (!is_iso_date(r.to)) {
    return row_error(ErrorCode::kDateInvalid, "to is not a date (YYYY-MM-DD), nor empty", file,
                     r.line_number, "to", r.to);
  }
  if (r.to < r.from) {
    return row_error(ErrorCode::kDateInvalid, "to is before from (" + r.from + ")", file,
                     r.line_number, "to", r.to);
  }
  return ok_status();
}

Result<Decimal> parse_rate(std::string_view text, const std::string& file,
                           std::int64_t line_number) {
  Result<Decimal> rate = Decimal::parse(text);
  if (!rate) {
    return row_error(
        rate.error().code,
        "rate is not an exact decimal (write it as text, e.g. 1.0823): " + rate.error().message,
        file, line_number, "rate", text);
  }
  if (rate->sign() <= 0) {
    return row_error(ErrorCode::kFieldInvalid, "rate must be above zero", file, line_number, "rate",
                     text);
  }
  return *rate;
}

Result<FxRate> parse_row(const CsvHeader& h, const CsvRow& row, const std::string& file) {
  FERMATA_RETURN_IF_ERROR(h.check_width(row, file));
  FxRate r;
  r.line_number = row.line_number;
  r.base = h.get(row, "base");
  r.quote = h.get(row, "quote");
  r.from = h.get(row, "from");
  r.to = h.get(row, "to");
  if (r.to.empty()) r.to = r.from;
  r.source = h.get(row, "source");
  FERMATA_RETURN_IF_ERROR(check_currency(r.base, "base", file, row.line_number));
  FERMATA_RETURN_IF_ERROR(check_currency(r.quote, "quote", file, row.line_number));
  if (r.base == r.quote) {
    return row_error(ErrorCode::kFieldInvalid, "quote is the same currency as base", file,
                     row.line_number, "quote", r.quote);
  }
  FERMATA_RETURN_IF_ERROR(check_days(r, file));
  FERMATA_ASSIGN_OR_RETURN(r.rate, parse_rate(h.get(row, "rate"), file, row.line_number));
  if (r.source.empty()) {
    return row_error(ErrorCode::kFieldMissing, "source is empty: say where the rate comes from",
                     file, row.line_number, "source", "");
  }
  return r;
}

}  // namespace

bool FxRate::same_content(const FxRate& other) const {
  return base == other.base && quote == other.quote && from == other.from && to == other.to &&
         rate == other.rate && source == other.source;
}

Result<std::vector<FxRate>> parse_rates_csv(std::string_view text, const std::string& file_name) {
  CsvReader reader(text, file_name);
  CsvRow header_row;
  FERMATA_ASSIGN_OR_RETURN(bool any, reader.next(header_row));
  if (!any) {
    return make_error(ErrorCode::kFieldMissing, "the rates file is empty (no header row)",
                      {file_name, 1, "", ""});
  }
  FERMATA_ASSIGN_OR_RETURN(CsvHeader header,
                           CsvHeader::parse(header_row, kRatesColumns, file_name));
  std::vector<FxRate> rates;
  CsvRow row;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool more, reader.next(row));
    if (!more) break;
    FERMATA_ASSIGN_OR_RETURN(FxRate rate, parse_row(header, row, file_name));
    rates.push_back(std::move(rate));
  }
  if (rates.empty()) {
    return make_error(ErrorCode::kFieldMissing, "the rates file lists no rate",
                      {file_name, header_row.line_number + 1, "", ""});
  }
  return rates;
}

}  // namespace fermata
