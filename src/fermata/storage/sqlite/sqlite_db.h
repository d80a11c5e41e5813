// A thin RAII layer over the SQLite C API (internal to storage/).
//
// Statements are prepared once and cached by their SQL text; binding and
// stepping return Result so that every SQLite failure becomes an Error with
// SQLite's own message. Nothing here knows about ledgers or catalogs.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "fermata/base/result.h"
#include "fermata/money/money.h"
#include "fermata/storage/sqlite/sql_profile.h"

namespace fermata::sqlite {

// A prepared statement, reset on every Bind*-then-Step cycle.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Resets for a new row. Bindings stay: callers bind every parameter.
  Statement& reset();
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, Decimal value);  // 16-byte big-endian blob.
  Statement& bind_null(int index);

  // Steps once. Returns true when a row is available, false when done.
  // Errors: storage_busy, storage_error, party_unknown (foreign key).
  Result<bool> step();
  // Steps to completion, then resets. After a step that returned false it
  // only resets: SQLite would run a finished statement again from the start.
  Status run();

  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string text(int column) const;
  Decimal amount(int column) const;
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
  bool done_ = false;  // The last step returned SQLITE_DONE; not reset since.
};

// Reads every row of `stmt` with `read`, which returns one value per row.
template <typename T, typename Read>
Result<std::vector<T>> read_all(Statement* stmt, Read read) {
  std::vector<T> rows;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    rows.push_back(read(*stmt));
  }
  return rows;
}

class Connection {
 public:
  // Opens (creating when `create` is true) with WAL, synchronous=FULL,
  // foreign keys on and the given busy timeout.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, bool create,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements with no results.
  Status exec(std::string_view sql);
  // A cached prepared statement for `sql`, already reset.
  Result<Statement*> prepare(const std::string& sql);
  // The one value of a query that always returns one row (an aggregate or
  // a PRAGMA, no parameters).
  Result<std::int64_t> one_integer(const std::string& sql);
  Result<std::string> one_text(const std::string& sql);
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  Connection(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)), profile_(SqlProfile::attach_if_requested(db)) {}
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
  // Destroyed after the destructor's sqlite3_close: statements finalized
  // while closing still report to it.
  std::unique_ptr<SqlProfile> profile_;
};

// Turns a SQLite result code into an Error naming what was being done.
Error sqlite_error(sqlite3* db, int rc, std::string_view doing);

}  // namespace fermata::sqlite
