// aggregate_groups (sales_aggregate.h): a grouped report summed by number.
#include <algorithm>
#include <deque>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "fermata/base/assert.h"
#include "fermata/base/huge_pages.h"
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

// Triples to dense ids, open addressing; a slot holds its key, so a lookup
// reads one place.
class TripleIndex {
 public:
  static std::size_t hash_of(const Triple& key) { return TripleHash{}(key); }
  void prefetch(std::size_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }
  std::uint32_t find_or_add(const Triple& key, std::uint32_t next, bool* fresh) {
    return find_or_add(key, hash_of(key), next, fresh);
  }
  // The id of `key` (hash = hash_of(key)), or `next` after recording it (*fresh = true).
  std::uint32_t find_or_add(const Triple& key, std::size_t hash, std::uint32_t next, bool* fresh) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.id_plus_one == 0) {
        slot = Slot{key, next + 1};
        ++count_;
        *fresh = true;
        return next;
      }
      if (slot.key == key) {
        *fresh = false;
        return slot.id_plus_one - 1;
      }
    }
  }

 private:
  struct Slot {
    Triple key;
    std::uint32_t id_plus_one = 0;  // 0: empty.
  };
  void grow() {
    HugeVector<Slot> old(slots_.empty() ? 1024 : slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id_plus_one == 0) continue;
      std::size_t i = TripleHash{}(slot.key) & mask;
      while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  HugeVector<Slot> slots_;  // A power of two, at most half full.
  std::size_t count_ = 0;
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

// Each (resource, release, period) matched once per kind of sale (physical
// or other, which take different product formats: sale_format()); a report
// selling one release both ways matches it twice, others as before. Equal
// matches with equal formats share a target. A target's identity ends with a
// NUL and the format, so targets sort as their matches did before sales
// carried a format.
class Targets {
 public:
  Targets(const SalesReport& report, const CatalogIndex& catalog, std::string_view fallback,
          std::deque<SaleMatch>& store)
      : groups_(report.groups), catalog_(catalog), fallback_(fallback), targets_(store) {
    FERMATA_ASSERT(groups_.periods.size() < kPhysicalBit);
    for (const SaleContext& context : groups_.contexts)
      physical_.push_back(context.channel == SalesChannel::kPhysical ? kPhysicalBit : 0);
  }

  std::uint32_t of(const SaleGroup& group) {
    const std::uint32_t kind = physical_[group.context];
    bool fresh = false;
    const std::uint32_t slot =
        target_of_.find_or_add(Triple{group.resource, group.release, group.period | kind},
                               static_cast<std::uint32_t>(target_by_slot_.size()), &fresh);
    if (!fresh) return target_by_slot_[slot];
    const SaleLine probe = identifiers_of(groups_, group.resource, group.release);
    const SaleMatch match = catalog_.match(probe, date_of(group.period));
    target_by_slot_.push_back(add(match, kind != 0 ? match.physical_format : match.digital_format));
    return target_by_slot_.back();
  }
  // The product format of a target's sales (a static name, or "").
  std::string_view format(std::uint32_t id) const { return formats_[id]; }

  std::string_view date_of(std::uint32_t period) const {
    const std::string& end = groups_.periods[period].end;
    return end.empty() ? fallback_ : std::string_view(end);
  }
  const SaleMatch& operator[](std::uint32_t id) const { return targets_[id]; }
  bool matched(std::uint32_t id) const { return matched_[id] != 0; }
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
  // The target of `match` selling as `format` (sale_format() for the kind).
  std::uint32_t add(const SaleMatch& match, std::string_view format) {
    std::string identity = target_identity(match);
    identity += '\0';
    identity += format;
    auto [id, added] = ids_.try_emplace(std::move(identity), targets_.size());
    if (added) {
      matched_.push_back(match.matched);
      formats_.push_back(match.matched ? format : std::string_view());
      targets_.push_back(match);
    }
    return static_cast<std::uint32_t>(id->second);
  }

  const SaleGroups& groups_;
  const CatalogIndex& catalog_;
  std::string_view fallback_;
  // Marks the period of a physical sale in a slot's key.
  static constexpr std::uint32_t kPhysicalBit = 0x80000000;
  TripleIndex target_of_;                      // (resource, release, period | kind) -> slot.
  std::vector<std::uint32_t> target_by_slot_;  // Slot -> target.
  std::unordered_map<std::string, std::size_t> ids_;
  std::deque<SaleMatch>& targets_;
  std::vector<std::uint8_t> matched_;      // By target: its SaleMatch::matched, in a small array.
  std::vector<std::string_view> formats_;  // By target: the format its sales get.
  std::vector<std::uint32_t> physical_;    // By context: kPhysicalBit for a physical sale, or 0.
};

// An aggregate's texts: its first group's resource and release, its
// context and period (the key's), from the report's small tables.
SalesAggregate new_aggregate(const SaleGroups& groups, std::uint32_t resource_id,
                             std::uint32_t release_id, const Triple& key, const SaleMatch& match,
                             std::string_view format, std::string_view date) {
  const SaleResource& resource = groups.resources[resource_id];
  const SaleContext& context = groups.contexts[key.b];
  SalesAggregate agg;
  agg.match = &match;
  agg.title = resource.title.empty() ? groups.releases[release_id].title : resource.title;
  agg.artist = resource.artist;
  agg.store = context.store;
  agg.channel = context.channel;
  agg.format = format;
  agg.territory = context.territory;
  agg.currency = context.currency;
  agg.sale_start = groups.periods[key.c].start;
  agg.sale_end = date;
  return agg;
}

// An aggregate while groups are summed: numbers only, its strings come at
// the end (new_aggregate), once, in the final order.
struct Sum {
  Int128 units = 0, amount = 0;
  std::int64_t lines = 0, first_line = 0;
  Triple key;                               // (target, context, period).
  std::uint32_t head = kEnd;                // Its groups, as a list through `next`.
  std::uint32_t resource = 0, release = 0;  // Of its first group: where its texts come from.
};

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

// The order of aggregates: by target, context and period rank, packed in
// one number when the ranks fit (they do unless a report has more than
// 65,535 contexts or periods), else compared as a tuple.
std::vector<std::uint32_t> sorted_order(const HugeVector<Sum>& sums,
                                        const std::vector<std::uint32_t>& target_rank,
                                        const std::vector<std::uint32_t>& context_rank,
                                        const std::vector<std::uint32_t>& period_rank) {
  std::vector<std::uint32_t> order(sums.size());
  std::iota(order.begin(), order.end(), 0);
  auto rank = [&](std::uint32_t i) {
    const Triple& k = sums[i].key;
    return std::tuple(target_rank[k.a], context_rank[k.b], period_rank[k.c]);
  };
  if (context_rank.size() > 0xFFFF || period_rank.size() > 0xFFFF) {
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return rank(a) < rank(b); });
    return order;
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(sums.size());
  for (std::uint32_t i = 0; i < sums.size(); ++i) {
    const auto [target, context, period] = rank(i);
    keyed[i] = {std::uint64_t{target} << 32 | context << 16 | period, i};
  }
  std::sort(keyed.begin(), keyed.end());
  for (std::uint32_t i = 0; i < sums.size(); ++i) order[i] = keyed[i].second;
  return order;
}

// Groups summed into aggregates, a batch at a time: the batch's index slots
// are fetched together, then its sums, so that their cache misses overlap.
class Summer {
 public:
  static constexpr std::uint32_t kBatch = 64;
  Summer(const SalesReport& report, Targets& targets, SalesAggregation& out, bool selectors)
      : report_(report),
        groups_(report.groups),
        targets_(targets),
        out_(out),
        selectors_(selectors) {
    if (selectors) next.assign(groups_.groups.size(), kEnd);
  }

  // Adds groups [begin, end), at most kBatch.
  Status add(std::uint32_t begin, std::uint32_t end) {
    Triple keys[kBatch];
    std::size_t hashes[kBatch];
    std::uint32_t ids[kBatch];
    for (std::uint32_t g = begin; g < end; ++g) {
      const SaleGroup& group = groups_.groups[g];
      const std::uint32_t target = targets_.of(group);
      (targets_.matched(target) ? out_.matched_lines : out_.unmatched_lines) += group.line_count;
      keys[g - begin] = Triple{target, group.context, group.period};
      hashes[g - begin] = TripleIndex::hash_of(keys[g - begin]);
      index_.prefetch(hashes[g - begin]);
    }
    for (std::uint32_t g = begin; g < end; ++g)
      ids[g - begin] = sum_of(g, keys[g - begin], hashes[g - begin]);
    for (std::uint32_t g = begin; g < end; ++g) {
      const SaleGroup& group = groups_.groups[g];
      Sum& sum = sums[ids[g - begin]];
      if (__builtin_add_overflow(sum.units, group.units.raw(), &sum.units) ||
          __builtin_add_overflow(sum.amount, group.amount.raw(), &sum.amount)) {
        return make_error(ErrorCode::kDecimalOverflow, "sum of sales overflows",
                          {report_.format, group.first_line, "amount", group.amount.to_string()});
      }
      sum.lines += group.line_count;
      sum.first_line = std::min(sum.first_line, group.first_line);
      if (selectors_) {
        next[g] = sum.head;
        sum.head = g;
      }
      out_.lines += group.line_count;
    }
    return ok_status();
  }

  HugeVector<Sum> sums;
  std::vector<std::uint32_t> next;  // By group: the next group of its aggregate.

 private:
  // The sum of group g's key (a new one for a new key), its memory fetched.
  std::uint32_t sum_of(std::uint32_t g, const Triple& key, std::size_t hash) {
    bool inserted = false;
    const auto id =
        index_.find_or_add(key, hash, static_cast<std::uint32_t>(sums.size()), &inserted);
    if (!inserted) {
      __builtin_prefetch(&sums[id]);
      return id;
    }
    const SaleGroup& group = groups_.groups[g];
    Sum& sum = sums.emplace_back();
    sum.first_line = group.first_line;
    sum.key = key;
    sum.resource = group.resource;
    sum.release = group.release;
    return id;
  }

  const SalesReport& report_;
  const SaleGroups& groups_;
  Targets& targets_;
  SalesAggregation& out_;
  bool selectors_;
  TripleIndex index_;  // (target, context, period) -> sum.
};

}  // namespace

Result<SalesAggregation> aggregate_groups(const SalesReport& report, const CatalogIndex& catalog,
                                          std::string_view fallback_date, bool selectors) {
  const SaleGroups& groups = report.groups;
  SalesAggregation out;
  Targets targets(report, catalog, fallback_date, out.matches);
  Summer summer(report, targets, out, selectors);
  const auto count = static_cast<std::uint32_t>(groups.groups.size());
  for (std::uint32_t begin = 0; begin < count; begin += Summer::kBatch) {
    if (Status added = summer.add(begin, std::min(count, begin + Summer::kBatch)); !added) {
      return added.error();
    }
  }
  const HugeVector<Sum>& sums = summer.sums;
  const std::vector<std::uint32_t> context_rank =
      ranks_by(groups.contexts, [](const SaleContext& c) {
        return c.store + "|" + std::string(sales_channel_name(c.channel)) + "|" + c.territory +
               "|" + c.currency;
      });
  const std::vector<std::uint32_t> period_rank =
      ranks_by(groups.periods, [](const SalePeriod& p) { return p.start + "|" + p.end; });
  out.aggregates.reserve(sums.size());
  for (std::uint32_t i : sorted_order(sums, targets.ranks(), context_rank, period_rank)) {
    const Sum& sum = sums[i];
    SalesAggregate& agg = out.aggregates.emplace_back(
        new_aggregate(groups, sum.resource, sum.release, sum.key, targets[sum.key.a],
                      targets.format(sum.key.a), targets.date_of(sum.key.c)));
    agg.units = Decimal::from_raw(sum.units);
    agg.amount = Decimal::from_raw(sum.amount);
    agg.lines = sum.lines;
    agg.first_line = sum.first_line;
    if (selectors) agg.selectors = selectors_of(groups, sum.head, summer.next);
  }
  return out;
}

}  // namespace fermata
