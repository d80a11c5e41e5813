#include "fermata/ingest/post/sales_aggregate.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

namespace fermata {

std::string line_ranges(const std::vector<std::int64_t>& lines) {
  std::string out;
  std::size_t i = 0;
  while (i < lines.size()) {
    std::size_t j = i;
    while (j + 1 < lines.size() && lines[j + 1] <= lines[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(lines[i]);
    if (lines[j] != lines[i]) out += "-" + std::to_string(lines[j]);
    i = j + 1;
  }
  return out;
}

namespace {

std::string key_of(const SaleLine& line, const SaleMatch& match, std::string_view date) {
  std::string key = match.matched ? "0|" + match.owner + "|" + match.release_id + "|" + match.isrc
                                  : "1|" + match.via + "|" + match.identifier;
  key += "|" + line.store + "|" + std::string(sales_channel_name(line.channel)) + "|" +
         line.territory + "|" + line.sale_start + "|" + std::string(date) + "|" + line.currency;
  return key;
}

Status add_line(SalesAggregate& agg, const SaleLine& line, const std::string& file) {
  Result<Decimal> units = agg.units.checked_add(line.units);
  Result<Decimal> amount = agg.amount.checked_add(line.amount);
  if (!units || !amount) {
    return make_error(ErrorCode::kDecimalOverflow, "sum of sales overflows",
                      {file, line.line_number, "amount", line.amount.to_string()});
  }
  agg.units = *units;
  agg.amount = *amount;
  ++agg.lines;
  // Lines may arrive out of file order; aggregate_sales sorts and dedups at the end.
  if (agg.line_numbers.empty() || agg.line_numbers.back() != line.line_number) {
    agg.line_numbers.push_back(line.line_number);
  }
  return ok_status();
}

// Matching depends only on a line's identifiers and date, which repeat
// across lines (one track, many sales): each combination is matched once.
const SaleMatch& cached_match(const CatalogIndex& catalog, const SaleLine& line,
                              std::string_view date,
                              std::unordered_map<std::string, SaleMatch>& cache) {
  std::string key = line.isrc;
  for (std::string_view part : {std::string_view(line.icpn), std::string_view(line.catalog_number),
                                std::string_view(line.proprietary_id), date}) {
    key += '\x1f';
    key += part;
  }
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(std::move(key), catalog.match(line, date)).first;
  return it->second;
}

}  // namespace

Result<SalesAggregation> aggregate_sales(const SalesReport& report, const CatalogIndex& catalog,
                                         std::string_view fallback_date) {
  // Hashed while summing, ordered by key once at the end (deterministic keys).
  std::unordered_map<std::string, SalesAggregate> sums;
  std::unordered_map<std::string, SaleMatch> matches;
  SalesAggregation out;
  for (const SaleLine& line : report.lines) {
    const std::string_view date = line.sale_end.empty() ? fallback_date : line.sale_end;
    const SaleMatch& match = cached_match(catalog, line, date, matches);
    ++(match.matched ? out.matched_lines : out.unmatched_lines);
    auto [it, inserted] = sums.try_emplace(key_of(line, match, date));
    SalesAggregate& agg = it->second;
    if (inserted) {
      agg.match = match;
      agg.title = line.title;
      agg.artist = line.artist;
      agg.store = line.store;
      agg.territory = line.territory;
      agg.sale_start = line.sale_start;
      agg.sale_end = std::string(date);
      agg.currency = line.currency;
      agg.channel = line.channel;
    }
    FERMATA_RETURN_IF_ERROR(add_line(agg, line, report.format));
    ++out.lines;
  }
  std::vector<std::pair<std::string, SalesAggregate>> ordered(std::make_move_iterator(sums.begin()),
                                                              std::make_move_iterator(sums.end()));
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, agg] : ordered) {
    std::sort(agg.line_numbers.begin(), agg.line_numbers.end());
    agg.line_numbers.erase(std::unique(agg.line_numbers.begin(), agg.line_numbers.end()),
                           agg.line_numbers.end());
    out.aggregates.push_back(std::move(agg));
  }
  return out;
}

}  // namespace fermata
