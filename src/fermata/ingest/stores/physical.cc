// Physical sell-through CSV: Fermata's own layout for what a shop or a
// consignment distributor reports as sold and returned in a month.
#include <algorithm>
#include <array>

#include "fermata/ingest/csv/csv_reader.h"
#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores.h"

namespace fermata {
namespace {

using stores::RowCheck;
using stores::SourceRow;

constexpr std::array<std::string_view, 7> kPhysicalRequired = {
    "store", "upc", "units_sold", "units_returned", "ppd", "currency", "period"};

struct PhysicalState {
  std::string file_name;
  SalesReport report;
  std::vector<std::string> months, territories;
  std::int64_t payer_line = 0;  // Where the file's payer was first named.
};

// The payer is one per file: a report is a claim on one party.
void check_payer(RowCheck& check, const std::string& payer, const std::string& field,
                 PhysicalState& state, std::int64_t line_number) {
  if (payer.empty()) return;
  if (state.report.payer.empty()) {
    state.report.payer = payer;
    state.payer_line = line_number;
    return;
  }
  if (payer == state.report.payer) return;
  check.fail(ErrorCode::kFieldInvalid, field, payer,
             "a file pays from one payer; line " + std::to_string(state.payer_line) + " names '" +
                 state.report.payer + "' (split the file or add a payer column)");
}

void parse_row(const CsvHeader& header, const SourceRow& row, PhysicalState& state) {
  RowCheck check(state.file_name, row.line_number);
  if (!stores::has_header_width(header, row, check, state.report.errors,
                                state.report.rejected_text))
    return;
  CsvRow csv{row.line_number, row.fields};
  auto get = [&](std::string_view name) { return header.get(csv, name); };
  SaleLine line;
  line.line_number = row.line_number;
  line.store = stores::trim(get("store"));
  if (line.store.empty()) check.fail(ErrorCode::kFieldMissing, "store", "", "a store is required");
  line.icpn = check.icpn("upc", get("upc"));
  if (line.icpn.empty() && stores::trim(get("upc")).empty()) {
    check.fail(ErrorCode::kFieldMissing, "upc", "", "a UPC/EAN is required");
  }
  const Decimal sold = check.units("units_sold", get("units_sold"));
  const Decimal returned = check.units("units_returned", get("units_returned"), {}, true);
  const Decimal ppd = check.decimal("ppd", get("ppd"));
  line.currency = check.currency("currency", get("currency"));
  const std::string month = check.month("period", get("period"));
  line.territory = check.territory("territory", get("territory"));
  if (sold.is_negative())
    check.fail(ErrorCode::kFieldInvalid, "units_sold", get("units_sold"),
               "units_sold must not be negative");
  if (returned.is_negative()) {
    check.fail(ErrorCode::kFieldInvalid, "units_returned", get("units_returned"),
               "units_returned must not be negative (returns are subtracted)");
  }
  const bool has_payer_column = header.has("payer");
  const std::string payer(stores::trim(has_payer_column ? get("payer") : get("store")));
  check_payer(check, payer, has_payer_column ? "payer" : "store", state, row.line_number);
  Result<Decimal> net = sold.checked_sub(returned);
  Result<Decimal> amount = net ? ppd.checked_mul(*net) : net;
  if (!amount) check.fail(ErrorCode::kDecimalOverflow, "ppd", get("ppd"), "ppd x units overflows");
  if (!check.ok()) {
    stores::reject_row(check, row.raw, state.report.errors, state.report.rejected_text);
    return;
  }
  line.units = *net;
  line.amount = *amount;
  line.channel = SalesChannel::kPhysical;
  line.sale_start = stores::month_first_day(month);
  line.sale_end = stores::month_last_day(month);
  line.catalog_number = stores::trim(get("catalog_number"));
  line.title = stores::trim(get("title"));
  line.artist = stores::trim(get("artist"));
  state.months.push_back(month);
  state.territories.push_back(line.territory);
  state.report.lines.push_back(std::move(line));
}

}  // namespace

SalesReport parse_physical_sellthrough(std::string_view text, std::string_view file_name) {
  PhysicalState state;
  state.file_name = std::string(file_name);
  SalesReport& report = state.report;
  report.format = "physical";
  std::vector<SourceRow> rows = stores::read_rows(text, file_name, ',', stores::Quoting::kRfc4180,
                                                  report.errors, report.rejected_text);
  const std::optional<CsvHeader> header = stores::read_header(
      rows, kPhysicalRequired, "store", file_name, report.errors, report.rejected_text);
  if (!header) return report;
  for (size_t i = 1; i < rows.size(); ++i) {
    ++report.rows;
    parse_row(*header, rows[i], state);
  }
  std::sort(state.months.begin(), state.months.end());
  std::string first, last;
  if (!state.months.empty()) {
    first = state.months.front();
    last = state.months.back();
    report.period_start = stores::month_first_day(first);
    report.period_end = stores::month_last_day(last);
  }
  report.payer_name = report.payer;
  const std::string territory = stores::join_sorted_unique(state.territories);
  report.territory = territory.find('+') == std::string::npos ? territory : "";
  report.identity = "physical|" + report.payer + "|" + first + "|" + last;
  return report;
}

}  // namespace fermata
