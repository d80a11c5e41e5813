// Opening the embedded database, the import register and online backup.
#include <filesystem>

#include "fermata/storage/sqlite/schema.h"
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata {

Result<std::unique_ptr<Database>> Database::open(const std::string& path, OpenOptions options) {
  if (!options.create && !std::filesystem::exists(path)) {
    return make_error(ErrorCode::kIoError,
                      "no database at '" + path + "' (run `fermata init` first, or pass --db)");
  }
  FERMATA_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::Connection> connection,
                           sqlite::Connection::open(path, options.create, options.busy_timeout_ms));
  FERMATA_RETURN_IF_ERROR(sqlite::migrate(*connection, options.schema_version));
  return std::unique_ptr<Database>(new sqlite::SqliteDatabase(std::move(connection)));
}

namespace sqlite {

Result<int> SqliteDatabase::schema_version() {
  FERMATA_ASSIGN_OR_RETURN(std::int64_t version, connection_->one_integer("PRAGMA user_version"));
  return static_cast<int>(version);
}

Result<std::int64_t> SqliteDatabase::count_rows(const std::string& table) {
  FERMATA_ASSERT(table.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
  return connection_->one_integer("SELECT count(*) FROM " + table);
}

Result<std::optional<ImportRecord>> SqliteDatabase::find_import(const std::string& sha256) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT id, sha256, path, format, recorded_at, "
                                                "actor, rows, transactions, archived_sha256 "
                                                "FROM import WHERE sha256 = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, sha256).step());
  if (!found) return std::optional<ImportRecord>();
  ImportRecord record{stmt->integer(0), stmt->text(1),    stmt->text(2),
                      stmt->text(3),    stmt->text(4),    stmt->text(5),
                      stmt->integer(6), stmt->integer(7), stmt->text(8)};
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return std::optional<ImportRecord>(std::move(record));
}

Result<std::int64_t> SqliteDatabase::record_import(const ImportRecord& record) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt, connection_->prepare("INSERT INTO import (sha256, path, format, "
                                             "recorded_at, actor, rows, transactions, "
                                             "archived_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, record.sha256).bind(2, record.path).bind(3, record.format);
  stmt->bind(4, record.recorded_at).bind(5, record.actor).bind(6, record.rows);
  stmt->bind(7, record.transactions);
  FERMATA_RETURN_IF_ERROR(stmt->bind(8, record.archived_sha256).run());
  return sqlite3_last_insert_rowid(connection_->handle());
}

Status SqliteDatabase::complete_import(std::int64_t id, std::int64_t rows,
                                       std::int64_t transactions) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("UPDATE import SET rows = ?, transactions = ? WHERE id = ?"));
  return stmt->bind(1, rows).bind(2, transactions).bind(3, id).run();
}

Result<std::vector<ImportRecord>> SqliteDatabase::imports() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT id, sha256, path, format, recorded_at, "
                                                "actor, rows, transactions, archived_sha256 "
                                                "FROM import ORDER BY id"));
  std::vector<ImportRecord> records;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    records.push_back(ImportRecord{stmt->integer(0), stmt->text(1), stmt->text(2), stmt->text(3),
                                   stmt->text(4), stmt->text(5), stmt->integer(6), stmt->integer(7),
                                   stmt->text(8)});
  }
  return records;
}

Result<std::vector<std::int64_t>> SqliteDatabase::transactions_from(const std::string& sha256) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT seq FROM txn WHERE source_sha256 = ? "
                                                "AND voids_seq = 0 ORDER BY seq"));
  stmt->bind(1, sha256);
  std::vector<std::int64_t> seqs;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    seqs.push_back(stmt->integer(0));
  }
  return seqs;
}

Status SqliteDatabase::backup_to(const std::string& path) {
  if (std::filesystem::exists(path)) {
    return make_error(ErrorCode::kTargetExists, "backup target '" + path + "' already exists");
  }
  sqlite3* target = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Error error = sqlite_error(target, rc, "creating backup '" + path + "'");
    sqlite3_close(target);
    return error;
  }
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", connection_->handle(), "main");
  if (backup == nullptr) {
    Error error = sqlite_error(target, sqlite3_errcode(target), "starting backup");
    sqlite3_close(target);
    return error;
  }
  // Copy in steps so concurrent readers and writers are not blocked for long.
  do {
    rc = sqlite3_backup_step(backup, 1024);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    Error error = sqlite_error(target, rc, "copying to backup '" + path + "'");
    sqlite3_close(target);
    return error;
  }
  rc = sqlite3_close(target);
  if (rc != SQLITE_OK) return sqlite_error(nullptr, rc, "closing backup");
  return ok_status();
}

Status SqliteDatabase::restore_from(const std::string& path) {
  FERMATA_ASSERT(!in_transaction_);
  sqlite3* source = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &source, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) {
    Error error = sqlite_error(source, rc, "opening backup '" + path + "'");
    sqlite3_close(source);
    return error;
  }
  // One step of -1 pages copies everything inside a single write
  // transaction on this database, so the swap is atomic (WAL included).
  sqlite3_backup* backup = sqlite3_backup_init(connection_->handle(), "main", source, "main");
  if (backup == nullptr) {
    Error error = sqlite_error(connection_->handle(), sqlite3_errcode(connection_->handle()),
                               "starting restore");
    sqlite3_close(source);
    return error;
  }
  rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  sqlite3_close(source);
  if (rc != SQLITE_DONE) return sqlite_error(connection_->handle(), rc, "restoring from backup");
  clear_account_caches();
  return ok_status();
}

}  // namespace sqlite
}  // namespace fermata
