#include "fermata/storage/sqlite/sqlite_db.h"

#include <cstring>

namespace fermata::sqlite {

Error SqliteError(sqlite3* db, int rc, std::string_view doing) {
  const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return MakeError(ErrorCode::kStorageBusy,
                     "the database is locked by another writer (" + detail + ") while " +
                         std::string(doing) + "; retry when the other command has finished");
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return MakeError(ErrorCode::kPartyUnknown,
                     "a referenced party, release or product does not exist (" + detail + ")");
  }
  return MakeError(ErrorCode::kStorageError, std::string(doing) + ": " + detail);
}

// Bindings are not cleared: every caller binds every parameter (BindNull for
// absent optionals), and clearing costs 3% of an append.
Statement& Statement::Reset() {
  sqlite3_reset(stmt_);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

// Amounts are stored as 16 bytes, big-endian two's complement with the sign
// bit flipped, so that blob order equals numeric order.
Statement& Statement::Bind(int index, Decimal value) {
  unsigned char bytes[16];
  UInt128 bits = static_cast<UInt128>(value.raw()) ^ (UInt128{1} << 127);
  for (int i = 15; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(bits & 0xff);
    bits >>= 8;
  }
  sqlite3_bind_blob(stmt_, index, bytes, 16, SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  const int extended = sqlite3_extended_errcode(db);
  Error error = SqliteError(db, extended, "running '" + std::string(sqlite3_sql(stmt_)) + "'");
  sqlite3_reset(stmt_);
  return error;
}

Status Statement::Run() {
  FERMATA_ASSIGN_OR_RETURN(bool row, Step());
  (void)row;
  sqlite3_reset(stmt_);
  return OkStatus();
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

Decimal Statement::Amount(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  FERMATA_ASSERT(sqlite3_column_bytes(stmt_, column) == 16);
  const auto* bytes = static_cast<const unsigned char*>(blob);
  UInt128 bits = 0;
  for (int i = 0; i < 16; ++i) bits = (bits << 8) | bytes[i];
  bits ^= (UInt128{1} << 127);
  return Decimal::FromRaw(static_cast<Int128>(bits));
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = MakeError(ErrorCode::kIoError, "cannot open database '" + path + "': " +
                                                     (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<Connection> connection(new Connection(db, path));
  FERMATA_RETURN_IF_ERROR(connection->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return connection;
}

Connection::~Connection() {
  cache_.clear();
  sqlite3_close(db_);
}

Status Connection::Exec(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return OkStatus();
  sqlite3_free(message);
  return SqliteError(db_, sqlite3_extended_errcode(db_), "executing SQL");
}

Result<Statement*> Connection::Prepare(const std::string& sql) {
  auto found = cache_.find(sql);
  if (found != cache_.end()) return &found->second->Reset();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing '" + sql + "'");
  auto inserted = cache_.emplace(sql, std::make_unique<Statement>(stmt));
  return inserted.first->second.get();
}

}  // namespace fermata::sqlite
