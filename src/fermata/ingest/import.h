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
// nothing; with kSkip the valid rows import and every skipped row is listed.
// A dry run does all the work, reports it, and rolls back.
//
// Thread safety: one import at a time per Database.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/ingest/source/source.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

enum class ImportFormat { kAuto, kCatalog, kJournal };
enum class OnError { kAbort, kSkip };

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
  // Called every few thousand rows with (rows done, rows total) for progress bars.
  std::function<void(std::int64_t, std::int64_t)> progress;
};

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
};

// Imports one file: one document, or one per member of a ZIP, each committed
// whole or not at all. Returns a report per document whether or not rows
// were rejected (check `committed` and `rejected`); an Error only for
// failures of the file or the storage as a whole (io_error, parse_error for
// a corrupt container or text encoding, storage_busy, storage_error).
Result<std::vector<ImportReport>> import_file(Database& database, Ledger& ledger,
                                              const std::string& path,
                                              const ImportOptions& options);

}  // namespace fermata
