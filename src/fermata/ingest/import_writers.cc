#include "fermata/ingest/import_writers.h"

namespace fermata::internal {
namespace {

// Storage-level failures stop the import; rule failures are row rejections.
bool IsRowError(ErrorCode code) {
  return code != ErrorCode::kStorageError && code != ErrorCode::kStorageBusy &&
         code != ErrorCode::kIoError;
}

Error Located(Error error, const std::string& file, std::int64_t line_number) {
  if (error.where.file.empty()) error.where.file = file;
  if (error.where.line_number == 0) error.where.line_number = line_number;
  return error;
}

template <typename Record, typename Put>
Status PutAll(const std::vector<fermata::Located<Record>>& rows, Put put, ImportReport& report) {
  for (const auto& row : rows) {
    ++report.rows;
    Result<PutStatus> status = put(row.record);
    if (!status) {
      if (!IsRowError(status.error().code)) return status.error();
      report.rejected.push_back(Located(status.error(), report.path, row.line_number));
      continue;
    }
    ++(*status == PutStatus::kInserted ? report.records_inserted : report.records_unchanged);
  }
  return OkStatus();
}

Result<NewTransaction> ToTransaction(const JournalEntry& entry, const std::string& sha256) {
  NewTransaction txn;
  txn.idempotency_key = entry.key;
  txn.effective_date = entry.effective_date;
  txn.memo = entry.memo;
  txn.source.document_sha256 = sha256;
  txn.source.line_ranges = std::to_string(entry.first_line_number) + "-" +
                           std::to_string(entry.last_line_number);
  for (const JournalPosting& row : entry.postings) {
    FERMATA_ASSIGN_OR_RETURN(AccountKind kind, ParseAccountKind(row.kind));
    txn.postings.push_back(
        Posting{AccountRef{row.party, kind, row.commodity, row.location, row.counterparty},
                row.amount});
  }
  return txn;
}

}  // namespace

Status WriteCatalog(const CatalogBatch& batch, Database& database, const ImportOptions& options,
                    ImportReport& report) {
  (void)options;
  report.rejected = batch.errors;
  report.rows += static_cast<std::int64_t>(batch.errors.size());
  FERMATA_RETURN_IF_ERROR(PutAll(batch.parties, [&](const Party& r) { return database.PutParty(r); }, report));
  FERMATA_RETURN_IF_ERROR(PutAll(batch.releases, [&](const Release& r) { return database.PutRelease(r); }, report));
  FERMATA_RETURN_IF_ERROR(PutAll(batch.recordings, [&](const Recording& r) { return database.PutRecording(r); }, report));
  FERMATA_RETURN_IF_ERROR(PutAll(batch.release_tracks, [&](const ReleaseTrack& r) { return database.PutReleaseTrack(r); }, report));
  FERMATA_RETURN_IF_ERROR(PutAll(batch.products, [&](const Product& r) { return database.PutProduct(r); }, report));
  FERMATA_RETURN_IF_ERROR(PutAll(batch.relations, [&](const Relation& r) { return database.PutRelation(r); }, report));
  return OkStatus();
}

Status WriteJournal(const JournalBatch& batch, Ledger& ledger, const ImportOptions& options,
                    ImportReport& report) {
  report.rejected = batch.errors;
  const auto total = static_cast<std::int64_t>(batch.entries.size());
  std::int64_t done = 0;
  for (const JournalEntry& entry : batch.entries) {
    report.rows += static_cast<std::int64_t>(entry.postings.size());
    Result<NewTransaction> txn = ToTransaction(entry, report.sha256);
    Result<AppendOutcome> outcome = txn ? ledger.Append(*txn) : Result<AppendOutcome>(txn.error());
    if (!outcome) {
      if (!IsRowError(outcome.error().code)) return outcome.error();
      report.rejected.push_back(Located(outcome.error(), report.path, entry.first_line_number));
    } else if (outcome->status == AppendStatus::kAppended) {
      ++report.transactions_appended;
    } else {
      ++report.transactions_existing;
    }
    if (options.progress && (++done % 4096 == 0 || done == total)) options.progress(done, total);
  }
  return OkStatus();
}

}  // namespace fermata::internal
