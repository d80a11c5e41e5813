// Goal: hledger, reading our journal on its own, agrees with every balance
// Fermata computes, and the check is not vacuous: one changed digit in the
// 12th decimal place of one assertion or one posting makes hledger fail.
// Method: the sample ledger plus a randomised one (backdated entries, 12
// fractional digits, three currencies, inventory) exported to temp files and
// run through `hledger -f FILE check --strict` (hledger 1.25 has `check`;
// assertions are checked by default, --strict adds declared accounts and
// commodities).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "fermata/export/export.h"
#include "fermata/export/sample_ledger.h"
#include "fermata/storage/sqlite/test_db.h"

namespace fermata {
namespace {

using testing::TempDir;

struct HledgerRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together.
};

HledgerRun run_hledger(const std::string& journal) {
  const std::string command =
      std::string(FERMATA_HLEDGER_PROGRAM) + " -f '" + journal + "' check --strict 2>&1";
  HledgerRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Adds `delta` * 10^-12 to the number right after the first `marker` at or
// after `from`, e.g. "= -10.5 USD" -> "= -10.499999999999 USD". Returns where
// the number ended, or npos (after a test failure) when there is no marker.
std::size_t nudge(std::string& journal, const std::string& marker, int delta,
                  std::size_t from = 0) {
  const std::size_t at = journal.find(marker, from);
  EXPECT_NE(at, std::string::npos) << marker;
  if (at == std::string::npos) return at;
  const std::size_t begin = at + marker.size();
  const std::size_t end = journal.find(' ', begin);
  const Decimal value = *Decimal::parse(journal.substr(begin, end - begin));
  const std::string nudged = (value + Decimal::from_raw(delta)).to_string();
  journal.replace(begin, end - begin, nudged);
  return begin + nudged.size();
}

// The journal with one assertion (the first after `marker`) off by 10^-12.
std::string with_nudged_assertion(std::string journal, const std::string& marker) {
  nudge(journal, marker, 1);
  return journal;
}

class HledgerCrossCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(FERMATA_HLEDGER_PROGRAM).empty()) GTEST_SKIP() << "hledger not installed";
    auto db = Database::open(dir_.file("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().to_string();
    db_ = std::move(*db);
    ledger_ = std::make_unique<Ledger>(
        db_->ledger_storage(), LedgerOptions{.actor = "test", .checkpoint_every_postings = 7});
    Status catalog = testing::put_sample_catalog(*db_);
    ASSERT_TRUE(catalog) << catalog.error().to_string();
  }

  std::string export_journal() {
    std::ostringstream out;
    Status status = write_hledger_journal(*ledger_, db_->ledger_storage(), out);
    EXPECT_TRUE(status) << status.error().to_string();
    write_file(dir_.file("books.journal"), out.str());
    return dir_.file("books.journal");
  }

  // Transfers with 12-digit amounts between random accounts on random dates
  // (so many are backdated behind checkpoints), plus inventory moves.
  void append_random(int count) {
    std::mt19937_64 rng(20261125);
    std::uniform_int_distribution<std::int64_t> raw_amount(1, 99'999'999'999'999'999);
    const char* parties[] = {"D1", "L1", "L:2", "W1"};
    const char* currencies[] = {"USD", "EUR", "JPY"};
    ASSERT_TRUE(ledger_->begin_write());
    for (int i = 0; i < count; ++i) {
      NewTransaction txn;
      txn.idempotency_key = "r" + std::to_string(i);
      txn.effective_date =
          "2026-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10);
      const bool units = i % 5 == 0;
      const std::string commodity = units ? "SKU:CD-001" : currencies[rng() % 3];
      // Up to 99999.999999999999: every digit of the fraction in play.
      const Decimal value =
          units ? Decimal::from_units(1 + rng() % 1000) : Decimal::from_raw(raw_amount(rng));
      const AccountKind kind = units ? AccountKind::kInventory : AccountKind::kTrust;
      txn.postings = {
          Posting{AccountRef{parties[rng() % 4], kind, commodity, units ? "W1" : "", ""}, value},
          Posting{AccountRef{parties[rng() % 4], AccountKind::kExternal, commodity, "", ""},
                  -value}};
      auto outcome = ledger_->append(txn);
      ASSERT_TRUE(outcome) << outcome.error().to_string();
    }
    ASSERT_TRUE(ledger_->commit());
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(HledgerCrossCheck, SampleLedgerAgreesAndANudgeIsCaught) {
  Status appended = testing::append_sample_transactions(*ledger_);
  ASSERT_TRUE(appended) << appended.error().to_string();
  const std::string path = export_journal();
  const HledgerRun good = run_hledger(path);
  ASSERT_EQ(good.exit_code, 0) << good.output;

  const std::string journal = read_file(path);
  // One assertion off by 10^-12 ...
  write_file(path, with_nudged_assertion(journal, "    parties:D1:cash  0 USD = "));
  HledgerRun bad = run_hledger(path);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("balance assertion"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("difference: 0.000000000001"), std::string::npos) << bad.output;
  // ... an assertion of a zero balance ...
  write_file(path, with_nudged_assertion(journal, "    parties:L1:trust  0 EUR = "));
  HledgerRun zero = run_hledger(path);
  EXPECT_NE(zero.exit_code, 0);
  EXPECT_NE(zero.output.find("balance assertion"), std::string::npos) << zero.output;
  // ... and an inventory assertion.
  write_file(path,
             with_nudged_assertion(journal, "    parties:L%3A2:external  0 \"SKU:CD-001\" = "));
  HledgerRun units = run_hledger(path);
  EXPECT_NE(units.exit_code, 0);
  EXPECT_NE(units.output.find("balance assertion"), std::string::npos) << units.output;
}

TEST_F(HledgerCrossCheck, RandomLedgerAgreesAndAChangedPostingIsCaught) {
  append_random(300);
  const std::string path = export_journal();
  const HledgerRun good = run_hledger(path);
  ASSERT_EQ(good.exit_code, 0) << good.output;

  // Moving 10^-12 between the two postings of transaction 2 keeps it
  // balanced, so only the assertions can notice.
  std::string changed = read_file(path);
  const std::size_t header = changed.find(" (2)\n");
  ASSERT_NE(header, std::string::npos);
  const std::size_t first_end = nudge(changed, "  ", 1, changed.find("\n    parties:", header) + 5);
  ASSERT_NE(first_end, std::string::npos);
  nudge(changed, "  ", -1, changed.find("\n    parties:", first_end) + 5);
  write_file(path, changed);
  const HledgerRun bad = run_hledger(path);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("balance assertion"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace fermata
