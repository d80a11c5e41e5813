// ERN catalog import: a NewReleaseMessage becomes catalog records and deals;
// a PurgeReleaseMessage retires releases. One unit of work per message.
#include "fermata/ingest/ern/ern.h"
#include "fermata/ingest/ern/ern_catalog.h"
#include "fermata/ingest/import_sales.h"
#include "fermata/ingest/import_writers.h"

namespace fermata {
namespace {

// Writes one record: counts it, or turns a conflict into a rejected row.
template <typename Put>
Status put_one(Put put, ImportReport& report, const std::string& what) {
  Result<PutStatus> status = put();
  if (!status) {
    const ErrorCode code = status.error().code;
    if (code == ErrorCode::kStorageError || code == ErrorCode::kStorageBusy) {
      return status.error();
    }
    Error error = status.error();
    error.where.file = report.path;
    error.message = what + ": " + error.message;
    report.rejected.push_back(std::move(error));
    return ok_status();
  }
  ++(*status == PutStatus::kInserted ? report.records_inserted : report.records_unchanged);
  return ok_status();
}

Status write_ern(const ErnMessage& message, const ErnCatalog& catalog, Database& db,
                 ImportReport& report) {
  for (const Party& p : catalog.parties) {
    FERMATA_RETURN_IF_ERROR(put_one([&] { return db.put_party(p); }, report, "party " + p.id));
  }
  for (const auto* list : {&catalog.releases, &catalog.releases_without_icpn}) {
    for (const Release& r : *list) {
      FERMATA_RETURN_IF_ERROR(
          put_one([&] { return db.put_release(r); }, report, "release " + r.id));
    }
  }
  for (const Recording& r : catalog.recordings) {
    FERMATA_RETURN_IF_ERROR(
        put_one([&] { return db.put_recording(r); }, report, "recording " + r.isrc));
  }
  for (const ReleaseTrack& t : catalog.tracks) {
    FERMATA_RETURN_IF_ERROR(put_one([&] { return db.put_release_track(t); }, report,
                                    "track " + t.release_id + "/" + std::to_string(t.sequence)));
  }
  for (const Product& p : catalog.products) {
    FERMATA_RETURN_IF_ERROR(put_one([&] { return db.put_product(p); }, report, "product " + p.sku));
  }
  for (const Deal& d : catalog.deals) {
    FERMATA_RETURN_IF_ERROR(
        put_one([&] { return db.put_deal(d); }, report, "deal on " + d.release_id));
  }
  for (const std::string& id : catalog.retired_release_ids) {
    FERMATA_RETURN_IF_ERROR(put_one([&] { return db.retire_release(id, message.message_id); },
                                    report, "retirement of " + id));
  }
  return ok_status();
}

std::int64_t record_count(const ErnCatalog& c) {
  return static_cast<std::int64_t>(
      c.parties.size() + c.releases.size() + c.releases_without_icpn.size() + c.recordings.size() +
      c.tracks.size() + c.products.size() + c.deals.size() + c.retired_release_ids.size());
}

}  // namespace

Result<ImportReport> import_ern(Database& database, Ledger& ledger, const SourceDocument& document,
                                const ImportOptions& options, ImportReport report) {
  const std::size_t cut = document.path.find_last_of("/!");
  const ErnMessage message = parse_ern(
      document.text, cut == std::string::npos ? document.path : document.path.substr(cut + 1));
  report.rejected = message.errors;
  report.warnings = message.warnings;
  const bool refused = message.kind == ErnMessageKind::kRefused || !message.errors.empty();
  ErnCatalog catalog = refused ? ErnCatalog{} : to_catalog(message);
  report.rows = record_count(catalog);
  for (Error& e : catalog.warnings) report.warnings.push_back(std::move(e));
  for (Error& e : catalog.rejected) report.rejected.push_back(std::move(e));
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  Result<bool> seen = internal::check_already_imported(database, report);
  if (!seen || *seen || refused) {
    ledger.rollback();
    if (!seen) return seen.error();
    if (*seen) report.rejected.clear();
    return report;
  }
  Status written = write_ern(message, catalog, database, report);
  return internal::finish_unit(database, ledger, document, options, written, report);
}

}  // namespace fermata
