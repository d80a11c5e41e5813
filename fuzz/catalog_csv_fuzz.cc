// Fuzz target: ParseCatalogCsv must never crash or assert, and every record
// it accepts must pass its own validator again.
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/ingest/csv/catalog_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fermata::CatalogBatch batch = fermata::parse_catalog_csv(text, "fuzz.csv");
  for (const auto& p : batch.parties) FERMATA_ASSERT(fermata::validate_party(p.record));
  for (const auto& r : batch.releases) FERMATA_ASSERT(fermata::validate_release(r.record));
  for (const auto& r : batch.recordings) FERMATA_ASSERT(fermata::validate_recording(r.record));
  for (const auto& p : batch.products) FERMATA_ASSERT(fermata::validate_product(p.record));
  for (const auto& r : batch.relations) FERMATA_ASSERT(fermata::validate_relation(r.record));
  for (const auto& e : batch.errors) FERMATA_ASSERT(e.where.file == "fuzz.csv");
  return 0;
}
