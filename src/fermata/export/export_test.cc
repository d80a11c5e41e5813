// Goal: both exports write exactly the ledger's content, byte for byte:
// amounts unrounded, text quoted or escaped where the format needs it, every
// account asserted at its final balance (zero ones included), and
// transactions in seq order even when dates are not.
// Method: the sample ledger (sample_ledger.h) in a real SQLite file; expected
// outputs written out by hand, with only the recorded times and hashes (which
// depend on the clock) substituted from the ledger.
#include <gtest/gtest.h>

#include <sstream>

#include "fermata/export/export.h"
#include "fermata/export/sample_ledger.h"
#include "fermata/storage/sqlite/test_db.h"

namespace fermata {
namespace {

using testing::TempDir;

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().to_string();
    db_ = std::move(*db);
    ledger_ = std::make_unique<Ledger>(db_->ledger_storage(), LedgerOptions{.actor = "test"});
  }

  void append_sample() {
    Status catalog = testing::put_sample_catalog(*db_);
    ASSERT_TRUE(catalog) << catalog.error().to_string();
    Status appended = testing::append_sample_transactions(*ledger_);
    ASSERT_TRUE(appended) << appended.error().to_string();
  }

  std::string recorded(std::int64_t seq) { return ledger_->get(seq)->recorded_at; }
  std::string hash(std::int64_t seq) { return ledger_->get(seq)->sha256; }

  std::string hledger() {
    std::ostringstream out;
    Status status = write_hledger_journal(*ledger_, db_->ledger_storage(), out);
    EXPECT_TRUE(status) << status.error().to_string();
    return out.str();
  }

  std::string csv() {
    std::ostringstream out;
    Status status = write_general_ledger_csv(*ledger_, db_->ledger_storage(), out);
    EXPECT_TRUE(status) << status.error().to_string();
    return out.str();
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(ExportTest, GeneralLedgerCsvIsExact) {
  append_sample();
  const std::string a64(64, 'a');
  const std::string expected =
      "seq,effective_date,recorded_at,key,memo,account,party,kind,commodity,location,"
      "counterparty,debit,credit,source_sha256,source_lines\r\n"
      "1,2026-01-05," +
      recorded(1) +
      ",k1,\"Sales, \"\"January\"\"\",L1:trust:USD,L1,trust,USD,,,"
      "10.5,," +
      a64 +
      ",\"12-40,52\"\r\n"
      "1,2026-01-05," +
      recorded(1) +
      ",k1,\"Sales, \"\"January\"\"\",D1:cash:USD,D1,cash,USD,,,,"
      "10.5," +
      a64 +
      ",\"12-40,52\"\r\n"
      "2,2026-01-06," +
      recorded(2) +
      ",k2;x,\"stream; rate\nline two\",L1:trust:EUR,L1,trust,EUR,"
      ",,0.000000000001,,,\r\n"
      "2,2026-01-06," +
      recorded(2) +
      ",k2;x,\"stream; rate\nline two\",D1:payable:EUR/L1,D1,"
      "payable,EUR,,L1,,0.000000000001,,\r\n"
      "3,2026-01-04," +
      recorded(3) +
      ",k3,pressing,L:2:inventory:SKU:CD-001@W1,L:2,inventory,"
      "SKU:CD-001,W1,,100,,,\r\n"
      "3,2026-01-04," +
      recorded(3) +
      ",k3,pressing,L:2:external:SKU:CD-001,L:2,external,"
      "SKU:CD-001,,,,100,,\r\n"
      "4,2026-02-01," +
      recorded(4) +
      ",k4,,L1:cash:USD,L1,cash,USD,,,10.5,,,\r\n"
      "4,2026-02-01," +
      recorded(4) +
      ",k4,,L1:trust:USD,L1,trust,USD,,,,10.5,,\r\n"
      "5,2026-02-02," +
      recorded(5) +
      ",void:2,Void of transaction 2: duplicate,L1:trust:EUR,L1,"
      "trust,EUR,,,,0.000000000001,,\r\n"
      "5,2026-02-02," +
      recorded(5) +
      ",void:2,Void of transaction 2: duplicate,"
      "D1:payable:EUR/L1,D1,payable,EUR,,L1,0.000000000001,,,\r\n";
  EXPECT_EQ(csv(), expected);
}

TEST_F(ExportTest, HledgerJournalIsExact) {
  append_sample();
  const std::string expected =
      "; Fermata ledger export: transactions 1..5, chain tip sha256 " + hash(5) +
      "\n"
      "; Check with: hledger -f FILE check --strict\n"
      "decimal-mark .\n"
      "\n2026-01-05 (1) Sales, \"January\"\n"
      "    ; key: k1\n"
      "    ; sha256: " +
      hash(1) +
      "\n"
      "    ; source: " +
      std::string(64, 'a') +
      " lines 12-40,52\n"
      "    parties:L1:trust  10.5 USD\n"
      "    parties:D1:cash  -10.5 USD\n"
      // ';' would start a comment and '\n' end the entry.
      "\n2026-01-06 (2) stream, rate line two\n"
      "    ; key: k2;x\n"
      "    ; sha256: " +
      hash(2) +
      "\n"
      "    parties:L1:trust  0.000000000001 EUR\n"
      "    parties:D1:payable:with-L1  -0.000000000001 EUR\n"
      // Backdated, but still in seq order; ':' in a party id is escaped.
      "\n2026-01-04 (3) pressing\n"
      "    ; key: k3\n"
      "    ; sha256: " +
      hash(3) +
      "\n"
      "    parties:L%3A2:inventory:at-W1  100 \"SKU:CD-001\"\n"
      "    parties:L%3A2:external  -100 \"SKU:CD-001\"\n"
      "\n2026-02-01 (4)\n"
      "    ; key: k4\n"
      "    ; sha256: " +
      hash(4) +
      "\n"
      "    parties:L1:cash  10.5 USD\n"
      "    parties:L1:trust  -10.5 USD\n"
      "\n2026-02-02 (5) Void of transaction 2: duplicate\n"
      "    ; key: void:2\n"
      "    ; sha256: " +
      hash(5) +
      "\n"
      "    ; voids: 2\n"
      "    parties:L1:trust  -0.000000000001 EUR\n"
      "    parties:D1:payable:with-L1  0.000000000001 EUR\n"
      // Every account, zero balances included, at the latest date.
      "\n2026-02-02 Fermata final balances\n"
      "    ; Balances computed by Fermata; hledger checks them against the postings.\n"
      "    parties:D1:cash  0 USD = -10.5 USD\n"
      "    parties:D1:payable:with-L1  0 EUR = 0 EUR\n"
      "    parties:L%3A2:external  0 \"SKU:CD-001\" = -100 \"SKU:CD-001\"\n"
      "    parties:L%3A2:inventory:at-W1  0 \"SKU:CD-001\" = 100 \"SKU:CD-001\"\n"
      "    parties:L1:cash  0 USD = 10.5 USD\n"
      "    parties:L1:trust  0 EUR = 0 EUR\n"
      "    parties:L1:trust  0 USD = 0 USD\n"
      "\n; Declarations for `hledger check --strict`; display keeps every digit.\n"
      "commodity 1000. \"SKU:CD-001\"\n"
      "commodity 1000.000000000000 EUR\n"
      "commodity 1000.0 USD\n"
      "account parties:D1:cash\n"
      "account parties:D1:payable:with-L1\n"
      "account parties:L%3A2:external\n"
      "account parties:L%3A2:inventory:at-W1\n"
      "account parties:L1:cash\n"
      "account parties:L1:trust\n";
  EXPECT_EQ(hledger(), expected);
}

TEST_F(ExportTest, EmptyLedgerWritesOnlyHeaders) {
  EXPECT_EQ(hledger(), "; Fermata ledger export: transactions 1..0, chain tip sha256 " +
                           std::string(64, '0') +
                           "\n; Check with: hledger -f FILE check --strict\ndecimal-mark .\n");
  EXPECT_EQ(csv(),
            "seq,effective_date,recorded_at,key,memo,account,party,kind,commodity,location,"
            "counterparty,debit,credit,source_sha256,source_lines\r\n");
}

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("plain text; ok"), "plain text; ok");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field("lf\nhere"), "\"lf\nhere\"");
}

TEST(HledgerAccountNameTest, DistinctAccountsGetDistinctNames) {
  EXPECT_EQ(hledger_account_name({"L0001", AccountKind::kTrust, "USD", "", ""}),
            "parties:L0001:trust");
  EXPECT_EQ(hledger_account_name({"L0001", AccountKind::kInventory, "SKU:CD-001", "W1", ""}),
            "parties:L0001:inventory:at-W1");
  EXPECT_EQ(hledger_account_name({"D1", AccountKind::kPayable, "USD", "", "L0001"}),
            "parties:D1:payable:with-L0001");
  // '%' is not an id character, so an escaped ':' cannot collide with an id.
  EXPECT_EQ(hledger_account_name({"A:B", AccountKind::kCash, "USD", "x y", ""}),
            "parties:A%3AB:cash:at-x%20y");
}

}  // namespace
}  // namespace fermata
