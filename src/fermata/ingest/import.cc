#include "fermata/ingest/import.h"

#include <array>
#include <chrono>

#include "fermata/base/date.h"
#include "fermata/base/sha256.h"
#include "fermata/ingest/import_detect.h"
#include "fermata/ingest/import_sales.h"
#include "fermata/ingest/import_stock.h"
#include "fermata/ingest/import_writers.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/source/source_stream.h"
#include "fermata/storage/archive.h"

namespace fermata {
namespace {

constexpr std::array<std::pair<ImportFormat, std::string_view>, 12> kFormatNames = {{
    {ImportFormat::kAuto, "auto"},
    {ImportFormat::kCatalog, "catalog"},
    {ImportFormat::kJournal, "journal"},
    {ImportFormat::kDsr, "dsr"},
    {ImportFormat::kErn, "ern"},
    {ImportFormat::kApple, "apple"},
    {ImportFormat::kBandcamp, "bandcamp"},
    {ImportFormat::kDistrokid, "distrokid"},
    {ImportFormat::kPhysical, "physical"},
    {ImportFormat::kRemittance, "remittance"},
    {ImportFormat::kMapped, "mapped"},
    {ImportFormat::kStock, "stock"},
}};

}  // namespace

Result<ImportFormat> parse_import_format(std::string_view name) {
  std::string names;
  for (const auto& [format, text] : kFormatNames) {
    if (text == name) return format;
    names += (names.empty() ? "" : ", ") + std::string(text);
  }
  return make_error(ErrorCode::kUsage,
                    "unknown import format '" + std::string(name) + "' (expected " + names + ")");
}

std::string_view import_format_name(ImportFormat format) {
  for (const auto& [value, text] : kFormatNames) {
    if (value == format) return text;
  }
  return "auto";
}

Result<OnError> parse_on_error(std::string_view name) {
  if (name == "abort") return OnError::kAbort;
  if (name == "quarantine" || name == "skip") return OnError::kQuarantine;
  return make_error(ErrorCode::kUsage, "unknown --on-error '" + std::string(name) +
                                           "' (expected abort or quarantine)");
}

namespace {

// Catalog tables and manual journals: parsed whole, written row by row.
Result<ImportReport> import_table(Database& database, Ledger& ledger,
                                  const SourceDocument& document, const ImportOptions& options,
                                  ImportReport report) {
  const bool journal = report.format == ImportFormat::kJournal;
  const JournalBatch journal_batch =
      journal ? parse_journal_csv(document.text, document.path) : JournalBatch{};
  const CatalogBatch catalog_batch =
      journal ? CatalogBatch{} : parse_catalog_csv(document.text, document.path);
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  Result<bool> seen = internal::check_already_imported(database, report);
  if (!seen || *seen) {
    ledger.rollback();
    if (!seen) return seen.error();
    return report;
  }
  Status written = journal ? internal::write_journal(journal_batch, ledger, options, report)
                           : internal::write_catalog(catalog_batch, database, options, report);
  return internal::finish_unit(database, ledger, document, options, written, report);
}

}  // namespace

namespace internal {

Result<bool> check_already_imported(Database& database, ImportReport& report) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<ImportRecord> previous,
                           database.find_import(report.sha256));
  if (!previous) return false;
  report.already_imported = true;
  report.import_id = previous->id;
  return true;
}

Result<std::int64_t> record_import(Database& database, Ledger& ledger, const ImportReport& report) {
  ImportRecord record{0,
                      report.sha256,
                      report.path,
                      std::string(import_format_name(report.format)),
                      utc_now_micros(),
                      ledger.actor(),
                      report.rows,
                      report.transactions_appended,
                      report.archived_sha256};
  return database.record_import(record);
}

Result<ImportReport> finish_unit(Database& database, Ledger& ledger, const SourceDocument& document,
                                 const ImportOptions& options, const Status& written,
                                 ImportReport& report) {
  const bool abort = !report.rejected.empty() && options.on_error == OnError::kAbort;
  if (!written || abort || options.dry_run) {
    ledger.rollback();
    if (!written) return written.error();
    return report;
  }
  Status kept = ok_status();
  if (report.import_id == 0) {
    Result<std::int64_t> id = record_import(database, ledger, report);
    if (!id) {
      ledger.rollback();
      return id.error();
    }
    report.import_id = *id;
  } else {
    kept = database.complete_import(report.import_id, report.rows, report.transactions_appended);
  }
  if (kept) kept = keep_rejects(database, report, document);
  if (kept && !options.archive_directory.empty() && !document.streamed) {
    kept = SourceArchive(options.archive_directory)
               .put(report.archived_sha256, archived_text(report.format, document.text));
  }
  if (!kept) {
    ledger.rollback();
    return kept.error();
  }
  const auto start = std::chrono::steady_clock::now();
  FERMATA_RETURN_IF_ERROR(ledger.commit());
  report.commit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.committed = true;
  return report;
}

Status keep_rejects(Database& database, const ImportReport& report,
                    const SourceDocument& document) {
  for (const Error& error : report.rejected) {
    FERMATA_RETURN_IF_ERROR(database.report_register().put_reject(
        RejectRecord{report.import_id, error.where.line_number, error.where.field, error.message,
                     line_text(document.text, error.where.line_number)}));
  }
  return ok_status();
}

std::string line_text(std::string_view text, std::int64_t line_number) {
  if (line_number <= 0) return "";
  std::size_t start = 0;
  for (std::int64_t line = 1; line < line_number; ++line) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return "";
    ++start;
  }
  std::size_t end = text.find('\n', start);
  std::string_view row =
      text.substr(start, end == std::string_view::npos ? text.npos : end - start);
  if (row.ends_with('\r')) row.remove_suffix(1);
  return std::string(row);
}

}  // namespace internal

namespace {

Result<ImportReport> import_document(Database& database, Ledger& ledger,
                                     const SourceDocument& document, const ImportOptions& options) {
  ImportReport report;
  report.path = document.path;
  report.sha256 = document.sha256;
  report.container = document.container;
  report.encoding = document.encoding;
  report.format = options.format;
  if (report.format == ImportFormat::kAuto) {
    report.format =
        document.encoding == "binary" ? ImportFormat::kMapped : detect_format(document.text);
  }
  report.archived_sha256 = sha256_hex(archived_text(report.format, document.text));
  switch (report.format) {
    case ImportFormat::kCatalog:
    case ImportFormat::kJournal:
      return import_table(database, ledger, document, options, std::move(report));
    case ImportFormat::kRemittance:
      return import_remittance(database, ledger, document, options, std::move(report));
    case ImportFormat::kErn:
      return import_ern(database, ledger, document, options, std::move(report));
    case ImportFormat::kStock:
      return import_stock(database, ledger, document, options, std::move(report));
    default:
      return import_sales(database, ledger, document, options, std::move(report));
  }
}

}  // namespace

Result<std::vector<ImportReport>> import_file(Database& database, Ledger& ledger,
                                              const std::string& path,
                                              const ImportOptions& options) {
  if (options.format == ImportFormat::kAuto || options.format == ImportFormat::kDsr) {
    // A large DSR is read in pieces (import_streamed_dsr); peek to tell.
    FERMATA_ASSIGN_OR_RETURN(std::optional<std::string> start,
                             peek_streamable_text(path, options.encoding, 4096));
    if (start && !options.whole_file_dsr &&
        (options.format == ImportFormat::kDsr || detect_format(*start) == ImportFormat::kDsr)) {
      FERMATA_ASSIGN_OR_RETURN(std::optional<ImportReport> streamed,
                               import_streamed_dsr(database, ledger, path, options));
      if (streamed) return std::vector<ImportReport>{std::move(*streamed)};
    }
  }
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

Result<ImportReport> import_text(Database& database, Ledger& ledger, const std::string& name,
                                 std::string text, const ImportOptions& options) {
  const std::string sha256 = sha256_hex(text);
  const SourceDocument document{name, "plain", "utf-8", sha256, std::move(text), false};
  return import_document(database, ledger, document, options);
}

std::shared_ptr<IndexedCatalog> make_catalog_cache() {
  return std::make_shared<IndexedCatalog>();
}

}  // namespace fermata
