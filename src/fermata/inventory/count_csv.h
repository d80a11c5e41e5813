// Stock count CSV: what a count found on the shelves of one location at one
// cut-off (docs/FORMATS.md §14.2), one SKU and bin per row.
//
//   count,location,cutoff,sku,owner,units,bin
//
// Required columns: count (the count's id), location (a party id), cutoff
// (YYYY-MM-DD or YYYY-MM-DDTHH:MM), sku, units (whole, 0 or more). The
// columns owner and bin may be absent or empty. A file is one count: every
// row repeats the same count, location and cut-off. A SKU may be counted in
// several bins (its rows add up), but the same SKU, owner and bin twice is
// refused as a likely double scan.
//
// Pure: no catalog, no ledger; owners left empty are resolved against the
// books by resolve_count() (count.h). Every error names the file, the line
// and the field. Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/inventory/count.h"

namespace fermata {

struct CountFile {
  Count count;                // Lines in file order, owners as written.
  std::int64_t rows = 0;      // Data rows read.
  std::vector<Error> errors;  // Every problem found, in line order.
  bool ok() const { return errors.empty(); }
};

// Reads a whole count file. A file with errors yields no partial count
// worth recording: callers record nothing unless ok().
CountFile parse_count_csv(std::string_view text, std::string_view file_name);

// The day of a cut-off: "2026-03-31" for "2026-03-31" and for
// "2026-03-31T18:00". Errors: date_invalid naming the field `cutoff`.
Result<std::string> parse_count_cutoff(std::string_view text);

}  // namespace fermata
