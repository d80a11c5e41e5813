// Import: bring one file into the books, wholly or not at all.
//
// An import reads a file, recognises its format, parses every row, and then
// writes the catalog records or ledger transactions it holds in one storage
// transaction together with a register entry keyed by the SHA-256 of the
// file's bytes. The same file twice changes nothing and says so
// (already_imported); a transaction key that exists with other content is
// exists_with_different_content. Every rejected row names its file, line,
// field and reason.
//
// With OnError::kAbort (the default) a file with any invalid row imports
// nothing and every error is listed; with kQuarantine the valid rows import
// and every invalid row is kept, raw, in the rejects table of the import
// (`fermata import rejects ID`). A dry run does all the work, reports it,
// and rolls back.
//
// Sales reports (DSR, store reports, mapped files) are matched to the
// catalog, aggregated and posted (post/sales_posting.h); their identity
// (sender, recipient, service, period, territory, parts) is registered, so a
// different file with the identity of a live report is refused as
// exists_with_different_content unless `replace` is set, which reverses the
// earlier import and posts the new one in the same unit of work. Parts of a
// multi-file report wait as pending (archived, registered) until the last
// part arrives; then every part posts at once. Every imported file is kept in
// the source archive (storage/archive.h) before the unit commits.
//
// Thread safety: one import at a time per Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/ingest/source/source.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

enum class ImportFormat {
  kAuto,
  kCatalog,
  kJournal,
  kDsr,
  kErn,
  kApple,
  kBandcamp,
  kDistrokid,
  kPhysical,
  kRemittance,
  kMapped,
  kStock,
};
enum class OnError { kAbort, kQuarantine };
struct StockBookCache;  // import_stock.h
struct IndexedCatalog;  // post/catalog_index.h

// "abort", "quarantine" ("skip" is accepted as its old name). Errors: usage.
Result<OnError> parse_on_error(std::string_view name);

// Errors: usage for an unknown name.
Result<ImportFormat> parse_import_format(std::string_view name);
std::string_view import_format_name(ImportFormat format);

struct ImportOptions {
  ImportFormat format = ImportFormat::kAuto;
  // How the file's text is encoded (source/source.h). Default: detect UTF-8
  // (with or without BOM) and UTF-16LE (BOM); Latin-1 only when declared.
  TextEncoding encoding = TextEncoding::kAuto;
  OnError on_error = OnError::kAbort;
  bool dry_run = false;
  // Reverse the live import with the same report identity and post this one.
  bool replace = false;
  // Whose books sales land in (party id, DPID or name); default: the
  // report's recipient, else the catalog's only distributor.
  std::string recipient;
  // Chain position override: the party whose fee the amounts are net of.
  std::string net_of;
  // The mapping file for ImportFormat::kMapped, or its text (drill re-reads
  // the archived copy; the text wins when both are set).
  std::string mapping_path;
  std::string mapping_text;
  // DSR: keep each line group's physical line numbers (drill).
  bool keep_line_numbers = false;
  // DSR: read with parse_dsr() even when the streaming reader could (tests
  // compare the two readers).
  bool whole_file_dsr = false;
  // The source archive; "" = no archiving (tests of parsers only).
  std::string archive_directory;
  // Called every few thousand rows with (rows done, rows total) for progress bars.
  std::function<void(std::int64_t, std::int64_t)> progress;
  // A streamed file (a large DSR): called while it is read with (file bytes
  // read, file size, sales lines read).
  std::function<void(std::int64_t, std::int64_t, std::int64_t)> read_progress;
  // Stock files of one multi-file import: the units every account holds, as
  // the last one committed left them, so each later file need not read the
  // whole book again (make_stock_book_cache). Used only while the ledger's
  // tip is still the one it was left at; null = read the book every time.
  std::shared_ptr<StockBookCache> stock_books;
  // The files of one multi-file import: the catalog indexed once and shared
  // while it is unchanged (post/catalog_index.h); null = index every file's.
  std::shared_ptr<IndexedCatalog> catalogs;
};

std::shared_ptr<StockBookCache> make_stock_book_cache();
std::shared_ptr<IndexedCatalog> make_catalog_cache();

struct ImportReport {
  std::string path;
  std::string sha256;     // Of the unwrapped bytes: a gzipped copy is the same report.
  std::string container;  // "plain", "gzip" or "zip".
  std::string encoding;   // What the bytes were ("utf-8", "utf-16le", ...).
  ImportFormat format = ImportFormat::kAuto;  // As detected.
  bool already_imported = false;  // The file's bytes were imported before: nothing changed.
  bool committed = false;         // False for dry runs, aborted and repeated imports.
  std::int64_t import_id = 0;
  std::int64_t rows = 0;               // Data rows read.
  std::int64_t records_inserted = 0;   // Catalog records new to the database.
  std::int64_t records_unchanged = 0;  // Catalog records already present, identical.
  std::int64_t transactions_appended = 0;
  std::int64_t transactions_existing = 0;  // Keys already present with the same content.
  std::vector<Error> rejected;             // Every invalid row.
  std::vector<Error> warnings;             // Accepted quirks and findings.
  // Sales reports.
  std::string report_identity;
  std::string payer, holder;
  std::int64_t matched_lines = 0, unmatched_lines = 0;
  std::vector<std::pair<std::string, Decimal>> reported;   // Per currency, all parts posted.
  std::vector<std::pair<std::string, Decimal>> unmatched;  // Per currency, to suspense.
  std::int64_t replaced_import = 0;                        // The import --replace reversed.
  // Multi-file reports: this part is waiting for the parts listed.
  bool pending = false;
  std::int64_t part_number = 1, part_count = 1;
  std::vector<std::int64_t> missing_parts;
  std::int64_t remittance_lines = 0;
  // Stock files and physical reports: movements recorded (units moved or
  // documents filed).
  std::int64_t movements = 0;
  // What the archive holds: the file itself, or a redacted copy (Bandcamp
  // buyer data removed), under the SHA-256 of the bytes kept.
  std::string archived_sha256;
  // A mapped import: the SHA-256 of its mapping file (archived beside it).
  std::string mapping_sha256;
  // A streamed DSR (dsr_stream.h): read in one pass, never held whole.
  bool streamed = false;
  std::int64_t sales_lines = 0, line_groups = 0, bytes = 0;
  // Wall seconds: reading (unwrap, UTF-8 check, hashing, archiving, parse,
  // validate, group), then matching + aggregating, then posting, then the
  // commit.
  double read_seconds = 0, aggregate_seconds = 0, post_seconds = 0, commit_seconds = 0;
};

// Reverses everything import `import_id` posted (for a multi-file report:
// every part), marks it voided in the report register, inside the open unit
// of work. Returns (reversed, already reversed) counts. Errors:
// transaction_not_found for an unknown import.
Result<std::pair<std::int64_t, std::int64_t>> void_import(Database& database, Ledger& ledger,
                                                          std::int64_t import_id,
                                                          const std::string& reason);

// Imports one file: one document, or one per member of a ZIP, each committed
// whole or not at all. Returns a report per document whether or not rows
// were rejected (check `committed` and `rejected`); an Error only for
// failures of the file or the storage as a whole (io_error, parse_error for
// a corrupt container or text encoding, storage_busy, storage_error).
Result<std::vector<ImportReport>> import_file(Database& database, Ledger& ledger,
                                              const std::string& path,
                                              const ImportOptions& options);

// Imports `text`, a document a command composed (e.g. `fermata stock ship`),
// under the name `name`: as import_file() for one plain UTF-8 file with
// these contents, so the same text twice changes nothing.
Result<ImportReport> import_text(Database& database, Ledger& ledger, const std::string& name,
                                 std::string text, const ImportOptions& options);

}  // namespace fermata
