#include "fermata/ingest/import.h"

#include "fermata/base/date.h"
#include "fermata/ingest/csv/catalog_csv.h"
#include "fermata/ingest/csv/journal_csv.h"
#include "fermata/ingest/import_writers.h"

namespace fermata {

Result<ImportFormat> parse_import_format(std::string_view name) {
  if (name == "auto") return ImportFormat::kAuto;
  if (name == "catalog") return ImportFormat::kCatalog;
  if (name == "journal") return ImportFormat::kJournal;
  return make_error(ErrorCode::kUsage, "unknown import format '" + std::string(name) +
                                           "' (expected auto, catalog or journal)");
}

std::string_view import_format_name(ImportFormat format) {
  switch (format) {
    case ImportFormat::kAuto:
      return "auto";
    case ImportFormat::kCatalog:
      return "catalog";
    case ImportFormat::kJournal:
      return "journal";
  }
  return "auto";
}

namespace {

// A journal's header starts with its key column; everything else with a
// known catalog header is a catalog table.
ImportFormat detect(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const std::string_view header = bytes.substr(0, bytes.find('\n'));
  if (header.find("effective_date") != std::string_view::npos &&
      header.find("amount") != std::string_view::npos) {
    return ImportFormat::kJournal;
  }
  return ImportFormat::kCatalog;
}

}  // namespace

namespace {

Result<ImportReport> import_document(Database& database, Ledger& ledger,
                                     const SourceDocument& document, const ImportOptions& options) {
  const std::string& text = document.text;
  const std::string& path = document.path;
  ImportReport report;
  report.path = path;
  report.sha256 = document.sha256;
  report.container = document.container;
  report.encoding = document.encoding;
  report.format = options.format == ImportFormat::kAuto ? detect(text) : options.format;
  // Parse before taking the write lock (CPU-bound work need not block other
  // writers); look for a previous import after taking it, so that two
  // concurrent imports of one file cannot both pass the check.
  const bool journal = report.format == ImportFormat::kJournal;
  const JournalBatch journal_batch = journal ? parse_journal_csv(text, path) : JournalBatch{};
  const CatalogBatch catalog_batch = journal ? CatalogBatch{} : parse_catalog_csv(text, path);
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  Result<std::optional<ImportRecord>> previous = database.find_import(report.sha256);
  if (!previous || *previous) {
    ledger.rollback();
    if (!previous) return previous.error();
    report.already_imported = true;
    report.import_id = (*previous)->id;
    return report;
  }
  Status written = journal ? internal::write_journal(journal_batch, ledger, options, report)
                           : internal::write_catalog(catalog_batch, database, options, report);
  const bool abort = !report.rejected.empty() && options.on_error == OnError::kAbort;
  if (!written || abort || options.dry_run) {
    ledger.rollback();
    if (!written) return written.error();
    return report;
  }
  ImportRecord record{0,
                      report.sha256,
                      path,
                      std::string(import_format_name(report.format)),
                      utc_now_micros(),
                      ledger.actor(),
                      report.rows,
                      report.transactions_appended};
  Result<std::int64_t> id = database.record_import(record);
  if (!id) {
    ledger.rollback();
    return id.error();
  }
  report.import_id = *id;
  FERMATA_RETURN_IF_ERROR(ledger.commit());
  report.committed = true;
  return report;
}

}  // namespace

Result<std::vector<ImportReport>> import_file(Database& database, Ledger& ledger,
                                              const std::string& path,
                                              const ImportOptions& options) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<SourceDocument> documents,
                           read_source(path, options.encoding));
  std::vector<ImportReport> reports;
  for (const SourceDocument& document : documents) {
    FERMATA_ASSIGN_OR_RETURN(ImportReport report,
                             import_document(database, ledger, document, options));
    reports.push_back(std::move(report));
  }
  return reports;
}

}  // namespace fermata
