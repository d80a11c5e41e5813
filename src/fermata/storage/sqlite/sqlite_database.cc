// Opening the embedded database, the import register and online backup.
#include <filesystem>

#include "fermata/storage/sqlite/schema.h"
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata {

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenOptions options) {
  if (!options.create && !std::filesystem::exists(path)) {
    return MakeError(ErrorCode::kIoError, "no database at '" + path +
                                              "' (run `fermata init` first, or pass --db)");
  }
  FERMATA_ASSIGN_OR_RETURN(
      std::unique_ptr<sqlite::Connection> connection,
      sqlite::Connection::Open(path, options.create, options.busy_timeout_ms));
  FERMATA_RETURN_IF_ERROR(sqlite::Migrate(*connection, options.schema_version));
  return std::unique_ptr<Database>(new sqlite::SqliteDatabase(std::move(connection)));
}

namespace sqlite {

Result<int> SqliteDatabase::SchemaVersion() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, connection_->Prepare("PRAGMA user_version"));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
  FERMATA_ASSERT(row);
  const int version = static_cast<int>(stmt->Int(0));
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return version;
}

Result<std::int64_t> SqliteDatabase::CountRows(const std::string& table) {
  FERMATA_ASSERT(table.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT count(*) FROM " + table));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
  FERMATA_ASSERT(row);
  const std::int64_t count = stmt->Int(0);
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return count;
}

Result<std::optional<ImportRecord>> SqliteDatabase::FindImport(const std::string& sha256) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT id, sha256, path, format, recorded_at, "
                                                "actor, rows, transactions FROM import "
                                                "WHERE sha256 = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->Bind(1, sha256).Step());
  if (!found) return std::optional<ImportRecord>();
  ImportRecord record{stmt->Int(0),  stmt->Text(1), stmt->Text(2), stmt->Text(3),
                      stmt->Text(4), stmt->Text(5), stmt->Int(6),  stmt->Int(7)};
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return std::optional<ImportRecord>(std::move(record));
}

Result<std::int64_t> SqliteDatabase::RecordImport(const ImportRecord& record) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO import (sha256, path, format, "
                                                "recorded_at, actor, rows, transactions) "
                                                "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  stmt->Bind(1, record.sha256).Bind(2, record.path).Bind(3, record.format);
  stmt->Bind(4, record.recorded_at).Bind(5, record.actor).Bind(6, record.rows);
  FERMATA_RETURN_IF_ERROR(stmt->Bind(7, record.transactions).Run());
  return sqlite3_last_insert_rowid(connection_->handle());
}

Status SqliteDatabase::BackupTo(const std::string& path) {
  if (std::filesystem::exists(path)) {
    return MakeError(ErrorCode::kIoError, "backup target '" + path + "' already exists");
  }
  sqlite3* target = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(target, rc, "creating backup '" + path + "'");
    sqlite3_close(target);
    return error;
  }
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", connection_->handle(), "main");
  if (backup == nullptr) {
    Error error = SqliteError(target, sqlite3_errcode(target), "starting backup");
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
    Error error = SqliteError(target, rc, "copying to backup '" + path + "'");
    sqlite3_close(target);
    return error;
  }
  rc = sqlite3_close(target);
  if (rc != SQLITE_OK) return SqliteError(nullptr, rc, "closing backup");
  return OkStatus();
}

}  // namespace sqlite
}  // namespace fermata
