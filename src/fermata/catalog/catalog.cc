#include "fermata/catalog/catalog.h"

#include <algorithm>
#include <array>
#include <utility>

#include "fermata/base/assert.h"
#include "fermata/catalog/identifiers.h"

namespace fermata {
namespace {

// SourceRef without file and line: the caller that knows them fills them in.
SourceRef FieldRef(std::string field, std::string value = "") {
  SourceRef where;
  where.field = std::move(field);
  where.value = std::move(value);
  return where;
}

constexpr std::array<std::string_view, 8> kPartyKindNames = {
    "label", "artist", "distributor", "aggregator", "store", "lender", "manufacturer", "warehouse"};
constexpr std::array<std::string_view, 2> kProductKindNames = {"physical", "digital"};
constexpr std::array<std::string_view, 5> kProductFormatNames = {
    "CD", "LP", "cassette", "digital_release", "digital_track"};
constexpr std::array<std::string_view, 2> kRelationKindNames = {"owner", "distributor"};

constexpr std::int64_t kMaxDurationSeconds = 24 * 60 * 60;
constexpr std::int64_t kMaxSequence = 9999;
constexpr size_t kMaxIdLength = 64;

template <typename Enum, size_t N>
Result<Enum> ParseName(const std::array<std::string_view, N>& names, std::string_view what,
                       std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  std::string accepted;
  for (std::string_view n : names) {
    if (!accepted.empty()) accepted += ", ";
    accepted += n;
  }
  return MakeError(
      ErrorCode::kFieldInvalid,
      "unknown " + std::string(what) + " '" + std::string(name) + "'; expected one of " + accepted,
      FieldRef("", std::string(name)));
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::string_view, N>& names, Enum value) {
  const auto index = static_cast<size_t>(value);
  FERMATA_ASSERT(index < N);
  return names[index];
}

// Re-labels an error from a value-level check with the record field it came from.
Status InField(std::string_view field, Status status) {
  if (status) return status;
  Error error = status.error();
  error.where.field = std::string(field);
  return error;
}

template <typename T>
Status Discard(const Result<T>& result) {
  if (!result) return result.error();
  return OkStatus();
}

// A normalised identifier must already be in the form the validator returns,
// so two spellings of one code never become two catalog rows.
Status CheckNormalised(std::string_view field, std::string_view value,
                       Result<std::string> (*validate)(std::string_view)) {
  Result<std::string> normalised = validate(value);
  if (!normalised) return InField(field, normalised.error());
  if (*normalised != value) {
    return MakeError(ErrorCode::kIdentifierInvalid,
                     "is not in normalised form; expected '" + *normalised + "'",
                     FieldRef(std::string(field), std::string(value)));
  }
  return OkStatus();
}

Status RequireText(std::string_view field, std::string_view value) {
  if (!value.empty()) return OkStatus();
  return MakeError(ErrorCode::kFieldMissing, "is required", FieldRef(std::string(field)));
}

bool IsIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

std::string EndOrOpen(const Relation& r) {
  return r.valid_to ? *r.valid_to : "open";
}

bool Holds(const Relation& r, std::string_view date) {
  return r.valid_from <= date && (!r.valid_to || date < *r.valid_to);
}

bool Overlaps(const Relation& a, const Relation& b) {
  const bool a_starts_before_b_ends = !b.valid_to || a.valid_from < *b.valid_to;
  const bool b_starts_before_a_ends = !a.valid_to || b.valid_from < *a.valid_to;
  return a_starts_before_b_ends && b_starts_before_a_ends;
}

}  // namespace

Result<PartyKind> ParsePartyKind(std::string_view name) {
  return ParseName<PartyKind>(kPartyKindNames, "party kind", name);
}
std::string_view PartyKindName(PartyKind kind) {
  return NameOf(kPartyKindNames, kind);
}

Result<ProductKind> ParseProductKind(std::string_view name) {
  return ParseName<ProductKind>(kProductKindNames, "product kind", name);
}
std::string_view ProductKindName(ProductKind kind) {
  return NameOf(kProductKindNames, kind);
}

Result<ProductFormat> ParseProductFormat(std::string_view name) {
  return ParseName<ProductFormat>(kProductFormatNames, "product format", name);
}
std::string_view ProductFormatName(ProductFormat format) {
  return NameOf(kProductFormatNames, format);
}

Result<RelationKind> ParseRelationKind(std::string_view name) {
  return ParseName<RelationKind>(kRelationKindNames, "relation kind", name);
}
std::string_view RelationKindName(RelationKind kind) {
  return NameOf(kRelationKindNames, kind);
}

Status ValidateRecordId(std::string_view field, std::string_view id) {
  FERMATA_RETURN_IF_ERROR(RequireText(field, id));
  const SourceRef where = FieldRef(std::string(field), std::string(id));
  if (id.size() > kMaxIdLength) {
    return MakeError(ErrorCode::kFieldInvalid, "is longer than 64 characters", where);
  }
  if (!std::all_of(id.begin(), id.end(), IsIdChar)) {
    return MakeError(ErrorCode::kFieldInvalid,
                     "may contain only letters, digits, '-', '_', '.' and ':'", where);
  }
  return OkStatus();
}

Status ValidateParty(const Party& party) {
  FERMATA_RETURN_IF_ERROR(ValidateRecordId("id", party.id));
  FERMATA_RETURN_IF_ERROR(RequireText("name", party.name));
  if (party.ddex_party_id) {
    FERMATA_RETURN_IF_ERROR(
        CheckNormalised("ddex_party_id", *party.ddex_party_id, ValidateDdexPartyId));
  }
  return OkStatus();
}

Status ValidateRelease(const Release& release) {
  FERMATA_RETURN_IF_ERROR(ValidateRecordId("id", release.id));
  FERMATA_RETURN_IF_ERROR(RequireText("title", release.title));
  return CheckNormalised("icpn", release.icpn, ValidateIcpn);
}

Status ValidateRecording(const Recording& recording) {
  FERMATA_RETURN_IF_ERROR(CheckNormalised("isrc", recording.isrc, ValidateIsrc));
  FERMATA_RETURN_IF_ERROR(RequireText("title", recording.title));
  FERMATA_RETURN_IF_ERROR(RequireText("artist", recording.artist));
  if (recording.duration_seconds < 1 || recording.duration_seconds > kMaxDurationSeconds) {
    return MakeError(ErrorCode::kFieldInvalid, "must be between 1 and 86400 seconds",
                     FieldRef("duration_seconds", std::to_string(recording.duration_seconds)));
  }
  return OkStatus();
}

Status ValidateReleaseTrack(const ReleaseTrack& track) {
  FERMATA_RETURN_IF_ERROR(ValidateRecordId("release_id", track.release_id));
  if (track.sequence < 1 || track.sequence > kMaxSequence) {
    return MakeError(ErrorCode::kFieldInvalid, "must be between 1 and 9999",
                     FieldRef("sequence", std::to_string(track.sequence)));
  }
  return CheckNormalised("isrc", track.isrc, ValidateIsrc);
}

Status ValidateProduct(const Product& product) {
  FERMATA_RETURN_IF_ERROR(ValidateRecordId("sku", product.sku));
  FERMATA_RETURN_IF_ERROR(ValidateRecordId("release_id", product.release_id));
  const bool physical_format = product.format == ProductFormat::kCd ||
                               product.format == ProductFormat::kLp ||
                               product.format == ProductFormat::kCassette;
  if (physical_format != (product.kind == ProductKind::kPhysical)) {
    return MakeError(ErrorCode::kFieldInvalid,
                     "format " + std::string(ProductFormatName(product.format)) + " is not a " +
                         std::string(ProductKindName(product.kind)) + " format",
                     FieldRef("format", std::string(ProductFormatName(product.format))));
  }
  if (!product.upc) {
    if (product.kind == ProductKind::kDigital) return OkStatus();
    return MakeError(ErrorCode::kFieldMissing, "is required for a physical product",
                     FieldRef("upc"));
  }
  // Restricted-circulation numbers (GS1 prefixes 020-029) are accepted: they
  // are valid in-house numbers, and the demo world uses them so that its
  // products can never collide with real ones.
  return CheckNormalised("upc", *product.upc, ValidateIcpn);
}

Status ValidateRelation(const Relation& relation) {
  FERMATA_RETURN_IF_ERROR(ValidateRecordId("release_id", relation.release_id));
  FERMATA_RETURN_IF_ERROR(ValidateRecordId("party_id", relation.party_id));
  FERMATA_RETURN_IF_ERROR(InField("valid_from", Discard(ValidateIsoDate(relation.valid_from))));
  if (!relation.valid_to) return OkStatus();
  FERMATA_RETURN_IF_ERROR(InField("valid_to", Discard(ValidateIsoDate(*relation.valid_to))));
  if (*relation.valid_to <= relation.valid_from) {
    return MakeError(ErrorCode::kFieldInvalid,
                     "must be after valid_from " + relation.valid_from + " (valid_to is exclusive)",
                     FieldRef("valid_to", *relation.valid_to));
  }
  return OkStatus();
}

std::string DescribePeriod(const Relation& relation) {
  return "[" + relation.valid_from + ", " + EndOrOpen(relation) + ")";
}

Status CheckNoOverlap(std::span<const Relation> existing, const Relation& candidate) {
  for (const Relation& other : existing) {
    if (other.kind != candidate.kind || other.release_id != candidate.release_id) continue;
    if (!Overlaps(other, candidate)) continue;
    const std::string kind(RelationKindName(candidate.kind));
    return MakeError(ErrorCode::kRelationOverlaps,
                     kind + " relation of release " + candidate.release_id + " to party " +
                         candidate.party_id + " for " + DescribePeriod(candidate) +
                         " overlaps the " + kind + " relation to party " + other.party_id +
                         " for " + DescribePeriod(other),
                     FieldRef("valid_from", candidate.valid_from));
  }
  return OkStatus();
}

std::optional<std::string> PartyAt(std::span<const Relation> relations, std::string_view release_id,
                                   RelationKind kind, std::string_view date) {
  for (const Relation& r : relations) {
    if (r.kind == kind && r.release_id == release_id && Holds(r, date)) return r.party_id;
  }
  return std::nullopt;
}

}  // namespace fermata
