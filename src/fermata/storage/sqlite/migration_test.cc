// Goal: a database written by the previous schema version opens, upgrades in
// place and keeps every row and hash. Method: create a file at version 1
// (the first shipped schema), write ledger rows, reopen with this build; and
// a version 5 file with an earning, which reads with no product format.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

TEST(MigrationTest, UpgradesVersionOneInPlace) {
  testing::TempDir dir;
  const std::string path = dir.file("old.db");
  {
    auto db = Database::open(path, {.create = true, .schema_version = 1});
    ASSERT_TRUE(db);
    EXPECT_EQ(*(*db)->schema_version(), 1);
    ASSERT_TRUE((*db)->put_party(testing::make_party("D1", PartyKind::kDistributor)));
    Ledger ledger((*db)->ledger_storage(), {.actor = "old"});
    ASSERT_TRUE(ledger.begin_write());
    NewTransaction txn;
    txn.idempotency_key = "opening";
    txn.effective_date = "2025-12-31";
    txn.postings = {
        Posting{AccountRef{"D1", AccountKind::kCash, "EUR", "", ""}, *Decimal::parse("7.25")},
        Posting{AccountRef{"D1", AccountKind::kEquity, "EUR", "", ""}, *Decimal::parse("-7.25")}};
    ASSERT_TRUE(ledger.append(txn));
    ASSERT_TRUE(ledger.commit());
  }
  auto db = Database::open(path, {});
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(*(*db)->schema_version(), 10);
  EXPECT_EQ(*(*db)->count_rows("release"), 0);
  Ledger ledger((*db)->ledger_storage(), {.actor = "new"});
  auto report = ledger.verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
  auto balances = ledger.balances({.party = "D1", .kind = AccountKind::kCash});
  ASSERT_EQ(balances->size(), 1u);
  EXPECT_EQ((*balances)[0].balance, *Decimal::parse("7.25"));
}

// Version 6 adds earning.format: an earning recorded before it sold no
// product the run knows of, and reads "" (it fits no fee rule with formats).
TEST(MigrationTest, EarningsFromVersionFiveReadWithNoFormat) {
  testing::TempDir dir;
  const std::string path = dir.file("v5.db");
  ASSERT_TRUE(Database::open(path, {.create = true, .schema_version = 5}));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  // The row alone (no import or transaction behind it): what is tested is the column.
  const char* insert =
      "PRAGMA foreign_keys = OFF; INSERT INTO earning (import_id, txn_seq, owner, release_id, "
      "isrc, store, channel, territory, sale_start, sale_end, reported_on, currency, units, "
      "amount) VALUES (1, 1, 'L1', 'R1', '', 'Shop', 'physical', 'US', '2026-01-01', "
      "'2026-01-31', '2026-01-31', 'USD', zeroblob(16), zeroblob(16))";
  EXPECT_EQ(sqlite3_exec(raw, insert, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto db = Database::open(path, {});
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(*(*db)->schema_version(), 10);
  auto earnings = (*db)->report_register().earnings("L1");
  ASSERT_TRUE(earnings);
  ASSERT_EQ(earnings->size(), 1u);
  EXPECT_EQ((*earnings)[0].channel, "physical");
  EXPECT_EQ((*earnings)[0].format, "");
}

}  // namespace
}  // namespace fermata
