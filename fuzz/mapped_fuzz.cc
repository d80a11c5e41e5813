// Fuzz target: parse_mapping and parse_mapped (CSV/TSV text and .xlsx bytes)
// must never crash or assert. Input layout: "<mapping>\n---\n<data>" runs the
// mapping from the input on the data; otherwise the whole input is data read
// through a fixed mapping (the SYNTHETIC klangvertrieb one), and .xlsx bytes
// also go through the xlsx reader directly. Invariants: errors name their
// file; rejected_text is parallel to errors; lines ascend.
#include <cstdint>
#include <string>
#include <string_view>

#include "fermata/base/assert.h"
#include "fermata/ingest/mapped/mapped.h"
#include "fermata/ingest/mapped/xlsx.h"

namespace {

constexpr std::string_view kDefaultMapping =
    "payer = Klangvertrieb GmbH\ndelimiter = ;\nheader_row = 3\nfooter_rows = 1\n"
    "sheet = Abrechnung\ndecimal_separator = ,\nthousands_separator = .\n"
    "date_format = %d.%m.%Y\nchannel = stream\nreturns = column\ncolumn.store = Shop\n"
    "column.territory = Land\ncolumn.upc = EAN\ncolumn.isrc = ISRC\n"
    "column.catalog_number = Katalognr.\ncolumn.title = Titel\ncolumn.date = Datum\n"
    "column.units = Menge\ncolumn.returns = Retouren\ncolumn.amount = Betrag\n"
    "column.currency = Währung\n";

void check(const fermata::SalesReport& report) {
  FERMATA_ASSERT(report.errors.size() == report.rejected_text.size());
  for (const fermata::Error& e : report.errors) FERMATA_ASSERT(e.where.file == "fuzz.dat");
  std::int64_t previous = 0;
  for (const fermata::SaleLine& line : report.lines) {
    FERMATA_ASSERT(line.line_number > previous);
    previous = line.line_number;
  }
  FERMATA_ASSERT(static_cast<std::int64_t>(report.lines.size()) <= report.rows);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find("\n---\n");
  std::string_view mapping_text = kDefaultMapping;
  std::string_view bytes = input;
  if (split != std::string_view::npos) {
    mapping_text = input.substr(0, split);
    bytes = input.substr(split + 5);
  }
  fermata::Result<fermata::Mapping> mapping = fermata::parse_mapping(mapping_text, "fuzz.map");
  if (!mapping) {
    FERMATA_ASSERT(mapping.error().where.file == "fuzz.map");
    mapping = fermata::parse_mapping(kDefaultMapping, "fuzz.map");
    FERMATA_ASSERT(mapping.has_value());
  }
  check(fermata::parse_mapped(bytes, *mapping, "fuzz.dat"));
  if (fermata::looks_like_xlsx(bytes)) {
    fermata::Result<fermata::XlsxSheet> sheet = fermata::read_xlsx_sheet(bytes, "", "fuzz.dat");
    if (sheet) {
      std::int64_t previous = 0;
      for (const fermata::XlsxRow& row : sheet->rows) {
        FERMATA_ASSERT(row.row_number > previous && row.row_number <= 1048576);
        FERMATA_ASSERT(row.cells.size() <= 16384);
        previous = row.row_number;
      }
    }
  }
  return 0;
}
