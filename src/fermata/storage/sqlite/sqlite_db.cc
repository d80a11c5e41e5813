#include "fermata/storage/sqlite/sqlite_db.h"

#include <cstring>

namespace fermata::sqlite {

Error sqlite_error(sqlite3* db, int rc, std::string_view doing) {
  const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return make_error(ErrorCode::kStorageBusy, "the database is locked by another writer (" +
                                                   detail + ") while " + std::string(doing) +
                                                   "; retry when the other command has finished");
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "a row with that key already exists (" + detail + ")");
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return make_error(ErrorCode::kPartyUnknown,
                      "a referenced party, release or product does not exist (" + detail + ")");
  }
  return make_error(ErrorCode::kStorageError, std::string(doing) + ": " + detail);
}

// Bindings are not cleared: every caller binds every parameter (BindNull for
// absent optionals), and clearing costs 3% of an append.
Statement& Statement::reset() {
  sqlite3_reset(stmt_);
  done_ = false;
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

// Amounts are stored as 16 bytes, big-endian two's complement with the sign
// bit flipped, so that blob order equals numeric order.
Statement& Statement::bind(int index, Decimal value) {
  unsigned char bytes[16];
  UInt128 bits = static_cast<UInt128>(value.raw()) ^ (UInt128{1} << 127);
  for (int i = 15; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(bits & 0xff);
    bits >>= 8;
  }
  sqlite3_bind_blob(stmt_, index, bytes, 16, SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  done_ = rc == SQLITE_DONE;
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  const int extended = sqlite3_extended_errcode(db);
  Error error = sqlite_error(db, extended, "running '" + std::string(sqlite3_sql(stmt_)) + "'");
  reset();
  return error;
}

Status Statement::run() {
  if (!done_) {
    FERMATA_ASSIGN_OR_RETURN(bool row, step());
    (void)row;
  }
  reset();
  return ok_status();
}

std::string Statement::text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

Decimal Statement::amount(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  FERMATA_ASSERT(sqlite3_column_bytes(stmt_, column) == 16);
  const auto* bytes = static_cast<const unsigned char*>(blob);
  UInt128 bits = 0;
  for (int i = 0; i < 16; ++i) bits = (bits << 8) | bytes[i];
  bits ^= (UInt128{1} << 127);
  return Decimal::from_raw(static_cast<Int128>(bits));
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, bool create,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error =
        make_error(ErrorCode::kIoError, "cannot open database '" + path +
                                            "': " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<Connection> connection(new Connection(db, path));
  // A page cache of up to 256 MiB (SQLite's default is 2 MiB), taken only as
  // pages are read: a unit of work over a large book (a stock book's
  // hundreds of thousands of accounts) otherwise spills its dirty pages and
  // reads them back from the WAL. 2.5M postings over 777,252 accounts: 68 s
  // with 64 MiB, 43 s with 256 MiB, no faster with 1 GiB (BENCHMARKS §7).
  FERMATA_RETURN_IF_ERROR(
      connection->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                       "PRAGMA cache_size=-262144;"));
  return connection;
}

Connection::~Connection() {
  cache_.clear();
  sqlite3_close(db_);
}

Status Connection::exec(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return ok_status();
  sqlite3_free(message);
  return sqlite_error(db_, sqlite3_extended_errcode(db_), "executing SQL");
}

Result<Statement*> Connection::prepare(const std::string& sql) {
  auto found = cache_.find(sql);
  if (found != cache_.end()) return &found->second->reset();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "preparing '" + sql + "'");
  auto inserted = cache_.emplace(sql, std::make_unique<Statement>(stmt));
  return inserted.first->second.get();
}

Result<std::int64_t> Connection::one_integer(const std::string& sql) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, prepare(sql));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
  FERMATA_ASSERT(row);
  const std::int64_t value = stmt->integer(0);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return value;
}

Result<std::string> Connection::one_text(const std::string& sql) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, prepare(sql));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
  FERMATA_ASSERT(row);
  std::string value = stmt->text(0);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return value;
}

}  // namespace fermata::sqlite
