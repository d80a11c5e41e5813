// The LedgerStorage half of SqliteDatabase: rows in, rows out. The ledger
// decides; this file only reads and writes.
#include <climits>

#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {
namespace {

constexpr const char* kSelectTxn =
    "SELECT seq, idempotency_key, effective_date, recorded_at, actor, memo, source_sha256, "
    "source_lines, voids_seq, content_sha256, prev_sha256, sha256 FROM txn ";

StoredTransaction read_txn_header(const Statement& stmt) {
  StoredTransaction txn;
  txn.seq = stmt.integer(0);
  txn.content.idempotency_key = stmt.text(1);
  txn.content.effective_date = stmt.text(2);
  txn.recorded_at = stmt.text(3);
  txn.actor = stmt.text(4);
  txn.content.memo = stmt.text(5);
  txn.content.source.document_sha256 = stmt.text(6);
  txn.content.source.line_ranges = stmt.text(7);
  txn.content.voids_seq = stmt.integer(8);
  txn.content_sha256 = stmt.text(9);
  txn.prev_sha256 = stmt.text(10);
  txn.sha256 = stmt.text(11);
  return txn;
}

}  // namespace

Status SqliteDatabase::begin() {
  FERMATA_ASSERT(!in_transaction_);
  FERMATA_ASSERT(!in_read_);
  // IMMEDIATE takes the write lock now, so a second writer waits (then gets
  // storage_busy) before doing any work instead of failing at commit.
  FERMATA_RETURN_IF_ERROR(connection_->exec("BEGIN IMMEDIATE"));
  in_transaction_ = true;
  // Another writer may have created them since.
  accounts_to_create_.clear();
  return ok_status();
}

Status SqliteDatabase::commit() {
  FERMATA_ASSERT(in_transaction_);
  Status status = connection_->exec("COMMIT");
  if (!status) {
    rollback();
    return status;
  }
  in_transaction_ = false;
  return ok_status();
}

void SqliteDatabase::rollback() {
  if (!in_transaction_) return;
  (void)connection_->exec("ROLLBACK");
  in_transaction_ = false;
  clear_account_caches();
}

Status SqliteDatabase::begin_read() {
  FERMATA_ASSERT(!in_transaction_ && !in_read_);
  // DEFERRED: the snapshot is taken by the first read and held to COMMIT;
  // a WAL reader never blocks the writer nor waits for it.
  FERMATA_RETURN_IF_ERROR(connection_->exec("BEGIN DEFERRED"));
  in_read_ = true;
  return ok_status();
}

void SqliteDatabase::end_read() {
  if (!in_read_) return;
  (void)connection_->exec("COMMIT");  // Nothing written: ends the snapshot.
  in_read_ = false;
}

void SqliteDatabase::clear_account_caches() {
  account_ids_.clear();
  accounts_by_id_.clear();
  accounts_to_create_.clear();
  known_owners_.clear();
  known_commodities_.clear();
}

Result<ChainTip> SqliteDatabase::tip() {
  ChainTip tip{0, kGenesisSha256, "", 0};
  FERMATA_ASSIGN_OR_RETURN(Statement * last,
                           connection_->prepare("SELECT seq, sha256, recorded_at FROM txn "
                                                "ORDER BY seq DESC LIMIT 1"));
  FERMATA_ASSIGN_OR_RETURN(bool found, last->step());
  if (found) {
    tip.seq = last->integer(0);
    tip.sha256 = last->text(1);
    tip.recorded_at = last->text(2);
  }
  FERMATA_RETURN_IF_ERROR(last->run());
  FERMATA_ASSIGN_OR_RETURN(
      Statement * count,
      connection_->prepare("SELECT count(*) FROM posting WHERE txn_seq > "
                           "(SELECT coalesce(max(through_seq), 0) FROM checkpoint)"));
  FERMATA_ASSIGN_OR_RETURN(bool row, count->step());
  FERMATA_ASSERT(row);
  tip.postings_since_checkpoint = count->integer(0);
  FERMATA_RETURN_IF_ERROR(count->run());
  return tip;
}

Result<StoredTransaction> SqliteDatabase::find_by_seq(std::int64_t seq) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare(std::string(kSelectTxn) + "WHERE seq = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, seq).step());
  if (!found) {
    return make_error(ErrorCode::kTransactionNotFound,
                      "no transaction " + std::to_string(seq) + " in this ledger");
  }
  StoredTransaction txn = read_txn_header(*stmt);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  FERMATA_ASSIGN_OR_RETURN(Statement * postings,
                           connection_->prepare("SELECT account_id, amount FROM posting "
                                                "WHERE txn_seq = ? ORDER BY posting_index"));
  postings->bind(1, seq);
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, postings->step());
    if (!row) break;
    const std::int64_t account_id = postings->integer(0);
    const Decimal amount = postings->amount(1);
    FERMATA_ASSIGN_OR_RETURN(AccountRef ref, account_by_id(account_id));
    txn.content.postings.push_back(Posting{std::move(ref), amount});
  }
  return txn;
}

Result<std::optional<StoredTransaction>> SqliteDatabase::find_by_key(const std::string& key) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT seq FROM txn WHERE idempotency_key = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, key).step());
  if (!found) return std::optional<StoredTransaction>();
  const std::int64_t seq = stmt->integer(0);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, find_by_seq(seq));
  return std::optional<StoredTransaction>(std::move(txn));
}

Status SqliteDatabase::insert(const StoredTransaction& txn,
                              const std::vector<std::int64_t>& account_ids) {
  FERMATA_ASSERT(in_transaction_);
  FERMATA_ASSERT(account_ids.size() == txn.content.postings.size());
  FERMATA_ASSIGN_OR_RETURN(
      Statement * header,
      connection_->prepare("INSERT INTO txn VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  const NewTransaction& c = txn.content;
  header->bind(1, txn.seq).bind(2, c.idempotency_key).bind(3, c.effective_date);
  header->bind(4, txn.recorded_at).bind(5, txn.actor).bind(6, c.memo);
  header->bind(7, c.source.document_sha256).bind(8, c.source.line_ranges).bind(9, c.voids_seq);
  header->bind(10, txn.content_sha256).bind(11, txn.prev_sha256).bind(12, txn.sha256);
  FERMATA_RETURN_IF_ERROR(header->run());
  FERMATA_ASSIGN_OR_RETURN(Statement * posting,
                           connection_->prepare("INSERT INTO posting VALUES (?, ?, ?, ?, ?, ?)"));
  for (std::size_t i = 0; i < account_ids.size(); ++i) {
    posting->reset().bind(1, txn.seq).bind(2, static_cast<std::int64_t>(i));
    posting->bind(3, account_ids[i]).bind(4, c.postings[i].account.party);
    posting->bind(5, c.effective_date).bind(6, c.postings[i].amount);
    FERMATA_RETURN_IF_ERROR(posting->run());
  }
  return ok_status();
}

Status SqliteDatabase::insert_checkpoint_header(const std::string& as_of,
                                                std::int64_t through_seq) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO checkpoint VALUES (?, ?)"));
  return stmt->bind(1, as_of).bind(2, through_seq).run();
}

Status SqliteDatabase::insert_checkpoint_row(const CheckpointRow& row) {
  // The owner comes from the account cache: a checkpoint of a large book
  // writes hundreds of thousands of rows, nearly all of accounts this
  // connection has resolved.
  FERMATA_ASSIGN_OR_RETURN(const AccountRef* account, cached_account(row.account_id));
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO checkpoint_balance (account_id, "
                                                "party_id, as_of, through_seq, balance) "
                                                "VALUES (?, ?, ?, ?, ?)"));
  stmt->bind(1, row.account_id).bind(2, account->party).bind(3, row.as_of);
  return stmt->bind(4, row.through_seq).bind(5, row.balance).run();
}

Result<std::vector<std::string>> SqliteDatabase::checkpoint_dates_from(const std::string& date) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT as_of FROM checkpoint WHERE as_of >= ? "
                                                "ORDER BY as_of"));
  stmt->bind(1, date);
  std::vector<std::string> dates;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    dates.push_back(stmt->text(0));
  }
  return dates;
}

Result<std::optional<std::string>> SqliteDatabase::latest_checkpoint_date(const std::string& as_of,
                                                                          std::int64_t seq_bound) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT max(as_of) FROM checkpoint "
                                                "WHERE as_of <= ? AND through_seq <= ?"));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->bind(1, as_of).bind(2, seq_bound).step());
  FERMATA_ASSERT(row);
  std::optional<std::string> date;
  if (!stmt->is_null(0)) date = stmt->text(0);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return date;
}

}  // namespace fermata::sqlite
