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
//   FERMATA_RETURN_IF_ERROR(CheckNoOverlap(existing, candidate));
//   std::optional<std::string> label =
//       PartyAt(relations, "R0001", RelationKind::kOwner, "2023-06-30");
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
Result<PartyKind> ParsePartyKind(std::string_view name);
std::string_view PartyKindName(PartyKind kind);

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
  std::string icpn;  // Normalised EAN-13.
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
Result<ProductKind> ParseProductKind(std::string_view name);
std::string_view ProductKindName(ProductKind kind);
// "CD", "LP", "cassette", "digital_release", "digital_track". Errors: field_invalid.
Result<ProductFormat> ParseProductFormat(std::string_view name);
std::string_view ProductFormatName(ProductFormat format);

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
Result<RelationKind> ParseRelationKind(std::string_view name);
std::string_view RelationKindName(RelationKind kind);

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
Status ValidateRecordId(std::string_view field, std::string_view id);

// Each checks one record: ids, required text, identifiers in normalised form,
// value ranges. Errors: field_missing, field_invalid, identifier_invalid,
// date_invalid, with where.field and where.value set (no file or line).
Status ValidateParty(const Party& party);
Status ValidateRelease(const Release& release);
// duration_seconds must be 1..86400.
Status ValidateRecording(const Recording& recording);
// sequence must be 1..9999.
Status ValidateReleaseTrack(const ReleaseTrack& track);
// The format must match the kind (CD/LP/cassette are physical); a physical
// product needs a UPC; a restricted-circulation UPC (020..029) is refused.
Status ValidateProduct(const Product& product);
// Dates are real; valid_from < valid_to when valid_to is present.
Status ValidateRelation(const Relation& relation);

// Two relations of the same kind for the same release may not overlap in
// time: one owner and one distributor at a time, so PartyAt has one answer.
// Returns relation_overlaps naming both periods on the first conflict with
// `existing`. REQUIRES: every relation passed ValidateRelation.
Status CheckNoOverlap(std::span<const Relation> existing, const Relation& candidate);

// The party holding the `kind` relation to `release_id` on `date` (ISO), or
// nullopt if none does. With non-overlapping relations there is at most one.
std::optional<std::string> PartyAt(std::span<const Relation> relations, std::string_view release_id,
                                   RelationKind kind, std::string_view date);

// "[2020-01-01, 2022-01-01)" or "[2020-01-01, open)".
std::string DescribePeriod(const Relation& relation);

}  // namespace fermata
