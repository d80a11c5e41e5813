#include "fermata/ingest/csv/catalog_csv.h"

#include <array>
#include <charconv>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fermata/catalog/identifiers.h"
#include "fermata/ingest/csv/csv_reader.h"

namespace fermata {
namespace {

struct TableLayout {
  CatalogTable table;
  std::string_view name;
  std::string_view signature;  // The column that tells this table apart.
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
};

// Checked in order: "kind" appears in three tables, so the distinctive
// columns decide, and parties (id,name) come last.
const std::vector<TableLayout>& layouts() {
  static const std::vector<TableLayout> kLayouts = {
      {CatalogTable::kRelations,
       "relations",
       "valid_from",
       {"kind", "release_id", "party_id", "valid_from", "valid_to"},
       {}},
      {CatalogTable::kProducts,
       "products",
       "sku",
       {"sku", "kind", "format", "release_id", "catalog_number", "upc"},
       {}},
      {CatalogTable::kReleaseTracks,
       "release_tracks",
       "sequence",
       {"release_id", "sequence", "isrc"},
       {}},
      {CatalogTable::kRecordings,
       "recordings",
       "duration_seconds",
       {"isrc", "title", "artist", "duration_seconds"},
       {}},
      {CatalogTable::kReleases, "releases", "icpn", {"id", "title", "icpn"}, {}},
      {CatalogTable::kParties, "parties", "name", {"id", "name", "kind"}, {"ddex_party_id"}},
  };
  return kLayouts;
}

// Moves a value-level error onto the column it came from.
template <typename T>
Result<T> in_field(std::string_view field, std::string_view raw, Result<T> result) {
  if (result) return result;
  Error error = result.error();
  error.where.field = std::string(field);
  error.where.value = std::string(raw);
  return error;
}

using Validator = Result<std::string> (*)(std::string_view);

Result<std::string> normalise(const CsvHeader& h, const CsvRow& row, std::string_view field,
                              Validator validate) {
  const std::string_view raw = h.get(row, field);
  return in_field(field, raw, validate(raw));
}

Result<std::optional<std::string>> normalise_optional(const CsvHeader& h, const CsvRow& row,
                                                      std::string_view field, Validator validate) {
  if (h.get(row, field).empty()) return std::optional<std::string>();
  FERMATA_ASSIGN_OR_RETURN(std::string value, normalise(h, row, field, validate));
  return std::optional<std::string>(std::move(value));
}

Result<std::int64_t> parse_int(const CsvHeader& h, const CsvRow& row, std::string_view field) {
  const std::string_view raw = h.get(row, field);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (raw.empty() || ec != std::errc() || end != raw.data() + raw.size()) {
    return make_error(ErrorCode::kFieldInvalid, "must be a whole number", field_ref(field, raw));
  }
  return value;
}

template <typename Enum>
Result<Enum> parse_enum(const CsvHeader& h, const CsvRow& row, std::string_view field,
                        Result<Enum> (*parse)(std::string_view)) {
  const std::string_view raw = h.get(row, field);
  return in_field(field, raw, parse(raw));
}

std::string text(const CsvHeader& h, const CsvRow& row, std::string_view field) {
  return std::string(h.get(row, field));
}

Result<Party> parse_party(const CsvHeader& h, const CsvRow& row) {
  Party p{text(h, row, "id"), text(h, row, "name"), PartyKind::kLabel, std::nullopt};
  FERMATA_ASSIGN_OR_RETURN(p.kind, parse_enum(h, row, "kind", parse_party_kind));
  FERMATA_ASSIGN_OR_RETURN(p.ddex_party_id,
                           normalise_optional(h, row, "ddex_party_id", validate_ddex_party_id));
  FERMATA_RETURN_IF_ERROR(validate_party(p));
  return p;
}

Result<Release> parse_release(const CsvHeader& h, const CsvRow& row) {
  Release r{text(h, row, "id"), text(h, row, "title"), ""};
  FERMATA_ASSIGN_OR_RETURN(r.icpn, normalise(h, row, "icpn", validate_icpn));
  FERMATA_RETURN_IF_ERROR(validate_release(r));
  return r;
}

Result<Recording> parse_recording(const CsvHeader& h, const CsvRow& row) {
  Recording r{"", text(h, row, "title"), text(h, row, "artist"), 0};
  FERMATA_ASSIGN_OR_RETURN(r.isrc, normalise(h, row, "isrc", validate_isrc));
  FERMATA_ASSIGN_OR_RETURN(r.duration_seconds, parse_int(h, row, "duration_seconds"));
  FERMATA_RETURN_IF_ERROR(validate_recording(r));
  return r;
}

Result<ReleaseTrack> parse_release_track(const CsvHeader& h, const CsvRow& row) {
  ReleaseTrack t{text(h, row, "release_id"), 0, ""};
  FERMATA_ASSIGN_OR_RETURN(t.sequence, parse_int(h, row, "sequence"));
  FERMATA_ASSIGN_OR_RETURN(t.isrc, normalise(h, row, "isrc", validate_isrc));
  FERMATA_RETURN_IF_ERROR(validate_release_track(t));
  return t;
}

Result<Product> parse_product(const CsvHeader& h, const CsvRow& row) {
  Product p;
  p.sku = text(h, row, "sku");
  p.release_id = text(h, row, "release_id");
  p.catalog_number = text(h, row, "catalog_number");
  FERMATA_ASSIGN_OR_RETURN(p.kind, parse_enum(h, row, "kind", parse_product_kind));
  FERMATA_ASSIGN_OR_RETURN(p.format, parse_enum(h, row, "format", parse_product_format));
  FERMATA_ASSIGN_OR_RETURN(p.upc, normalise_optional(h, row, "upc", validate_icpn));
  FERMATA_RETURN_IF_ERROR(validate_product(p));
  return p;
}

Result<Relation> parse_relation(const CsvHeader& h, const CsvRow& row) {
  Relation r;
  FERMATA_ASSIGN_OR_RETURN(r.kind, parse_enum(h, row, "kind", parse_relation_kind));
  r.release_id = text(h, row, "release_id");
  r.party_id = text(h, row, "party_id");
  r.valid_from = text(h, row, "valid_from");
  if (!h.get(row, "valid_to").empty()) r.valid_to = text(h, row, "valid_to");
  FERMATA_RETURN_IF_ERROR(validate_relation(r));
  return r;
}

std::string key_of(const Party& p) {
  return p.id;
}
std::string key_of(const Release& r) {
  return r.id;
}
std::string key_of(const Recording& r) {
  return r.isrc;
}
std::string key_of(const ReleaseTrack& t) {
  return t.release_id + "#" + std::to_string(t.sequence);
}
std::string key_of(const Product& p) {
  return p.sku;
}

std::string_view key_field(const Party&) {
  return "id";
}
std::string_view key_field(const Release&) {
  return "id";
}
std::string_view key_field(const Recording&) {
  return "isrc";
}
std::string_view key_field(const ReleaseTrack&) {
  return "release_id,sequence";
}
std::string_view key_field(const Product&) {
  return "sku";
}

// What a file has said so far, indexed so each new row is checked in
// constant time (a linear scan made large catalogs quadratic): the line of
// every key, and the relations per release.
struct EarlierRows {
  std::unordered_map<std::string, std::int64_t> line_of_key;
  std::unordered_map<std::string, std::vector<Relation>> relations_of_release;
};

template <typename T>
Status check_against_earlier(EarlierRows& earlier, const T& record, std::int64_t line) {
  auto [it, inserted] = earlier.line_of_key.try_emplace(key_of(record), line);
  if (inserted) return ok_status();
  return make_error(ErrorCode::kFieldInvalid,
                    "repeats the key of line " + std::to_string(it->second),
                    field_ref(key_field(record), key_of(record)));
}

// Relations have no key; they must not overlap the earlier ones instead.
Status check_against_earlier(EarlierRows& earlier, const Relation& record, std::int64_t) {
  std::vector<Relation>& same_release = earlier.relations_of_release[record.release_id];
  FERMATA_RETURN_IF_ERROR(check_no_overlap(same_release, record));
  same_release.push_back(record);
  return ok_status();
}

template <typename T>
void add_row(Result<T> (*parse)(const CsvHeader&, const CsvRow&), const CsvHeader& header,
             const CsvRow& row, std::string_view file, std::vector<Located<T>>& out,
             EarlierRows& earlier, std::vector<Error>& errors) {
  Result<T> record = parse(header, row);
  Status status =
      record ? check_against_earlier(earlier, *record, row.line_number) : Status(record.error());
  if (!status) {
    Error error = status.error();
    error.where.file = std::string(file);
    error.where.line_number = row.line_number;
    errors.push_back(std::move(error));
    return;
  }
  out.push_back(Located<T>{std::move(*record), row.line_number});
}

void add_record(CatalogBatch& batch, const CsvHeader& header, const CsvRow& row,
                std::string_view file, EarlierRows& earlier) {
  std::vector<Error>& errors = batch.errors;
  switch (batch.table) {
    case CatalogTable::kParties:
      return add_row(parse_party, header, row, file, batch.parties, earlier, errors);
    case CatalogTable::kReleases:
      return add_row(parse_release, header, row, file, batch.releases, earlier, errors);
    case CatalogTable::kRecordings:
      return add_row(parse_recording, header, row, file, batch.recordings, earlier, errors);
    case CatalogTable::kReleaseTracks:
      return add_row(parse_release_track, header, row, file, batch.release_tracks, earlier, errors);
    case CatalogTable::kProducts:
      return add_row(parse_product, header, row, file, batch.products, earlier, errors);
    case CatalogTable::kRelations:
      return add_row(parse_relation, header, row, file, batch.relations, earlier, errors);
    case CatalogTable::kUnknown:
      break;
  }
}

Error header_error(ErrorCode code, std::string message, std::string_view file, const CsvRow& header,
                   std::string_view field = "") {
  SourceRef where = field_ref(field, "");
  where.file = std::string(file);
  where.line_number = header.line_number;
  return make_error(code, std::move(message), std::move(where));
}

// Picks the layout for `header_row` and checks its columns.
Result<std::pair<const TableLayout*, CsvHeader>> recognise_header(const CsvRow& header_row,
                                                                  std::string_view file) {
  CsvHeader probe;
  FERMATA_ASSIGN_OR_RETURN(probe, CsvHeader::parse(header_row, {}, file));
  for (const TableLayout& layout : layouts()) {
    if (!probe.has(layout.signature)) continue;
    FERMATA_ASSIGN_OR_RETURN(CsvHeader header, CsvHeader::parse(header_row, layout.required, file));
    for (const std::string& name : header.names()) {
      bool known = false;
      for (std::string_view c : layout.required) known = known || c == name;
      for (std::string_view c : layout.optional) known = known || c == name;
      if (known) continue;
      return header_error(
          ErrorCode::kParseError,
          "unknown column '" + name + "' in a " + std::string(layout.name) + " file", file,
          header_row, name);
    }
    return std::make_pair(&layout, std::move(header));
  }
  return header_error(ErrorCode::kParseError,
                      "header matches no catalog table (parties, releases, recordings, "
                      "release_tracks, products, relations)",
                      file, header_row);
}

}  // namespace

std::string_view catalog_table_name(CatalogTable table) {
  for (const TableLayout& layout : layouts()) {
    if (layout.table == table) return layout.name;
  }
  return "unknown";
}

CatalogBatch parse_catalog_csv(std::string_view buffer, std::string_view file_name) {
  CatalogBatch batch;
  EarlierRows earlier;
  CsvReader reader(buffer, std::string(file_name));
  CsvRow row;
  std::optional<CsvHeader> header;
  while (true) {
    Result<bool> more = reader.next(row);
    if (!more) {
      batch.errors.push_back(more.error());
      if (!header) return batch;  // Without a header no row can be read.
      continue;
    }
    if (!*more) break;
    if (!header) {
      auto recognised = recognise_header(row, file_name);
      if (!recognised) {
        batch.errors.push_back(recognised.error());
        return batch;
      }
      batch.table = recognised->first->table;
      header = std::move(recognised->second);
      continue;
    }
    ++batch.rows;
    Status width = header->check_width(row, file_name);
    if (!width) {
      batch.errors.push_back(width.error());
      continue;
    }
    add_record(batch, *header, row, file_name, earlier);
  }
  if (!header) {
    batch.errors.push_back(
        make_error(ErrorCode::kParseError, "file has no header row", field_ref("", "")));
    batch.errors.back().where.file = std::string(file_name);
  }
  return batch;
}

}  // namespace fermata
