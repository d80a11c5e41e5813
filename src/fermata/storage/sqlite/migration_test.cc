// Goal: a database written by the previous schema version opens, upgrades in
// place and keeps every row and hash. Method: create a file at version 1
// (the first shipped schema), write ledger rows, reopen with this build.
#include <gtest/gtest.h>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

TEST(MigrationTest, UpgradesVersionOneInPlace) {
  testing::TempDir dir;
  const std::string path = dir.File("old.db");
  {
    auto db = Database::Open(path, {.create = true, .schema_version = 1});
    ASSERT_TRUE(db);
    EXPECT_EQ(*(*db)->SchemaVersion(), 1);
    ASSERT_TRUE((*db)->PutParty(testing::MakeParty("D1", PartyKind::kDistributor)));
    Ledger ledger((*db)->ledger_storage(), {.actor = "old"});
    ASSERT_TRUE(ledger.BeginWrite());
    NewTransaction txn;
    txn.idempotency_key = "opening";
    txn.effective_date = "2025-12-31";
    txn.postings = {
        Posting{AccountRef{"D1", AccountKind::kCash, "EUR", "", ""}, *Decimal::Parse("7.25")},
        Posting{AccountRef{"D1", AccountKind::kEquity, "EUR", "", ""}, *Decimal::Parse("-7.25")}};
    ASSERT_TRUE(ledger.Append(txn));
    ASSERT_TRUE(ledger.Commit());
  }
  auto db = Database::Open(path, {});
  ASSERT_TRUE(db) << db.error().ToString();
  EXPECT_EQ(*(*db)->SchemaVersion(), 2);
  EXPECT_EQ(*(*db)->CountRows("release"), 0);
  Ledger ledger((*db)->ledger_storage(), {.actor = "new"});
  auto report = ledger.Verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
  auto balances = ledger.Balances({.party = "D1", .kind = AccountKind::kCash});
  ASSERT_EQ(balances->size(), 1u);
  EXPECT_EQ((*balances)[0].balance, *Decimal::Parse("7.25"));
}

}  // namespace
}  // namespace fermata
