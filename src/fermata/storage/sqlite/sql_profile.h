// Where a connection's time goes in SQLite, statement by statement: the
// measurement behind docs/BENCHMARKS.md §7 (which rows of a large import cost
// what), available on any command without a profiler.
//
// Off unless the environment sets FERMATA_SQL_PROFILE. Then SQLite reports
// the time of each statement run (SQLITE_TRACE_PROFILE: from its first step
// to its reset), the times are summed per SQL text, and when the connection
// closes a table sorted by total time goes to stderr, one line per
// statement: "sql-profile: <seconds> s <runs> runs  <SQL>". Off, it costs
// one getenv per connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace fermata::sqlite {

class SqlProfile {
 public:
  // Starts profiling `db` when FERMATA_SQL_PROFILE is set; null otherwise.
  // The profile must outlive the connection's last statement: destroy it
  // after sqlite3_close.
  static std::unique_ptr<SqlProfile> attach_if_requested(sqlite3* db);
  ~SqlProfile();  // Writes the table.
  SqlProfile(const SqlProfile&) = delete;
  SqlProfile& operator=(const SqlProfile&) = delete;

 private:
  SqlProfile() = default;
  static int on_statement(unsigned type, void* self, void* stmt, void* nanoseconds);

  struct Total {
    std::int64_t nanoseconds = 0;
    std::int64_t runs = 0;
  };
  std::unordered_map<std::string, Total> by_sql_;
};

}  // namespace fermata::sqlite
