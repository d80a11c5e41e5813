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

}  // namespace

std::string selector_identifiers(const SaleLine& line) {
  std::string out;
  append_escaped(out, line.isrc);
  for (const std::string* part : {&line.icpn, &line.catalog_number, &line.proprietary_id}) {
    out += ',';
    append_escaped(out, *part);
  }
  return out;
}

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
  const std::string ids = selector_identifiers(line);
  std::string_view rest = selector.substr(common.size() + 1);
  while (true) {
    const std::size_t semicolon = rest.find(';');
    if (rest.substr(0, semicolon) == ids) return true;
    if (semicolon == std::string_view::npos) return false;
    rest.remove_prefix(semicolon + 1);
  }
}

namespace {

// The format comes last, so that reports without formats keep the order
// they had before earnings carried one.
std::string key_of(const SaleLine& line, const SaleMatch& match, std::string_view date,
                   std::string_view format) {
  std::string key = match.matched ? "0|" + match.owner + "|" + match.release_id + "|" + match.isrc
                                  : "1|" + match.via + "|" + match.identifier;
  key += "|" + line.store + "|" + std::string(sales_channel_name(line.channel)) + "|" +
         line.territory + "|" + line.sale_start + "|" + std::string(date) + "|" + line.currency;
  key += "|";
  key += format;
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
  agg.lines += line.line_count;
  agg.first_line = std::min(agg.first_line, line.line_number);
  // Lines may arrive out of file order; aggregate_sales sorts and dedups at the end.
  if (agg.line_numbers.empty() || agg.line_numbers.back() != line.line_number) {
    agg.line_numbers.push_back(line.line_number);
  }
  return ok_status();
}

std::size_t hash_views(std::initializer_list<std::string_view> views) {
  std::size_t h = 0xcbf29ce484222325ULL;
  for (std::string_view v : views) h = (h ^ std::hash<std::string_view>{}(v)) * 0x100000001b3ULL;
  return h;
}

// Matching depends only on a line's identifiers and date, which repeat
// across lines (one track, many sales): each combination is matched once.
struct MatchKey {
  std::string_view isrc, icpn, catalog_number, proprietary_id, date;
  bool operator==(const MatchKey&) const = default;
};
struct MatchKeyHash {
  std::size_t operator()(const MatchKey& k) const {
    return hash_views({k.isrc, k.icpn, k.catalog_number, k.proprietary_id, k.date});
  }
};

// What makes two lines one posting (key_of, without building the string):
// the match's owner, release, ISRC and product format (or how it failed),
// and where, when and in which currency the sale was.
struct AggregateKey {
  bool matched = false;
  std::string_view a, b, c, format;  // owner, release_id, isrc, format; or via, identifier.
  std::string_view store, territory, sale_start, date, currency;
  SalesChannel channel = SalesChannel::kOther;
  bool operator==(const AggregateKey&) const = default;
};
struct AggregateKeyHash {
  std::size_t operator()(const AggregateKey& k) const {
    return hash_views(
               {k.a, k.b, k.c, k.format, k.store, k.territory, k.sale_start, k.date, k.currency}) ^
           (static_cast<std::size_t>(k.channel) << 1) ^ static_cast<std::size_t>(k.matched);
  }
};

AggregateKey aggregate_key(const SaleLine& line, const SaleMatch& match, std::string_view date) {
  AggregateKey key{
      match.matched, {},          {}, {}, {}, line.store, line.territory, line.sale_start, date,
      line.currency, line.channel};
  if (match.matched) {
    key.a = match.owner;
    key.b = match.release_id;
    key.c = match.isrc;
    key.format = sale_format(match, line.channel);
  } else {
    key.a = match.via;
    key.b = match.identifier;
  }
  return key;
}

SalesAggregate new_aggregate(const SaleLine& line, const SaleMatch& match, std::string_view date) {
  SalesAggregate agg;
  agg.match = &match;
  agg.title = line.title;
  agg.artist = line.artist;
  agg.store = line.store;
  agg.territory = line.territory;
  agg.sale_start = line.sale_start;
  agg.sale_end = date;
  agg.currency = line.currency;
  agg.channel = line.channel;
  if (match.matched) agg.format = sale_format(match, line.channel);
  agg.first_line = line.line_number;
  return agg;
}

}  // namespace

Result<SalesAggregation> aggregate_sales(const SalesReport& report, const CatalogIndex& catalog,
                                         std::string_view fallback_date, bool selectors) {
  if (report.grouped) return aggregate_groups(report, catalog, fallback_date, selectors);
  // Hashed on views while summing (no string built per line), ordered by
  // key once at the end (deterministic keys).
  SalesAggregation out;
  std::unordered_map<MatchKey, const SaleMatch*, MatchKeyHash> matches;
  std::unordered_map<AggregateKey, std::size_t, AggregateKeyHash> index;
  std::vector<SalesAggregate> sums;
  std::vector<std::pair<const SaleLine*, const SaleMatch*>> firsts;
  for (const SaleLine& line : report.lines) {
    const std::string_view date = line.sale_end.empty() ? fallback_date : line.sale_end;
    auto [found, fresh] = matches.try_emplace(
        MatchKey{line.isrc, line.icpn, line.catalog_number, line.proprietary_id, date});
    if (fresh) found->second = &out.matches.emplace_back(catalog.match(line, date));
    const SaleMatch& match = *found->second;
    (match.matched ? out.matched_lines : out.unmatched_lines) += line.line_count;
    auto [it, inserted] = index.try_emplace(aggregate_key(line, match, date), sums.size());
    if (inserted) {
      sums.push_back(new_aggregate(line, match, date));
      firsts.emplace_back(&line, &match);
    }
    FERMATA_RETURN_IF_ERROR(add_line(sums[it->second], line, report.format));
    out.lines += line.line_count;
  }
  std::vector<std::pair<std::string, std::size_t>> order;
  order.reserve(sums.size());
  for (std::size_t i = 0; i < sums.size(); ++i) {
    order.emplace_back(
        key_of(*firsts[i].first, *firsts[i].second, sums[i].sale_end, sums[i].format), i);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [key, i] : order) {
    SalesAggregate& agg = sums[i];
    std::sort(agg.line_numbers.begin(), agg.line_numbers.end());
    agg.line_numbers.erase(std::unique(agg.line_numbers.begin(), agg.line_numbers.end()),
                           agg.line_numbers.end());
    out.aggregates.push_back(std::move(agg));
  }
  return out;
}

}  // namespace fermata
