// Internal state of DsrStreamReader (dsr_stream.h), shared by its .cc files;
// not a public API.
//
//   dsr_stream.cc         pieces -> physical lines -> records; HEAD, summaries, FOOT, order
//   dsr_stream_block.cc   block records and sales lines -> line groups
//   dsr_stream_finish.cc  NetRevenue allocation over groups, the SalesReport
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "fermata/base/huge_pages.h"
#include "fermata/base/interner.h"
#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_internal.h"
#include "fermata/ingest/dsr/dsr_stream.h"

namespace fermata::dsr_stream {

// What the reader does with a record type.
enum class Kind { kSummary, kFoot, kResource, kRelease, kSale, kBlockOther, kOther };

// A record type's table and the positions of the cells the reader uses
// (1-based cell index after the record type; 0 = not in the table).
struct TypeInfo {
  std::string type;
  std::uint64_t code = 0;  // The type's bytes and length as a number (up to 7 bytes), else 0.
  bool head = false, foot = false;  // HEAD/FHEA, FOOT/SRFO/FFOO.
  const dsr_internal::RecordSpec* spec = nullptr;
  bool in_profile = true;
  // Why the streaming reader cannot read this type (the file goes to
  // parse_dsr()), around " at line N"; empty when it can.
  std::string stop_before, stop_after;
  Kind kind = Kind::kOther;
  bool block = false;  // The table's first cell is BlockId.
  bool allocatable = false;
  std::vector<int> required;  // Positions of required cells.
  int last_required = 0;      // The highest of them.
  int block_id = 0, summary_id = 0, transacted_resource = 0, dsp_resource_id = 0;
  int transacted_release = 0, resource_reference = 0, release_reference = 0, isrc = 0;
  int title = 0, artist = 0, icpn = 0, catalog_number = 0, returns = 0, price = 0;
  int net_revenue = 0, validity_start = 0, validity_end = 0;
  int counts[3] = {0, 0, 0};  // Usages, NumberOfStreams, Downloads: the first non-empty counts.
  std::vector<std::uint8_t> repeatable;  // By position: 1 when repeatable.
};

// One record's cells: cell 0 is the record type. Cell i of the line at
// `base` spans [bound[i], bound[i + 1] - 1): each bound is where a cell
// starts, as if a separator followed the last cell. A line with escapes has
// its unescaped cells in `owned` instead.
struct Cells {
  const char* base = nullptr;
  std::vector<std::uint32_t> bound;  // The first count + 1 are this record's.
  int count = 0;
  bool unescaped = false;  // The cells are `owned`.
  std::vector<std::string> owned;
  std::string_view cell(int i) const {
    if (unescaped) return owned[i];
    return std::string_view(base + bound[i], bound[i + 1] - bound[i] - 1);
  }
  std::string_view at(int position) const {
    // Hot: called for every cell the reader uses.
    return position > 0 && position < count ? cell(position) : std::string_view();
  }
  bool has(int position) const { return position > 0 && position < count; }
};

enum Basis : std::uint8_t { kNone = 0, kReported = 1, kComputed = 2, kAllocated = 3 };

// Interned identifiers of a resource (ISRC, DspResourceId) or a release
// (ICPN, CatalogNumber), or a sale period (start, end), with the display
// texts of their first record.
struct Ident {
  std::string a, b, title, artist;
};

// Appends `field` to a composite key, length first (one byte below 255), so
// no two field lists make the same key.
void append_field(std::string& key, std::string_view field);
// `key` = the fields, each as append_field() writes it.
void composite_key(std::string& key, std::initializer_list<std::string_view> fields);

// Interned identifiers with their display texts.
class IdentTable {
 public:
  std::uint32_t intern(std::string_view a, std::string_view b, std::string_view title,
                       std::string_view artist);
  const Ident& operator[](std::uint32_t id) const { return idents_[id]; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(idents_.size()); }

 private:
  Interner ids_;
  std::vector<Ident> idents_;
  std::string key_;
};

// Splits the line at `p` on TAB into `cells`, 16 bytes at a time, up to its
// newline, and returns where that newline is; nullptr when there is none
// before `end`. *escaped: the line has a backslash (escapes: the caller
// lexes it the slow way).
const char* split_line(const char* p, const char* end, Cells& cells, bool* escaped);

// "123", "0.004125": the exact Decimal without the general parser, or
// nullopt for anything else (signs, exponents, >18 integer or >12 fraction
// digits), which Decimal::parse then reads or rejects.
std::optional<Decimal> parse_plain_decimal(std::string_view text);

// Record types of up to 7 bytes compare as one number: the bytes, and the
// length in the top byte (so "RE01" and "RE01\0" differ); 0 for others.
inline std::uint64_t type_code(std::string_view type) {
  const std::size_t size = type.size();
  if (size == 0 || size > 7) return 0;
  std::uint64_t code = 0;
  if (size >= 4) {  // Two loads of four bytes, overlapping for sizes below eight.
    std::uint32_t low = 0, high = 0;
    std::memcpy(&low, type.data(), 4);
    std::memcpy(&high, type.data() + size - 4, 4);
    code = low | std::uint64_t{high} << ((size - 4) * 8);
  } else {
    for (std::size_t i = 0; i < size; ++i) {
      code |= std::uint64_t{static_cast<unsigned char>(type[i])} << (8 * i);
    }
  }
  return code | std::uint64_t{size} << 56;
}

inline std::size_t type_cache_slot(std::uint64_t code) {
  return static_cast<std::size_t>((code * 0x9E3779B97F4A7C15ULL) >> 60);
}

// Equality of short texts without a call to memcmp (record types, block
// ids, references and interned keys are a few bytes long).
inline bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// "0".."9999" without leading zeros, or nullopt.
std::optional<std::size_t> small_number(std::string_view text);

// Where a text sits in State::block_text.
struct Span {
  std::uint32_t offset = 0, size = 0;
};

// A resource or release record of the block being read; its texts are kept
// in State::block_text.
struct BlockEntry {
  Span key1, key2;  // ResourceReference and DspResourceId, or ReleaseReference.
  Span a, b;        // ISRC (normalised) and DspResourceId, or ICPN and CatalogNumber.
  Span title, artist;
  // A resource read after its block's first release: its pair key with that
  // release (pair_key()) and the key's hash, computed (and its interner slot
  // prefetched) early.
  Span pair_key;
  std::uint64_t pair_hash = 0;
  bool pair_hashed = false;
};

// A sales line of the block being read, waiting for the block to end (its
// resource may be listed after it).
struct PendingSale {
  std::int64_t line = 0;
  std::uint32_t summary = 0;  // Index + 1; 0 = none.
  std::uint8_t basis = kNone;
  bool priced = false;
  Span transacted_resource, dsp_resource_id, transacted_release;
  bool own_cells = false;  // The record type has identifier cells of its own (rare).
  Span own_isrc, own_title, own_artist, own_icpn, own_catalog_number;
  std::uint32_t dates = 0;
  Decimal units, gross, amount;
  // Resolved at the end of the block: its pair request; then, when its
  // batch joins the groups, the interned pair and its group key's hash.
  std::uint32_t pair = 0;
  std::uint32_t combo = 0;
  std::uint64_t hash = 0;
};

// A (resource, release) pair that a batch's lines name, interned when the
// batch joins its groups: long after its interner slot was prefetched. The
// entries are copies (a block's entries are reused by the next block); their
// texts stay in block_text until then.
struct PairRequest {
  BlockEntry resource, release;
  bool has_resource = false, has_release = false;
  std::uint32_t sale = 0;  // The first line naming it (its own cells, without a resource).
  Span key;                // pair_key() of the four identifiers.
  std::uint64_t hash = 0;
  std::uint32_t combo = 0;  // Its id, once interned.
};

// A line group's identity: summary, the (resource, release) pair, period, basis.
struct GroupKey {
  std::uint32_t summary = 0, combo = 0;
  std::uint32_t dates_basis = 0;  // Date id << 8 | basis.
  static constexpr std::uint32_t kMaxDates = 0xFFFFFF;
  static GroupKey of(std::uint32_t summary, std::uint32_t combo, std::uint32_t dates,
                     std::uint8_t basis) {
    return GroupKey{summary, combo, dates << 8 | basis};
  }
  std::uint32_t dates() const { return dates_basis >> 8; }
  std::uint8_t basis() const { return static_cast<std::uint8_t>(dates_basis & 0xFF); }
  bool operator==(const GroupKey&) const = default;
  std::uint64_t hash() const {
    std::uint64_t h = (std::uint64_t{combo} << 32 | summary) * 0x9E3779B97F4A7C15ULL;
    h ^= std::uint64_t{dates_basis} * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
  }
};

inline constexpr std::uint32_t kNoGroup = 0xFFFFFFFF;

// Group keys to group ids, open addressing with part of the hash in the slot.
class GroupTable {
 public:
  const std::uint64_t* slot_for(std::uint64_t hash) const {
    return slots_.empty() ? nullptr : &slots_[hash & (slots_.size() - 1)];
  }
  // The first group whose slot carries this hash's tag (likely the one), or
  // kNoGroup: for prefetching only.
  std::uint32_t candidate(std::uint64_t hash) const {
    if (slots_.empty()) return kNoGroup;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask; slots_[i] != 0; i = (i + 1) & mask) {
      if ((slots_[i] >> 32) == (hash >> 32)) return static_cast<std::uint32_t>(slots_[i]) - 1;
    }
    return kNoGroup;
  }
  // The id of the group with `key` (hash = key.hash()), or `next` (the
  // number of groups so far) after recording it as new (*fresh = true).
  // `key_of(id)` reads a group's key.
  template <typename KeyOf>
  std::uint32_t find_or_add(const GroupKey& key, std::uint64_t hash, std::uint32_t next,
                            const KeyOf& key_of, bool* fresh) {
    if ((hashes_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = hash >> 32 << 32;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = tag | (std::uint64_t{next} + 1);
        hashes_.push_back(hash);
        *fresh = true;
        return next;
      }
      const auto id = static_cast<std::uint32_t>(slot) - 1;
      if ((slot >> 32 << 32) == tag && key_of(id) == key) {
        *fresh = false;
        return id;
      }
    }
  }

 private:
  void grow();
  HugeVector<std::uint64_t> slots_;    // hash tag | (id + 1); 0 = empty. A power of two.
  std::vector<std::uint64_t> hashes_;  // By group id (ids are 0, 1, 2...), to grow.
};

// A line group's sums: one cache line, touched once per sales line. Its
// first line and line numbers are kept apart (written once, read at the end).
struct alignas(64) Group {
  GroupKey key;
  std::uint32_t lines = 0;
  Decimal units, gross, amount;
};
static_assert(sizeof(Group) == 64);

// Per summary (index), over its allocated lines.
struct SummaryMoney {
  bool all_priced = true;
  Decimal gross_total;
  // The first line whose share would be negative (by gross, by usages):
  // the summary cannot be split, even where its group's share is positive.
  std::optional<Decimal> first_negative_gross, first_negative_units;
};

}  // namespace fermata::dsr_stream

namespace fermata {

struct DsrStreamReader::State {
  std::string file_name;
  DsrStreamOptions options;
  std::string unsupported;
  std::int64_t bytes = 0, line_number = 0, sales_lines = 0, records = 0;
  std::int64_t dropped_errors = 0, dropped_warnings = 0;
  bool escaped = false;  // The current line has a backslash escape.
  std::string partial;   // A line split across pieces.

  // HEAD, summaries and (at the end) FOOT, read with the parse_dsr() code.
  DsrReport meta;
  bool summaries_read = false;
  std::unordered_map<std::string, std::uint32_t> summary_index;  // SummaryRecordId -> index.
  std::vector<std::uint32_t> summary_by_number;  // Numeric SummaryRecordId -> index + 1.
  std::vector<dsr_stream::SummaryMoney> summary_money;
  std::optional<DsrRecord> foot;
  bool newer_version = false;

  // Record order (check_order of parse_dsr): the previous record, judged when
  // the next one arrives or at the end.
  std::string previous_type;                          // The first record's type.
  const std::string* previous_name = &previous_type;  // Its TypeInfo's type after it.
  std::int64_t previous_line = 0, previous_index = 0;
  bool previous_head = false, previous_foot = false;

  std::vector<std::unique_ptr<dsr_stream::TypeInfo>> types;
  // The last types looked up, by a few bits of their code: a file has a
  // handful of record types and each is found here with one comparison.
  dsr_stream::TypeInfo* type_cache[16] = {};
  dsr_stream::Cells cells;

  // Blocks.
  bool body_started = false;
  std::int64_t blocks = 0;
  std::string block_id;
  std::vector<dsr_stream::BlockEntry> resources, releases;
  // The texts the blocks' entries and lines keep (Span): each such record's
  // line, copied once; cleared when a batch has joined its groups.
  std::string block_text;
  std::string_view line_in_block;  // The current record's line, from line_base in block_text.
  std::uint32_t line_base = 0;
  std::size_t resource_count = 0, release_count = 0;
  // Sales lines waiting: the current block's from block_first_sale; earlier
  // blocks' resolved, to join their groups kSaleBatch at a time.
  static constexpr std::size_t kSaleBatch = 64;
  std::vector<dsr_stream::PendingSale> block_sales;
  std::size_t block_sale_count = 0, block_first_sale = 0;
  // BlockIds seen: ascending numbers are kept as ranges, anything else by text.
  std::vector<std::pair<std::int64_t, std::int64_t>> numeric_block_ranges;
  std::unordered_set<std::string> other_block_ids;

  dsr_stream::IdentTable resource_idents, release_idents, date_idents;
  // (resource, release) pairs by their four identifiers.
  Interner combo_ids;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> combos;
  std::string combo_key;
  std::vector<dsr_stream::PairRequest> pairs;  // The batch's; the first pair_count are in use.
  std::size_t pair_count = 0;
  dsr_stream::GroupTable group_table;
  HugeVector<dsr_stream::Group> groups;
  std::vector<std::int64_t> group_first_line;
  std::vector<std::vector<std::int64_t>> group_line_numbers;  // Only with keep_line_numbers.
  std::string lookup;                                         // Scratch key.

  // dsr_stream.cc
  void feed(std::string_view text);
  const char* on_line(const char* p, const char* end);
  void read_last_line(std::string line);  // The file's last line, which has no newline.
  void on_record(std::string_view line);
  void on_head(std::string_view line, std::string_view type);
  // The type's table and positions: usually one look in type_cache.
  dsr_stream::TypeInfo& type_info(std::string_view type) {
    const std::uint64_t code = dsr_stream::type_code(type);
    dsr_stream::TypeInfo* cached = type_cache[dsr_stream::type_cache_slot(code)];
    if (code != 0 && cached != nullptr && cached->code == code) return *cached;
    return find_type_info(type, code);
  }
  dsr_stream::TypeInfo& find_type_info(std::string_view type, std::uint64_t code);
  dsr_stream::TypeInfo* new_type_info(std::string_view type, std::uint64_t code);
  void lex(std::string_view line, const dsr_stream::TypeInfo& info);
  void check_cells(const dsr_stream::TypeInfo& info);
  void judge_previous(bool last);
  void read_summaries_once();
  void read_late_summary(DsrRecord record);
  void add_error(Error error);
  void add_warning(Error error);
  void stop(std::string reason);

  // dsr_stream_block.cc
  void on_block_record(const dsr_stream::TypeInfo& info, std::string_view line);
  void start_block(std::string_view id);
  void end_block();
  void on_resource(const dsr_stream::TypeInfo& info);
  void on_release(const dsr_stream::TypeInfo& info);
  void on_sale(const dsr_stream::TypeInfo& info);
  void read_sale_counts(const dsr_stream::TypeInfo& info, dsr_stream::PendingSale& sale);
  Decimal sum_values(const dsr_stream::TypeInfo& info, int position, std::string_view name);
  std::optional<Decimal> decimal_value(const dsr_stream::TypeInfo& info, int position,
                                       std::string_view name);
  // The cell's first value (a repeatable cell is cut at its first `|`).
  std::string_view first_value(const dsr_stream::TypeInfo& info, int position) const {
    std::string_view text = cells.at(position);
    if (position < static_cast<int>(info.repeatable.size()) && info.repeatable[position] != 0) {
      text = text.substr(0, text.find('|'));
    }
    return text;
  }
  // Block texts: the current record's line is copied into block_text once
  // (keep_line()); keep() then names a cell of it, or copies a cell that
  // is not in the line (an unescaped one).
  void keep_line(std::string_view line);
  dsr_stream::Span keep(std::string_view text) {
    const auto size = static_cast<std::uint32_t>(text.size());
    if (size == 0) return {};
    const char* line = line_in_block.data();
    if (text.data() >= line && text.data() + size <= line + line_in_block.size()) {
      return {line_base + static_cast<std::uint32_t>(text.data() - line), size};
    }
    const auto offset = static_cast<std::uint32_t>(block_text.size());
    block_text.append(text);
    return {offset, size};
  }
  std::string_view text_of(dsr_stream::Span span) const {
    return std::string_view(block_text.data() + span.offset, span.size);
  }
  std::uint32_t read_sale_dates(const dsr_stream::TypeInfo& info);
  void pair_key(std::string_view isrc, std::string_view pid, std::string_view icpn,
                std::string_view catalog);
  void check_required(const dsr_stream::TypeInfo& info);
  std::uint32_t request_pair(const dsr_stream::BlockEntry* resource,
                             const dsr_stream::BlockEntry* release, std::uint32_t sale);
  std::uint32_t intern_pair(const dsr_stream::PairRequest& pair);
  void add_sales_to_groups();
  void add_to_group(const dsr_stream::PendingSale& sale);

  // dsr_stream_finish.cc
  SalesReport finish();
  void allocate_summaries();
  SaleGroups sale_groups();
};

}  // namespace fermata
