// Goal: FERMATA_SQL_PROFILE sums each statement's runs and time per SQL text
// and writes the table when the connection closes; unset, nothing is written.
// Through it, a statement that found nothing is seen to run once, not twice.
// Method: a real database file, statements run a known number of times,
// stderr captured.
#include "fermata/storage/sqlite/sql_profile.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "fermata/storage/sqlite/sqlite_db.h"
#include "fermata/storage/sqlite/test_db.h"

namespace fermata::sqlite {
namespace {

// Opens a connection, inserts three rows with one statement, counts them.
void insert_three(const std::string& path) {
  auto connection = Connection::open(path, true, 1000);
  ASSERT_TRUE(connection) << connection.error().to_string();
  ASSERT_TRUE((*connection)->exec("CREATE TABLE t (x INTEGER)"));
  for (std::int64_t x = 1; x <= 3; ++x) {
    auto insert = (*connection)->prepare("INSERT INTO t VALUES (?)");
    ASSERT_TRUE(insert);
    ASSERT_TRUE((*insert)->bind(1, x).run());
  }
  EXPECT_EQ(*(*connection)->one_integer("SELECT count(*) FROM t"), 3);
}

TEST(SqlProfile, SumsRunsPerStatementAndWritesThemWhenTheConnectionCloses) {
  testing::TempDir dir;
  ASSERT_EQ(setenv("FERMATA_SQL_PROFILE", "1", 1), 0);
  ::testing::internal::CaptureStderr();
  insert_three(dir.file("profiled.db"));
  const std::string table = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(unsetenv("FERMATA_SQL_PROFILE"), 0);
  EXPECT_NE(table.find("         3 runs  INSERT INTO t VALUES (?)\n"), std::string::npos) << table;
  EXPECT_NE(table.find("         1 runs  SELECT count(*) FROM t\n"), std::string::npos) << table;
  EXPECT_EQ(table.rfind("sql-profile: ", 0), 0u) << table;

  ::testing::internal::CaptureStderr();
  insert_three(dir.file("quiet.db"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

// A lookup that finds nothing and then calls run() (the usual "step, read,
// run" shape) runs once: SQLite would start a finished statement again.
TEST(SqlProfile, AQueryThatFoundNothingIsNotRunAgainByRun) {
  testing::TempDir dir;
  ASSERT_EQ(setenv("FERMATA_SQL_PROFILE", "1", 1), 0);
  ::testing::internal::CaptureStderr();
  {
    auto connection = Connection::open(dir.file("lookup.db"), true, 1000);
    ASSERT_TRUE(connection);
    ASSERT_TRUE((*connection)->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)"));
    for (std::int64_t x : {7, 8}) {
      auto find = (*connection)->prepare("SELECT x FROM t WHERE x = ?");
      ASSERT_TRUE(find);
      auto found = (*find)->bind(1, x).step();
      ASSERT_TRUE(found);
      EXPECT_EQ(*found, x == 7);
      ASSERT_TRUE((*find)->run());
    }
  }
  const std::string table = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(unsetenv("FERMATA_SQL_PROFILE"), 0);
  EXPECT_NE(table.find("         2 runs  SELECT x FROM t WHERE x = ?\n"), std::string::npos)
      << table;
}

}  // namespace
}  // namespace fermata::sqlite
