// Internal to ingest/: the import paths for sales reports, remittances and
// ERN catalog messages (see import.h for what they guarantee).
#pragma once

#include <optional>
#include <string_view>

#include "fermata/ingest/import.h"
#include "fermata/ingest/sales/sales.h"

namespace fermata {

// The store-report format named by `text`'s header set ("apple",
// "bandcamp", "distrokid", "physical", "remittance"), or "".
std::string_view detect_store_report(std::string_view text);

// Parses `text` (the document at `path`) as a sales report of `format`.
// Errors: usage for a format that is not a sales report, and the mapping
// file's errors for kMapped.
Result<SalesReport> parse_sales(ImportFormat format, std::string_view text, const std::string& path,
                                const ImportOptions& options);

Result<ImportReport> import_sales(Database& database, Ledger& ledger,
                                  const SourceDocument& document, const ImportOptions& options,
                                  ImportReport report);
// A plain or gzip UTF-8 DSR that DsrStreamReader reads (Basic Audio,
// AudioVisual): read, checked, archived and grouped in one pass, then posted
// like any sales report. nullopt when the file must be read whole instead.
Result<std::optional<ImportReport>> import_streamed_dsr(Database& database, Ledger& ledger,
                                                        const std::string& path,
                                                        const ImportOptions& options);
Result<ImportReport> import_remittance(Database& database, Ledger& ledger,
                                       const SourceDocument& document, const ImportOptions& options,
                                       ImportReport report);
Result<ImportReport> import_ern(Database& database, Ledger& ledger, const SourceDocument& document,
                                const ImportOptions& options, ImportReport report);

// The text the archive keeps for a document of `format`: the text itself,
// except Bandcamp sales, whose buyer names and addresses are blanked first.
std::string archived_text(ImportFormat format, std::string_view text);

// The parser version recorded with every sales import (drill re-derives
// with the same rules).
inline constexpr std::string_view kSalesParserVersion = "fermata-sales/1";

}  // namespace fermata
