#include "fermata/ingest/import_sales.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "fermata/base/date.h"
#include "fermata/base/sha256.h"
#include "fermata/ingest/dsr/dsr_sales.h"
#include "fermata/ingest/dsr/dsr_stream.h"
#include "fermata/ingest/import_stock.h"
#include "fermata/ingest/import_writers.h"
#include "fermata/ingest/mapped/mapped.h"
#include "fermata/ingest/post/remittance_posting.h"
#include "fermata/ingest/post/sales_posting.h"
#include "fermata/ingest/source/source_stream.h"
#include "fermata/ingest/stores/stores.h"
#include "fermata/storage/archive.h"

namespace fermata {
namespace {

// "dir/x.zip!DSR_....tsv" -> "DSR_....tsv".
std::string base_name(const std::string& path) {
  const std::size_t cut = path.find_last_of("/!");
  return cut == std::string::npos ? path : path.substr(cut + 1);
}

// Basic Audio and AudioVisual files stream (dsr_stream.h); the rest, and
// files with records the streaming reader leaves to parse_dsr(), are read whole.
SalesReport dsr_sales(std::string_view text, const std::string& path,
                      const ImportOptions& options) {
  if (!options.whole_file_dsr) {
    DsrStreamOptions stream_options;
    stream_options.keep_line_numbers = options.keep_line_numbers;
    std::optional<SalesReport> streamed = stream_dsr_sales(text, base_name(path), stream_options);
    if (streamed) return std::move(*streamed);
  }
  const DsrReport dsr = parse_dsr(text, base_name(path));
  if (dsr.ok()) return dsr_to_sales(dsr);
  SalesReport rejected;
  rejected.format = "dsr";
  rejected.identity = "dsr|" + dsr.report_id;
  rejected.part_number = dsr.part_number;
  rejected.part_count = dsr.part_count;
  rejected.rows = static_cast<std::int64_t>(dsr.records.size());
  rejected.errors = dsr.errors;
  rejected.warnings = dsr.warnings;
  return rejected;
}

// The mapping file names how to read the columns; errors name the mapping.
// The mapping's text: given, or read from --mapping.
Result<std::string> mapping_text_of(const std::string& path, const ImportOptions& options) {
  if (!options.mapping_text.empty()) return options.mapping_text;
  if (options.mapping_path.empty()) {
    return make_error(ErrorCode::kUsage, "--format mapped needs --mapping FILE",
                      {path, 0, "mapping", ""});
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<SourceDocument> documents,
                           read_source(options.mapping_path, TextEncoding::kAuto));
  if (documents.size() != 1) {
    return make_error(ErrorCode::kUsage, "the mapping must be one text file",
                      {options.mapping_path, 0, "", ""});
  }
  return std::move(documents.front().text);
}

Result<SalesReport> parse_mapped_file(std::string_view text, const std::string& path,
                                      const ImportOptions& options) {
  FERMATA_ASSIGN_OR_RETURN(std::string mapping_text, mapping_text_of(path, options));
  FERMATA_ASSIGN_OR_RETURN(Mapping mapping, parse_mapping(mapping_text, options.mapping_path));
  return parse_mapped(text, mapping, base_name(path));
}

}  // namespace

std::string archived_text(ImportFormat format, std::string_view text) {
  if (format == ImportFormat::kBandcamp) return redact_bandcamp(text);
  return std::string(text);
}

std::string_view detect_store_report(std::string_view text) {
  return detect_store_format(text);
}

Result<SalesReport> parse_sales(ImportFormat format, std::string_view text, const std::string& path,
                                const ImportOptions& options) {
  switch (format) {
    case ImportFormat::kDsr:
      return dsr_sales(text, path, options);
    case ImportFormat::kApple:
      return parse_apple_report(text, path);
    case ImportFormat::kBandcamp:
      return parse_bandcamp_sales(text, path);
    case ImportFormat::kDistrokid:
      return parse_distrokid(text, path);
    case ImportFormat::kPhysical:
      return parse_physical_sellthrough(text, path);
    case ImportFormat::kMapped:
      return parse_mapped_file(text, path, options);
    default:
      return make_error(ErrorCode::kUsage, "format '" + std::string(import_format_name(format)) +
                                               "' is not a sales report this build can read");
  }
}

namespace {

struct SalesUnit {
  Database& database;
  Ledger& ledger;
  const ImportOptions& options;
  ImportReport& report;
};

// Refuses a different file for a live report identity, or (with --replace)
// reverses the live import first.
Status check_identity(SalesUnit& unit, const SalesReport& sales) {
  if (sales.identity.empty()) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(std::optional<ReportRecord> live,
                           unit.database.report_register().find_live_report(sales.identity));
  if (!live) return ok_status();
  if (!unit.options.replace) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "report " + sales.identity + " was already imported as import " +
                          std::to_string(live->import_id) +
                          " from a file with other content; pass --replace to reverse it and "
                          "post this one",
                      {unit.report.path, 0, "identity", sales.identity});
  }
  FERMATA_RETURN_IF_ERROR(
      void_import(unit.database, unit.ledger, live->import_id, "replaced by " + unit.report.path));
  unit.report.replaced_import = live->import_id;
  return ok_status();
}

// The other parts of a multi-file report, parsed from the archive, when all
// are present; otherwise fills report.missing_parts and returns nullopt.
Result<std::optional<std::vector<std::pair<std::string, SalesReport>>>> gather_parts(
    SalesUnit& unit, const SalesReport& sales) {
  ReportRegister& reg = unit.database.report_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<PendingPart> earlier, reg.pending_parts());
  for (const PendingPart& part : earlier) {
    if (part.identity != sales.identity || part.part_number != sales.part_number ||
        part.posted_by_import != 0 || part.sha256 == unit.report.archived_sha256) {
      continue;
    }
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "part " + std::to_string(sales.part_number) + " of report " + sales.identity +
                          " is already pending from " + part.path + " with other content",
                      {unit.report.path, 0, "part", std::to_string(sales.part_number)});
  }
  FERMATA_RETURN_IF_ERROR(reg.put_pending(
      PendingPart{sales.identity, sales.part_number, sales.part_count, unit.report.archived_sha256,
                  unit.report.path, sales.format, utc_now_micros(), 0}));
  FERMATA_ASSIGN_OR_RETURN(std::vector<PendingPart> parts, reg.pending_parts());
  std::map<std::int64_t, PendingPart> by_number;
  for (const PendingPart& part : parts) {
    if (part.identity == sales.identity && part.posted_by_import == 0) {
      by_number.emplace(part.part_number, part);
    }
  }
  for (std::int64_t n = 1; n <= sales.part_count; ++n) {
    if (!by_number.contains(n)) unit.report.missing_parts.push_back(n);
  }
  if (!unit.report.missing_parts.empty()) {
    return std::optional<std::vector<std::pair<std::string, SalesReport>>>();
  }
  std::vector<std::pair<std::string, SalesReport>> others;
  const SourceArchive archive(unit.options.archive_directory);
  for (const auto& [number, part] : by_number) {
    if (part.sha256 == unit.report.archived_sha256) continue;
    FERMATA_ASSIGN_OR_RETURN(std::string text, archive.get(part.sha256));
    FERMATA_ASSIGN_OR_RETURN(ImportFormat format, parse_import_format(part.format));
    FERMATA_ASSIGN_OR_RETURN(SalesReport parsed,
                             parse_sales(format, text, part.path, unit.options));
    others.emplace_back(part.sha256, std::move(parsed));
  }
  return std::optional(std::move(others));
}

// Every part states the whole report's line and block counts: they must
// equal the sums over the parts (DSR FOOT NumberOf...InReport).
Status check_report_counts(const std::vector<std::pair<std::string, const SalesReport*>>& parts) {
  std::int64_t lines = 0, blocks = 0;
  for (const auto& [sha, part] : parts) {
    lines += part->file_lines;
    blocks += part->file_blocks;
  }
  for (const auto& [sha, part] : parts) {
    const std::pair<std::int64_t, std::string_view> checks[] = {
        {part->declared_report_lines == 0 ? lines : part->declared_report_lines, "lines"},
        {part->declared_report_blocks == 0 ? blocks : part->declared_report_blocks, "blocks"}};
    for (const auto& [declared, what] : checks) {
      const std::int64_t actual = what == "lines" ? lines : blocks;
      if (declared == actual) continue;
      return make_error(ErrorCode::kIntegrityBroken,
                        "report " + part->identity + ": part " + std::to_string(part->part_number) +
                            " says the report has " + std::to_string(declared) + " " +
                            std::string(what) + " but its " + std::to_string(parts.size()) +
                            " parts have " + std::to_string(actual),
                        {"", part->footer_line,
                         what == "lines" ? "NumberOfLinesInReport" : "NumberOfBlocksInReport",
                         std::to_string(declared)});
    }
  }
  return ok_status();
}

Status merge_totals(std::map<std::string, ReportTotal>& into, const SalesPosted& posted) {
  for (const auto& [currency, total] : posted.totals) {
    ReportTotal& sum = into[currency];
    sum.import_id = total.import_id;
    sum.currency = currency;
    sum.lines += total.lines;
    FERMATA_ASSIGN_OR_RETURN(sum.reported, sum.reported.checked_add(total.reported));
    FERMATA_ASSIGN_OR_RETURN(sum.unmatched, sum.unmatched.checked_add(total.unmatched));
  }
  return ok_status();
}

// "fermata-sales/1", plus " mapping=<sha256>" for a mapped import.
std::string parser_version(const ImportReport& report) {
  std::string version(kSalesParserVersion);
  if (!report.mapping_sha256.empty()) version += " mapping=" + report.mapping_sha256;
  return version;
}

// Posts every part, then registers the report and its totals.
Status post_parts(SalesUnit& unit,
                  const std::vector<std::pair<std::string, const SalesReport*>>& parts,
                  const SalesReport& sales, const CatalogIndex& catalog) {
  FERMATA_ASSIGN_OR_RETURN(SalesParties parties,
                           resolve_sales_parties(sales, catalog, unit.options.recipient));
  if (!parties.payer_known) {
    unit.report.warnings.push_back(make_error(
        ErrorCode::kPartyUnknown,
        "payer '" + parties.payer + "' is not a catalog party; receivables name it as written"));
  }
  ImportReport& report = unit.report;
  std::map<std::string, ReportTotal> totals;
  for (const auto& [sha256, part] : parts) {
    // A physical sell-through moves units too; its money is what is left
    // once units already invoiced as firm sales are taken out.
    std::optional<SalesReport> moved;
    if (part->format == "physical") {
      FERMATA_ASSIGN_OR_RETURN(moved, move_sell_through(unit.database, unit.ledger, *part,
                                                        parties.holder, catalog, report));
    }
    FERMATA_ASSIGN_OR_RETURN(
        SalesPosted posted, post_sales(moved ? *moved : *part, sha256, report.import_id, parties,
                                       catalog, unit.database, unit.ledger, unit.options.progress));
    report.aggregate_seconds += posted.aggregate_seconds;
    report.post_seconds += posted.post_seconds;
    report.transactions_appended += posted.transactions;
    report.transactions_existing += posted.existing;
    report.matched_lines += posted.matched_lines;
    report.unmatched_lines += posted.unmatched_lines;
    FERMATA_RETURN_IF_ERROR(merge_totals(totals, posted));
  }
  report.payer = parties.payer;
  report.holder = parties.holder;
  ReportRegister& reg = unit.database.report_register();
  FERMATA_RETURN_IF_ERROR(reg.put_report(
      ReportRecord{report.import_id, "sales", sales.format, sales.identity, parties.payer,
                   parties.holder, sales.period_start, sales.period_end,
                   unit.options.net_of.empty() ? sales.chain.net_of : unit.options.net_of,
                   parser_version(report), report.replaced_import, report.archived_sha256}));
  for (const auto& [currency, total] : totals) {
    FERMATA_RETURN_IF_ERROR(reg.put_total(total));
    report.reported.emplace_back(currency, total.reported);
    if (!total.unmatched.is_zero()) report.unmatched.emplace_back(currency, total.unmatched);
  }
  return ok_status();
}

}  // namespace

Status internal::post_sales_report(Database& database, Ledger& ledger, const ImportOptions& options,
                                   ImportReport& report, const SalesReport& sales,
                                   const CatalogIndex& catalog) {
  SalesUnit unit{database, ledger, options, report};
  return post_parts(unit, {{report.archived_sha256, &sales}}, sales, catalog);
}

namespace {

Status write_sales(SalesUnit& unit, const SalesReport& sales) {
  FERMATA_RETURN_IF_ERROR(check_identity(unit, sales));
  if (!unit.report.mapping_sha256.empty() && !unit.options.archive_directory.empty() &&
      !unit.options.dry_run) {
    FERMATA_RETURN_IF_ERROR(SourceArchive(unit.options.archive_directory)
                                .put(unit.report.mapping_sha256, unit.options.mapping_text));
  }
  FERMATA_ASSIGN_OR_RETURN(unit.report.import_id,
                           internal::record_import(unit.database, unit.ledger, unit.report));
  std::vector<std::pair<std::string, const SalesReport*>> parts{
      {unit.report.archived_sha256, &sales}};
  std::vector<std::pair<std::string, SalesReport>> others;
  if (sales.part_count > 1) {
    FERMATA_ASSIGN_OR_RETURN(auto gathered, gather_parts(unit, sales));
    if (!gathered) {
      unit.report.pending = true;
      return ok_status();
    }
    others = std::move(*gathered);
    for (const auto& [sha, part] : others) parts.emplace_back(sha, &part);
    FERMATA_RETURN_IF_ERROR(check_report_counts(parts));
    FERMATA_RETURN_IF_ERROR(
        unit.database.report_register().put_pending_posted(sales.identity, unit.report.import_id));
  }
  FERMATA_ASSIGN_OR_RETURN(IndexedCatalog catalog,
                           indexed_catalog(unit.database, unit.options.catalogs.get()));
  return post_parts(unit, parts, sales, *catalog.index);
}

}  // namespace

namespace {

// Checks, posts and commits a parsed sales report (whole-file or streamed).
Result<ImportReport> import_sales_report(Database& database, Ledger& ledger,
                                         const SourceDocument& document,
                                         const ImportOptions& options, ImportReport report,
                                         const SalesReport& sales) {
  report.rows = sales.rows;
  report.rejected = sales.errors;
  report.warnings = sales.warnings;
  report.report_identity = sales.identity;
  report.part_number = sales.part_number;
  report.part_count = sales.part_count;
  // A DSR error is about the file (counts, structure): no part of it posts.
  const bool whole_file_rejected =
      !sales.ok() && (sales.format == "dsr" || options.on_error == OnError::kAbort);
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  Result<bool> seen = internal::check_already_imported(database, report);
  if (!seen || *seen || whole_file_rejected) {
    ledger.rollback();
    if (!seen) return seen.error();
    if (*seen) report.rejected.clear();
    return report;
  }
  SalesUnit unit{database, ledger, options, report};
  Status written = write_sales(unit, sales);
  if (!written) {
    ledger.rollback();
    return written.error();
  }
  return internal::finish_unit(database, ledger, document, options, written, report);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<ImportReport> import_sales(Database& database, Ledger& ledger,
                                  const SourceDocument& document, const ImportOptions& given,
                                  ImportReport report) {
  ImportOptions options = given;
  if (report.format == ImportFormat::kMapped) {
    // The mapping is part of the source: archived with the file, so drill can
    // read the file again exactly as it was read now.
    FERMATA_ASSIGN_OR_RETURN(options.mapping_text, mapping_text_of(document.path, options));
    report.mapping_sha256 = sha256_hex(options.mapping_text);
  }
  const auto start = std::chrono::steady_clock::now();
  FERMATA_ASSIGN_OR_RETURN(SalesReport sales,
                           parse_sales(report.format, document.text, document.path, options));
  report.read_seconds = seconds_since(start);
  return import_sales_report(database, ledger, document, options, std::move(report), sales);
}

Result<std::optional<ImportReport>> import_streamed_dsr(Database& database, Ledger& ledger,
                                                        const std::string& path,
                                                        const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  DsrStreamReader reader(base_name(path));
  std::unique_ptr<SourceArchive::Writer> writer;
  if (!options.dry_run && !options.archive_directory.empty()) {
    FERMATA_ASSIGN_OR_RETURN(writer, SourceArchive(options.archive_directory).begin_write());
  }
  const TextSink sink = [&](std::string_view text) -> Status {
    if (writer) FERMATA_RETURN_IF_ERROR(writer->write(text));
    reader.feed(text);
    if (reader.unsupported().empty()) return ok_status();
    return make_error(ErrorCode::kUsage, reader.unsupported());
  };
  const ByteProgress progress = [&](std::int64_t done, std::int64_t total) {
    if (options.read_progress) options.read_progress(done, total, reader.sales_lines_read());
  };
  Result<StreamedSource> source = stream_source(path, sink, progress);
  if (!reader.unsupported().empty()) return std::optional<ImportReport>();
  if (!source) return source.error();
  std::optional<SalesReport> finished = reader.finish();
  if (!finished) return std::optional<ImportReport>();
  const SalesReport& sales = *finished;
  ImportReport report;
  report.path = path;
  report.sha256 = source->sha256;
  report.archived_sha256 = source->text_sha256;
  report.container = source->container;
  report.encoding = source->encoding;
  report.format = ImportFormat::kDsr;
  report.streamed = true;
  report.sales_lines = reader.sales_lines_read();
  report.line_groups = static_cast<std::int64_t>(sales.groups.groups.size());
  report.bytes = source->text_bytes;
  // Archived before anything is posted, as finish_unit() does for a document
  // held whole; a file that is rejected is not kept.
  if (writer && sales.ok()) FERMATA_RETURN_IF_ERROR(writer->commit(report.archived_sha256));
  report.read_seconds = seconds_since(start);
  SourceDocument document{path, source->container, source->encoding, source->sha256, "", true};
  FERMATA_ASSIGN_OR_RETURN(
      ImportReport done,
      import_sales_report(database, ledger, document, options, std::move(report), sales));
  return std::optional(std::move(done));
}

Result<ImportReport> import_remittance(Database& database, Ledger& ledger,
                                       const SourceDocument& document, const ImportOptions& options,
                                       ImportReport report) {
  const Remittance remittance = parse_remittance(document.text, document.path);
  report.rows = remittance.rows;
  report.rejected = remittance.errors;
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  Result<bool> seen = internal::check_already_imported(database, report);
  if (!seen || *seen || (!remittance.ok() && options.on_error == OnError::kAbort)) {
    ledger.rollback();
    if (!seen) return seen.error();
    if (*seen) report.rejected.clear();
    return report;
  }
  Status written = [&]() -> Status {
    FERMATA_ASSIGN_OR_RETURN(report.import_id, internal::record_import(database, ledger, report));
    FERMATA_ASSIGN_OR_RETURN(RemittancePosted posted,
                             post_remittance(remittance, report.archived_sha256, report.import_id,
                                             report.path, options.recipient, database, ledger));
    report.transactions_appended = posted.transactions;
    report.transactions_existing = posted.existing;
    report.remittance_lines = static_cast<std::int64_t>(remittance.lines.size());
    return database.report_register().put_report(
        ReportRecord{report.import_id, "remittance", "remittance", "", "", "", "", "", "",
                     std::string(kSalesParserVersion), 0, report.archived_sha256});
  }();
  if (!written) {
    ledger.rollback();
    return written.error();
  }
  return internal::finish_unit(database, ledger, document, options, written, report);
}

}  // namespace fermata
