// DSR streaming reader: block records and sales lines. A block's sales lines
// wait until the block ends (a line may name a resource listed after it),
// then each joins its line group (dsr_stream.h).
#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

#include "fermata/ingest/dsr/dsr_stream_internal.h"

namespace fermata {

using dsr_internal::dsr_error;
using dsr_stream::BlockEntry;
using dsr_stream::Kind;
using dsr_stream::PendingSale;
using dsr_stream::TypeInfo;

namespace {

// A BlockId written as a plain number ("17", not "017"), or nullopt.
std::optional<std::int64_t> plain_number(std::string_view text) {
  if (text.empty() || text.size() > 18 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// Adds n to sorted, disjoint, non-adjacent ranges; false when already there.
// Ascending ids (the usual case) keep one range.
bool insert_number(std::vector<std::pair<std::int64_t, std::int64_t>>& ranges, std::int64_t n) {
  auto next = std::upper_bound(ranges.begin(), ranges.end(), n,
                               [](std::int64_t v, const auto& r) { return v < r.first; });
  if (next != ranges.begin() && std::prev(next)->second >= n) return false;
  const bool joins_previous = next != ranges.begin() && std::prev(next)->second + 1 == n;
  const bool joins_next = next != ranges.end() && next->first == n + 1;
  if (joins_previous && joins_next) {
    std::prev(next)->second = next->second;
    ranges.erase(next);
  } else if (joins_previous) {
    std::prev(next)->second = n;
  } else if (joins_next) {
    next->first = n;
  } else {
    ranges.insert(next, {n, n});
  }
  return true;
}

// ISRCs are usually written normalised already: copy only when needed
// (a '-', ' ' or lower-case letter; digits and capitals are the usual bytes).
std::string_view isrc_of(std::string_view text, std::string& scratch) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte - unsigned{'0'} <= 9 || byte - unsigned{'A'} <= 25) continue;
    if (c == '-' || c == ' ' || (c >= 'a' && c <= 'z')) {
      scratch = dsr_internal::normalized_isrc(text);
      return scratch;
    }
  }
  return text;
}

// Plain numbers parse directly; anything else through Decimal::parse.
Result<Decimal> parse_amount(std::string_view text) {
  if (std::optional<Decimal> plain = dsr_stream::parse_plain_decimal(text)) return *plain;
  return Decimal::parse(text);
}

// The whole number a raw Decimal holds, or nullopt when it has a fraction;
// 64-bit arithmetic when it fits (no 128-bit division for usual counts).
std::optional<Int128> whole_of(Int128 raw) {
  if (raw >= INT64_MIN && raw <= INT64_MAX) {
    constexpr auto kOne = static_cast<std::int64_t>(Decimal::kOne);
    const auto small = static_cast<std::int64_t>(raw);
    if (small % kOne != 0) return std::nullopt;
    return small / kOne;
  }
  if (raw % Decimal::kOne != 0) return std::nullopt;
  return raw / Decimal::kOne;
}

// price x whole count without the 256-bit path; otherwise checked_mul.
Result<Decimal> times(Decimal price, Decimal count) {
  if (count.is_whole()) {
    Int128 product = 0;
    if (!__builtin_mul_overflow(price.raw(), count.raw() / Decimal::kOne, &product)) {
      return Decimal::from_raw(product);
    }
  }
  return price.checked_mul(count);
}

// The entry whose key1 (or key2, unless allow_empty) is `key`; texts in `text`.
const BlockEntry* find_entry(const std::vector<BlockEntry>& entries, std::size_t count,
                             const char* text, std::string_view key, bool allow_empty) {
  if (key.empty() && !allow_empty) return nullptr;
  const auto view = [text](dsr_stream::Span span) {
    return std::string_view(text + span.offset, span.size);
  };
  for (std::size_t i = 0; i < count; ++i) {
    if (dsr_stream::same_text(view(entries[i].key1), key) ||
        (!allow_empty && dsr_stream::same_text(view(entries[i].key2), key))) {
      return &entries[i];
    }
  }
  return nullptr;
}

BlockEntry& next_entry(std::vector<BlockEntry>& entries, std::size_t& count) {
  if (count == entries.size()) entries.emplace_back();
  return entries[count++];
}

}  // namespace

void DsrStreamReader::State::keep_line(std::string_view line) {
  line_base = static_cast<std::uint32_t>(block_text.size());
  block_text.append(line);
  line_in_block = line;
}

void DsrStreamReader::State::on_block_record(const TypeInfo& info, std::string_view line) {
  read_summaries_once();
  body_started = true;
  const std::string_view id = cells.at(info.block_id);
  if (blocks == 0 || !dsr_stream::same_text(id, block_id)) start_block(id);
  if (info.kind == Kind::kResource || info.kind == Kind::kRelease || info.kind == Kind::kSale) {
    keep_line(line);
  }
  switch (info.kind) {
    case Kind::kResource:
      return on_resource(info);
    case Kind::kRelease:
      return on_release(info);
    case Kind::kSale:
      return on_sale(info);
    default:
      return;
  }
}

void DsrStreamReader::State::start_block(std::string_view id) {
  if (blocks > 0) end_block();
  const std::optional<std::int64_t> number = plain_number(id);
  const bool fresh =
      number ? insert_number(numeric_block_ranges, *number) : other_block_ids.emplace(id).second;
  if (!fresh) {
    add_error(dsr_error(ErrorCode::kParseError, "BlockId repeats after another block", file_name,
                        line_number, "BlockId", id));
  }
  block_id.assign(id);
  ++blocks;
  resource_count = release_count = 0;
}

void DsrStreamReader::State::on_resource(const TypeInfo& info) {
  BlockEntry& entry = next_entry(resources, resource_count);
  entry.key1 = keep(first_value(info, info.resource_reference));
  entry.key2 = keep(first_value(info, info.dsp_resource_id));
  entry.a = keep(isrc_of(first_value(info, info.isrc), lookup));
  entry.b = entry.key2;
  entry.title = keep(first_value(info, info.title));
  entry.artist = keep(first_value(info, info.artist));
  // Its lines will most likely pair it with the block's release: start
  // fetching that pair's interner slot now, to have it when the block ends.
  entry.pair_hashed = release_count == 1;
  if (entry.pair_hashed) {
    pair_key(text_of(entry.a), text_of(entry.b), text_of(releases[0].a), text_of(releases[0].b));
    entry.pair_key = keep(combo_key);
    entry.pair_hash = Interner::hash_of(combo_key);
    combo_ids.prefetch(entry.pair_hash);
  }
}

void DsrStreamReader::State::pair_key(std::string_view isrc, std::string_view pid,
                                      std::string_view icpn, std::string_view catalog) {
  dsr_stream::composite_key(combo_key, {isrc, pid, icpn, catalog});
}

void DsrStreamReader::State::on_release(const TypeInfo& info) {
  BlockEntry& entry = next_entry(releases, release_count);
  entry.key1 = keep(first_value(info, info.release_reference));
  entry.a = keep(first_value(info, info.icpn));
  entry.b = keep(first_value(info, info.catalog_number));
  entry.title = keep(first_value(info, info.title));
}

std::optional<Decimal> DsrStreamReader::State::decimal_value(const TypeInfo& info, int position,
                                                             std::string_view name) {
  const std::string_view text = first_value(info, position);
  if (text.empty()) return std::nullopt;
  if (std::optional<Decimal> plain = dsr_stream::parse_plain_decimal(text)) return plain;
  Result<Decimal> value = parse_amount(text);
  if (!value) {
    add_error(
        dsr_error(value.error().code, value.error().message, file_name, line_number, name, text));
    return std::nullopt;
  }
  return *value;
}

// decimal_sum_cell of parse_dsr: the `|`-separated values of a count cell.
Decimal DsrStreamReader::State::sum_values(const TypeInfo& info, int position,
                                           std::string_view name) {
  std::string_view text = cells.at(position);
  const bool repeatable = info.repeatable[position];
  if (!repeatable) {  // The usual case: one plain number.
    if (std::optional<Decimal> plain = dsr_stream::parse_plain_decimal(text)) return *plain;
  }
  Decimal sum;
  while (true) {
    const std::size_t bar = repeatable ? text.find('|') : std::string_view::npos;
    const std::string_view part = text.substr(0, bar);
    if (!part.empty()) {
      Result<Decimal> value = parse_amount(part);
      Result<Decimal> next = value ? sum.checked_add(*value) : value;
      if (!next) {
        add_error(
            dsr_error(next.error().code, next.error().message, file_name, line_number, name, part));
        return Decimal();
      }
      sum = *next;
    }
    if (bar == std::string_view::npos) return sum;
    text.remove_prefix(bar + 1);
  }
}

void DsrStreamReader::State::read_sale_counts(const TypeInfo& info, PendingSale& sale) {
  static constexpr std::string_view kCountNames[] = {"Usages", "NumberOfStreams", "Downloads"};
  Decimal usages, returns;
  for (int i = 0; i < 3; ++i) {
    if (cells.at(info.counts[i]).empty()) continue;
    usages = sum_values(info, info.counts[i], kCountNames[i]);
    break;
  }
  if (!cells.at(info.returns).empty()) returns = sum_values(info, info.returns, "Returns");
  Int128 net = 0;
  const bool net_ok = !__builtin_sub_overflow(usages.raw(), returns.raw(), &net);
  sale.units = net_ok ? Decimal::from_raw(net) : Decimal();
  const std::optional<Decimal> price =
      decimal_value(info, info.price, "PriceConsumerPaidExcSalesTax");
  sale.priced = false;
  if (!price) return;
  Int128 product = 0;
  const std::optional<Int128> count = net_ok ? whole_of(net) : std::nullopt;
  if (count && !__builtin_mul_overflow(price->raw(), *count, &product)) {
    sale.priced = true;  // price x a whole count, exact without rounding.
    sale.gross = Decimal::from_raw(product);
    return;
  }
  Result<Decimal> units = usages.checked_sub(returns);
  Result<Decimal> gross = units ? times(*price, *units) : units;
  if (!gross) {
    add_error(dsr_error(gross.error().code, gross.error().message, file_name, line_number,
                        "PriceConsumerPaidExcSalesTax", price->to_string()));
    return;
  }
  sale.priced = true;
  sale.gross = *gross;
}

// Checks ValidityPeriodStart/End like parse_dsr and returns the sale period's
// date id: the line's own when both are valid, else 0 (the HEAD's period).
std::uint32_t DsrStreamReader::State::read_sale_dates(const TypeInfo& info) {
  if (info.validity_start == 0 && info.validity_end == 0) return 0;
  std::string dates[2];
  bool own = true;
  const std::pair<int, std::string_view> cells_of[] = {{info.validity_start, "ValidityPeriodStart"},
                                                       {info.validity_end, "ValidityPeriodEnd"}};
  for (int i = 0; i < 2; ++i) {
    const std::string_view text = first_value(info, cells_of[i].first);
    if (text.empty()) {
      own = false;
      continue;
    }
    bool compact = false;
    Result<std::string> date = normalize_dsr_date(text, &compact);
    if (!date || compact) {
      Error error = dsr_error(ErrorCode::kDateInvalid, "expected YYYY[-MM[-DD]]", file_name,
                              line_number, cells_of[i].second, text);
      date ? add_warning(std::move(error)) : add_error(std::move(error));
    }
    if (date) dates[i] = *date;
    own = own && date.has_value();
  }
  if (!own) return 0;
  const std::uint32_t id = date_idents.intern(dates[0], dates[1], "", "");
  if (id > dsr_stream::GroupKey::kMaxDates) stop("more sale periods than line groups can key");
  return id;
}

void DsrStreamReader::State::on_sale(const TypeInfo& info) {
  ++sales_lines;
  if (block_sale_count == block_sales.size()) block_sales.emplace_back();
  PendingSale& sale = block_sales[block_sale_count++];
  sale.line = line_number;
  sale.summary = 0;
  const std::string_view summary_id = first_value(info, info.summary_id);
  const std::optional<std::size_t> number = dsr_stream::small_number(summary_id);
  if (number && *number < summary_by_number.size() && summary_by_number[*number] != 0) {
    sale.summary = summary_by_number[*number];
  } else if (!summary_id.empty()) {
    lookup.assign(summary_id);
    auto it = summary_index.find(lookup);
    if (it != summary_index.end()) {
      sale.summary = it->second + 1;
    } else {
      add_error(dsr_error(ErrorCode::kFieldMissing, "SummaryRecordId names no summary record",
                          file_name, line_number, "SummaryRecordId", summary_id));
    }
  }
  read_sale_counts(info, sale);
  sale.dates = read_sale_dates(info);
  sale.basis = dsr_stream::kNone;
  sale.amount = Decimal();
  if (cells.has(info.net_revenue)) {
    sale.amount = decimal_value(info, info.net_revenue, "NetRevenue").value_or(Decimal());
    sale.basis = dsr_stream::kReported;
  }
  if (info.allocatable) {
    if (sale.summary != 0 && meta.summaries[sale.summary - 1].net_revenue) {
      sale.basis = dsr_stream::kAllocated;
      dsr_stream::SummaryMoney& money = summary_money[sale.summary - 1];
      money.all_priced = money.all_priced && sale.priced;
      if (sale.priced && sale.gross.is_negative() && !money.first_negative_gross) {
        money.first_negative_gross = sale.gross;
      }
      if (sale.units.is_negative() && !money.first_negative_units) {
        money.first_negative_units = sale.units;
      }
      if (sale.priced) {
        Result<Decimal> total = money.gross_total.checked_add(sale.gross);
        money.gross_total = total ? *total : Decimal();
      }
    } else if (sale.priced) {
      sale.amount = sale.gross;
      sale.basis = dsr_stream::kComputed;
    }
  }
  sale.transacted_resource = keep(first_value(info, info.transacted_resource));
  sale.dsp_resource_id = keep(first_value(info, info.dsp_resource_id));
  sale.transacted_release = keep(first_value(info, info.transacted_release));
  // SU lines name their resource and release by reference; the line's own
  // identifier cells (a type that has them) are the fallback.
  sale.own_cells = info.isrc != 0 || info.title != 0 || info.artist != 0 || info.icpn != 0 ||
                   info.catalog_number != 0;
  if (sale.own_cells) {
    sale.own_isrc = keep(first_value(info, info.isrc));
    sale.own_title = keep(first_value(info, info.title));
    sale.own_artist = keep(first_value(info, info.artist));
    sale.own_icpn = keep(first_value(info, info.icpn));
    sale.own_catalog_number = keep(first_value(info, info.catalog_number));
  }
}

// A request for a line's (resource, release) pair: its key, hashed (and
// its interner slot prefetched) now, interned with its batch.
std::uint32_t DsrStreamReader::State::request_pair(const BlockEntry* resource,
                                                   const BlockEntry* release, std::uint32_t sale) {
  if (pair_count == pairs.size()) pairs.emplace_back();
  dsr_stream::PairRequest& pair = pairs[pair_count];
  pair.has_resource = resource != nullptr;
  pair.has_release = release != nullptr;
  if (resource != nullptr) pair.resource = *resource;
  if (release != nullptr) pair.release = *release;
  pair.sale = sale;
  if (resource != nullptr && resource->pair_hashed && release == &releases[0]) {
    pair.key = resource->pair_key;  // Hashed and prefetched when the resource was read.
    pair.hash = resource->pair_hash;
  } else {
    const PendingSale& line = block_sales[sale];
    const bool own = line.own_cells;
    std::string scratch;
    pair_key(resource != nullptr ? text_of(resource->a)
                                 : isrc_of(own ? text_of(line.own_isrc) : "", scratch),
             text_of(resource != nullptr ? resource->b : line.dsp_resource_id),
             release != nullptr ? text_of(release->a)
             : own              ? text_of(line.own_icpn)
                                : "",
             release != nullptr ? text_of(release->b)
             : own              ? text_of(line.own_catalog_number)
                                : "");
    pair.key = keep(combo_key);
    pair.hash = Interner::hash_of(combo_key);
    combo_ids.prefetch(pair.hash);
  }
  return static_cast<std::uint32_t>(pair_count++);
}

// The pair's id; a new pair also interns its resource and release, with the
// display texts of their first record.
std::uint32_t DsrStreamReader::State::intern_pair(const dsr_stream::PairRequest& pair) {
  const auto [id, fresh] = combo_ids.intern(text_of(pair.key), pair.hash);
  if (!fresh) return id;
  const PendingSale& line = block_sales[pair.sale];
  const bool own = line.own_cells;
  const auto own_or_none = [&](dsr_stream::Span span) {
    return own ? text_of(span) : std::string_view();
  };
  std::string scratch;
  const std::string_view isrc =
      pair.has_resource ? text_of(pair.resource.a) : isrc_of(own_or_none(line.own_isrc), scratch);
  const std::string_view pid = text_of(pair.has_resource ? pair.resource.b : line.dsp_resource_id);
  const std::string_view own_title = own_or_none(line.own_title);
  combos.emplace_back(
      resource_idents.intern(
          isrc, pid, pair.has_resource ? text_of(pair.resource.title) : own_title,
          pair.has_resource ? text_of(pair.resource.artist) : own_or_none(line.own_artist)),
      release_idents.intern(
          pair.has_release ? text_of(pair.release.a) : own_or_none(line.own_icpn),
          pair.has_release ? text_of(pair.release.b) : own_or_none(line.own_catalog_number),
          pair.has_release ? text_of(pair.release.title) : own_title, ""));
  return id;
}

// Resolves each of the block's lines' resource and release as dsr_to_sales
// does (TransactedResource or DspResourceId, TransactedRelease or the
// block's only release; the line's own cells otherwise) and requests its
// pair. The lines join their groups in batches (add_sales_to_groups).
void DsrStreamReader::State::end_block() {
  const BlockEntry* only_release = release_count == 1 ? &releases[0] : nullptr;
  const BlockEntry* previous_resource = nullptr;
  const BlockEntry* previous_release = nullptr;
  std::uint32_t previous_pair = 0;
  for (std::size_t i = block_first_sale; i < block_sale_count; ++i) {
    PendingSale& sale = block_sales[i];
    const char* text = block_text.data();
    const BlockEntry* resource =
        find_entry(resources, resource_count, text, text_of(sale.transacted_resource), false);
    if (resource == nullptr) {
      resource = find_entry(resources, resource_count, text, text_of(sale.dsp_resource_id), false);
    }
    const BlockEntry* release =
        find_entry(releases, release_count, text, text_of(sale.transacted_release), true);
    if (release == nullptr) release = only_release;
    const bool same = i > block_first_sale && resource != nullptr && release != nullptr &&
                      resource == previous_resource && release == previous_release;
    sale.pair =
        same ? previous_pair : request_pair(resource, release, static_cast<std::uint32_t>(i));
    previous_resource = resource;
    previous_release = release;
    previous_pair = sale.pair;
  }
  block_first_sale = block_sale_count;
  // A batch is due every kSaleBatch lines, or sooner when blocks without
  // lines have filled block_text.
  if (block_sale_count >= kSaleBatch || block_text.size() > (std::size_t{1} << 20)) {
    add_sales_to_groups();
  }
}

// The waiting lines join their groups: their pairs are interned (slots
// fetched long before), then every group slot is fetched, then the groups,
// then the sums, so that the batch's cache misses overlap.
void DsrStreamReader::State::add_sales_to_groups() {
  for (std::size_t i = 0; i < pair_count; ++i) pairs[i].combo = intern_pair(pairs[i]);
  for (std::size_t i = 0; i < block_sale_count; ++i) {
    PendingSale& sale = block_sales[i];
    sale.combo = pairs[sale.pair].combo;
    sale.hash = dsr_stream::GroupKey::of(sale.summary, sale.combo, sale.dates, sale.basis).hash();
    if (const std::uint64_t* slot = group_table.slot_for(sale.hash)) __builtin_prefetch(slot);
  }
  for (std::size_t i = 0; i < block_sale_count; ++i) {
    const std::uint32_t id = group_table.candidate(block_sales[i].hash);
    if (id != dsr_stream::kNoGroup && id < groups.size()) __builtin_prefetch(&groups[id]);
  }
  for (std::size_t i = 0; i < block_sale_count; ++i) add_to_group(block_sales[i]);
  block_sale_count = block_first_sale = pair_count = 0;
  block_text.clear();
}

void DsrStreamReader::State::add_to_group(const PendingSale& sale) {
  const auto key = dsr_stream::GroupKey::of(sale.summary, sale.combo, sale.dates, sale.basis);
  bool fresh = false;
  const std::uint32_t index = group_table.find_or_add(
      key, sale.hash, static_cast<std::uint32_t>(groups.size()),
      [&](std::uint32_t id) { return groups[id].key; }, &fresh);
  if (fresh) {
    groups.emplace_back().key = key;
    group_first_line.push_back(sale.line);
    if (options.keep_line_numbers) group_line_numbers.emplace_back();
  }
  dsr_stream::Group& group = groups[index];
  Int128 units = 0, gross = 0, amount = 0;  // Raw sums, overflow-checked.
  if (group.lines == std::numeric_limits<std::uint32_t>::max() ||
      __builtin_add_overflow(group.units.raw(), sale.units.raw(), &units) ||
      __builtin_add_overflow(group.gross.raw(), sale.priced ? sale.gross.raw() : 0, &gross) ||
      __builtin_add_overflow(group.amount.raw(), sale.amount.raw(), &amount)) {
    add_error(dsr_error(ErrorCode::kDecimalOverflow, "sum of sales overflows", file_name, sale.line,
                        "amount", sale.amount.to_string()));
    return;
  }
  ++group.lines;
  group.units = Decimal::from_raw(units);
  group.gross = Decimal::from_raw(gross);
  group.amount = Decimal::from_raw(amount);
  if (options.keep_line_numbers) group_line_numbers[index].push_back(sale.line);
}

}  // namespace fermata
