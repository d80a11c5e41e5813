// Bandcamp sales report CSV, and its redaction before archiving.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "fermata/ingest/csv/csv_reader.h"
#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores.h"

namespace fermata {
namespace {

using stores::RowCheck;
using stores::SourceRow;

constexpr std::array<std::string_view, 6> kBandcampRequired = {
    "date", "item type", "item name", "currency", "quantity", "net amount"};

struct BandcampState {
  std::string file_name;
  SalesReport report;
  std::vector<std::string> paid_to, territories;
};

// Reads up to `max` digits at `pos`; nullopt when there are none.
std::optional<int> read_number(std::string_view text, size_t& pos, size_t max) {
  size_t start = pos;
  int value = 0;
  while (pos < text.size() && pos - start < max && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos++] - '0');
  }
  if (pos == start) return std::nullopt;
  return value;
}

// "10:12am", "23:59", "10:12:05 pm", "" (no time). Only checked, not kept:
// a sale counts on its calendar day.
bool valid_time(std::string_view time) {
  time = stores::trim(time);
  if (time.empty()) return true;
  size_t pos = 0;
  std::optional<int> hour = read_number(time, pos, 2);
  if (!hour || pos >= time.size() || time[pos++] != ':') return false;
  const size_t minute_start = pos;
  std::optional<int> minute = read_number(time, pos, 2);
  if (!minute || pos - minute_start != 2 || *minute > 59) return false;
  if (pos < time.size() && time[pos] == ':') {
    ++pos;
    std::optional<int> second = read_number(time, pos, 2);
    if (!second || *second > 59) return false;
  }
  std::string suffix(stores::trim(time.substr(pos)));
  for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (suffix.empty()) return *hour <= 23;
  return (suffix == "am" || suffix == "pm") && *hour >= 1 && *hour <= 12;
}

// M/D/YY, M/D/YYYY or YYYY-MM-DD, then an optional time; "" when invalid.
std::string bandcamp_date(std::string_view text) {
  text = stores::trim(text);
  const size_t space = text.find_first_of(" T");
  const std::string_view date = text.substr(0, space);
  if (space != std::string_view::npos && !valid_time(text.substr(space + 1))) return {};
  size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (date.find('/') != std::string_view::npos) {
    std::optional<int> m = read_number(date, pos, 2);
    if (!m || pos >= date.size() || date[pos++] != '/') return {};
    std::optional<int> d = read_number(date, pos, 2);
    if (!d || pos >= date.size() || date[pos++] != '/') return {};
    const size_t year_start = pos;
    std::optional<int> y = read_number(date, pos, 4);
    if (!y || pos != date.size() || (pos - year_start != 2 && pos - year_start != 4)) return {};
    year = pos - year_start == 2 ? 2000 + *y : *y;
    month = *m;
    day = *d;
  } else {
    std::optional<int> y = read_number(date, pos, 4);
    if (!y || pos != 4 || pos >= date.size() || date[pos++] != '-') return {};
    std::optional<int> m = read_number(date, pos, 2);
    if (!m || pos != 7 || pos >= date.size() || date[pos++] != '-') return {};
    std::optional<int> d = read_number(date, pos, 2);
    if (!d || pos != date.size() || pos != 10) return {};
    year = *y;
    month = *m;
    day = *d;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1) return {};
  if (day > stores::days_in_month(year, month)) return {};
  return stores::format_iso_date(year, month, day);
}

// Channel by item type; false for an unknown type.
bool set_item_type(std::string_view item_type, SaleLine& line) {
  if (item_type == "album" || item_type == "track" || item_type == "bundle") {
    line.channel = SalesChannel::kDownload;
  } else if (item_type == "package") {
    line.channel = SalesChannel::kPhysical;
  } else if (item_type == "merch") {
    line.channel = SalesChannel::kOther;
  } else {
    return false;
  }
  return true;
}

// Identifiers: digital items must carry valid ones; a package's UPC is
// unreliable (formats.md section 3), so a bad one is a warning and dropped;
// merch gets none, so it lands in suspense rather than on a release.
void read_identifiers(const CsvHeader& header, const CsvRow& csv, RowCheck& check, SaleLine& line,
                      BandcampState& state) {
  if (line.channel == SalesChannel::kOther) return;
  line.catalog_number = stores::trim(header.get(csv, "catalog number"));
  line.proprietary_id = stores::trim(header.get(csv, "item url"));
  line.isrc = check.isrc("isrc", header.get(csv, "isrc"));
  if (line.channel != SalesChannel::kPhysical) {
    line.icpn = check.icpn("upc", header.get(csv, "upc"));
    return;
  }
  RowCheck upc_check(state.file_name, csv.line_number);
  line.icpn = upc_check.icpn("upc", header.get(csv, "upc"));
  for (const Error& warning : upc_check.errors()) state.report.warnings.push_back(warning);
}

void parse_row(const CsvHeader& header, const SourceRow& row, BandcampState& state) {
  RowCheck check(state.file_name, row.line_number);
  if (!stores::has_header_width(header, row, check, state.report.errors,
                                state.report.rejected_text))
    return;
  CsvRow csv{row.line_number, row.fields};
  auto get = [&](std::string_view name) { return header.get(csv, name); };
  SaleLine line;
  line.line_number = row.line_number;
  line.sale_start = bandcamp_date(get("date"));
  if (line.sale_start.empty()) {
    check.fail(ErrorCode::kDateInvalid, "date", get("date"),
               "expected M/D/YY h:mmam, M/D/YYYY HH:MM or YYYY-MM-DD");
  }
  line.sale_end = line.sale_start;
  const std::string_view item_type = stores::trim(get("item type"));
  if (!set_item_type(item_type, line)) {
    check.fail(ErrorCode::kFieldInvalid, "item type", get("item type"),
               "expected album, track, package, bundle or merch");
  }
  line.units = check.units("quantity", get("quantity"));
  line.amount = check.decimal("net amount", get("net amount"));
  line.currency = check.currency("currency", get("currency"));
  line.territory = check.territory("country code", get("country code"));
  read_identifiers(header, csv, check, line, state);
  if (!check.ok()) {
    stores::reject_row(check, row.raw, state.report.errors, state.report.rejected_text);
    return;
  }
  // A refund carries a negative net amount; make its units negative too.
  if (line.amount.is_negative() && !line.units.is_negative()) line.units = -line.units;
  line.title = stores::trim(get("item name"));
  line.artist = stores::trim(get("artist"));
  line.store = "Bandcamp";
  stores::widen_period(line.sale_start, state.report.period_start, state.report.period_end);
  state.paid_to.emplace_back(stores::trim(get("paid to")));
  state.territories.push_back(line.territory);
  state.report.lines.push_back(std::move(line));
}

}  // namespace

SalesReport parse_bandcamp_sales(std::string_view text, std::string_view file_name) {
  BandcampState state;
  state.file_name = std::string(file_name);
  SalesReport& report = state.report;
  report.format = "bandcamp";
  report.payer = "Bandcamp";
  report.payer_name = "Bandcamp";
  report.service = "Bandcamp";
  std::vector<SourceRow> rows = stores::read_rows(text, file_name, ',', stores::Quoting::kRfc4180,
                                                  report.errors, report.rejected_text);
  const std::optional<CsvHeader> header = stores::read_header(
      rows, kBandcampRequired, "net amount", file_name, report.errors, report.rejected_text);
  if (!header) return report;
  for (size_t i = 1; i < rows.size(); ++i) {
    ++report.rows;
    parse_row(*header, rows[i], state);
  }
  std::string territory = stores::join_sorted_unique(state.territories);
  report.territory = territory.find('+') == std::string::npos ? territory : "";
  report.recipient = stores::join_sorted_unique(state.paid_to);
  report.identity =
      "bandcamp|" + report.recipient + "|" + report.period_start + "|" + report.period_end;
  return report;
}

}  // namespace fermata
