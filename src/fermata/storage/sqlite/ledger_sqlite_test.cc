// Goal: the ledger over a real SQLite file keeps its invariants: idempotency,
// append-only rows, balances as of any date and as known at any time equal to
// a brute-force sum, voids, verification, busy writers and backups.
// Method: real database files in a temp dir; an independent model (a plain
// list of the postings the test appended) recomputes every balance.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include <sqlite3.h>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using testing::MakeParty;
using testing::TempDir;

class LedgerSqliteTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(3); }

  void Reopen(std::int64_t checkpoint_every) {
    ledger_.reset();
    db_.reset();
    auto db = Database::Open(dir_.File("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ledger_ = std::make_unique<Ledger>(
        db_->ledger_storage(),
        LedgerOptions{.actor = "test", .checkpoint_every_postings = checkpoint_every});
    for (const char* id : {"D1", "L1", "L2"}) {
      (void)db_->PutParty(MakeParty(id, id[0] == 'D' ? PartyKind::kDistributor : PartyKind::kLabel));
    }
  }

  NewTransaction Move(std::string key, std::string date, std::string from, std::string to,
                      const char* amount) {
    NewTransaction txn;
    txn.idempotency_key = std::move(key);
    txn.effective_date = std::move(date);
    const Decimal value = *Decimal::Parse(amount);
    txn.postings = {Posting{AccountRef{to, AccountKind::kTrust, "USD", "", ""}, value},
                    Posting{AccountRef{from, AccountKind::kCash, "USD", "", ""}, -value}};
    return txn;
  }

  Result<AppendOutcome> AppendOne(const NewTransaction& txn) {
    EXPECT_TRUE(ledger_->BeginWrite());
    Result<AppendOutcome> outcome = ledger_->Append(txn);
    if (outcome) {
      EXPECT_TRUE(ledger_->Commit());
    } else {
      ledger_->Rollback();
    }
    return outcome;
  }

  std::map<std::string, Decimal> BalanceMap(BalanceQuery query) {
    std::map<std::string, Decimal> out;
    auto balances = ledger_->Balances(query);
    EXPECT_TRUE(balances) << balances.error().ToString();
    for (const AccountBalance& b : *balances) out[b.account.Name()] = b.balance;
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerSqliteTest, SameKeySameContentIsANoOp) {
  auto first = AppendOne(Move("k1", "2026-01-05", "D1", "L1", "10.00"));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, AppendStatus::kAppended);
  EXPECT_EQ(first->seq, 1);
  auto again = AppendOne(Move("k1", "2026-01-05", "D1", "L1", "10"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, AppendStatus::kAlreadyExists);
  EXPECT_EQ(again->seq, 1);
  auto conflict = AppendOne(Move("k1", "2026-01-05", "D1", "L1", "10.01"));
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kExistsWithDifferentContent);
  EXPECT_EQ(*db_->CountRows("txn"), 1);
}

TEST_F(LedgerSqliteTest, UnknownPartyWritesNothing) {
  auto outcome = AppendOne(Move("k1", "2026-01-05", "D1", "NOPE", "1"));
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kPartyUnknown);
  EXPECT_EQ(*db_->CountRows("txn"), 0);
  EXPECT_EQ(*db_->CountRows("account"), 0);
}

TEST_F(LedgerSqliteTest, RowsAreAppendOnly) {
  ASSERT_TRUE(AppendOne(Move("k1", "2026-01-05", "D1", "L1", "10")));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("books.db").c_str(), &raw), SQLITE_OK);
  char* message = nullptr;
  EXPECT_NE(sqlite3_exec(raw, "UPDATE txn SET memo = 'x'", nullptr, nullptr, &message), SQLITE_OK);
  EXPECT_NE(std::string(message).find("append-only"), std::string::npos);
  sqlite3_free(message);
  EXPECT_NE(sqlite3_exec(raw, "DELETE FROM posting", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
}

TEST_F(LedgerSqliteTest, VoidAppendsTheExactReversalOnce) {
  ASSERT_TRUE(AppendOne(Move("k1", "2026-01-05", "D1", "L1", "10.5")));
  ASSERT_TRUE(ledger_->BeginWrite());
  auto voided = ledger_->Void(1, "wrong label");
  ASSERT_TRUE(voided) << voided.error().ToString();
  ASSERT_TRUE(ledger_->Commit());
  EXPECT_EQ(voided->seq, 2);
  EXPECT_TRUE(BalanceMap({}).empty());
  auto reversal = ledger_->Get(2);
  EXPECT_EQ(reversal->content.voids_seq, 1);
  EXPECT_EQ(reversal->content.postings[0].amount, *Decimal::Parse("-10.5"));
  ASSERT_TRUE(ledger_->BeginWrite());
  EXPECT_EQ(ledger_->Void(1, "another reason").error().code, ErrorCode::kAlreadyVoided);
  ledger_->Rollback();
}

// Balances from checkpoints plus later postings must equal a brute-force sum
// for every date and every recorded-time prefix, including backdated entries
// that force corrected checkpoint rows.
TEST_F(LedgerSqliteTest, BalancesMatchBruteForceAcrossCheckpoints) {
  std::mt19937 rng(20261125);
  struct Entry {
    std::string date, party;
    Decimal amount;
    std::int64_t seq;
  };
  std::vector<Entry> model;
  const char* parties[] = {"L1", "L2"};
  for (int i = 0; i < 60; ++i) {
    const std::string date = "2026-0" + std::to_string(1 + rng() % 6) + "-1" +
                             std::to_string(rng() % 10);
    const std::string party = parties[rng() % 2];
    const std::string cents = std::to_string(1 + rng() % 100000);
    auto outcome = AppendOne(Move("k" + std::to_string(i), date, "D1", party,
                                  (cents + ".000000000001").c_str()));
    ASSERT_TRUE(outcome) << outcome.error().ToString();
    model.push_back({date, party, *Decimal::Parse(cents + ".000000000001"), outcome->seq});
  }
  ASSERT_GT(*db_->CountRows("checkpoint"), 2);
  for (const std::string as_of : {"2026-01-01", "2026-02-15", "2026-04-12", "2026-06-30"}) {
    for (std::int64_t bound : {15, 40, 60}) {
      std::map<std::string, Decimal> expected;
      for (const Entry& e : model) {
        if (e.date <= as_of && e.seq <= bound) expected[e.party + ":trust:USD"] += e.amount;
      }
      std::erase_if(expected, [](const auto& kv) { return kv.second.is_zero(); });
      // Recorded times are monotonic, so the recorded time of seq `bound` is
      // exactly "as known" after `bound` transactions.
      BalanceQuery query{.party = "", .kind = AccountKind::kTrust, .as_of = as_of,
                         .as_known_at = ledger_->Get(bound)->recorded_at};
      std::map<std::string, Decimal> actual = BalanceMap(query);
      EXPECT_EQ(actual, expected) << "as of " << as_of << " known at seq " << bound;
    }
  }
  auto report = ledger_->Verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  EXPECT_EQ(report->transactions, 60);
}

TEST_F(LedgerSqliteTest, SecondWriterGetsBusyError) {
  auto other = Database::Open(dir_.File("books.db"), {.busy_timeout_ms = 50});
  ASSERT_TRUE(other);
  ASSERT_TRUE(ledger_->BeginWrite());
  Status second = (*other)->ledger_storage().Begin();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kStorageBusy);
  ledger_->Rollback();
  EXPECT_TRUE((*other)->ledger_storage().Begin());
  (*other)->ledger_storage().Rollback();
}

TEST_F(LedgerSqliteTest, BackupIsACompleteVerifiableCopy) {
  ASSERT_TRUE(AppendOne(Move("k1", "2026-01-05", "D1", "L1", "10")));
  ASSERT_TRUE(db_->BackupTo(dir_.File("copy.db")));
  auto copy = Database::Open(dir_.File("copy.db"), {});
  ASSERT_TRUE(copy);
  Ledger copied((*copy)->ledger_storage(), {.actor = "test"});
  auto report = copied.Verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
  EXPECT_EQ(report->transactions, 1);
  EXPECT_EQ(db_->BackupTo(dir_.File("copy.db")).error().code, ErrorCode::kIoError);
}

TEST_F(LedgerSqliteTest, OpeningAMissingFileIsAnError) {
  auto missing = Database::Open(dir_.File("nope.db"), {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIoError);
}

}  // namespace
}  // namespace fermata
