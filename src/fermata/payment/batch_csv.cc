#include "fermata/payment/batch_csv.h"

#include <array>

#include "fermata/base/csv_field.h"
#include "fermata/base/date.h"
#include "fermata/ingest/csv/csv_reader.h"

namespace fermata {
namespace {

constexpr std::array<std::string_view, 19> kColumns = {
    "batch",         "line",      "agreement", "payee",    "payee_name",       "payer",
    "currency",      "statement", "gross",     "withheld", "withholding_rate", "net",
    "fee_settled",   "iban",      "bic",       "account",  "routing",          "value_date",
    "bank_reference"};

Result<Decimal> decimal_field(const CsvHeader& header, const CsvRow& row, std::string_view column,
                              const std::string& file) {
  const std::string_view text = header.get(row, column);
  Result<Decimal> value = Decimal::parse(text);
  if (!value) {
    return make_error(ErrorCode::kFieldInvalid,
                      std::string(column) + " is not a decimal amount: " + value.error().message,
                      {file, row.line_number, std::string(column), std::string(text)});
  }
  return *value;
}

Result<BatchLine> parse_line(const CsvHeader& h, const CsvRow& row, const std::string& file) {
  FERMATA_RETURN_IF_ERROR(h.check_width(row, file));
  BatchLine b;
  b.line_number = row.line_number;
  b.batch_id = std::string(h.get(row, "batch"));
  const std::string line_text(h.get(row, "line"));
  try {
    b.line = std::stoll(line_text);
  } catch (...) {
    return make_error(ErrorCode::kFieldInvalid, "line is not a number",
                      {file, row.line_number, "line", line_text});
  }
  PaymentProposal& p = b.proposal;
  p.agreement_id = h.get(row, "agreement");
  p.payee = h.get(row, "payee");
  p.payee_name = h.get(row, "payee_name");
  p.payer = h.get(row, "payer");
  p.currency = h.get(row, "currency");
  p.statement_period = h.get(row, "statement");
  FERMATA_ASSIGN_OR_RETURN(p.gross, decimal_field(h, row, "gross", file));
  FERMATA_ASSIGN_OR_RETURN(p.withheld, decimal_field(h, row, "withheld", file));
  FERMATA_ASSIGN_OR_RETURN(p.withholding_rate, decimal_field(h, row, "withholding_rate", file));
  FERMATA_ASSIGN_OR_RETURN(p.net, decimal_field(h, row, "net", file));
  FERMATA_ASSIGN_OR_RETURN(p.fee_settled, decimal_field(h, row, "fee_settled", file));
  p.bank = {std::string(h.get(row, "iban")), std::string(h.get(row, "bic")),
            std::string(h.get(row, "account")), std::string(h.get(row, "routing")), ""};
  b.value_date = h.get(row, "value_date");
  b.bank_reference = h.get(row, "bank_reference");
  if (!is_iso_date(b.value_date)) {
    return make_error(ErrorCode::kFieldInvalid, "value_date is not a date (YYYY-MM-DD)",
                      {file, row.line_number, "value_date", b.value_date});
  }
  return b;
}

}  // namespace

std::string payment_batch_csv(const std::string& batch_id, const std::string& on_date,
                              const std::vector<PaymentProposal>& proposals) {
  std::string out;
  for (std::size_t i = 0; i < kColumns.size(); ++i)
    out += (i ? "," : "") + std::string(kColumns[i]);
  out += "\n";
  std::int64_t line = 0;
  for (const PaymentProposal& p : proposals) {
    if (!p.payable()) continue;
    const std::vector<std::string> fields = {batch_id,
                                             std::to_string(++line),
                                             p.agreement_id,
                                             p.payee,
                                             p.payee_name,
                                             p.payer,
                                             p.currency,
                                             p.statement_period,
                                             money_text(p.gross, p.currency),
                                             money_text(p.withheld, p.currency),
                                             p.withholding_rate.to_string(),
                                             money_text(p.net, p.currency),
                                             money_text(p.fee_settled, p.currency),
                                             p.bank.iban,
                                             p.bank.bic,
                                             p.bank.account,
                                             p.bank.routing,
                                             on_date,
                                             ""};
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += "\n";
  }
  return out;
}

Result<std::vector<BatchLine>> parse_batch_csv(std::string_view csv, const std::string& file_name) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<CsvRow> rows, read_all_csv(csv, file_name));
  if (rows.empty()) {
    return make_error(ErrorCode::kParseError, "a payment batch file starts with its header",
                      {file_name, 1, "", ""});
  }
  FERMATA_ASSIGN_OR_RETURN(CsvHeader header, CsvHeader::parse(rows[0], kColumns, file_name));
  std::vector<BatchLine> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    FERMATA_ASSIGN_OR_RETURN(BatchLine line, parse_line(header, rows[i], file_name));
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace fermata
