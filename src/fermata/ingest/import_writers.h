// The write half of an import (internal to ingest/): parsed rows in, catalog
// records or ledger transactions out, inside the caller's unit of work.
#pragma once

#include "fermata/ingest/csv/catalog_csv.h"
#include "fermata/ingest/csv/journal_csv.h"
#include "fermata/ingest/import.h"

namespace fermata::internal {

// Puts every record of the batch. Parse errors and put conflicts go to
// report.rejected; the Status fails only for storage failures.
Status write_catalog(const CatalogBatch& batch, Database& database, const ImportOptions& options,
                     ImportReport& report);

// Appends every entry as one transaction keyed by its journal key, with the
// file's hash and line range as its source.
Status write_journal(const JournalBatch& batch, Ledger& ledger, const ImportOptions& options,
                     ImportReport& report);

}  // namespace fermata::internal
