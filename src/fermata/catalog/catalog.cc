#include "fermata/catalog/catalog.h"

#include <algorithm>
#include <array>
#include <utility>

#include "fermata/base/assert.h"
#include "fermata/catalog/identifiers.h"

namespace fermata {
namespace {

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
Result<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view what,
                        std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  std::string accepted;
  for (std::string_view n : names) {
    if (!accepted.empty()) accepted += ", ";
    accepted += n;
  }
  return make_error(
      ErrorCode::kFieldInvalid,
      "unknown " + std::string(what) + " '" + std::string(name) + "'; expected one of " + accepted,
      field_ref("", std::string(name)));
}

template <typename Enum, size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
  const auto index = static_cast<size_t>(value);
  FERMATA_ASSERT(index < N);
  return names[index];
}

// Re-labels an error from a value-level check with the record field it came from.
Status in_field(std::string_view field, Status status) {
  if (status) return status;
  Error error = status.error();
  error.where.field = std::string(field);
  return error;
}

template <typename T>
Status discard(const Result<T>& result) {
  if (!result) return result.error();
  return ok_status();
}

// A normalised identifier must already be in the form the validator returns,
// so two spellings of one code never become two catalog rows.
Status check_normalised(std::string_view field, std::string_view value,
                        Result<std::string> (*validate)(std::string_view)) {
  Result<std::string> normalised = validate(value);
  if (!normalised) return in_field(field, normalised.error());
  if (*normalised != value) {
    return make_error(ErrorCode::kIdentifierInvalid,
                      "is not in normalised form; expected '" + *normalised + "'",
                      field_ref(std::string(field), std::string(value)));
  }
  return ok_status();
}

Status require_text(std::string_view field, std::string_view value) {
  if (!value.empty()) return ok_status();
  return make_error(ErrorCode::kFieldMissing, "is required", field_ref(std::string(field)));
}

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

std::string end_or_open(const Relation& r) {
  return r.valid_to ? *r.valid_to : "open";
}

bool holds(const Relation& r, std::string_view date) {
  return r.valid_from <= date && (!r.valid_to || date < *r.valid_to);
}

bool overlaps(const Relation& a, const Relation& b) {
  const bool a_starts_before_b_ends = !b.valid_to || a.valid_from < *b.valid_to;
  const bool b_starts_before_a_ends = !a.valid_to || b.valid_from < *a.valid_to;
  return a_starts_before_b_ends && b_starts_before_a_ends;
}

}  // namespace

Result<PartyKind> parse_party_kind(std::string_view name) {
  return parse_name<PartyKind>(kPartyKindNames, "party kind", name);
}
std::string_view party_kind_name(PartyKind kind) {
  return name_of(kPartyKindNames, kind);
}

Result<ProductKind> parse_product_kind(std::string_view name) {
  return parse_name<ProductKind>(kProductKindNames, "product kind", name);
}
std::string_view product_kind_name(ProductKind kind) {
  return name_of(kProductKindNames, kind);
}

Result<ProductFormat> parse_product_format(std::string_view name) {
  return parse_name<ProductFormat>(kProductFormatNames, "product format", name);
}
std::string_view product_format_name(ProductFormat format) {
  return name_of(kProductFormatNames, format);
}

Result<RelationKind> parse_relation_kind(std::string_view name) {
  return parse_name<RelationKind>(kRelationKindNames, "relation kind", name);
}
std::string_view relation_kind_name(RelationKind kind) {
  return name_of(kRelationKindNames, kind);
}

Status validate_record_id(std::string_view field, std::string_view id) {
  FERMATA_RETURN_IF_ERROR(require_text(field, id));
  const SourceRef where = field_ref(std::string(field), std::string(id));
  if (id.size() > kMaxIdLength) {
    return make_error(ErrorCode::kFieldInvalid, "is longer than 64 characters", where);
  }
  if (!std::all_of(id.begin(), id.end(), is_id_char)) {
    return make_error(ErrorCode::kFieldInvalid,
                      "may contain only letters, digits, '-', '_', '.' and ':'", where);
  }
  return ok_status();
}

Status validate_party(const Party& party) {
  FERMATA_RETURN_IF_ERROR(validate_record_id("id", party.id));
  FERMATA_RETURN_IF_ERROR(require_text("name", party.name));
  if (party.ddex_party_id) {
    FERMATA_RETURN_IF_ERROR(
        check_normalised("ddex_party_id", *party.ddex_party_id, validate_ddex_party_id));
  }
  return ok_status();
}

Status validate_release(const Release& release) {
  FERMATA_RETURN_IF_ERROR(validate_record_id("id", release.id));
  FERMATA_RETURN_IF_ERROR(require_text("title", release.title));
  return check_normalised("icpn", release.icpn, validate_icpn);
}

Status validate_recording(const Recording& recording) {
  FERMATA_RETURN_IF_ERROR(check_normalised("isrc", recording.isrc, validate_isrc));
  FERMATA_RETURN_IF_ERROR(require_text("title", recording.title));
  FERMATA_RETURN_IF_ERROR(require_text("artist", recording.artist));
  if (recording.duration_seconds < 1 || recording.duration_seconds > kMaxDurationSeconds) {
    return make_error(ErrorCode::kFieldInvalid, "must be between 1 and 86400 seconds",
                      field_ref("duration_seconds", std::to_string(recording.duration_seconds)));
  }
  return ok_status();
}

Status validate_release_track(const ReleaseTrack& track) {
  FERMATA_RETURN_IF_ERROR(validate_record_id("release_id", track.release_id));
  if (track.sequence < 1 || track.sequence > kMaxSequence) {
    return make_error(ErrorCode::kFieldInvalid, "must be between 1 and 9999",
                      field_ref("sequence", std::to_string(track.sequence)));
  }
  return check_normalised("isrc", track.isrc, validate_isrc);
}

Status validate_product(const Product& product) {
  FERMATA_RETURN_IF_ERROR(validate_record_id("sku", product.sku));
  FERMATA_RETURN_IF_ERROR(validate_record_id("release_id", product.release_id));
  const bool physical_format = product.format == ProductFormat::kCd ||
                               product.format == ProductFormat::kLp ||
                               product.format == ProductFormat::kCassette;
  if (physical_format != (product.kind == ProductKind::kPhysical)) {
    return make_error(ErrorCode::kFieldInvalid,
                      "format " + std::string(product_format_name(product.format)) + " is not a " +
                          std::string(product_kind_name(product.kind)) + " format",
                      field_ref("format", std::string(product_format_name(product.format))));
  }
  if (!product.upc) {
    if (product.kind == ProductKind::kDigital) return ok_status();
    return make_error(ErrorCode::kFieldMissing, "is required for a physical product",
                      field_ref("upc"));
  }
  // Restricted-circulation numbers (GS1 prefixes 020-029) are accepted: they
  // are valid in-house numbers, and the demo world uses them so that its
  // products can never collide with real ones.
  return check_normalised("upc", *product.upc, validate_icpn);
}

Status validate_relation(const Relation& relation) {
  FERMATA_RETURN_IF_ERROR(validate_record_id("release_id", relation.release_id));
  FERMATA_RETURN_IF_ERROR(validate_record_id("party_id", relation.party_id));
  FERMATA_RETURN_IF_ERROR(in_field("valid_from", discard(validate_iso_date(relation.valid_from))));
  if (!relation.valid_to) return ok_status();
  FERMATA_RETURN_IF_ERROR(in_field("valid_to", discard(validate_iso_date(*relation.valid_to))));
  if (*relation.valid_to <= relation.valid_from) {
    return make_error(
        ErrorCode::kFieldInvalid,
        "must be after valid_from " + relation.valid_from + " (valid_to is exclusive)",
        field_ref("valid_to", *relation.valid_to));
  }
  return ok_status();
}

std::string describe_period(const Relation& relation) {
  return "[" + relation.valid_from + ", " + end_or_open(relation) + ")";
}

Status check_no_overlap(std::span<const Relation> existing, const Relation& candidate) {
  for (const Relation& other : existing) {
    if (other.kind != candidate.kind || other.release_id != candidate.release_id) continue;
    if (!overlaps(other, candidate)) continue;
    const std::string kind(relation_kind_name(candidate.kind));
    return make_error(ErrorCode::kRelationOverlaps,
                      kind + " relation of release " + candidate.release_id + " to party " +
                          candidate.party_id + " for " + describe_period(candidate) +
                          " overlaps the " + kind + " relation to party " + other.party_id +
                          " for " + describe_period(other),
                      field_ref("valid_from", candidate.valid_from));
  }
  return ok_status();
}

std::optional<std::string> party_at(std::span<const Relation> relations,
                                    std::string_view release_id, RelationKind kind,
                                    std::string_view date) {
  for (const Relation& r : relations) {
    if (r.kind == kind && r.release_id == release_id && holds(r, date)) return r.party_id;
  }
  return std::nullopt;
}

}  // namespace fermata
