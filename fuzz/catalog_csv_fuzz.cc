// Fuzz target: ParseCatalogCsv must never crash or assert, and every record
// it accepts must pass its own validator again.
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/ingest/csv/catalog_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fermata::CatalogBatch batch = fermata::ParseCatalogCsv(text, "fuzz.csv");
  for (const auto& p : batch.parties) FERMATA_ASSERT(fermata::ValidateParty(p.record));
  for (const auto& r : batch.releases) FERMATA_ASSERT(fermata::ValidateRelease(r.record));
  for (const auto& r : batch.recordings) FERMATA_ASSERT(fermata::ValidateRecording(r.record));
  for (const auto& p : batch.products) FERMATA_ASSERT(fermata::ValidateProduct(p.record));
  for (const auto& r : batch.relations) FERMATA_ASSERT(fermata::ValidateRelation(r.record));
  for (const auto& e : batch.errors) FERMATA_ASSERT(e.where.file == "fuzz.csv");
  return 0;
}
