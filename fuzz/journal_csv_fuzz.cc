// Fuzz target: ParseJournalCsv must never crash or assert; every entry it
// returns has at least two postings and ordered line numbers.
#include <cstdint>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/ingest/csv/journal_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fermata::JournalBatch batch = fermata::parse_journal_csv(text, "fuzz.csv");
  for (const fermata::JournalEntry& e : batch.entries) {
    FERMATA_ASSERT(e.postings.size() >= 2);
    FERMATA_ASSERT(e.first_line_number <= e.last_line_number);
  }
  for (const auto& e : batch.errors) FERMATA_ASSERT(e.where.file == "fuzz.csv");
  return 0;
}
