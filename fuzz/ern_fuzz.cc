// Fuzz target: parse_ern and to_catalog must never crash or assert on any
// bytes. Invariants: every problem names the file; line numbers stay within
// the file (a newline byte ends every line in UTF-8, UTF-16 and UTF-32, so
// their count bounds the line); a refused message says why and holds no
// records; every catalog record produced passes its validate_* function.
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fermata/base/assert.h"
#include "fermata/catalog/catalog.h"
#include "fermata/catalog/deal.h"
#include "fermata/ingest/ern/ern.h"
#include "fermata/ingest/ern/ern_catalog.h"

namespace {

void check_where(const std::vector<fermata::Error>& problems, std::int64_t max_line) {
  for (const fermata::Error& e : problems) {
    FERMATA_ASSERT(e.where.file == "fuzz.xml");
    FERMATA_ASSERT(e.where.line_number >= 0 && e.where.line_number <= max_line);
  }
}

void check_catalog(const fermata::ErnCatalog& c, std::int64_t max_line) {
  check_where(c.warnings, max_line);
  check_where(c.rejected, max_line);
  for (const auto& p : c.parties) FERMATA_ASSERT(fermata::validate_party(p).has_value());
  for (const auto& r : c.releases) FERMATA_ASSERT(fermata::validate_release(r).has_value());
  for (const auto& r : c.releases_without_icpn) {
    FERMATA_ASSERT(fermata::validate_record_id("id", r.id).has_value() && r.icpn.empty());
  }
  for (const auto& r : c.recordings) FERMATA_ASSERT(fermata::validate_recording(r).has_value());
  for (const auto& t : c.tracks) FERMATA_ASSERT(fermata::validate_release_track(t).has_value());
  for (const auto& p : c.products) FERMATA_ASSERT(fermata::validate_product(p).has_value());
  for (const auto& d : c.deals) FERMATA_ASSERT(fermata::validate_deal(d).has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(bytes.begin(), bytes.end(), '\n')) + 1;
  const fermata::ErnMessage m = fermata::parse_ern(bytes, "fuzz.xml");
  check_where(m.errors, max_line);
  check_where(m.warnings, max_line);
  if (m.kind == fermata::ErnMessageKind::kRefused) {
    FERMATA_ASSERT(!m.errors.empty());
    FERMATA_ASSERT(m.releases.empty() && m.recordings.empty() && m.deals.empty());
    return 0;
  }
  for (const fermata::ErnRelease& r : m.releases) {
    for (std::size_t i = 0; i < r.tracks.size(); ++i) {
      FERMATA_ASSERT(r.tracks[i].sequence == static_cast<std::int64_t>(i) + 1);
    }
  }
  check_catalog(fermata::to_catalog(m), max_line);
  return 0;
}
