// Agreement versions in SQLite: kept as added, the same text twice is one
// row, other text under the same version is refused, and no row changes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

StoredAgreement version(std::int64_t number, std::string sha, std::string effective_from) {
  return StoredAgreement{"AGR-1",        number, std::move(effective_from),     "agr.toml",
                         std::move(sha), "text", "2026-11-26T00:00:00.000000Z", "ana"};
}

TEST(AgreementStorageTest, KeepsVersionsAsAddedAndRefusesOtherTermsUnderAStoredVersion) {
  testing::TempDir dir;
  const std::string path = dir.file("books.db");
  auto db = Database::open(path, {.create = true});
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(*(*db)->put_agreement(version(2, "bbb", "2026-07-01")), PutStatus::kInserted);
  EXPECT_EQ(*(*db)->put_agreement(version(1, "aaa", "2024-01-01")), PutStatus::kInserted);
  EXPECT_EQ(*(*db)->put_agreement(version(1, "aaa", "2024-01-01")), PutStatus::kUnchanged);
  Result<PutStatus> changed = (*db)->put_agreement(version(1, "ccc", "2024-01-01"));
  ASSERT_FALSE(changed.has_value());
  EXPECT_EQ(changed.error().code, ErrorCode::kExistsWithDifferentContent);
  EXPECT_EQ(changed.error().message,
            "agreement AGR-1 version 1 is already recorded with other terms; an amendment is a "
            "new version");
  Result<std::vector<StoredAgreement>> all = (*db)->agreements();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].version, 1);
  EXPECT_EQ((*all)[0].sha256, "aaa");
  EXPECT_EQ((*all)[1].version, 2);
  EXPECT_EQ((*all)[1].effective_from, "2026-07-01");
}

TEST(AgreementStorageTest, StoredVersionsCannotBeChangedOrDeleted) {
  testing::TempDir dir;
  const std::string path = dir.file("books.db");
  {
    auto db = Database::open(path, {.create = true});
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->put_agreement(version(1, "aaa", "2024-01-01")));
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  char* message = nullptr;
  EXPECT_NE(sqlite3_exec(raw, "UPDATE agreement SET body = 'x'", nullptr, nullptr, &message),
            SQLITE_OK);
  EXPECT_STREQ(message, "agreement table agreement is append-only: an amendment is a new version");
  sqlite3_free(message);
  EXPECT_NE(sqlite3_exec(raw, "DELETE FROM agreement", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
}

}  // namespace
}  // namespace fermata
