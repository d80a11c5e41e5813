// Reversing a whole import: every transaction it posted, every part of a
// multi-file report, in the caller's unit of work.
#include "fermata/ingest/import.h"
#include "fermata/ingest/post/receivables.h"

namespace fermata {

Result<std::pair<std::int64_t, std::int64_t>> void_import(Database& database, Ledger& ledger,
                                                          std::int64_t import_id,
                                                          const std::string& reason) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> documents,
                           import_documents(database, import_id));
  std::pair<std::int64_t, std::int64_t> counts{0, 0};
  for (const std::string& sha256 : documents) {
    FERMATA_ASSIGN_OR_RETURN(std::vector<std::int64_t> seqs, database.transactions_from(sha256));
    for (std::int64_t seq : seqs) {
      FERMATA_ASSIGN_OR_RETURN(
          AppendOutcome outcome,
          ledger.void_transaction(seq, "import " + std::to_string(import_id) + ": " + reason));
      ++(outcome.status == AppendStatus::kAppended ? counts.first : counts.second);
    }
  }
  FERMATA_RETURN_IF_ERROR(database.report_register().put_void(import_id, reason));
  return counts;
}

}  // namespace fermata
