// DistroKid "Excruciating Detail" TSV, current and older headers.
#include <algorithm>
#include <array>
#include <cctype>

#include "fermata/ingest/csv/csv_reader.h"
#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores.h"

namespace fermata {
namespace {

using stores::RowCheck;
using stores::SourceRow;

// Present in both the current and the older header.
constexpr std::array<std::string_view, 7> kDistroKidRequired = {
    "Reporting Date", "Sale Month", "Store", "ISRC", "UPC", "Quantity", "Earnings (USD)"};

struct DistroKidState {
  std::string file_name;
  SalesReport report;
  std::vector<std::string> stores, territories;
};

std::string lower(std::string_view text) {
  std::string out(stores::trim(text));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ASSUMPTION: DistroKid does not document a channel per line. Source Type
// decides when it says "download" or "stream"; otherwise the store name:
// download stores by exact name, YouTube Content ID and social platforms as
// UGC, everything else (Spotify, Apple Music, Deezer, Tidal...) as streams.
SalesChannel channel_for(std::string_view store, std::string_view source_type) {
  const std::string source = lower(source_type);
  if (source.find("download") != std::string::npos) return SalesChannel::kDownload;
  if (source.find("stream") != std::string::npos) return SalesChannel::kStream;
  const std::string name = lower(store);
  constexpr std::array<std::string_view, 6> kDownloadStores = {
      "itunes", "amazon", "amazon mp3", "7digital", "beatport", "google play"};
  if (std::find(kDownloadStores.begin(), kDownloadStores.end(), name) != kDownloadStores.end()) {
    return SalesChannel::kDownload;
  }
  constexpr std::array<std::string_view, 4> kUgcStores = {"youtube (ids)", "facebook", "instagram",
                                                          "tiktok"};
  if (std::find(kUgcStores.begin(), kUgcStores.end(), name) != kUgcStores.end() ||
      name.find("content id") != std::string::npos) {
    return SalesChannel::kUgc;
  }
  return SalesChannel::kStream;
}

void parse_row(const CsvHeader& header, const SourceRow& row, DistroKidState& state) {
  RowCheck check(state.file_name, row.line_number);
  if (!stores::has_header_width(header, row, check, state.report.errors,
                                state.report.rejected_text))
    return;
  CsvRow csv{row.line_number, row.fields};
  auto get = [&](std::string_view name) { return header.get(csv, name); };
  SaleLine line;
  line.line_number = row.line_number;
  const std::string reporting = check.iso_date("Reporting Date", get("Reporting Date"));
  const std::string month = check.month("Sale Month", get("Sale Month"));
  line.store = stores::trim(get("Store"));
  if (line.store.empty()) check.fail(ErrorCode::kFieldMissing, "Store", "", "a store is required");
  line.isrc = check.isrc("ISRC", get("ISRC"));
  line.icpn = check.icpn("UPC", get("UPC"));
  line.units = check.units("Quantity", get("Quantity"));
  line.amount = check.decimal("Earnings (USD)", get("Earnings (USD)"));
  line.territory = check.territory("Country of Sale", get("Country of Sale"));
  if (!check.ok()) {
    stores::reject_row(check, row.raw, state.report.errors, state.report.rejected_text);
    return;
  }
  line.sale_start = stores::month_first_day(month);
  line.sale_end = stores::month_last_day(month);
  line.currency = "USD";
  line.channel = channel_for(line.store, get("Source Type"));
  line.title = stores::trim(get("Title"));
  line.artist = stores::trim(get("Artist"));
  stores::widen_period(reporting, state.report.period_start, state.report.period_end);
  state.stores.push_back(line.store);
  state.territories.push_back(line.territory);
  state.report.lines.push_back(std::move(line));
}

bool is_header(const SourceRow& row) {
  return std::all_of(
      kDistroKidRequired.begin(), kDistroKidRequired.end(), [&](std::string_view name) {
        return std::any_of(row.fields.begin(), row.fields.end(),
                           [&](const std::string& f) { return stores::trim(f) == name; });
      });
}

std::string single_or_empty(std::vector<std::string> values) {
  std::string joined = stores::join_sorted_unique(std::move(values));
  return joined.find('+') == std::string::npos ? joined : std::string();
}

}  // namespace

SalesReport parse_distrokid(std::string_view text, std::string_view file_name) {
  DistroKidState state;
  state.file_name = std::string(file_name);
  SalesReport& report = state.report;
  report.format = "distrokid";
  report.payer = "DistroKid";
  report.payer_name = "DistroKid";
  std::vector<SourceRow> rows = stores::read_rows(text, file_name, '\t', stores::Quoting::kNone,
                                                  report.errors, report.rejected_text);
  if (rows.empty() || !is_header(rows[0])) {
    SourceRef where{state.file_name, 1, "Earnings (USD)", ""};
    report.errors.push_back(
        make_error(ErrorCode::kFieldMissing, "the first line is not a DistroKid header", where));
    report.rejected_text.push_back(rows.empty() ? std::string() : rows[0].raw);
    return report;
  }
  Result<CsvHeader> header =
      CsvHeader::parse(CsvRow{rows[0].line_number, rows[0].fields}, kDistroKidRequired, file_name);
  if (!header) {
    report.errors.push_back(header.error());
    report.rejected_text.push_back(rows[0].raw);
    return report;
  }
  for (size_t i = 1; i < rows.size(); ++i) {
    ++report.rows;
    parse_row(*header, rows[i], state);
  }
  report.service = single_or_empty(state.stores);
  report.territory = single_or_empty(state.territories);
  report.identity = "distrokid|" + report.period_start + "|" + report.period_end;
  return report;
}

}  // namespace fermata
