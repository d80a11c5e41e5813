// Fuzz target: every store parser, the remittance parser, format detection
// and Bandcamp redaction on the same bytes must never crash or assert.
// Invariants: every error names the file and a line inside the text;
// rejected_text is parallel to errors; lines are numbered inside the text and
// in increasing order; redaction never grows the text.
#include <cstdint>
#include <string>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/ingest/stores/stores.h"

namespace {

std::int64_t physical_lines(std::string_view text) {
  std::int64_t lines = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    if (text[i] == '\n' || text[i] == '\r') ++lines;
  }
  return lines;
}

void check_errors(const std::vector<fermata::Error>& errors,
                  const std::vector<std::string>& rejected, std::int64_t lines) {
  FERMATA_ASSERT(errors.size() == rejected.size());
  for (const fermata::Error& e : errors) {
    FERMATA_ASSERT(e.where.file == "fuzz.txt");
    FERMATA_ASSERT(e.where.line_number >= 0 && e.where.line_number <= lines);
  }
}

void check_report(const fermata::SalesReport& report, std::int64_t lines) {
  check_errors(report.errors, report.rejected_text, lines);
  for (const fermata::Error& w : report.warnings) FERMATA_ASSERT(w.where.file == "fuzz.txt");
  std::int64_t previous = 0;
  for (const fermata::SaleLine& line : report.lines) {
    FERMATA_ASSERT(line.line_number > previous && line.line_number <= lines);
    previous = line.line_number;
  }
  FERMATA_ASSERT(static_cast<std::int64_t>(report.lines.size()) <= report.rows);
  FERMATA_ASSERT(report.period_start <= report.period_end);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::int64_t lines = physical_lines(text);
  check_report(fermata::parse_apple_report(text, "fuzz.txt"), lines);
  check_report(fermata::parse_bandcamp_sales(text, "fuzz.txt"), lines);
  check_report(fermata::parse_distrokid(text, "fuzz.txt"), lines);
  check_report(fermata::parse_physical_sellthrough(text, "fuzz.txt"), lines);
  const fermata::Remittance remittance = fermata::parse_remittance(text, "fuzz.txt");
  check_errors(remittance.errors, remittance.rejected_text, lines);
  for (const fermata::RemittanceLine& line : remittance.lines) {
    FERMATA_ASSERT(line.amount.sign() > 0);
  }
  const std::string_view format = fermata::detect_store_format(text);
  FERMATA_ASSERT(format.empty() || format == "apple" || format == "bandcamp" ||
                 format == "distrokid" || format == "physical" || format == "remittance");
  const std::string redacted = fermata::redact_bandcamp(text);
  FERMATA_ASSERT(redacted.size() <= text.size());
  check_report(fermata::parse_bandcamp_sales(redacted, "fuzz.txt"), physical_lines(redacted));
  return 0;
}
