// Apple Financial Report (TSV): preamble, header, data rows, per-country
// summary. See stores.h for the rules and docs/FORMATS.md §7 for the columns.
#include <algorithm>
#include <array>
#include <optional>

#include "fermata/ingest/csv/csv_reader.h"
#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores.h"
#include "fermata/ingest/stores/stores_internal.h"

namespace fermata {
namespace {

using stores::RowCheck;
using stores::SourceRow;

// The columns that identify the header row; Apple's full header has more
// (Apple Identifier, Grid, Customer Price...), which are read when present.
constexpr std::array<std::string_view, 12> kAppleRequired = {"Start Date",
                                                             "End Date",
                                                             "UPC",
                                                             "ISRC/ISBN",
                                                             "Quantity",
                                                             "Partner Share",
                                                             "Extended Partner Share",
                                                             "Partner Share Currency",
                                                             "Sales or Return",
                                                             "Artist/Show/Developer/Author",
                                                             "Title",
                                                             "Country Of Sale"};

struct AppleState {
  std::string file_name;
  SalesReport report;
  std::string vendor_id, provider;
  std::vector<std::string> currencies, months, stores, territories;
  std::optional<SourceRow> total_rows;  // The "Total_Rows" summary line.
};

bool is_header(const SourceRow& row) {
  return std::all_of(kAppleRequired.begin(), kAppleRequired.end(), [&](std::string_view name) {
    return std::any_of(row.fields.begin(), row.fields.end(),
                       [&](const std::string& f) { return stores::trim(f) == name; });
  });
}

// "Vendor ID: 80012345" or "Vendor ID<TAB>80012345" in the preamble.
void read_preamble_line(const SourceRow& row, AppleState& state) {
  std::string key, value;
  if (row.fields.size() >= 2) {
    key = stores::trim(row.fields[0]);
    value = stores::trim(row.fields[1]);
  } else if (!row.fields.empty()) {
    const std::string& line = row.fields[0];
    const size_t colon = line.find(':');
    if (colon == std::string::npos) return;
    key = stores::trim(std::string_view(line).substr(0, colon));
    value = stores::trim(std::string_view(line).substr(colon + 1));
  }
  if (key.ends_with(':')) key.pop_back();
  if (key == "Vendor ID") state.vendor_id = value;
  if (key == "Provider") state.provider = value;
}

// The Apple Music/iTunes split. ASSUMPTION (unconfirmed): Product Type
// Identifier codes are undocumented (formats.md section 3); codes starting
// with "AM" are taken as Apple Music streams, every other code as an iTunes
// download.
void set_store(std::string_view product_type, SaleLine& line) {
  const bool stream = stores::trim(product_type).starts_with("AM");
  line.store = stream ? "Apple Music" : "iTunes";
  line.channel = stream ? SalesChannel::kStream : SalesChannel::kDownload;
}

void check_amounts(RowCheck& check, const SaleLine& line, Decimal share,
                   std::string_view extended_text, std::string_view sales_or_return) {
  Result<Decimal> product = share.checked_mul(line.units);
  if (!product || *product != line.amount) {
    check.fail(ErrorCode::kFieldInvalid, "Extended Partner Share", extended_text,
               "Quantity x Partner Share = " + (product ? product->to_string() : "overflow") +
                   ", not " + line.amount.to_string());
  }
  if (sales_or_return == "R" && !line.units.is_negative()) {
    check.fail(ErrorCode::kFieldInvalid, "Quantity", line.units.to_string(),
               "a return (Sales or Return = R) must have a negative quantity");
  }
}

void set_sale_period(RowCheck& check, SaleLine& line, AppleState& state, std::int64_t line_no) {
  if (line.sale_start.empty() || line.sale_end.empty()) return;
  if (line.sale_start > line.sale_end) {
    check.fail(ErrorCode::kDateInvalid, "End Date", line.sale_end, "End Date is before Start Date");
    return;
  }
  bool in_table = false;
  state.months.push_back(stores::apple_calendar_month(line.sale_start, line.sale_end, in_table));
  if (in_table) return;
  SourceRef where{state.file_name, line_no, "Start Date", line.sale_start + ".." + line.sale_end};
  state.report.warnings.push_back(
      make_error(ErrorCode::kDateInvalid,
                 "not an Apple fiscal month of the table; reported as " + state.months.back() +
                     ", the calendar month holding most of its days",
                 std::move(where)));
}

void parse_row(const CsvHeader& header, const SourceRow& row, AppleState& state) {
  RowCheck check(state.file_name, row.line_number);
  if (!stores::has_header_width(header, row, check, state.report.errors,
                                state.report.rejected_text))
    return;
  CsvRow csv{row.line_number, row.fields};
  auto get = [&](std::string_view name) { return header.get(csv, name); };
  SaleLine line;
  line.line_number = row.line_number;
  line.sale_start = check.us_date("Start Date", get("Start Date"));
  line.sale_end = check.us_date("End Date", get("End Date"));
  line.icpn = check.icpn("UPC", get("UPC"));
  line.isrc = check.isrc("ISRC/ISBN", get("ISRC/ISBN"));
  line.units = check.units("Quantity", get("Quantity"));
  const Decimal share = check.decimal("Partner Share", get("Partner Share"));
  line.amount = check.decimal("Extended Partner Share", get("Extended Partner Share"));
  line.currency = check.currency("Partner Share Currency", get("Partner Share Currency"));
  line.territory = check.territory("Country Of Sale", get("Country Of Sale"));
  const std::string_view sales_or_return = stores::trim(get("Sales or Return"));
  if (sales_or_return != "S" && sales_or_return != "R") {
    check.fail(ErrorCode::kFieldInvalid, "Sales or Return", get("Sales or Return"),
               "expected S (sale) or R (return)");
  }
  if (check.ok()) check_amounts(check, line, share, get("Extended Partner Share"), sales_or_return);
  set_sale_period(check, line, state, row.line_number);
  if (!check.ok()) {
    stores::reject_row(check, row.raw, state.report.errors, state.report.rejected_text);
    return;
  }
  line.catalog_number = stores::trim(get("Vendor Identifier"));
  line.proprietary_id = stores::trim(get("Apple Identifier"));
  line.title = stores::trim(get("Title"));
  line.artist = stores::trim(get("Artist/Show/Developer/Author"));
  set_store(get("Product Type Identifier"), line);
  state.currencies.push_back(line.currency);
  state.stores.push_back(line.store);
  state.territories.push_back(line.territory);
  state.report.lines.push_back(std::move(line));
}

void check_total_rows(AppleState& state) {
  if (!state.total_rows || state.total_rows->fields.size() < 2) return;
  const std::string_view written = stores::trim(state.total_rows->fields[1]);
  if (written == std::to_string(state.report.rows)) return;
  RowCheck check(state.file_name, state.total_rows->line_number);
  check.fail(ErrorCode::kFieldInvalid, "Total_Rows", written,
             "the summary counts " + std::string(written) + " rows, the file has " +
                 std::to_string(state.report.rows));
  stores::reject_row(check, state.total_rows->raw, state.report.errors, state.report.rejected_text);
}

std::string single_or_empty(std::vector<std::string> values) {
  std::string joined = stores::join_sorted_unique(std::move(values));
  return joined.find('+') == std::string::npos ? joined : std::string();
}

void finish(AppleState& state) {
  SalesReport& report = state.report;
  check_total_rows(state);
  std::sort(state.months.begin(), state.months.end());
  std::string period;
  if (!state.months.empty()) {
    report.period_start = stores::month_first_day(state.months.front());
    report.period_end = stores::month_last_day(state.months.back());
    period = state.months.front() == state.months.back()
                 ? state.months.front()
                 : state.months.front() + ".." + state.months.back();
  }
  report.service = single_or_empty(state.stores);
  report.territory = single_or_empty(state.territories);
  const std::string vendor = state.vendor_id.empty() ? state.provider : state.vendor_id;
  report.recipient = vendor;
  report.identity =
      "apple|" + vendor + "|" + period + "|" + stores::join_sorted_unique(state.currencies);
}

}  // namespace

SalesReport parse_apple_report(std::string_view text, std::string_view file_name) {
  AppleState state;
  state.file_name = std::string(file_name);
  SalesReport& report = state.report;
  report.format = "apple";
  report.payer = "Apple";
  report.payer_name = "Apple Inc.";
  std::vector<SourceRow> rows = stores::read_rows(text, file_name, '\t', stores::Quoting::kNone,
                                                  report.errors, report.rejected_text);
  auto header_row = std::find_if(rows.begin(), rows.end(), is_header);
  if (header_row == rows.end()) {
    SourceRef where{state.file_name, 1, "Extended Partner Share", ""};
    report.errors.push_back(
        make_error(ErrorCode::kFieldMissing, "no Apple Financial Report header row found", where));
    report.rejected_text.emplace_back();
    return report;
  }
  for (auto it = rows.begin(); it != header_row; ++it) read_preamble_line(*it, state);
  Result<CsvHeader> header = CsvHeader::parse(CsvRow{header_row->line_number, header_row->fields},
                                              kAppleRequired, file_name);
  if (!header) {
    report.errors.push_back(header.error());
    report.rejected_text.push_back(header_row->raw);
    return report;
  }
  bool in_summary = false;
  for (auto it = header_row + 1; it != rows.end(); ++it) {
    const bool data = !in_summary && (it->fields.size() == header->size() ||
                                      stores::looks_like_us_date(it->fields[0]));
    if (!data) {
      in_summary = true;
      if (stores::trim(it->fields[0]) == "Total_Rows") state.total_rows = *it;
      continue;
    }
    ++report.rows;
    parse_row(*header, *it, state);
  }
  finish(state);
  return report;
}

}  // namespace fermata
