// Reversing a whole import: every transaction it posted, every part of a
// multi-file report, in the caller's unit of work.
#include <map>
#include <set>

#include "fermata/ingest/import.h"
#include "fermata/ingest/post/receivables.h"

namespace fermata {
namespace {

// Records, for each earning of the import, the earning that reverses it
// (amounts negated, posted by the transaction that voided the original's),
// unless an earlier void of the same import did.
Status reverse_earnings(Database& database, std::int64_t import_id,
                        const std::map<std::int64_t, std::int64_t>& void_of) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<EarningRecord> earnings,
                           database.report_register().earnings_of_import(import_id));
  std::set<std::int64_t> reversed;
  for (const EarningRecord& e : earnings) reversed.insert(e.reverses);
  for (const EarningRecord& e : earnings) {
    if (e.reverses != 0 || reversed.contains(e.id)) continue;
    const auto voiding = void_of.find(e.txn_seq);
    if (voiding == void_of.end()) continue;  // Not posted by this import's documents.
    EarningRecord reversal = e;
    reversal.id = 0;
    reversal.txn_seq = voiding->second;
    reversal.units = -e.units;
    reversal.amount = -e.amount;
    reversal.reverses = e.id;
    FERMATA_RETURN_IF_ERROR(database.report_register().put_earning(reversal));
  }
  return ok_status();
}

}  // namespace

Result<std::pair<std::int64_t, std::int64_t>> void_import(Database& database, Ledger& ledger,
                                                          std::int64_t import_id,
                                                          const std::string& reason) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> documents,
                           import_documents(database, import_id));
  std::pair<std::int64_t, std::int64_t> counts{0, 0};
  std::map<std::int64_t, std::int64_t> void_of;  // Original seq -> its reversal's.
  for (const std::string& sha256 : documents) {
    FERMATA_ASSIGN_OR_RETURN(std::vector<std::int64_t> seqs, database.transactions_from(sha256));
    for (std::int64_t seq : seqs) {
      FERMATA_ASSIGN_OR_RETURN(
          AppendOutcome outcome,
          ledger.void_transaction(seq, "import " + std::to_string(import_id) + ": " + reason));
      ++(outcome.status == AppendStatus::kAppended ? counts.first : counts.second);
      void_of[seq] = outcome.seq;
    }
  }
  FERMATA_RETURN_IF_ERROR(reverse_earnings(database, import_id, void_of));
  FERMATA_RETURN_IF_ERROR(database.report_register().put_void(import_id, reason));
  return counts;
}

}  // namespace fermata
