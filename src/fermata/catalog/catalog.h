// Catalog: who the parties are, what was released, and who held it when.
//
// The catalog is the reference data every sale and royalty line is matched
// against: parties (labels, artists, distributors, stores...), releases (an
// ICPN barcode and a title), recordings (an ISRC), the track list that joins
// them, the products sold (a CD pressing, a digital album) and the dated
// relations saying which label owned and which distributor carried a release.
// Ownership is a relation, not a field of Release, because catalogs change
// hands and past statements must still be explained by the owner of the day.
//
// Records here are plain values; the Validate* functions check one record's
// own rules (identifiers, required text, date order) and return a field-named
// error. Rules across records (a relation's party exists) belong to storage.
// Dates are ISO "YYYY-MM-DD" strings, which order correctly as text; a
// relation holds over [valid_from, valid_to), valid_to absent = still holds.
//
// Thread safety: plain values and pure functions.
//
//   FERMATA_RETURN_IF_ERROR(check_no_overlap(existing, candidate));
//   std::optional<std::string> label =
//       party_at(relations, "R0001", RelationKind::kOwner, "2023-06-30");
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "fermata/base/result.h"

namespace fermata {

enum class PartyKind {
  kLabel,
  kArtist,
  kDistributor,
  kAggregator,
  kStore,
  kLender,
  kManufacturer,
  kWarehouse,
};

// "label", "artist", ... exactly as written in files. Errors: field_invalid
// naming the accepted names.
Result<PartyKind> parse_party_kind(std::string_view name);
std::string_view party_kind_name(PartyKind kind);

struct Party {
  std::string id;  // Stable text id chosen by the user, e.g. "L0001".
  std::string name;
  PartyKind kind = PartyKind::kLabel;
  std::optional<std::string> ddex_party_id;  // Normalised DPID.
  friend bool operator==(const Party&, const Party&) = default;
};

struct Release {
  std::string id;  // e.g. "R0001".
  std::string title;
  // Normalised EAN-13; empty only for a release whose delivered ICPN failed
  // its check (an ERN finding): such a release is never matched by ICPN.
  std::string icpn;
  friend bool operator==(const Release&, const Release&) = default;
};

struct Recording {
  std::string isrc;  // Normalised, 12 characters.
  std::string title;
  std::string artist;
  std::int64_t duration_seconds = 0;
  friend bool operator==(const Recording&, const Recording&) = default;
};

struct ReleaseTrack {
  std::string release_id;
  std::int64_t sequence = 0;  // 1-based position on the release.
  std::string isrc;
  friend bool operator==(const ReleaseTrack&, const ReleaseTrack&) = default;
};

enum class ProductKind { kPhysical, kDigital };
enum class ProductFormat { kCd, kLp, kCassette, kDigitalRelease, kDigitalTrack };

// "physical" / "digital". Errors: field_invalid.
Result<ProductKind> parse_product_kind(std::string_view name);
std::string_view product_kind_name(ProductKind kind);
// "CD", "LP", "cassette", "digital_release", "digital_track". Errors: field_invalid.
Result<ProductFormat> parse_product_format(std::string_view name);
std::string_view product_format_name(ProductFormat format);

struct Product {
  std::string sku;  // Stock-keeping unit, the inventory commodity ("SKU:<sku>").
  ProductKind kind = ProductKind::kPhysical;
  ProductFormat format = ProductFormat::kCd;
  std::string release_id;
  std::string catalog_number;      // The label's own number, e.g. "ABC-001"; may be empty.
  std::optional<std::string> upc;  // Normalised EAN-13; required for physical products.
  friend bool operator==(const Product&, const Product&) = default;
};

enum class RelationKind { kOwner, kDistributor };

// "owner" / "distributor". Errors: field_invalid.
Result<RelationKind> parse_relation_kind(std::string_view name);
std::string_view relation_kind_name(RelationKind kind);

struct Relation {
  RelationKind kind = RelationKind::kOwner;
  std::string release_id;
  std::string party_id;
  std::string valid_from;               // ISO date, inclusive.
  std::optional<std::string> valid_to;  // ISO date, exclusive; absent = open-ended.
  friend bool operator==(const Relation&, const Relation&) = default;
};

// A stable text id ("L0001", "R-2024-07"): 1..64 characters among letters,
// digits, '-', '_', '.', ':'. Errors: field_invalid or field_missing, naming
// `field`.
Status validate_record_id(std::string_view field, std::string_view id);

// Each checks one record: ids, required text, identifiers in normalised form,
// value ranges. Errors: field_missing, field_invalid, identifier_invalid,
// date_invalid, with where.field and where.value set (no file or line).
Status validate_party(const Party& party);
Status validate_release(const Release& release);
// duration_seconds must be 1..86400.
Status validate_recording(const Recording& recording);
// sequence must be 1..9999.
Status validate_release_track(const ReleaseTrack& track);
// The format must match the kind (CD/LP/cassette are physical); a physical
// product needs a UPC; a restricted-circulation UPC (020..029) is refused.
Status validate_product(const Product& product);
// Dates are real; valid_from < valid_to when valid_to is present.
Status validate_relation(const Relation& relation);

// Two relations of the same kind for the same release may not overlap in
// time: one owner and one distributor at a time, so PartyAt has one answer.
// Returns relation_overlaps naming both periods on the first conflict with
// `existing`. REQUIRES: every relation passed ValidateRelation.
Status check_no_overlap(std::span<const Relation> existing, const Relation& candidate);

// The party holding the `kind` relation to `release_id` on `date` (ISO), or
// nullopt if none does. With non-overlapping relations there is at most one.
std::optional<std::string> party_at(std::span<const Relation> relations,
                                    std::string_view release_id, RelationKind kind,
                                    std::string_view date);

// "[2020-01-01, 2022-01-01)" or "[2020-01-01, open)".
std::string describe_period(const Relation& relation);

}  // namespace fermata
