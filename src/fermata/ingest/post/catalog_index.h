// CatalogIndex: whose is this sale? The catalog, indexed for matching.
//
// A sales line is matched to a release (and, through an ISRC, a track) by
// the first identifier that the catalog knows, in this order:
//   1. ISRC            -> the releases whose track list holds it;
//   2. ICPN / UPC      -> the release with that ICPN, or the product with that
//                         UPC (UPC-A is read as EAN-13 with a leading 0);
//   3. catalog number  -> the product with that label catalog number;
//   4. proprietary id  -> a release id or product SKU equal to it.
// The owner is the party holding the release's owner relation on the sale
// date (catalog.h party_at), so a catalog that changed hands is matched to
// the owner of the day. An identifier the catalog does not know falls
// through to the next one; a known identifier whose releases have no owner on
// that date, or several different owners (one ISRC on two labels' releases,
// not settled by the line's ICPN), is not a match: the line goes to
// suspense with that reason rather than to a guessed owner.
//
// A match also says which product format was sold when the deciding
// identifier names a product (its UPC, catalog number or SKU) of the matched
// release, for fee rules that differ by format (docs/ROYALTIES.md). It is
// found in the same hash lookup as the release, so it costs matching nothing.
//
// Thread safety: immutable after construction; match() may run on many threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fermata/catalog/catalog.h"
#include "fermata/ingest/sales/sales.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct SaleMatch {
  bool matched = false;
  std::string via;         // "isrc", "icpn", "catalog_number", "proprietary_id" or "none".
  std::string identifier;  // The identifier that decided (or the first one tried).
  std::string release_id;  // When matched.
  std::string isrc;        // When matched through an ISRC.
  std::string owner;       // Party id, when matched.
  std::string reason;      // Why not, when not matched.
  // The format (product_format_name: "CD", "LP", ...) of the product of the
  // matched release that the deciding identifier names, one per kind of
  // product: a UPC may be both a CD's and a download's. "" when it names no
  // product of that kind (an ISRC, a release ICPN or id) or products of
  // different formats. sale_format() picks the one a sale gets.
  // Views of product_format_name()'s static names.
  std::string_view physical_format, digital_format;
};

// The product format a sale on `channel` gets: a physical sale the physical
// product's format, any other sale the digital product's ("" when none).
std::string_view sale_format(const SaleMatch& match, SalesChannel channel);

class CatalogIndex {
 public:
  explicit CatalogIndex(const CatalogSnapshot& snapshot);

  // Matches `line` on `date` (ISO), the day whose owner is wanted.
  SaleMatch match(const SaleLine& line, std::string_view date) const;

  // The party a report names: by party id, DDEX party id, or exact name
  // (case-insensitive). nullopt when none or several match.
  std::optional<std::string> resolve_party(std::string_view text) const;

  // The single distributor party, when the catalog has exactly one.
  std::optional<std::string> sole_distributor() const;

 private:
  // Owners on `date` of `releases`; "" entries for releases with no owner.
  std::vector<std::string> owners_of(const std::vector<std::string>& releases,
                                     std::string_view date) const;
  // A product an identifier names: its release, kind and format.
  struct NamedProduct {
    std::string release_id;
    ProductKind kind = ProductKind::kPhysical;
    std::string_view format;  // product_format_name(), static.
  };
  // What one identifier names: releases (the candidates for the owner) and
  // the products among them it is the UPC, catalog number or SKU of.
  struct Named {
    std::vector<std::string> releases;
    std::vector<NamedProduct> products;
  };
  using NamedIndex = std::unordered_map<std::string, Named>;

  std::optional<SaleMatch> try_releases(std::string_view via, const std::string& identifier,
                                        const Named& named, const SaleLine& line,
                                        std::string_view date) const;

  NamedIndex releases_by_isrc_;
  NamedIndex releases_by_icpn_;
  NamedIndex releases_by_catalog_number_;
  NamedIndex releases_by_proprietary_id_;
  std::unordered_map<std::string, std::vector<Relation>> owner_relations_;
  std::unordered_map<std::string, std::string> release_icpn_;
  std::vector<Party> parties_;
};

// Digits of a UPC-A / EAN-13 / ICPN as EAN-13 ("" when not 12-14 digits).
std::string icpn_key(std::string_view text);

// The catalog and its index at one revision (Database::catalog_revision).
// Indexing 50,000 products costs more than matching a file of sales or
// stock against them, so the files of one import share it while the
// catalog stays as it was.
struct IndexedCatalog {
  std::string revision;
  std::shared_ptr<const CatalogSnapshot> snapshot;
  std::shared_ptr<const CatalogIndex> index;
};

// The catalog as it is now, indexed: `cache`'s when its revision is still
// the database's, else read and indexed anew (and kept in `cache`, which may
// be null).
Result<IndexedCatalog> indexed_catalog(Database& database, IndexedCatalog* cache);

}  // namespace fermata
