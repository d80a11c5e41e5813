// Goal: the ledger over a real SQLite file keeps its invariants: idempotency,
// append-only rows, balances as of any date and as known at any time equal to
// a brute-force sum, voids, verification, busy writers and backups.
// Method: real database files in a temp dir; an independent model (a plain
// list of the postings the test appended) recomputes every balance.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>

#include <sqlite3.h>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using testing::make_party;
using testing::TempDir;

class LedgerSqliteTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(3); }

  void reopen(std::int64_t checkpoint_every) {
    ledger_.reset();
    db_.reset();
    auto db = Database::open(dir_.file("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().to_string();
    db_ = std::move(*db);
    ledger_ = std::make_unique<Ledger>(
        db_->ledger_storage(),
        LedgerOptions{.actor = "test", .checkpoint_every_postings = checkpoint_every});
    for (const char* id : {"D1", "L1", "L2"}) {
      (void)db_->put_party(
          make_party(id, id[0] == 'D' ? PartyKind::kDistributor : PartyKind::kLabel));
    }
  }

  NewTransaction transfer(std::string key, std::string date, std::string from, std::string to,
                          const char* amount) {
    NewTransaction txn;
    txn.idempotency_key = std::move(key);
    txn.effective_date = std::move(date);
    const Decimal value = *Decimal::parse(amount);
    txn.postings = {Posting{AccountRef{to, AccountKind::kTrust, "USD", "", ""}, value},
                    Posting{AccountRef{from, AccountKind::kCash, "USD", "", ""}, -value}};
    return txn;
  }

  Result<AppendOutcome> append_one(const NewTransaction& txn) {
    EXPECT_TRUE(ledger_->begin_write());
    Result<AppendOutcome> outcome = ledger_->append(txn);
    if (outcome) {
      EXPECT_TRUE(ledger_->commit());
    } else {
      ledger_->rollback();
    }
    return outcome;
  }

  // Appends `txn` through a second connection, as another process would.
  void append_elsewhere(const NewTransaction& txn) {
    auto other_db = Database::open(dir_.file("books.db"), {});
    ASSERT_TRUE(other_db);
    Ledger other((*other_db)->ledger_storage(), {.actor = "other"});
    ASSERT_TRUE(other.begin_write());
    ASSERT_TRUE(other.append(txn));
    ASSERT_TRUE(other.commit());
  }

  std::map<std::string, Decimal> balance_map(BalanceQuery query) {
    std::map<std::string, Decimal> out;
    auto balances = ledger_->balances(query);
    EXPECT_TRUE(balances) << balances.error().to_string();
    for (const AccountBalance& b : *balances) out[b.account.name()] = b.balance;
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerSqliteTest, SameKeySameContentIsANoOp) {
  auto first = append_one(transfer("k1", "2026-01-05", "D1", "L1", "10.00"));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, AppendStatus::kAppended);
  EXPECT_EQ(first->seq, 1);
  auto again = append_one(transfer("k1", "2026-01-05", "D1", "L1", "10"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, AppendStatus::kAlreadyExists);
  EXPECT_EQ(again->seq, 1);
  auto conflict = append_one(transfer("k1", "2026-01-05", "D1", "L1", "10.01"));
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kExistsWithDifferentContent);
  EXPECT_EQ(*db_->count_rows("txn"), 1);
}

// The unknown party is on the second posting, after the first posting's
// account was created: the failed append must leave nothing behind even
// inside a unit that goes on and commits (as --on-error=skip does).
TEST_F(LedgerSqliteTest, UnknownPartyWritesNothing) {
  ASSERT_TRUE(ledger_->begin_write());
  auto outcome = ledger_->append(transfer("k1", "2026-01-05", "NOPE", "L1", "1"));
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kPartyUnknown);
  EXPECT_EQ(*db_->count_rows("account"), 0);
  auto next = ledger_->append(transfer("k2", "2026-01-05", "D1", "L1", "2"));
  ASSERT_TRUE(next) << next.error().to_string();
  EXPECT_EQ(next->seq, 1);
  ASSERT_TRUE(ledger_->commit());
  EXPECT_EQ(*db_->count_rows("txn"), 1);
  EXPECT_EQ(*db_->count_rows("account"), 2);
  auto report = ledger_->verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
}

TEST_F(LedgerSqliteTest, RowsAreAppendOnly) {
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10")));
  ASSERT_TRUE(ledger_->begin_write());
  ASSERT_TRUE(ledger_->write_checkpoint("2026-01-31"));
  ASSERT_TRUE(ledger_->commit());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("books.db").c_str(), &raw), SQLITE_OK);
  // Every ledger table refuses both verbs, each with the guard's message.
  const std::pair<const char*, const char*> kTables[] = {{"account", "kind"},
                                                         {"txn", "memo"},
                                                         {"posting", "amount"},
                                                         {"checkpoint", "through_seq"},
                                                         {"checkpoint_balance", "balance"}};
  for (const auto& [table, column] : kTables) {
    for (const std::string& sql :
         {std::string("UPDATE ") + table + " SET " + column + " = " + column,
          std::string("DELETE FROM ") + table}) {
      char* message = nullptr;
      EXPECT_NE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << sql;
      EXPECT_NE(std::string(message ? message : "").find("append-only"), std::string::npos) << sql;
      sqlite3_free(message);
    }
  }
  sqlite3_close(raw);
  EXPECT_EQ(*db_->count_rows("checkpoint_balance"), 2);
}

TEST_F(LedgerSqliteTest, VoidAppendsTheExactReversalOnce) {
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10.5")));
  ASSERT_TRUE(ledger_->begin_write());
  auto voided = ledger_->void_transaction(1, "wrong label");
  ASSERT_TRUE(voided) << voided.error().to_string();
  ASSERT_TRUE(ledger_->commit());
  EXPECT_EQ(voided->seq, 2);
  EXPECT_TRUE(balance_map({}).empty());
  auto reversal = ledger_->get(2);
  EXPECT_EQ(reversal->content.voids_seq, 1);
  EXPECT_EQ(reversal->content.postings[0].amount, *Decimal::parse("-10.5"));
  ASSERT_TRUE(ledger_->begin_write());
  EXPECT_EQ(ledger_->void_transaction(1, "another reason").error().code, ErrorCode::kAlreadyVoided);
  ledger_->rollback();
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
    const std::string date =
        "2026-0" + std::to_string(1 + rng() % 6) + "-1" + std::to_string(rng() % 10);
    const std::string party = parties[rng() % 2];
    const std::string cents = std::to_string(1 + rng() % 100000);
    auto outcome = append_one(
        transfer("k" + std::to_string(i), date, "D1", party, (cents + ".000000000001").c_str()));
    ASSERT_TRUE(outcome) << outcome.error().to_string();
    model.push_back({date, party, *Decimal::parse(cents + ".000000000001"), outcome->seq});
  }
  ASSERT_GT(*db_->count_rows("checkpoint"), 2);
  for (const std::string as_of : {"2026-01-01", "2026-02-15", "2026-04-12", "2026-06-30"}) {
    for (std::int64_t bound : {15, 40, 60}) {
      std::map<std::string, Decimal> expected;
      for (const Entry& e : model) {
        if (e.date <= as_of && e.seq <= bound) expected[e.party + ":trust:USD"] += e.amount;
      }
      std::erase_if(expected, [](const auto& kv) { return kv.second.is_zero(); });
      // Recorded times are monotonic, so the recorded time of seq `bound` is
      // exactly "as known" after `bound` transactions.
      BalanceQuery query{.party = "",
                         .kind = AccountKind::kTrust,
                         .as_of = as_of,
                         .as_known_at = ledger_->get(bound)->recorded_at};
      std::map<std::string, Decimal> actual = balance_map(query);
      EXPECT_EQ(actual, expected) << "as of " << as_of << " known at seq " << bound;
    }
  }
  auto report = ledger_->verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  EXPECT_EQ(report->transactions, 60);
}

// A party with more accounts than Ledger::balances looks up one by one: they
// are read in one pass (scan_accounts) by a fresh connection, and come
// back complete, exact and in name order.
TEST_F(LedgerSqliteTest, BalancesOfAPartyWithManyAccounts) {
  std::vector<std::string> expected;
  std::int64_t i = 0;
  for (const Currency& currency : all_currencies()) {
    if (i == 80) break;
    const std::string code(currency.code);
    NewTransaction txn;
    txn.idempotency_key = "many-" + code;
    txn.effective_date = "2026-03-01";
    const Decimal amount = Decimal::from_units(++i);
    txn.postings = {Posting{AccountRef{"L1", AccountKind::kTrust, code, "", ""}, amount},
                    Posting{AccountRef{"D1", AccountKind::kCash, code, "", ""}, -amount}};
    ASSERT_TRUE(append_one(txn));
    expected.push_back("L1:trust:" + code + " " + amount.to_string());
  }
  std::sort(expected.begin(), expected.end());
  reopen(3);  // No account cached.
  auto balances = ledger_->balances({.party = "L1"});
  ASSERT_TRUE(balances) << balances.error().to_string();
  std::vector<std::string> actual;
  for (const AccountBalance& b : *balances) {
    actual.push_back(b.account.name() + " " + b.balance.to_string());
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(balance_map({.party = "D1"}).size(), 80u);
}

TEST_F(LedgerSqliteTest, SecondWriterGetsBusyError) {
  auto other = Database::open(dir_.file("books.db"), {.busy_timeout_ms = 50});
  ASSERT_TRUE(other);
  ASSERT_TRUE(ledger_->begin_write());
  Status second = (*other)->ledger_storage().begin();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kStorageBusy);
  ledger_->rollback();
  EXPECT_TRUE((*other)->ledger_storage().begin());
  (*other)->ledger_storage().rollback();
}

// A writer's account cache never hides an account another writer created
// since: it finds that one instead of creating a second copy.
TEST_F(LedgerSqliteTest, AccountsAnotherWriterCreatedAreFoundNotCreatedAgain) {
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10")));
  // D1's trust and L2's cash: accounts this writer's cache has not seen.
  append_elsewhere(transfer("k2", "2026-01-06", "L2", "D1", "4"));
  // The same two accounts again, from the first writer, and a new one.
  ASSERT_TRUE(append_one(transfer("k3", "2026-01-07", "L2", "D1", "1")));
  ASSERT_TRUE(append_one(transfer("k4", "2026-01-08", "L2", "L2", "2")));
  EXPECT_EQ(*db_->count_rows("account"), 5);  // D1 cash, L1 trust, D1 trust, L2 cash, L2 trust.
  auto d1 = ledger_->balances({.party = "D1", .kind = AccountKind::kTrust});
  ASSERT_TRUE(d1);
  ASSERT_EQ(d1->size(), 1u);
  EXPECT_EQ((*d1)[0].balance, *Decimal::parse("5"));
  auto report = ledger_->verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
}

// With FERMATA_LEDGER_PROFILE set, a ledger counts its appends (a repeat
// and a rejected one included: each is work the caller asked for) and its
// commits, and writes them with their times when destroyed; unset, nothing.
TEST_F(LedgerSqliteTest, ALedgerProfileCountsAppendsAndCommits) {
  ASSERT_EQ(setenv("FERMATA_LEDGER_PROFILE", "1", 1), 0);
  ::testing::internal::CaptureStderr();
  reopen(0);
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10")));
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10")));
  ASSERT_FALSE(append_one(transfer("k2", "2026-01-05", "NOPE", "L1", "1")));
  ledger_.reset();
  const std::string line = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(unsetenv("FERMATA_LEDGER_PROFILE"), 0);
  EXPECT_EQ(line.rfind("ledger-profile: append ", 0), 0u) << line;
  EXPECT_NE(line.find(" s (3 calls), commit "), std::string::npos) << line;
  EXPECT_NE(line.find(" s (2 calls)\n"), std::string::npos) << line;

  ::testing::internal::CaptureStderr();
  reopen(0);
  ASSERT_TRUE(append_one(transfer("k3", "2026-01-06", "D1", "L1", "1")));
  ledger_.reset();
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

// A checkpoint row copies its account's owner: from the writer's own
// account cache when it resolved the account, from the account row when
// not (a second connection). Verify catches a copy changed behind its back.
TEST_F(LedgerSqliteTest, CheckpointRowsNameTheirAccountsOwner) {
  reopen(0);
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10")));
  ASSERT_TRUE(append_one(transfer("k2", "2026-01-06", "L2", "L1", "4")));
  ASSERT_TRUE(ledger_->begin_write());
  ASSERT_TRUE(ledger_->write_checkpoint("2026-01-31"));
  ASSERT_TRUE(ledger_->commit());
  auto other_db = Database::open(dir_.file("books.db"), {});
  ASSERT_TRUE(other_db);
  Ledger other((*other_db)->ledger_storage(), {.actor = "other"});
  ASSERT_TRUE(other.begin_write());
  ASSERT_TRUE(other.write_checkpoint("2026-02-28"));
  ASSERT_TRUE(other.commit());

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("books.db").c_str(), &raw), SQLITE_OK);
  auto rows = [&] {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw,
                                 "SELECT c.as_of || ' ' || c.account_id || ' ' || c.party_id || "
                                 "' ' || a.party_id FROM checkpoint_balance c JOIN account a "
                                 "ON a.id = c.account_id ORDER BY c.as_of, c.account_id",
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return out;
  };
  EXPECT_EQ(rows(), (std::vector<std::string>{"2026-01-31 1 L1 L1", "2026-01-31 2 D1 D1",
                                              "2026-01-31 3 L2 L2", "2026-02-28 1 L1 L1",
                                              "2026-02-28 2 D1 D1", "2026-02-28 3 L2 L2"}));
  EXPECT_EQ(balance_map({.party = "L1", .as_of = "2026-03-01"}),
            (std::map<std::string, Decimal>{{"L1:trust:USD", *Decimal::parse("14")}}));
  auto clean = ledger_->verify();
  ASSERT_TRUE(clean);
  EXPECT_TRUE(clean->problems.empty());

  ASSERT_EQ(sqlite3_exec(raw,
                         "DROP TRIGGER checkpoint_balance_no_UPDATE; UPDATE checkpoint_balance "
                         "SET party_id = 'L2' WHERE as_of = '2026-02-28' AND account_id = 1",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto report = ledger_->verify();
  ASSERT_TRUE(report);
  EXPECT_NE(std::find(report->problems.begin(), report->problems.end(),
                      "checkpoint 2026-02-28: the row of account 1 names owner L2, its account L1"),
            report->problems.end());
}

// A read snapshot (what read-only commands open their books under) sees
// the books of one moment: another process's commit neither waits for it
// nor shows in it until it ends.
TEST_F(LedgerSqliteTest, AReadSnapshotSeesTheBooksOfOneMoment) {
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10")));
  ASSERT_TRUE(db_->begin_read());
  const std::map<std::string, Decimal> ten{{"L1:trust:USD", *Decimal::parse("10")}};
  EXPECT_EQ(balance_map({.party = "L1"}), ten);
  append_elsewhere(transfer("k2", "2026-01-06", "D1", "L1", "5"));
  EXPECT_EQ(balance_map({.party = "L1"}), ten);
  EXPECT_EQ(*db_->count_rows("txn"), 1);
  db_->end_read();
  EXPECT_EQ(balance_map({.party = "L1"}),
            (std::map<std::string, Decimal>{{"L1:trust:USD", *Decimal::parse("15")}}));
}

TEST_F(LedgerSqliteTest, BackupIsACompleteVerifiableCopy) {
  ASSERT_TRUE(append_one(transfer("k1", "2026-01-05", "D1", "L1", "10")));
  ASSERT_TRUE(db_->backup_to(dir_.file("copy.db")));
  auto copy = Database::open(dir_.file("copy.db"), {});
  ASSERT_TRUE(copy);
  Ledger copied((*copy)->ledger_storage(), {.actor = "test"});
  auto report = copied.verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->problems.empty());
  EXPECT_EQ(report->transactions, 1);
  EXPECT_EQ(db_->backup_to(dir_.file("copy.db")).error().code, ErrorCode::kTargetExists);
}

TEST_F(LedgerSqliteTest, OpeningAMissingFileIsAnError) {
  auto missing = Database::open(dir_.file("nope.db"), {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIoError);
}

}  // namespace
}  // namespace fermata
