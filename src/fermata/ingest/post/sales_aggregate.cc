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

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == ',') {
      out += "%2C";
    } else if (c == ';') {
      out += "%3B";
    } else {
      out += c;
    }
  }
}

std::string selector_common(std::string_view store, SalesChannel channel,
                            std::string_view territory, std::string_view start,
                            std::string_view end, std::string_view currency) {
  std::string out = "sel:";
  append_escaped(out, store);
  out += ',';
  out += sales_channel_name(channel);
  for (std::string_view part : {territory, start, end, currency}) {
    out += ',';
    append_escaped(out, part);
  }
  return out;
}

std::string selector_ids(const SaleLine& line) {
  std::string out;
  append_escaped(out, line.isrc);
  for (const std::string* part : {&line.icpn, &line.catalog_number, &line.proprietary_id}) {
    out += ',';
    append_escaped(out, *part);
  }
  return out;
}

}  // namespace

std::string line_selector(const SalesAggregate& agg) {
  std::string out = selector_common(agg.store, agg.channel, agg.territory, agg.sale_start,
                                    agg.sale_end, agg.currency);
  for (const std::string& ids : agg.selectors) out += ";" + ids;
  return out;
}

bool selector_matches(std::string_view selector, const SaleLine& line,
                      std::string_view fallback_date) {
  const std::string common =
      selector_common(line.store, line.channel, line.territory, line.sale_start,
                      line.sale_end.empty() ? fallback_date : line.sale_end, line.currency);
  if (!selector.starts_with(common) || selector.size() == common.size() ||
      selector[common.size()] != ';') {
    return false;
  }
  const std::string ids = selector_ids(line);
  std::string_view rest = selector.substr(common.size() + 1);
  while (true) {
    const std::size_t semicolon = rest.find(';');
    if (rest.substr(0, semicolon) == ids) return true;
    if (semicolon == std::string_view::npos) return false;
    rest.remove_prefix(semicolon + 1);
  }
}

namespace {

std::string key_of(const SaleLine& line, const SaleMatch& match, std::string_view date) {
  std::string key = match.matched ? "0|" + match.owner + "|" + match.release_id + "|" + match.isrc
                                  : "1|" + match.via + "|" + match.identifier;
  key += "|" + line.store + "|" + std::string(sales_channel_name(line.channel)) + "|" +
         line.territory + "|" + line.sale_start + "|" + std::string(date) + "|" + line.currency;
  return key;
}

Status add_line(SalesAggregate& agg, const SaleLine& line, const std::string& file, bool grouped) {
  Result<Decimal> units = agg.units.checked_add(line.units);
  Result<Decimal> amount = agg.amount.checked_add(line.amount);
  if (!units || !amount) {
    return make_error(ErrorCode::kDecimalOverflow, "sum of sales overflows",
                      {file, line.line_number, "amount", line.amount.to_string()});
  }
  agg.units = *units;
  agg.amount = *amount;
  agg.lines += line.line_count;
  if (grouped) agg.selectors.push_back(selector_ids(line));
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
    (match.matched ? out.matched_lines : out.unmatched_lines) += line.line_count;
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
    FERMATA_RETURN_IF_ERROR(add_line(agg, line, report.format, report.grouped));
    out.lines += line.line_count;
  }
  std::vector<std::pair<std::string, SalesAggregate>> ordered(std::make_move_iterator(sums.begin()),
                                                              std::make_move_iterator(sums.end()));
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, agg] : ordered) {
    std::sort(agg.line_numbers.begin(), agg.line_numbers.end());
    agg.line_numbers.erase(std::unique(agg.line_numbers.begin(), agg.line_numbers.end()),
                           agg.line_numbers.end());
    std::sort(agg.selectors.begin(), agg.selectors.end());
    agg.selectors.erase(std::unique(agg.selectors.begin(), agg.selectors.end()),
                        agg.selectors.end());
    out.aggregates.push_back(std::move(agg));
  }
  return out;
}

}  // namespace fermata
