#include "fermata/ingest/csv/catalog_csv.h"

#include <array>
#include <charconv>
#include <map>
#include <span>
#include <string>
#include <utility>

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
const std::vector<TableLayout>& Layouts() {
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

SourceRef FieldRef(std::string_view field, std::string_view value) {
  SourceRef where;
  where.field = std::string(field);
  where.value = std::string(value);
  return where;
}

// Moves a value-level error onto the column it came from.
template <typename T>
Result<T> InField(std::string_view field, std::string_view raw, Result<T> result) {
  if (result) return result;
  Error error = result.error();
  error.where.field = std::string(field);
  error.where.value = std::string(raw);
  return error;
}

using Validator = Result<std::string> (*)(std::string_view);

Result<std::string> Normalise(const CsvHeader& h, const CsvRow& row, std::string_view field,
                              Validator validate) {
  const std::string_view raw = h.Get(row, field);
  return InField(field, raw, validate(raw));
}

Result<std::optional<std::string>> NormaliseOptional(const CsvHeader& h, const CsvRow& row,
                                                     std::string_view field, Validator validate) {
  if (h.Get(row, field).empty()) return std::optional<std::string>();
  FERMATA_ASSIGN_OR_RETURN(std::string value, Normalise(h, row, field, validate));
  return std::optional<std::string>(std::move(value));
}

Result<std::int64_t> ParseInt(const CsvHeader& h, const CsvRow& row, std::string_view field) {
  const std::string_view raw = h.Get(row, field);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (raw.empty() || ec != std::errc() || end != raw.data() + raw.size()) {
    return MakeError(ErrorCode::kFieldInvalid, "must be a whole number", FieldRef(field, raw));
  }
  return value;
}

template <typename Enum>
Result<Enum> ParseEnum(const CsvHeader& h, const CsvRow& row, std::string_view field,
                       Result<Enum> (*parse)(std::string_view)) {
  const std::string_view raw = h.Get(row, field);
  return InField(field, raw, parse(raw));
}

std::string Text(const CsvHeader& h, const CsvRow& row, std::string_view field) {
  return std::string(h.Get(row, field));
}

Result<Party> ParseParty(const CsvHeader& h, const CsvRow& row) {
  Party p{Text(h, row, "id"), Text(h, row, "name"), PartyKind::kLabel, std::nullopt};
  FERMATA_ASSIGN_OR_RETURN(p.kind, ParseEnum(h, row, "kind", ParsePartyKind));
  FERMATA_ASSIGN_OR_RETURN(p.ddex_party_id,
                           NormaliseOptional(h, row, "ddex_party_id", ValidateDdexPartyId));
  FERMATA_RETURN_IF_ERROR(ValidateParty(p));
  return p;
}

Result<Release> ParseRelease(const CsvHeader& h, const CsvRow& row) {
  Release r{Text(h, row, "id"), Text(h, row, "title"), ""};
  FERMATA_ASSIGN_OR_RETURN(r.icpn, Normalise(h, row, "icpn", ValidateIcpn));
  FERMATA_RETURN_IF_ERROR(ValidateRelease(r));
  return r;
}

Result<Recording> ParseRecording(const CsvHeader& h, const CsvRow& row) {
  Recording r{"", Text(h, row, "title"), Text(h, row, "artist"), 0};
  FERMATA_ASSIGN_OR_RETURN(r.isrc, Normalise(h, row, "isrc", ValidateIsrc));
  FERMATA_ASSIGN_OR_RETURN(r.duration_seconds, ParseInt(h, row, "duration_seconds"));
  FERMATA_RETURN_IF_ERROR(ValidateRecording(r));
  return r;
}

Result<ReleaseTrack> ParseReleaseTrack(const CsvHeader& h, const CsvRow& row) {
  ReleaseTrack t{Text(h, row, "release_id"), 0, ""};
  FERMATA_ASSIGN_OR_RETURN(t.sequence, ParseInt(h, row, "sequence"));
  FERMATA_ASSIGN_OR_RETURN(t.isrc, Normalise(h, row, "isrc", ValidateIsrc));
  FERMATA_RETURN_IF_ERROR(ValidateReleaseTrack(t));
  return t;
}

Result<Product> ParseProduct(const CsvHeader& h, const CsvRow& row) {
  Product p;
  p.sku = Text(h, row, "sku");
  p.release_id = Text(h, row, "release_id");
  p.catalog_number = Text(h, row, "catalog_number");
  FERMATA_ASSIGN_OR_RETURN(p.kind, ParseEnum(h, row, "kind", ParseProductKind));
  FERMATA_ASSIGN_OR_RETURN(p.format, ParseEnum(h, row, "format", ParseProductFormat));
  FERMATA_ASSIGN_OR_RETURN(p.upc, NormaliseOptional(h, row, "upc", ValidateIcpn));
  FERMATA_RETURN_IF_ERROR(ValidateProduct(p));
  return p;
}

Result<Relation> ParseRelation(const CsvHeader& h, const CsvRow& row) {
  Relation r;
  FERMATA_ASSIGN_OR_RETURN(r.kind, ParseEnum(h, row, "kind", ParseRelationKind));
  r.release_id = Text(h, row, "release_id");
  r.party_id = Text(h, row, "party_id");
  r.valid_from = Text(h, row, "valid_from");
  if (!h.Get(row, "valid_to").empty()) r.valid_to = Text(h, row, "valid_to");
  FERMATA_RETURN_IF_ERROR(ValidateRelation(r));
  return r;
}

std::string KeyOf(const Party& p) {
  return p.id;
}
std::string KeyOf(const Release& r) {
  return r.id;
}
std::string KeyOf(const Recording& r) {
  return r.isrc;
}
std::string KeyOf(const ReleaseTrack& t) {
  return t.release_id + "#" + std::to_string(t.sequence);
}
std::string KeyOf(const Product& p) {
  return p.sku;
}

std::string_view KeyField(const Party&) {
  return "id";
}
std::string_view KeyField(const Release&) {
  return "id";
}
std::string_view KeyField(const Recording&) {
  return "isrc";
}
std::string_view KeyField(const ReleaseTrack&) {
  return "release_id,sequence";
}
std::string_view KeyField(const Product&) {
  return "sku";
}

// Relations have no key; they must not overlap the earlier ones instead.
template <typename T>
Status CheckAgainstEarlier(const std::vector<Located<T>>& earlier, const T& record) {
  for (const Located<T>& other : earlier) {
    if (KeyOf(other.record) != KeyOf(record)) continue;
    return MakeError(ErrorCode::kFieldInvalid,
                     "repeats the key of line " + std::to_string(other.line_number),
                     FieldRef(KeyField(record), KeyOf(record)));
  }
  return OkStatus();
}

Status CheckAgainstEarlier(const std::vector<Located<Relation>>& earlier, const Relation& record) {
  std::vector<Relation> plain;
  plain.reserve(earlier.size());
  for (const Located<Relation>& r : earlier) plain.push_back(r.record);
  return CheckNoOverlap(plain, record);
}

template <typename T>
void AddRow(Result<T> (*parse)(const CsvHeader&, const CsvRow&), const CsvHeader& header,
            const CsvRow& row, std::string_view file, std::vector<Located<T>>& out,
            std::vector<Error>& errors) {
  Result<T> record = parse(header, row);
  Status status = record ? CheckAgainstEarlier(out, *record) : Status(record.error());
  if (!status) {
    Error error = status.error();
    error.where.file = std::string(file);
    error.where.line_number = row.line_number;
    errors.push_back(std::move(error));
    return;
  }
  out.push_back(Located<T>{std::move(*record), row.line_number});
}

void AddRecord(CatalogBatch& batch, const CsvHeader& header, const CsvRow& row,
               std::string_view file) {
  std::vector<Error>& errors = batch.errors;
  switch (batch.table) {
    case CatalogTable::kParties:
      return AddRow(ParseParty, header, row, file, batch.parties, errors);
    case CatalogTable::kReleases:
      return AddRow(ParseRelease, header, row, file, batch.releases, errors);
    case CatalogTable::kRecordings:
      return AddRow(ParseRecording, header, row, file, batch.recordings, errors);
    case CatalogTable::kReleaseTracks:
      return AddRow(ParseReleaseTrack, header, row, file, batch.release_tracks, errors);
    case CatalogTable::kProducts:
      return AddRow(ParseProduct, header, row, file, batch.products, errors);
    case CatalogTable::kRelations:
      return AddRow(ParseRelation, header, row, file, batch.relations, errors);
    case CatalogTable::kUnknown:
      break;
  }
}

Error HeaderError(ErrorCode code, std::string message, std::string_view file, const CsvRow& header,
                  std::string_view field = "") {
  SourceRef where = FieldRef(field, "");
  where.file = std::string(file);
  where.line_number = header.line_number;
  return MakeError(code, std::move(message), std::move(where));
}

// Picks the layout for `header_row` and checks its columns.
Result<std::pair<const TableLayout*, CsvHeader>> RecogniseHeader(const CsvRow& header_row,
                                                                 std::string_view file) {
  CsvHeader probe;
  FERMATA_ASSIGN_OR_RETURN(probe, CsvHeader::Parse(header_row, {}, file));
  for (const TableLayout& layout : Layouts()) {
    if (!probe.Has(layout.signature)) continue;
    FERMATA_ASSIGN_OR_RETURN(CsvHeader header, CsvHeader::Parse(header_row, layout.required, file));
    for (const std::string& name : header.names()) {
      bool known = false;
      for (std::string_view c : layout.required) known = known || c == name;
      for (std::string_view c : layout.optional) known = known || c == name;
      if (known) continue;
      return HeaderError(ErrorCode::kParseError,
                         "unknown column '" + name + "' in a " + std::string(layout.name) + " file",
                         file, header_row, name);
    }
    return std::make_pair(&layout, std::move(header));
  }
  return HeaderError(ErrorCode::kParseError,
                     "header matches no catalog table (parties, releases, recordings, "
                     "release_tracks, products, relations)",
                     file, header_row);
}

}  // namespace

std::string_view CatalogTableName(CatalogTable table) {
  for (const TableLayout& layout : Layouts()) {
    if (layout.table == table) return layout.name;
  }
  return "unknown";
}

CatalogBatch ParseCatalogCsv(std::string_view buffer, std::string_view file_name) {
  CatalogBatch batch;
  CsvReader reader(buffer, std::string(file_name));
  CsvRow row;
  std::optional<CsvHeader> header;
  while (true) {
    Result<bool> more = reader.Next(row);
    if (!more) {
      batch.errors.push_back(more.error());
      if (!header) return batch;  // Without a header no row can be read.
      continue;
    }
    if (!*more) break;
    if (!header) {
      auto recognised = RecogniseHeader(row, file_name);
      if (!recognised) {
        batch.errors.push_back(recognised.error());
        return batch;
      }
      batch.table = recognised->first->table;
      header = std::move(recognised->second);
      continue;
    }
    Status width = header->CheckWidth(row, file_name);
    if (!width) {
      batch.errors.push_back(width.error());
      continue;
    }
    AddRecord(batch, *header, row, file_name);
  }
  if (!header) {
    batch.errors.push_back(
        MakeError(ErrorCode::kParseError, "file has no header row", FieldRef("", "")));
    batch.errors.back().where.file = std::string(file_name);
  }
  return batch;
}

}  // namespace fermata
