#include "fermata/storage/sqlite/sql_profile.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace fermata::sqlite {

std::unique_ptr<SqlProfile> SqlProfile::attach_if_requested(sqlite3* db) {
  if (std::getenv("FERMATA_SQL_PROFILE") == nullptr) return nullptr;
  std::unique_ptr<SqlProfile> profile(new SqlProfile());
  sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, &SqlProfile::on_statement, profile.get());
  return profile;
}

int SqlProfile::on_statement(unsigned type, void* self, void* stmt, void* nanoseconds) {
  if (type != SQLITE_TRACE_PROFILE) return 0;
  const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
  Total& total = static_cast<SqlProfile*>(self)->by_sql_[sql ? sql : "(unknown)"];
  total.nanoseconds += *static_cast<const sqlite3_int64*>(nanoseconds);
  ++total.runs;
  return 0;
}

SqlProfile::~SqlProfile() {
  std::vector<std::pair<std::string, Total>> rows(by_sql_.begin(), by_sql_.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.nanoseconds != b.second.nanoseconds
               ? a.second.nanoseconds > b.second.nanoseconds
               : a.first < b.first;
  });
  for (auto& [sql, total] : rows) {
    // One line per statement: a multi-line SQL text is joined with spaces.
    std::replace(sql.begin(), sql.end(), '\n', ' ');
    std::fprintf(stderr, "sql-profile: %10.3f s %10lld runs  %s\n",
                 static_cast<double>(total.nanoseconds) / 1e9, static_cast<long long>(total.runs),
                 sql.c_str());
  }
}

}  // namespace fermata::sqlite
