// aggregate_groups (sales_aggregate.h): a grouped report summed by number.
#include <algorithm>
#include <deque>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "fermata/ingest/post/sales_aggregate.h"

namespace fermata {
namespace {

constexpr std::uint32_t kEnd = 0xFFFFFFFF;

struct Triple {
  std::uint32_t a = 0, b = 0, c = 0;
  bool operator==(const Triple&) const = default;
};
struct TripleHash {
  std::size_t operator()(const Triple& t) const {
    std::uint64_t h = (std::uint64_t{t.a} << 32 | t.b) * 0x9E3779B97F4A7C15ULL;
    h ^= (h >> 29) ^ (std::uint64_t{t.c} * 0xBF58476D1CE4E5B9ULL);
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
};

// Triples to dense ids, open addressing (a flat table: no node per entry).
class TripleIndex {
 public:
  // The id of `key`, or `next` after recording it (*fresh = true).
  std::uint32_t find_or_add(const Triple& key, std::uint32_t next, bool* fresh) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = TripleHash{}(key)&mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) {
        slots_[i] = next + 1;
        keys_.push_back(key);
        *fresh = true;
        return next;
      }
      if (keys_[slots_[i] - 1] == key) {
        *fresh = false;
        return slots_[i] - 1;
      }
    }
  }

 private:
  void grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t id = 0; id < keys_.size(); ++id) {
      std::size_t i = TripleHash{}(keys_[id]) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = id + 1;
    }
  }
  std::vector<std::uint32_t> slots_;  // id + 1; 0 = empty.
  std::vector<Triple> keys_;          // By id (ids are 0, 1, 2... in order of addition).
};

// A line carrying only the identifiers matching and selectors read.
SaleLine identifiers_of(const SaleGroups& groups, std::uint32_t resource, std::uint32_t release) {
  SaleLine line;
  line.isrc = groups.resources[resource].isrc;
  line.proprietary_id = groups.resources[resource].proprietary_id;
  line.icpn = groups.releases[release].icpn;
  line.catalog_number = groups.releases[release].catalog_number;
  return line;
}

// Who a match pays: equal strings for equal postings (key_of's first part).
std::string target_identity(const SaleMatch& match) {
  return match.matched ? "0|" + match.owner + "|" + match.release_id + "|" + match.isrc
                       : "1|" + match.via + "|" + match.identifier;
}

// Each (resource, release, period) matched once; equal matches share a target.
class Targets {
 public:
  Targets(const SalesReport& report, const CatalogIndex& catalog, std::string_view fallback,
          std::deque<SaleMatch>& store)
      : groups_(report.groups), catalog_(catalog), fallback_(fallback), targets_(store) {}

  std::uint32_t of(const SaleGroup& group) {
    bool fresh = false;
    const std::uint32_t slot =
        target_of_.find_or_add(Triple{group.resource, group.release, group.period},
                               static_cast<std::uint32_t>(target_by_slot_.size()), &fresh);
    if (!fresh) return target_by_slot_[slot];
    const SaleLine probe = identifiers_of(groups_, group.resource, group.release);
    SaleMatch match = catalog_.match(probe, date_of(group));
    auto [id, added] = ids_.try_emplace(target_identity(match), targets_.size());
    if (added) targets_.push_back(std::move(match));
    target_by_slot_.push_back(static_cast<std::uint32_t>(id->second));
    return target_by_slot_.back();
  }

  std::string_view date_of(const SaleGroup& group) const {
    const std::string& end = groups_.periods[group.period].end;
    return end.empty() ? fallback_ : std::string_view(end);
  }
  const SaleMatch& operator[](std::uint32_t id) const { return targets_[id]; }
  // Each target's place in the order of target_identity().
  std::vector<std::uint32_t> ranks() const {
    std::vector<std::uint32_t> rank(targets_.size());
    std::uint32_t next = 0;
    for (const auto& [identity, id] :
         std::map<std::string, std::size_t>(ids_.begin(), ids_.end())) {
      rank[id] = next++;
    }
    return rank;
  }

 private:
  const SaleGroups& groups_;
  const CatalogIndex& catalog_;
  std::string_view fallback_;
  TripleIndex target_of_;                      // (resource, release, period) -> slot.
  std::vector<std::uint32_t> target_by_slot_;  // Slot -> target.
  std::unordered_map<std::string, std::size_t> ids_;
  std::deque<SaleMatch>& targets_;
};

SalesAggregate new_aggregate(const SaleGroups& groups, const SaleGroup& group,
                             const SaleMatch& match, std::string_view date) {
  const SaleResource& resource = groups.resources[group.resource];
  const SaleContext& context = groups.contexts[group.context];
  SalesAggregate agg;
  agg.match = &match;
  agg.title = resource.title.empty() ? groups.releases[group.release].title : resource.title;
  agg.artist = resource.artist;
  agg.store = context.store;
  agg.channel = context.channel;
  agg.territory = context.territory;
  agg.currency = context.currency;
  agg.sale_start = groups.periods[group.period].start;
  agg.sale_end = date;
  agg.first_line = group.first_line;
  return agg;
}

// The identifiers of the groups an aggregate sums (a list through `next`
// from `head`), each once, sorted.
std::vector<std::string> selectors_of(const SaleGroups& groups, std::uint32_t head,
                                      const std::vector<std::uint32_t>& next) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> members;
  for (std::uint32_t g = head; g != kEnd; g = next[g]) {
    members.emplace_back(groups.groups[g].resource, groups.groups[g].release);
  }
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  std::vector<std::string> out;
  for (const auto& [resource, release] : members) {
    out.push_back(selector_identifiers(identifiers_of(groups, resource, release)));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Ranks of contexts or periods by their text, for a deterministic order.
template <typename T, typename Text>
std::vector<std::uint32_t> ranks_by(const std::vector<T>& items, Text text) {
  std::vector<std::uint32_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return text(items[a]) < text(items[b]); });
  std::vector<std::uint32_t> rank(items.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  return rank;
}

}  // namespace

Result<SalesAggregation> aggregate_groups(const SalesReport& report, const CatalogIndex& catalog,
                                          std::string_view fallback_date, bool selectors) {
  const SaleGroups& groups = report.groups;
  SalesAggregation out;
  Targets targets(report, catalog, fallback_date, out.matches);
  TripleIndex index;                // (target, context, period) -> aggregate.
  std::deque<SalesAggregate> sums;  // Grows without moving its (large) elements.
  std::vector<Triple> keys;
  // Each aggregate's groups, as lists: head by aggregate, next by group.
  std::vector<std::uint32_t> head, next(groups.groups.size(), kEnd);
  for (std::uint32_t g = 0; g < groups.groups.size(); ++g) {
    const SaleGroup& group = groups.groups[g];
    const std::uint32_t target = targets.of(group);
    const SaleMatch& match = targets[target];
    (match.matched ? out.matched_lines : out.unmatched_lines) += group.line_count;
    const Triple key{target, group.context, group.period};
    bool inserted = false;
    const std::uint32_t at =
        index.find_or_add(key, static_cast<std::uint32_t>(sums.size()), &inserted);
    if (inserted) {
      sums.push_back(new_aggregate(groups, group, match, targets.date_of(group)));
      keys.push_back(key);
      head.push_back(kEnd);
    }
    SalesAggregate& agg = sums[at];
    Result<Decimal> units = agg.units.checked_add(group.units);
    Result<Decimal> amount = agg.amount.checked_add(group.amount);
    if (!units || !amount) {
      return make_error(ErrorCode::kDecimalOverflow, "sum of sales overflows",
                        {report.format, group.first_line, "amount", group.amount.to_string()});
    }
    agg.units = *units;
    agg.amount = *amount;
    agg.lines += group.line_count;
    agg.first_line = std::min(agg.first_line, group.first_line);
    next[g] = head[at];
    head[at] = g;
    out.lines += group.line_count;
  }
  const std::vector<std::uint32_t> target_rank = targets.ranks();
  const std::vector<std::uint32_t> context_rank =
      ranks_by(groups.contexts, [](const SaleContext& c) {
        return c.store + "|" + std::string(sales_channel_name(c.channel)) + "|" + c.territory +
               "|" + c.currency;
      });
  const std::vector<std::uint32_t> period_rank =
      ranks_by(groups.periods, [](const SalePeriod& p) { return p.start + "|" + p.end; });
  std::vector<std::uint32_t> order(sums.size());
  std::iota(order.begin(), order.end(), 0);
  auto rank = [&](std::uint32_t i) {
    return std::tuple(target_rank[keys[i].a], context_rank[keys[i].b], period_rank[keys[i].c]);
  };
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return rank(a) < rank(b); });
  out.aggregates.reserve(sums.size());
  for (std::uint32_t i : order) {
    SalesAggregate& agg = sums[i];
    if (selectors) agg.selectors = selectors_of(groups, head[i], next);
    out.aggregates.push_back(std::move(agg));
  }
  return out;
}

}  // namespace fermata
