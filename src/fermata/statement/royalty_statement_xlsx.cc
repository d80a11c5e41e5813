// The XLSX rendering of a royalty statement (libxlsxwriter).
#include <xlsxwriter.h>

#include <ctime>

#include "fermata/base/date.h"
#include "fermata/statement/render_module.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata {
namespace {

// Midnight UTC of an ISO date, as time_t.
std::time_t utc_midnight(const std::string& date) {
  std::tm tm{};
  tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(date.substr(8, 2));
  return timegm(&tm);
}

// The amount at the currency's minor unit, as a number for a spreadsheet cell.
double display_number(Decimal amount, const std::string& currency) {
  Result<Currency> c = lookup_currency(currency);
  return std::stod(amount.to_fixed(c ? c->minor_digits : 2));
}

void write_row(lxw_worksheet* sheet, lxw_row_t row, const StatementRow& r, lxw_format* money) {
  worksheet_write_string(sheet, row, 0, r.section.c_str(), nullptr);
  worksheet_write_string(sheet, row, 1, r.item.c_str(), nullptr);
  worksheet_write_string(sheet, row, 2, r.currency.c_str(), nullptr);
  if (r.amount) worksheet_write_number(sheet, row, 3, display_number(*r.amount, r.currency), money);
  worksheet_write_string(sheet, row, 4, r.text.c_str(), nullptr);
  worksheet_write_string(sheet, row, 5, r.detail.c_str(), nullptr);
}

// The detail of the "statement" row named `item`, or "".
std::string header(const std::vector<StatementRow>& rows, std::string_view item) {
  for (const StatementRow& r : rows) {
    if (r.section == "statement" && r.item == item) return r.detail;
  }
  return "";
}

}  // namespace

Status render_statement_xlsx(const std::vector<StatementRow>& rows, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) {
    return make_error(ErrorCode::kIoError, "cannot create '" + path + "'", {path, 0, "", ""});
  }
  lxw_doc_properties properties{};
  // libxlsxwriter's fields are char*; it only reads them.
  std::string title = "Royalty statement " + header(rows, "number") + " " +
                      header(rows, "agreement") + " " + header(rows, "period") + " for " +
                      header(rows, "licensor");
  std::string author = "Fermata";
  properties.title = title.data();
  properties.author = author.data();
  const std::string date = header(rows, "date");
  properties.created = is_iso_date(date) ? utc_midnight(date) : 0;
  workbook_set_properties(book, &properties);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Statement");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* money = workbook_add_format(book);
  format_set_num_format(money, "#,##0.00");
  const char* headers[] = {"section", "item", "currency", "amount", "amount (exact)", "detail"};
  for (lxw_col_t col = 0; col < 6; ++col) worksheet_write_string(sheet, 0, col, headers[col], bold);
  worksheet_set_column(sheet, 0, 1, 22, nullptr);
  worksheet_set_column(sheet, 3, 4, 16, nullptr);
  worksheet_set_column(sheet, 5, 5, 60, nullptr);
  lxw_row_t row = 1;
  for (const StatementRow& r : rows) write_row(sheet, row++, r, money);
  if (workbook_close(book) != LXW_NO_ERROR) {
    return make_error(ErrorCode::kIoError, "cannot write '" + path + "'", {path, 0, "", ""});
  }
  return ok_status();
}

}  // namespace fermata
