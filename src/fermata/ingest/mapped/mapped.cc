// parse_mapped: a CSV/TSV or .xlsx statement read through a Mapping.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "fermata/base/assert.h"
#include "fermata/ingest/mapped/mapped.h"
#include "fermata/ingest/mapped/xlsx.h"
#include "fermata/ingest/stores/store_fields.h"

namespace fermata {
namespace {

using stores::RowCheck;

// One source row, from either reader. `numeric` is parallel to `fields` for
// xlsx (true: a number cell) and empty for text files.
struct TableRow {
  std::int64_t line_number = 0;
  std::vector<std::string> fields;
  std::vector<bool> numeric;
  std::string raw;
};

struct Table {
  std::vector<TableRow> rows;  // Non-empty rows only.
  bool date1904 = false;
};

// A mapped column: its header name and index in the header.
struct Column {
  std::string name;
  std::optional<size_t> index;
  bool mapped() const { return index.has_value(); }
};

struct Columns {
  Column isrc, icpn, catalog_number, proprietary_id, title, artist, store, territory;
  Column date, units, returns, amount, price, currency, return_flag;
};

bool all_empty(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(),
                     [](const std::string& f) { return stores::trim(f).empty(); });
}

void read_text_table(std::string_view text, const Mapping& mapping, std::string_view file_name,
                     SalesReport& report, Table& table) {
  const stores::Quoting quoting =
      mapping.quoted ? stores::Quoting::kRfc4180 : stores::Quoting::kNone;
  for (stores::SourceRow& row : stores::read_rows(text, file_name, mapping.delimiter, quoting,
                                                  report.errors, report.rejected_text)) {
    if (all_empty(row.fields)) continue;
    table.rows.push_back(TableRow{row.line_number, std::move(row.fields), {}, std::move(row.raw)});
  }
}

bool read_xlsx_table(std::string_view bytes, const Mapping& mapping, std::string_view file_name,
                     SalesReport& report, Table& table) {
  Result<XlsxSheet> sheet = read_xlsx_sheet(bytes, mapping.sheet, file_name);
  if (!sheet) {
    report.errors.push_back(sheet.error());
    report.rejected_text.emplace_back();
    return false;
  }
  table.date1904 = sheet->date1904;
  for (XlsxRow& row : sheet->rows) {
    TableRow out{row.row_number, {}, {}, {}};
    for (XlsxCell& cell : row.cells) {
      out.raw += out.fields.empty() ? "" : "\t";
      out.raw += cell.text;
      out.fields.push_back(std::move(cell.text));
      out.numeric.push_back(cell.is_number);
    }
    if (!all_empty(out.fields)) table.rows.push_back(std::move(out));
  }
  return true;
}

// Resolves every mapped column name against the header; each missing one is
// an error at the header line.
bool resolve_columns(const Mapping& mapping, const TableRow& header, std::string_view file_name,
                     SalesReport& report, Columns& out) {
  const MappingColumns& m = mapping.columns;
  const std::array<std::pair<const std::string*, Column*>, 15> pairs = {{
      {&m.isrc, &out.isrc},
      {&m.icpn, &out.icpn},
      {&m.catalog_number, &out.catalog_number},
      {&m.proprietary_id, &out.proprietary_id},
      {&m.title, &out.title},
      {&m.artist, &out.artist},
      {&m.store, &out.store},
      {&m.territory, &out.territory},
      {&m.date, &out.date},
      {&m.units, &out.units},
      {&m.returns, &out.returns},
      {&m.amount, &out.amount},
      {&m.price, &out.price},
      {&m.currency, &out.currency},
      {&m.return_flag, &out.return_flag},
  }};
  bool ok = true;
  for (const auto& [name, column] : pairs) {
    if (name->empty()) continue;
    column->name = *name;
    for (size_t i = 0; i < header.fields.size(); ++i) {
      if (stores::trim(header.fields[i]) == *name) column->index = i;
    }
    if (column->mapped()) continue;
    ok = false;
    SourceRef where{std::string(file_name), header.line_number, *name, ""};
    report.errors.push_back(make_error(
        ErrorCode::kFieldMissing,
        "the header lacks this column, which " + mapping.file_name + " maps", std::move(where)));
    report.rejected_text.push_back(header.raw);
  }
  return ok;
}

// Reads 1..`max` digits; nullopt when none.
std::optional<int> read_digits(std::string_view text, size_t& pos, size_t min, size_t max) {
  const size_t start = pos;
  int value = 0;
  while (pos < text.size() && pos - start < max &&
         std::isdigit(static_cast<unsigned char>(text[pos]))) {
    value = value * 10 + (text[pos++] - '0');
  }
  if (pos - start < min) return std::nullopt;
  return value;
}

std::optional<int> read_month_name(std::string_view text, size_t& pos) {
  constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  if (pos + 3 > text.size()) return std::nullopt;
  std::string name(text.substr(pos, 3));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) {
      pos += 3;
      return static_cast<int>(i + 1);
    }
  }
  return std::nullopt;
}

// Parses `text` with a date_format; day 0 when the format has no %d.
bool parse_date(std::string_view text, std::string_view format, int& year, int& month, int& day) {
  size_t pos = 0;
  year = month = day = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    std::optional<int> value;
    if (format[i] != '%' || i + 1 >= format.size() || format[i + 1] == '%') {
      if (pos >= text.size() || text[pos] != format[i]) return false;
      ++pos;
      if (format[i] == '%') ++i;
      continue;
    }
    const char directive = format[++i];
    if (directive == 'Y') value = read_digits(text, pos, 4, 4);
    if (directive == 'y') value = read_digits(text, pos, 2, 2);
    if (directive == 'm' || directive == 'd') value = read_digits(text, pos, 1, 2);
    if (directive == 'b') value = read_month_name(text, pos);
    if (!value) return false;
    if (directive == 'Y') year = *value;
    if (directive == 'y') year = 2000 + *value;
    if (directive == 'm' || directive == 'b') month = *value;
    if (directive == 'd') day = *value;
  }
  if (pos != text.size() || year < 1 || month < 1 || month > 12) return false;
  return day == 0 ? format.find("%d") == std::string_view::npos
                  : day <= stores::days_in_month(year, month);
}

// The sale period of a row from its date cell.
void read_date(const Column& column, const TableRow& row, const Mapping& mapping, bool date1904,
               RowCheck& check, SaleLine& line) {
  const size_t index = *column.index;
  const std::string_view text =
      index < row.fields.size() ? stores::trim(row.fields[index]) : std::string_view();
  if (index < row.numeric.size() && row.numeric[index]) {
    line.sale_start = line.sale_end = excel_serial_to_iso(text, date1904);
    if (line.sale_start.empty()) {
      check.fail(ErrorCode::kDateInvalid, column.name, text, "not a valid Excel date serial");
    }
    return;
  }
  int year = 0, month = 0, day = 0;
  if (!parse_date(text, mapping.date_format, year, month, day)) {
    check.fail(ErrorCode::kDateInvalid, column.name, text,
               "does not match date_format " + mapping.date_format);
    return;
  }
  line.sale_start = stores::format_iso_date(year, day == 0 ? month : month, day == 0 ? 1 : day);
  line.sale_end = day == 0
                      ? stores::format_iso_date(year, month, stores::days_in_month(year, month))
                      : line.sale_start;
}

struct RowContext {
  const Mapping& mapping;
  const Columns& columns;
  const TableRow& row;
  RowCheck& check;
  std::string_view cell(const Column& c) const {
    return c.mapped() && *c.index < row.fields.size() ? std::string_view(row.fields[*c.index])
                                                      : std::string_view();
  }
  ParseOptions options(const Column& c) const {
    if (c.mapped() && *c.index < row.numeric.size() && row.numeric[*c.index]) return {};
    return ParseOptions{mapping.thousands_separator, mapping.decimal_separator};
  }
  Decimal number(const Column& c, bool empty_is_zero) const {
    return check.decimal(c.name, cell(c), options(c), empty_is_zero);
  }
  Decimal units(const Column& c) const {
    return c.mapped() ? check.units(c.name, cell(c), options(c), true) : Decimal();
  }
};

// -|value|. It always exists: negating a positive Decimal cannot overflow,
// because the negative range is the wider one.
Decimal negative_magnitude(Decimal value) {
  return value.is_negative() ? value : -value;
}

// Units and amount under the mapping's returns convention.
void read_money(const RowContext& ctx, SaleLine& line) {
  const Columns& c = ctx.columns;
  const Mapping& m = ctx.mapping;
  line.units = ctx.units(c.units);
  if (m.returns == ReturnsConvention::kColumn) {
    Result<Decimal> net = line.units.checked_add(negative_magnitude(ctx.units(c.returns)));
    if (!net) {
      ctx.check.fail(ErrorCode::kDecimalOverflow, c.returns.name, ctx.cell(c.returns),
                     "units - returns overflows");
    }
    line.units = net ? *net : Decimal();
  }
  if (c.price.mapped()) {
    Result<Decimal> amount = ctx.number(c.price, false).checked_mul(line.units);
    if (!amount) {
      ctx.check.fail(ErrorCode::kDecimalOverflow, c.price.name, ctx.cell(c.price),
                     "price x units overflows");
    }
    line.amount = amount ? *amount : Decimal();
  } else {
    line.amount = ctx.number(c.amount, false);
  }
  if (m.returns == ReturnsConvention::kFlag &&
      stores::trim(ctx.cell(c.return_flag)) == m.return_flag_value) {
    line.units = negative_magnitude(line.units);
    line.amount = negative_magnitude(line.amount);
  }
}

void read_row(const Mapping& mapping, const Columns& c, const TableRow& row, const Table& table,
              std::string_view file_name, SalesReport& report) {
  RowCheck check(file_name, row.line_number);
  const RowContext ctx{mapping, c, row, check};
  SaleLine line;
  line.line_number = row.line_number;
  line.isrc = check.isrc(c.isrc.name, ctx.cell(c.isrc));
  line.icpn = check.icpn(c.icpn.name, ctx.cell(c.icpn));
  line.catalog_number = stores::trim(ctx.cell(c.catalog_number));
  line.proprietary_id = stores::trim(ctx.cell(c.proprietary_id));
  line.title = stores::trim(ctx.cell(c.title));
  line.artist = stores::trim(ctx.cell(c.artist));
  line.store = c.store.mapped() ? std::string(stores::trim(ctx.cell(c.store))) : mapping.store;
  line.territory = c.territory.mapped() ? check.territory(c.territory.name, ctx.cell(c.territory))
                                        : mapping.territory;
  line.currency = c.currency.mapped() ? check.currency(c.currency.name, ctx.cell(c.currency))
                                      : mapping.currency;
  line.channel = mapping.channel;
  if (c.date.mapped()) {
    read_date(c.date, row, mapping, table.date1904, check, line);
  } else {
    line.sale_start = stores::month_first_day(mapping.period);
    line.sale_end = stores::month_last_day(mapping.period);
  }
  read_money(ctx, line);
  if (!check.ok()) {
    stores::reject_row(check, row.raw, report.errors, report.rejected_text);
    return;
  }
  if (mapping.period.empty()) {
    stores::widen_period(line.sale_start, report.period_start, report.period_end);
    stores::widen_period(line.sale_end, report.period_start, report.period_end);
  }
  report.lines.push_back(std::move(line));
}

}  // namespace

SalesReport parse_mapped(std::string_view text_or_xlsx_bytes, const Mapping& mapping,
                         std::string_view file_name) {
  FERMATA_ASSERT(mapping.header_row >= 1);
  FERMATA_ASSERT(mapping.footer_rows >= 0);
  FERMATA_ASSERT(!mapping.columns.date.empty() || mapping.period.size() == 7);
  SalesReport report;
  report.format = "mapped";
  report.payer = mapping.payer;
  report.payer_name = mapping.payer_name;
  report.service = mapping.columns.store.empty() ? mapping.store : "";
  report.territory = mapping.columns.territory.empty() ? mapping.territory : "";
  Table table;
  if (looks_like_xlsx(text_or_xlsx_bytes)) {
    if (!read_xlsx_table(text_or_xlsx_bytes, mapping, file_name, report, table)) return report;
  } else {
    read_text_table(text_or_xlsx_bytes, mapping, file_name, report, table);
  }
  const auto header_index = static_cast<size_t>(mapping.header_row - 1);
  Columns columns;
  if (header_index >= table.rows.size()) {
    SourceRef where{std::string(file_name), 0, "header_row", std::to_string(mapping.header_row)};
    report.errors.push_back(make_error(ErrorCode::kFieldMissing,
                                       "the file has fewer non-empty rows than header_row",
                                       std::move(where)));
    report.rejected_text.emplace_back();
    return report;
  }
  if (!resolve_columns(mapping, table.rows[header_index], file_name, report, columns)) {
    return report;
  }
  const size_t data_begin = header_index + 1;
  const size_t footer = static_cast<size_t>(mapping.footer_rows);
  const size_t data_end = table.rows.size() - std::min(footer, table.rows.size() - data_begin);
  for (size_t i = data_begin; i < data_end; ++i) {
    ++report.rows;
    read_row(mapping, columns, table.rows[i], table, file_name, report);
  }
  if (!mapping.period.empty()) {
    report.period_start = stores::month_first_day(mapping.period);
    report.period_end = stores::month_last_day(mapping.period);
  }
  report.identity = "mapped|" + mapping.payer + "|" + report.period_start + "|" + report.period_end;
  return report;
}

}  // namespace fermata
