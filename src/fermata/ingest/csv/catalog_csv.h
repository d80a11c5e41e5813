// Catalog CSV: the catalog tables a label keeps in a spreadsheet.
//
// One file holds one table, recognised from its header (column order is free,
// names are exact and lower case, every listed column must be present and no
// others may be):
//
//   parties         id,name,kind[,ddex_party_id]
//                   kind: label|artist|distributor|aggregator|store|lender|
//                         manufacturer|warehouse; ddex_party_id optional (DPID)
//   releases        id,title,icpn              icpn: UPC-A or EAN-13
//   recordings      isrc,title,artist,duration_seconds
//   release_tracks  release_id,sequence,isrc   sequence: 1..9999
//   products        sku,kind,format,release_id,catalog_number,upc
//                   kind: physical|digital; format: CD|LP|cassette|
//                   digital_release|digital_track; upc required if physical
//   relations       kind,release_id,party_id,valid_from,valid_to
//                   kind: owner|distributor; dates YYYY-MM-DD; valid_to
//                   exclusive and may be empty (open-ended)
//
// Identifiers are stored normalised (ICPN/UPC as EAN-13, ISRC without
// hyphens, DPID upper case). Every row is checked and every bad row reported:
// the batch holds the good records and one Error per bad row naming the file,
// line, field and value. Within the file, a repeated key (party id, release
// id, ISRC, release_id+sequence, SKU) and overlapping relations of one kind
// for one release are errors too. References to other tables are checked by
// the importer, which sees the stored catalog.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/catalog/catalog.h"

namespace fermata {

enum class CatalogTable {
  kUnknown,
  kParties,
  kReleases,
  kRecordings,
  kReleaseTracks,
  kProducts,
  kRelations,
};

// "parties", "releases", ... ("unknown" for kUnknown).
std::string_view catalog_table_name(CatalogTable table);

// A record and the 1-based line of the file it came from.
template <typename T>
struct Located {
  T record;
  std::int64_t line_number = 0;
  friend bool operator==(const Located&, const Located&) = default;
};

struct CatalogBatch {
  std::int64_t rows = 0;  // Data rows read, valid or not.
  CatalogTable table = CatalogTable::kUnknown;
  std::vector<Located<Party>> parties;
  std::vector<Located<Release>> releases;
  std::vector<Located<Recording>> recordings;
  std::vector<Located<ReleaseTrack>> release_tracks;
  std::vector<Located<Product>> products;
  std::vector<Located<Relation>> relations;
  // Every problem found, in file order. Import only when this is empty.
  std::vector<Error> errors;
};

// Parses a whole catalog CSV. An unrecognised or incomplete header gives a
// batch with table kUnknown and one error; a file without a header row gives
// one parse_error.
CatalogBatch parse_catalog_csv(std::string_view buffer, std::string_view file_name);

}  // namespace fermata
