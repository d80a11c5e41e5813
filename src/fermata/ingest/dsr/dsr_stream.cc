// DSR streaming reader: pieces of text -> physical lines -> records; the
// HEAD, summary records and FOOT (read with the parse_dsr() code) and the
// record order. Block records continue in dsr_stream_block.cc.
#include "fermata/ingest/dsr/dsr_stream.h"

#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "fermata/ingest/dsr/dsr_stream_internal.h"

namespace fermata {

using dsr_internal::dsr_error;
using dsr_stream::Kind;
using dsr_stream::TypeInfo;

namespace dsr_stream {

void append_field(std::string& key, std::string_view field) {
  if (field.size() < 0xFF) {
    key.push_back(static_cast<char>(field.size()));
  } else {
    const auto size = static_cast<std::uint32_t>(field.size());
    key.push_back(static_cast<char>(0xFF));
    key.append(reinterpret_cast<const char*>(&size), sizeof size);
  }
  key.append(field);
}

void composite_key(std::string& key, std::initializer_list<std::string_view> fields) {
  std::size_t size = 0;
  bool short_fields = true;
  for (std::string_view field : fields) {
    size += 1 + field.size();
    short_fields = short_fields && field.size() < 0xFF;
  }
  if (!short_fields) {  // Rare: append_field writes the long form.
    key.clear();
    for (std::string_view field : fields) append_field(key, field);
    return;
  }
  key.resize(size);
  char* out = key.data();
  for (std::string_view field : fields) {
    *out++ = static_cast<char>(field.size());
    if (!field.empty()) std::memcpy(out, field.data(), field.size());  // data() may be null.
    out += field.size();
  }
}

std::uint32_t IdentTable::intern(std::string_view a, std::string_view b, std::string_view title,
                                 std::string_view artist) {
  composite_key(key_, {a, b});
  const auto [id, fresh] = ids_.intern(key_, Interner::hash_of(key_));
  if (fresh) {
    idents_.push_back(
        Ident{std::string(a), std::string(b), std::string(title), std::string(artist)});
  }
  return id;
}

void GroupTable::grow() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t id = 0; id < hashes_.size(); ++id) {
    std::size_t index = hashes_[id] & mask;
    while (slots_[index] != 0) index = (index + 1) & mask;
    slots_[index] = (hashes_[id] >> 32 << 32) | (std::uint64_t{id} + 1);
  }
}

namespace {

// Records a cell boundary after each TAB in `tabs` (bit k: a TAB at base + k).
inline void add_bounds(std::size_t base, unsigned tabs, std::uint32_t* bound, int& count) {
  while (tabs != 0) {
    bound[++count] = static_cast<std::uint32_t>(base + __builtin_ctz(tabs) + 1);
    tabs &= tabs - 1;
  }
}

}  // namespace

const char* split_line(const char* p, const char* end, Cells& cells, bool* escaped) {
  const auto n = static_cast<std::size_t>(end - p);
  cells.base = p;
  cells.unescaped = false;
  int count = 0;
  std::size_t i = 0;
  unsigned slashes_seen = 0;
  std::uint32_t* bound = cells.bound.data();
  int room = static_cast<int>(cells.bound.size()) - 18;  // At most 16 bounds more per step.
  const auto make_room = [&] {
    if (count <= room) return;
    cells.bound.resize(cells.bound.size() * 2 + 64);
    bound = cells.bound.data();
    room = static_cast<int>(cells.bound.size()) - 18;
  };
  make_room();
  bound[0] = 0;
#ifdef __SSE2__
  const __m128i tab = _mm_set1_epi8('\t'), newline = _mm_set1_epi8('\n');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto tabs = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, tab)));
    const auto newlines = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline)));
    const auto slashes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, backslash)));
    make_room();
    if (newlines == 0) {
      slashes_seen |= slashes;
      add_bounds(i, tabs, bound, count);
      continue;
    }
    const unsigned before = (newlines & (0u - newlines)) - 1;  // Bits before the first newline.
    add_bounds(i, tabs & before, bound, count);
    const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(newlines));
    bound[++count] = static_cast<std::uint32_t>(at + 1);
    cells.count = count;
    *escaped = (slashes_seen | (slashes & before)) != 0;
    return p + at;
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == '\n' || p[i] == '\t') {
      make_room();
      bound[++count] = static_cast<std::uint32_t>(i + 1);
      if (p[i] == '\n') {
        cells.count = count;
        *escaped = slashes_seen != 0;
        return p + i;
      }
    }
    slashes_seen |= p[i] == '\\' ? 1u : 0u;
  }
  return nullptr;
}

namespace {

// Reads decimal digits from `at` while they last; the value (wrapping past
// 19 digits: callers reject that many) and where the digits stopped.
inline const char* read_digits(const char* at, const char* end, std::uint64_t* value) {
  std::uint64_t v = 0;
  for (; at < end; ++at) {
    const unsigned digit = static_cast<unsigned char>(*at) - unsigned{'0'};
    if (digit > 9) break;
    v = v * 10 + digit;
  }
  *value = v;
  return at;
}

}  // namespace

std::optional<Decimal> parse_plain_decimal(std::string_view text) {
  static constexpr std::int64_t kPow10[] = {
      1,        10,        100,        1000,        10000,        100000,       1000000,
      10000000, 100000000, 1000000000, 10000000000, 100000000000, 1000000000000};
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  std::uint64_t whole = 0, fraction = 0;
  const char* at = read_digits(begin, end, &whole);
  if (at == begin || at - begin > 18) return std::nullopt;
  std::ptrdiff_t digits = 0;
  if (at < end) {
    if (*at++ != '.') return std::nullopt;
    const char* const first = at;
    at = read_digits(first, end, &fraction);
    digits = at - first;
    if (at < end || digits == 0 || digits > 12) return std::nullopt;
  }
  return Decimal::from_raw(Int128{static_cast<std::int64_t>(whole)} * Decimal::kOne +
                           Int128{static_cast<std::int64_t>(fraction)} * kPow10[12 - digits]);
}

namespace {

int position_of(const dsr_internal::RecordSpec& spec, std::string_view name) {
  for (std::size_t i = 0; i < spec.cells.size(); ++i) {
    if (spec.cells[i].name == name) return static_cast<int>(i) + 1;
  }
  return 0;
}

Kind kind_of(const TypeInfo& info) {
  const std::string_view type = info.type;
  if (dsr_internal::is_foot_type(type)) return Kind::kFoot;
  if (type.starts_with("SY")) return Kind::kSummary;
  if (dsr_internal::is_sale_type(type)) return Kind::kSale;
  if (!info.block) return Kind::kOther;
  if (type.starts_with("AS")) return Kind::kResource;
  if (type == "RE01" || type.starts_with("RE03")) return Kind::kRelease;
  return Kind::kBlockOther;
}

void fill_positions(TypeInfo& info) {
  const dsr_internal::RecordSpec& spec = *info.spec;
  info.block = !spec.cells.empty() && spec.cells[0].name == "BlockId";
  info.allocatable = dsr_internal::is_allocatable(info.type);
  info.repeatable.assign(spec.cells.size() + 1, 0);
  for (std::size_t i = 0; i < spec.cells.size(); ++i) {
    info.repeatable[i + 1] = spec.cells[i].repeatable ? 1 : 0;
    if (spec.cells[i].required) info.required.push_back(static_cast<int>(i) + 1);
  }
  info.last_required = info.required.empty() ? 0 : info.required.back();
  const auto at = [&](std::string_view name) { return position_of(spec, name); };
  info.block_id = at("BlockId");
  info.summary_id = at("SummaryRecordId");
  info.transacted_resource = at("TransactedResource");
  info.dsp_resource_id = at("DspResourceId");
  info.transacted_release = at("TransactedRelease");
  info.resource_reference = at("ResourceReference");
  info.release_reference = at("ReleaseReference");
  info.isrc = at("ISRC");
  info.title = at("Title");
  info.artist = at("DisplayArtistName");
  info.icpn = at("ICPN");
  info.catalog_number = at("CatalogNumber");
  info.returns = at("Returns");
  info.price = at("PriceConsumerPaidExcSalesTax");
  info.net_revenue = at("NetRevenue");
  info.validity_start = at("ValidityPeriodStart");
  info.validity_end = at("ValidityPeriodEnd");
  info.counts[0] = at("Usages");
  info.counts[1] = at("NumberOfStreams");
  info.counts[2] = at("Downloads");
  info.kind = kind_of(info);
}

}  // namespace

std::optional<std::size_t> small_number(std::string_view text) {
  if (text.empty() || text.size() > 4 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

}  // namespace dsr_stream

void DsrStreamReader::State::add_error(Error error) {
  if (static_cast<std::int64_t>(meta.errors.size()) < options.max_errors) {
    meta.errors.push_back(std::move(error));
  } else {
    ++dropped_errors;
  }
}

void DsrStreamReader::State::add_warning(Error error) {
  if (static_cast<std::int64_t>(meta.warnings.size()) < options.max_errors) {
    meta.warnings.push_back(std::move(error));
  } else {
    ++dropped_warnings;
  }
}

void DsrStreamReader::State::stop(std::string reason) {
  if (unsupported.empty()) unsupported = std::move(reason);
}

void DsrStreamReader::State::feed(std::string_view text) {
  bytes += static_cast<std::int64_t>(text.size());
  if (!partial.empty()) {
    const void* end = std::memchr(text.data(), '\n', text.size());
    if (end == nullptr) {
      partial.append(text);
      // Cell bounds are 32-bit offsets into a line.
      if (partial.size() > (std::size_t{1} << 30)) stop("a line longer than 1 GiB");
      return;
    }
    const auto length = static_cast<std::size_t>(static_cast<const char*>(end) - text.data());
    partial.append(text.substr(0, length + 1));
    on_line(partial.data(), partial.data() + partial.size());
    partial.clear();
    text.remove_prefix(length + 1);
  }
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end && unsupported.empty()) {
    p = on_line(p, end);
    if (p == nullptr) return;
  }
}

// Splits and reads the line at `p` (up to its newline before `end`) and
// returns where the next line starts; nullptr when no newline comes before
// `end` (the rest waits in `partial`).
[[gnu::always_inline]] inline const char* DsrStreamReader::State::on_line(const char* p,
                                                                          const char* end) {
  const char* newline = dsr_stream::split_line(p, end, cells, &escaped);
  if (newline == nullptr) {
    partial.assign(p, static_cast<std::size_t>(end - p));
    return nullptr;
  }
  std::string_view line(p, static_cast<std::size_t>(newline - p));
  ++line_number;
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
    --cells.bound[cells.count];  // The last cell ends before the CR.
  }
  if (line.empty()) {
    add_warning(dsr_error(ErrorCode::kParseError, "blank line", file_name, line_number));
  } else if (line[0] == '#') {
    ++meta.comment_lines;
  } else {
    on_record(line);
  }
  return newline + 1;
}

void DsrStreamReader::State::read_last_line(std::string line) {
  line.push_back('\n');
  on_line(line.data(), line.data() + line.size());
}

// `cells` hold the line's cells (on_line split them).
void DsrStreamReader::State::on_record(std::string_view line) {
  std::string unescaped_type;
  std::string_view type = cells.cell(0);
  if (escaped) {
    unescaped_type = dsr_internal::unescape(dsr_internal::split_unescaped(line, '\t')[0]);
    type = unescaped_type;
  }
  // judge_previous(false) finds fault only with these (one test per record here).
  if (records > 0 && ((previous_index > 0 && previous_head) || previous_foot)) {
    judge_previous(false);
  }
  previous_index = records++;
  previous_line = line_number;
  if (previous_index == 0) {
    previous_type.assign(type);
    previous_name = &previous_type;
    previous_head = dsr_internal::is_head_type(type);
    previous_foot = dsr_internal::is_foot_type(type);
    return on_head(line, type);
  }
  TypeInfo& info = type_info(type);
  previous_name = &info.type;
  previous_head = info.head;
  previous_foot = info.foot;
  if (!info.stop_before.empty()) {
    return stop(info.stop_before + " at line " + std::to_string(line_number) + info.stop_after);
  }
  if (!info.in_profile) {
    const DsrHeader& h = meta.header;
    add_warning(
        dsr_error(ErrorCode::kParseError,
                  info.type + " is not defined for " + h.profile_name + " " + h.profile_version,
                  file_name, line_number, "RecordType", info.type));
  }
  lex(line, info);
  check_cells(info);
  if (info.block && cells.count > 1) return on_block_record(info, line);
  if (info.kind == Kind::kSummary) {
    if (body_started) {
      add_error(dsr_error(ErrorCode::kParseError, "summary record after the first block", file_name,
                          line_number, "RecordType", info.type));
    }
    DsrRecord record = dsr_internal::lex_record(line, line_number, info.spec);
    if (summaries_read) return read_late_summary(std::move(record));
    meta.records.push_back(std::move(record));
  } else if (info.kind == Kind::kFoot) {
    foot = dsr_internal::lex_record(line, line_number, info.spec);
  }
}

void DsrStreamReader::State::on_head(std::string_view line, std::string_view type) {
  if (!dsr_internal::is_head_type(type)) return stop("the first record is not HEAD");
  const dsr_internal::RecordSpec* spec = dsr_internal::head_spec(line, type);
  if (spec->profiles == dsr_internal::kProfileLegacy) return stop("legacy HEAD layout");
  DsrRecord head = dsr_internal::lex_record(line, line_number, spec);
  dsr_internal::read_head(head, &meta);
  const DsrProfile profile = meta.header.profile;
  if (profile != DsrProfile::kBasicAudio && profile != DsrProfile::kAudioVisual) {
    return stop("profile " + meta.header.profile_name + " is read whole");
  }
  newer_version = dsr_internal::newer_version(meta.header);
  dsr_internal::check_record_cells(head, *spec, file_name, newer_version, &meta.errors);
  meta.records.push_back(std::move(head));
}

TypeInfo& DsrStreamReader::State::find_type_info(std::string_view type, std::uint64_t code) {
  TypeInfo* found = nullptr;
  for (const std::unique_ptr<TypeInfo>& info : types) {
    if (code != 0 ? info->code == code : info->type == type) {
      found = info.get();
      break;
    }
  }
  if (found == nullptr) found = new_type_info(type, code);
  if (code != 0) type_cache[dsr_stream::type_cache_slot(code)] = found;
  return *found;
}

TypeInfo* DsrStreamReader::State::new_type_info(std::string_view type, std::uint64_t code) {
  auto info = std::make_unique<TypeInfo>();
  info->type = std::string(type);
  info->code = code;
  info->head = dsr_internal::is_head_type(type);
  info->foot = dsr_internal::is_foot_type(type);
  info->spec = dsr_internal::find_spec(type, meta.header.profile, meta.header.profile_version,
                                       &info->in_profile);
  if (info->spec != nullptr) dsr_stream::fill_positions(*info);
  if (info->spec == nullptr) {
    info->stop_before = "record type " + info->type;
    info->stop_after = " has no cell table";
  } else if (info->spec->profiles == dsr_internal::kProfileLegacy || info->type == "SY02.01") {
    info->stop_before = "legacy record layout " + info->type;
  } else if (info->kind == Kind::kSale && !info->type.starts_with("SU")) {
    info->stop_before = info->type;
    info->stop_after = " (single-record-block, LI or RU rows)";
  }
  types.push_back(std::move(info));
  return types.back().get();
}

// Cells were split by on_record(); a line with escapes is lexed again with
// parse_dsr()'s lexer and its unescaped cells used instead.
void DsrStreamReader::State::lex(std::string_view line, const TypeInfo& info) {
  if (!escaped) return;
  const DsrRecord record = dsr_internal::lex_record(line, line_number, info.spec);
  cells.owned.assign(1, record.type);
  for (const DsrCell& cell : record.cells) cells.owned.push_back(cell.text());
  cells.unescaped = true;
  cells.count = static_cast<int>(cells.owned.size());
}

void DsrStreamReader::State::check_cells(const TypeInfo& info) {
  const auto count = static_cast<std::size_t>(cells.count) - 1;
  const std::size_t allowed = info.spec->cells.size();
  if (count > allowed && !newer_version) {
    add_error(dsr_error(ErrorCode::kFieldInvalid,
                        info.type + " has " + std::to_string(count + 1) +
                            " cells; its table allows " + std::to_string(allowed + 1),
                        file_name, line_number, "cell" + std::to_string(allowed + 1),
                        cells.cell(static_cast<int>(allowed) + 1)));
  }
  if (info.last_required < cells.count && !cells.unescaped) {
    const std::uint32_t* bound = cells.bound.data();
    bool missing = false;
    for (int position : info.required) missing |= bound[position + 1] - bound[position] == 1;
    if (!missing) return;
  }
  check_required(info);
}

// The required cells a record lacks, one error each.
void DsrStreamReader::State::check_required(const TypeInfo& info) {
  for (int position : info.required) {
    if (!cells.at(position).empty()) continue;
    const std::string_view name = info.spec->cells[position - 1].name;
    add_error(dsr_error(ErrorCode::kFieldMissing, info.type + " requires " + std::string(name),
                        file_name, line_number, name, ""));
  }
}

// parse_dsr()'s check_order, one record late: HEAD only first, FOOT only last.
void DsrStreamReader::State::judge_previous(bool last) {
  if ((previous_index > 0 && previous_head) || (!last && previous_foot) ||
      (last && !previous_foot)) {
    add_error(dsr_error(ErrorCode::kParseError,
                        last ? "the last record must be FOOT or SRFO" : "HEAD/FOOT out of place",
                        file_name, previous_line, "RecordType", *previous_name));
  }
}

void DsrStreamReader::State::read_summaries_once() {
  using dsr_stream::small_number;
  if (summaries_read) return;
  summaries_read = true;
  dsr_internal::read_summaries(&meta);
  for (std::size_t i = 0; i < meta.summaries.size(); ++i) {
    const std::string& id = meta.summaries[i].summary_record_id;
    if (id.empty() || !summary_index.emplace(id, static_cast<std::uint32_t>(i)).second) continue;
    if (std::optional<std::size_t> number = small_number(id)) {
      if (summary_by_number.size() <= *number) summary_by_number.resize(*number + 1, 0);
      summary_by_number[*number] = static_cast<std::uint32_t>(i) + 1;
    }
  }
  summary_money.resize(meta.summaries.size());
}

// A summary record after the first block (already an error): read it too,
// as parse_dsr() reads every summary wherever it is.
void DsrStreamReader::State::read_late_summary(DsrRecord record) {
  DsrReport late;
  late.file_name = file_name;
  late.records.push_back(std::move(record));
  dsr_internal::read_summaries(&late);
  for (DsrSummary& summary : late.summaries) {
    summary_index.emplace(summary.summary_record_id,
                          static_cast<std::uint32_t>(meta.summaries.size()));
    meta.summaries.push_back(std::move(summary));
  }
  for (Error& error : late.errors) add_error(std::move(error));
  summary_money.resize(meta.summaries.size());
}

DsrStreamReader::DsrStreamReader(std::string file_name, DsrStreamOptions options)
    : state_(std::make_unique<State>()) {
  state_->file_name = file_name;
  state_->options = options;
  state_->meta.file_name = file_name;
  state_->meta.name = parse_dsr_file_name(file_name);
  state_->date_idents.intern("", "", "", "");  // Date id 0: the HEAD's usage period.
}

DsrStreamReader::~DsrStreamReader() = default;

void DsrStreamReader::feed(std::string_view text) {
  if (state_->unsupported.empty()) state_->feed(text);
}

std::optional<SalesReport> DsrStreamReader::finish() {
  if (!state_->unsupported.empty()) return std::nullopt;
  SalesReport report = state_->finish();
  if (!state_->unsupported.empty()) return std::nullopt;
  return report;
}

const std::string& DsrStreamReader::unsupported() const {
  return state_->unsupported;
}

std::int64_t DsrStreamReader::bytes_read() const {
  return state_->bytes;
}

std::int64_t DsrStreamReader::lines_read() const {
  return state_->line_number;
}

std::int64_t DsrStreamReader::sales_lines_read() const {
  return state_->sales_lines;
}

std::optional<SalesReport> stream_dsr_sales(std::string_view text, std::string file_name,
                                            DsrStreamOptions options) {
  DsrStreamReader reader(std::move(file_name), options);
  reader.feed(text);
  return reader.finish();
}

}  // namespace fermata
