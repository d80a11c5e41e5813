// Fuzz target: parse_dsr (and dsr_to_sales of what it accepts) must never
// crash or assert on any bytes. Invariants:
// every problem names the file; line numbers stay within the file; blocks and
// sale lines point at records that exist; allocated lines sum exactly to
// their summary's NetRevenue.
#include <cstdint>
#include <map>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_sales.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fermata::DsrReport report = fermata::parse_dsr(text, "fuzz.tsv");
  // The importer's next step must hold for every accepted report too.
  if (report.ok()) (void)fermata::dsr_to_sales(report);
  for (const auto& e : report.errors) {
    FERMATA_ASSERT(e.where.file == "fuzz.tsv");
    FERMATA_ASSERT(e.where.line_number >= 0 && e.where.line_number <= report.physical_lines);
  }
  for (const auto& w : report.warnings) FERMATA_ASSERT(w.where.file == "fuzz.tsv");
  std::int64_t previous = 0;
  for (const fermata::DsrRecord& r : report.records) {
    FERMATA_ASSERT(r.line_number > previous && r.line_number <= report.physical_lines);
    previous = r.line_number;
  }
  for (const fermata::DsrBlock& b : report.blocks) {
    FERMATA_ASSERT(!b.record_indices.empty() && b.first_line <= b.last_line);
    for (std::size_t i : b.record_indices) FERMATA_ASSERT(i < report.records.size());
  }
  std::map<std::size_t, fermata::Decimal> allocated;
  for (const fermata::DsrSaleLine& s : report.sales) {
    FERMATA_ASSERT(s.record_index < report.records.size());
    if (s.basis == fermata::DsrAmountBasis::kAllocated) {
      FERMATA_ASSERT(s.summary.has_value());
      allocated[*s.summary] += s.amount;
    }
  }
  for (const auto& [index, total] : allocated) {
    FERMATA_ASSERT(index < report.summaries.size());
    FERMATA_ASSERT(report.summaries[index].net_revenue.has_value() &&
                   *report.summaries[index].net_revenue == total);
  }
  return 0;
}
