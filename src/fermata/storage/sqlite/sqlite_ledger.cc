// The LedgerStorage half of SqliteDatabase: rows in, rows out. The ledger
// decides; this file only reads and writes.
#include <climits>

#include "fermata/ledger/canonical.h"
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {
namespace {

constexpr const char* kSelectTxn =
    "SELECT seq, idempotency_key, effective_date, recorded_at, actor, memo, source_sha256, "
    "source_lines, voids_seq, content_sha256, prev_sha256, sha256 FROM txn ";

StoredTransaction ReadTxnHeader(const Statement& stmt) {
  StoredTransaction txn;
  txn.seq = stmt.Int(0);
  txn.content.idempotency_key = stmt.Text(1);
  txn.content.effective_date = stmt.Text(2);
  txn.recorded_at = stmt.Text(3);
  txn.actor = stmt.Text(4);
  txn.content.memo = stmt.Text(5);
  txn.content.source.document_sha256 = stmt.Text(6);
  txn.content.source.line_ranges = stmt.Text(7);
  txn.content.voids_seq = stmt.Int(8);
  txn.content_sha256 = stmt.Text(9);
  txn.prev_sha256 = stmt.Text(10);
  txn.sha256 = stmt.Text(11);
  return txn;
}

}  // namespace

Status SqliteDatabase::Begin() {
  FERMATA_ASSERT(!in_transaction_);
  // IMMEDIATE takes the write lock now, so a second writer waits (then gets
  // storage_busy) before doing any work instead of failing at commit.
  FERMATA_RETURN_IF_ERROR(connection_->Exec("BEGIN IMMEDIATE"));
  in_transaction_ = true;
  return OkStatus();
}

Status SqliteDatabase::Commit() {
  FERMATA_ASSERT(in_transaction_);
  Status status = connection_->Exec("COMMIT");
  if (!status) {
    Rollback();
    return status;
  }
  in_transaction_ = false;
  return OkStatus();
}

void SqliteDatabase::Rollback() {
  if (!in_transaction_) return;
  (void)connection_->Exec("ROLLBACK");
  in_transaction_ = false;
  account_ids_.clear();
  accounts_by_id_.clear();
  account_party_.clear();
}

Result<ChainTip> SqliteDatabase::Tip() {
  ChainTip tip{0, internal::kZeroHash, "", 0};
  FERMATA_ASSIGN_OR_RETURN(Statement * last,
                           connection_->Prepare("SELECT seq, sha256, recorded_at FROM txn "
                                                "ORDER BY seq DESC LIMIT 1"));
  FERMATA_ASSIGN_OR_RETURN(bool found, last->Step());
  if (found) {
    tip.seq = last->Int(0);
    tip.sha256 = last->Text(1);
    tip.recorded_at = last->Text(2);
  }
  FERMATA_RETURN_IF_ERROR(last->Run());
  FERMATA_ASSIGN_OR_RETURN(
      Statement * count,
      connection_->Prepare("SELECT count(*) FROM posting WHERE txn_seq > "
                           "(SELECT coalesce(max(through_seq), 0) FROM checkpoint)"));
  FERMATA_ASSIGN_OR_RETURN(bool row, count->Step());
  FERMATA_ASSERT(row);
  tip.postings_since_checkpoint = count->Int(0);
  FERMATA_RETURN_IF_ERROR(count->Run());
  return tip;
}

Result<StoredTransaction> SqliteDatabase::FindBySeq(std::int64_t seq) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare(std::string(kSelectTxn) + "WHERE seq = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->Bind(1, seq).Step());
  if (!found) {
    return MakeError(ErrorCode::kTransactionNotFound,
                     "no transaction " + std::to_string(seq) + " in this ledger");
  }
  StoredTransaction txn = ReadTxnHeader(*stmt);
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  FERMATA_ASSIGN_OR_RETURN(Statement * postings,
                           connection_->Prepare("SELECT account_id, amount FROM posting "
                                                "WHERE txn_seq = ? ORDER BY posting_index"));
  postings->Bind(1, seq);
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, postings->Step());
    if (!row) break;
    const std::int64_t account_id = postings->Int(0);
    const Decimal amount = postings->Amount(1);
    FERMATA_ASSIGN_OR_RETURN(AccountRef ref, AccountById(account_id));
    txn.content.postings.push_back(Posting{std::move(ref), amount});
  }
  return txn;
}

Result<std::optional<StoredTransaction>> SqliteDatabase::FindByKey(const std::string& key) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT seq FROM txn WHERE idempotency_key = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->Bind(1, key).Step());
  if (!found) return std::optional<StoredTransaction>();
  const std::int64_t seq = stmt->Int(0);
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, FindBySeq(seq));
  return std::optional<StoredTransaction>(std::move(txn));
}

Result<std::optional<std::int64_t>> SqliteDatabase::FindVoiding(std::int64_t seq) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT seq FROM txn WHERE voids_seq = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->Bind(1, seq).Step());
  if (!found) return std::optional<std::int64_t>();
  const std::int64_t voiding = stmt->Int(0);
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return std::optional<std::int64_t>(voiding);
}

Status SqliteDatabase::Insert(const StoredTransaction& txn,
                              const std::vector<std::int64_t>& account_ids) {
  FERMATA_ASSERT(in_transaction_);
  FERMATA_ASSERT(account_ids.size() == txn.content.postings.size());
  FERMATA_ASSIGN_OR_RETURN(
      Statement * header,
      connection_->Prepare("INSERT INTO txn VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  const NewTransaction& c = txn.content;
  header->Bind(1, txn.seq).Bind(2, c.idempotency_key).Bind(3, c.effective_date);
  header->Bind(4, txn.recorded_at).Bind(5, txn.actor).Bind(6, c.memo);
  header->Bind(7, c.source.document_sha256).Bind(8, c.source.line_ranges).Bind(9, c.voids_seq);
  header->Bind(10, txn.content_sha256).Bind(11, txn.prev_sha256).Bind(12, txn.sha256);
  FERMATA_RETURN_IF_ERROR(header->Run());
  FERMATA_ASSIGN_OR_RETURN(Statement * posting,
                           connection_->Prepare("INSERT INTO posting VALUES (?, ?, ?, ?, ?, ?)"));
  for (std::size_t i = 0; i < account_ids.size(); ++i) {
    posting->Reset().Bind(1, txn.seq).Bind(2, static_cast<std::int64_t>(i));
    posting->Bind(3, account_ids[i]).Bind(4, account_party_.at(account_ids[i]));
    posting->Bind(5, c.effective_date).Bind(6, c.postings[i].amount);
    FERMATA_RETURN_IF_ERROR(posting->Run());
  }
  return OkStatus();
}

Status SqliteDatabase::InsertCheckpointHeader(const std::string& as_of,
                                              std::int64_t through_seq) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO checkpoint VALUES (?, ?)"));
  return stmt->Bind(1, as_of).Bind(2, through_seq).Run();
}

Status SqliteDatabase::InsertCheckpointRow(const CheckpointRow& row) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO checkpoint_balance "
                                                "VALUES (?, ?, ?, ?, ?)"));
  FERMATA_ASSIGN_OR_RETURN(AccountRef ref, AccountById(row.account_id));
  stmt->Bind(1, row.account_id).Bind(2, ref.party).Bind(3, row.as_of);
  return stmt->Bind(4, row.through_seq).Bind(5, row.balance).Run();
}

Result<std::vector<std::string>> SqliteDatabase::CheckpointDatesFrom(const std::string& date) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT as_of FROM checkpoint WHERE as_of >= ? "
                                                "ORDER BY as_of"));
  stmt->Bind(1, date);
  std::vector<std::string> dates;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    dates.push_back(stmt->Text(0));
  }
  return dates;
}

Result<std::optional<std::string>> SqliteDatabase::LatestCheckpointDate(const std::string& as_of,
                                                                        std::int64_t seq_bound) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT max(as_of) FROM checkpoint "
                                                "WHERE as_of <= ? AND through_seq <= ?"));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Bind(1, as_of).Bind(2, seq_bound).Step());
  FERMATA_ASSERT(row);
  std::optional<std::string> date;
  if (!stmt->IsNull(0)) date = stmt->Text(0);
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return date;
}

}  // namespace fermata::sqlite
