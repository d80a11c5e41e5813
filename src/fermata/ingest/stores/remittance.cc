// Remittance advice CSV: money that actually arrived, and what it pays.
#include <algorithm>
#include <array>

#include "fermata/ingest/csv/csv_reader.h"
#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores.h"

namespace fermata {
namespace {

using stores::RowCheck;
using stores::SourceRow;

constexpr std::array<std::string_view, 5> kRemittanceRequired = {"payer", "date", "amount",
                                                                 "currency", "pays"};

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// import:<id>, YYYY, YYYY-MM, YYYY-Qn, or a report identity (has a '|').
bool valid_target(std::string_view target) {
  if (target.find('|') != std::string_view::npos) return true;
  if (target.starts_with("import:")) return all_digits(target.substr(7));
  if (target.size() == 4) return all_digits(target);
  if (target.size() == 7 && all_digits(target.substr(0, 4)) && target[4] == '-') {
    if (target[5] == 'Q') return target[6] >= '1' && target[6] <= '4';
    if (!all_digits(target.substr(5))) return false;
    const int month = (target[5] - '0') * 10 + (target[6] - '0');
    return month >= 1 && month <= 12;
  }
  return false;
}

std::vector<std::string> split_pays(RowCheck& check, std::string_view text) {
  std::vector<std::string> targets;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view target = stores::trim(text.substr(start, end - start));
    if (!target.empty()) {
      if (valid_target(target)) {
        targets.emplace_back(target);
      } else {
        check.fail(ErrorCode::kFieldInvalid, "pays", target,
                   "expected a report identity, import:<id>, YYYY, YYYY-MM or YYYY-Qn");
      }
    }
    start = end + 1;
  }
  return targets;
}

void parse_row(const CsvHeader& header, const SourceRow& row, std::string_view file_name,
               Remittance& remittance) {
  RowCheck check(file_name, row.line_number);
  if (!stores::has_header_width(header, row, check, remittance.errors, remittance.rejected_text))
    return;
  CsvRow csv{row.line_number, row.fields};
  auto get = [&](std::string_view name) { return header.get(csv, name); };
  RemittanceLine line;
  line.line_number = row.line_number;
  line.payer = stores::trim(get("payer"));
  if (line.payer.empty()) check.fail(ErrorCode::kFieldMissing, "payer", "", "a payer is required");
  line.date = check.iso_date("date", get("date"));
  const size_t errors_before = check.errors().size();
  line.amount = check.decimal("amount", get("amount"));
  if (check.errors().size() == errors_before && line.amount.sign() <= 0) {
    check.fail(ErrorCode::kFieldInvalid, "amount", get("amount"),
               "a remittance amount must be positive (money received)");
  }
  line.currency = check.currency("currency", get("currency"));
  line.pays = split_pays(check, get("pays"));
  line.bank_reference = stores::trim(get("bank_reference"));
  if (!check.ok()) {
    stores::reject_row(check, row.raw, remittance.errors, remittance.rejected_text);
    return;
  }
  remittance.lines.push_back(std::move(line));
}

}  // namespace

Remittance parse_remittance(std::string_view text, std::string_view file_name) {
  Remittance remittance;
  std::vector<SourceRow> rows = stores::read_rows(text, file_name, ',', stores::Quoting::kRfc4180,
                                                  remittance.errors, remittance.rejected_text);
  const std::optional<CsvHeader> header = stores::read_header(
      rows, kRemittanceRequired, "payer", file_name, remittance.errors, remittance.rejected_text);
  if (!header) return remittance;
  for (size_t i = 1; i < rows.size(); ++i) {
    ++remittance.rows;
    parse_row(*header, rows[i], file_name, remittance);
  }
  return remittance;
}

}  // namespace fermata
