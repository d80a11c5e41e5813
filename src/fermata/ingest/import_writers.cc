#include "fermata/ingest/import_writers.h"

namespace fermata::internal {
namespace {

// Storage-level failures stop the import; rule failures are row rejections.
bool is_row_error(ErrorCode code) {
  return code != ErrorCode::kStorageError && code != ErrorCode::kStorageBusy &&
         code != ErrorCode::kIoError;
}

Error located(Error error, const std::string& file, std::int64_t line_number) {
  if (error.where.file.empty()) error.where.file = file;
  if (error.where.line_number == 0) error.where.line_number = line_number;
  return error;
}

template <typename Record, typename Put>
Status put_all(const std::vector<fermata::Located<Record>>& rows, Put put, ImportReport& report) {
  for (const auto& row : rows) {
    Result<PutStatus> status = put(row.record);
    if (!status) {
      if (!is_row_error(status.error().code)) return status.error();
      report.rejected.push_back(located(status.error(), report.path, row.line_number));
      continue;
    }
    ++(*status == PutStatus::kInserted ? report.records_inserted : report.records_unchanged);
  }
  return ok_status();
}

Result<NewTransaction> to_transaction(const JournalEntry& entry, const std::string& sha256) {
  NewTransaction txn;
  txn.idempotency_key = entry.key;
  txn.effective_date = entry.effective_date;
  txn.memo = entry.memo;
  txn.source.document_sha256 = sha256;
  txn.source.line_ranges =
      std::to_string(entry.first_line_number) + "-" + std::to_string(entry.last_line_number);
  for (const JournalPosting& row : entry.postings) {
    FERMATA_ASSIGN_OR_RETURN(AccountKind kind, parse_account_kind(row.kind));
    txn.postings.push_back(Posting{
        AccountRef{row.party, kind, row.commodity, row.location, row.counterparty}, row.amount});
  }
  return txn;
}

}  // namespace

Status write_catalog(const CatalogBatch& batch, Database& database, const ImportOptions& options,
                     ImportReport& report) {
  (void)options;
  report.rejected = batch.errors;
  report.rows = batch.rows;
  FERMATA_RETURN_IF_ERROR(put_all(
      batch.parties, [&](const Party& r) { return database.put_party(r); }, report));
  FERMATA_RETURN_IF_ERROR(put_all(
      batch.releases, [&](const Release& r) { return database.put_release(r); }, report));
  FERMATA_RETURN_IF_ERROR(put_all(
      batch.recordings, [&](const Recording& r) { return database.put_recording(r); }, report));
  FERMATA_RETURN_IF_ERROR(put_all(
      batch.release_tracks, [&](const ReleaseTrack& r) { return database.put_release_track(r); },
      report));
  FERMATA_RETURN_IF_ERROR(put_all(
      batch.products, [&](const Product& r) { return database.put_product(r); }, report));
  FERMATA_RETURN_IF_ERROR(put_all(
      batch.relations, [&](const Relation& r) { return database.put_relation(r); }, report));
  return ok_status();
}

Status write_journal(const JournalBatch& batch, Ledger& ledger, const ImportOptions& options,
                     ImportReport& report) {
  report.rejected = batch.errors;
  report.rows = batch.rows;
  const auto total = static_cast<std::int64_t>(batch.entries.size());
  std::int64_t done = 0;
  for (const JournalEntry& entry : batch.entries) {
    Result<NewTransaction> txn = to_transaction(entry, report.archived_sha256);
    Result<AppendOutcome> outcome = txn ? ledger.append(*txn) : Result<AppendOutcome>(txn.error());
    if (!outcome) {
      if (!is_row_error(outcome.error().code)) return outcome.error();
      report.rejected.push_back(located(outcome.error(), report.path, entry.first_line_number));
    } else if (outcome->status == AppendStatus::kAppended) {
      ++report.transactions_appended;
    } else {
      ++report.transactions_existing;
    }
    if (options.progress && (++done % 4096 == 0 || done == total)) options.progress(done, total);
  }
  return ok_status();
}

}  // namespace fermata::internal
