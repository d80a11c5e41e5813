// Internal to ingest/: the steps every import shares, and the writers of
// catalog tables and manual journals.
#pragma once

#include "fermata/ingest/csv/catalog_csv.h"
#include "fermata/ingest/csv/journal_csv.h"
#include "fermata/ingest/import.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/sales/sales.h"

namespace fermata::internal {

// Sets report.already_imported and import_id when these bytes were imported.
Result<bool> check_already_imported(Database& database, ImportReport& report);

// Adds the register entry for `report`. Returns its id.
Result<std::int64_t> record_import(Database& database, Ledger& ledger, const ImportReport& report);

// Ends the open unit: rolls back on a write error, on rejected rows under
// kAbort and for dry runs; otherwise records the import (when not yet
// recorded), keeps the rejected rows, archives the document and commits.
Result<ImportReport> finish_unit(Database& database, Ledger& ledger, const SourceDocument& document,
                                 const ImportOptions& options, const Status& written,
                                 ImportReport& report);

// Writes every rejected row of `report` to the rejects table with its raw text.
Status keep_rejects(Database& database, const ImportReport& report, const SourceDocument& document);

// The text of 1-based physical line `line_number` ("" when out of range).
std::string line_text(std::string_view text, std::int64_t line_number);

// Posts `sales` (one part, from report.archived_sha256) as import
// report.import_id and registers it with its totals (import_sales.cc),
// matched against `catalog` (the caller's index of the catalog as stored:
// a stock file has built one already, and for 50,000 products it costs
// more than the sales it matches).
Status post_sales_report(Database& database, Ledger& ledger, const ImportOptions& options,
                         ImportReport& report, const SalesReport& sales,
                         const CatalogIndex& catalog);

Status write_catalog(const CatalogBatch& batch, Database& database, const ImportOptions& options,
                     ImportReport& report);
Status write_journal(const JournalBatch& batch, Ledger& ledger, const ImportOptions& options,
                     ImportReport& report);

}  // namespace fermata::internal
