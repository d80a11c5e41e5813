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
  EXPECT_EQ(*(*db)->schema_version(), 5);
  EXPECT_EQ(*(*db)->count_rows("release"), 0);
  Ledger ledger((*db)->ledger_storage(), {.actor = "new"});
  auto report = ledger.verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
  auto balances = ledger.balances({.party = "D1", .kind = AccountKind::kCash});
  ASSERT_EQ(balances->size(), 1u);
  EXPECT_EQ((*balances)[0].balance, *Decimal::parse("7.25"));
}

}  // namespace
}  // namespace fermata
