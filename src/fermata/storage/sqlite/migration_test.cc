// Goal: a database written by the previous schema version opens, upgrades in
// place and keeps every row and hash. Method: create a file at version 1
// (the first shipped schema), write ledger rows, reopen with this build; a
// version 5 file with an earning, which reads with no product format; and a
// version 10 file with checkpoints (and a corrected row), whose checkpoint
// table version 11 makes anew: same rows, same balances, still append-only.
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
  EXPECT_EQ(*(*db)->schema_version(), 11);
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
  EXPECT_EQ(*(*db)->schema_version(), 11);
  auto earnings = (*db)->report_register().earnings("L1");
  ASSERT_TRUE(earnings);
  ASSERT_EQ(earnings->size(), 1u);
  EXPECT_EQ((*earnings)[0].channel, "physical");
  EXPECT_EQ((*earnings)[0].format, "");
}

NewTransaction transfer(const std::string& key, const std::string& date, const char* amount,
                        const std::string& from, const std::string& to) {
  NewTransaction txn;
  txn.idempotency_key = key;
  txn.effective_date = date;
  txn.postings = {
      Posting{AccountRef{to, AccountKind::kCash, "EUR", "", ""}, *Decimal::parse(amount)},
      Posting{AccountRef{from, AccountKind::kEquity, "EUR", "", ""}, -*Decimal::parse(amount)}};
  return txn;
}

TEST(MigrationTest, CheckpointsFromVersionTenKeepTheirRowsAndGuards) {
  testing::TempDir dir;
  const std::string path = dir.file("v10.db");
  std::vector<AccountBalance> at_checkpoint;
  std::int64_t rows = 0;
  {
    auto db = Database::open(path, {.create = true, .schema_version = 10});
    ASSERT_TRUE(db);
    for (const char* id : {"D1", "D2"}) {
      ASSERT_TRUE((*db)->put_party(testing::make_party(id, PartyKind::kDistributor)));
    }
    Ledger ledger((*db)->ledger_storage(), {.actor = "old", .checkpoint_every_postings = 0});
    ASSERT_TRUE(ledger.begin_write());
    ASSERT_TRUE(ledger.append(transfer("a", "2026-01-10", "7.25", "D1", "D1")));
    ASSERT_TRUE(ledger.append(transfer("b", "2026-01-20", "3.50", "D2", "D2")));
    ASSERT_TRUE(ledger.write_checkpoint("2026-01-31"));
    ASSERT_TRUE(ledger.write_checkpoint("2026-02-28"));
    // Dated before both checkpoints: a corrected row at each.
    ASSERT_TRUE(ledger.append(transfer("c", "2026-01-15", "1.00", "D1", "D1")));
    ASSERT_TRUE(ledger.commit());
    at_checkpoint = *ledger.balances({.as_of = "2026-01-31"});
    rows = *(*db)->count_rows("checkpoint_balance");
  }
  // Four accounts with a balance at two checkpoints, and D1's two
  // accounts corrected at both.
  ASSERT_EQ(rows, 12);
  auto db = Database::open(path, {});
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ(*(*db)->schema_version(), 11);
  EXPECT_EQ(*(*db)->count_rows("checkpoint_balance"), rows);
  Ledger ledger((*db)->ledger_storage(), {.actor = "new"});
  auto report = ledger.verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
  EXPECT_EQ(report->checkpoint_rows, rows);
  auto balances = ledger.balances({.as_of = "2026-01-31"});
  ASSERT_TRUE(balances);
  ASSERT_EQ(balances->size(), at_checkpoint.size());
  for (std::size_t i = 0; i < balances->size(); ++i) {
    EXPECT_EQ((*balances)[i].account, at_checkpoint[i].account);
    EXPECT_EQ((*balances)[i].balance, at_checkpoint[i].balance);
  }
  EXPECT_EQ((*balances)[0].balance, *Decimal::parse("8.25"));  // D1 cash: 7.25 + 1.00.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, "UPDATE checkpoint_balance SET through_seq = 0", nullptr, nullptr,
                         &message),
            SQLITE_CONSTRAINT);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(std::string(message),
            "ledger table checkpoint_balance is append-only: post a reversing entry instead");
  sqlite3_free(message);
  sqlite3_close(raw);
}

}  // namespace
}  // namespace fermata
