// Posting throughput: Ledger::append into SQLite against bare SQLite inserts of the same rows.
//
// Input: 50,000 transactions of 2 postings (100,000 postings) per iteration, between random
// USD accounts of 1,000 accounts (100 label parties x 10 account kinds), dated in order over
// January 2026, all in one unit of work (one SQLite transaction, one fsync at commit).
// Every iteration starts from a fresh database file in /tmp holding the schema, the parties
// and the accounts; creating it is not timed (manual time covers BEGIN..COMMIT only).
//
//   BM_LedgerAppend/100000  Ledger::begin_write, Append x N, Commit: validation, canonical
//                           encoding, two SHA-256 per transaction, the idempotency lookup,
//                           the account cache, foreign keys, every index (as-of index
//                           included) and one automatic checkpoint per 100,000 postings
//                           (the default checkpoint_every_postings).
//   BM_LedgerAppend/0       The same with automatic checkpoints disabled.
//   BM_BareInsert/1         Prepared INSERTs of the same txn and posting rows into the same
//                           schema, same pragmas (WAL, synchronous=FULL, foreign_keys=ON),
//                           with placeholder hash strings: no validation, no hashing.
//   BM_BareInsert/0         The same with foreign_keys=OFF.
//
// The requirement is Ledger >= 0.5 x bare in postings per second; main() prints the ratios of
// the figures measured in this run.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_world.h"
#include "fermata/base/date.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using bench::account_of;
using bench::kAccounts;
using bench::kKindsPerParty;
using bench::kParties;
using bench::next;
using bench::party_id;

constexpr std::int64_t kTransactions = 50'000;
constexpr std::int64_t kPostingsPerTxn = 2;

// One transaction as the bare insert sees it; the ledger gets the same as NewTransaction.
struct Row {
  std::string key;
  std::string date;
  int from_account;  // 1-based account ids.
  int to_account;
  Int128 raw_amount;
};

std::vector<Row> make_rows() {
  std::vector<Row> rows;
  rows.reserve(kTransactions);
  std::uint64_t seed = 2026;
  for (std::int64_t i = 0; i < kTransactions; ++i) {
    char key[24];
    std::snprintf(key, sizeof key, "bench-%08lld", static_cast<long long>(i));
    const int day = static_cast<int>(i * 31 / kTransactions);
    const int from = static_cast<int>(next(&seed) % kAccounts) + 1;
    int to = static_cast<int>(next(&seed) % kAccounts) + 1;
    if (to == from) to = to % kAccounts + 1;
    const auto cents = static_cast<Int128>(next(&seed) % 10'000'000 + 1);
    rows.push_back(Row{key, add_days("2026-01-01", day), from, to, cents * 10'000'000'000});
  }
  return rows;
}

std::vector<NewTransaction> make_transactions(const std::vector<Row>& rows) {
  std::vector<NewTransaction> txns;
  txns.reserve(rows.size());
  for (const Row& row : rows) {
    NewTransaction txn;
    txn.idempotency_key = row.key;
    txn.effective_date = row.date;
    txn.memo = "bench transfer";
    const Decimal amount = Decimal::from_raw(row.raw_amount);
    txn.postings = {Posting{account_of(row.to_account), amount},
                    Posting{account_of(row.from_account), -amount}};
    txns.push_back(std::move(txn));
  }
  return txns;
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "ledger_bench: %s: %s\n", what, sqlite3_errmsg(db));
    std::abort();
  }
}

void exec(sqlite3* db, const char* sql) {
  check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

sqlite3* open_raw(const std::string& path, bool foreign_keys) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), db, "open");
  exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  exec(db, foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
  return db;
}

// The same 16-byte encoding as storage/sqlite (big-endian, sign bit flipped).
void encode_amount(Int128 raw, unsigned char out[16]) {
  UInt128 bits = static_cast<UInt128>(raw) ^ (UInt128{1} << 127);
  for (int i = 15; i >= 0; --i) {
    out[i] = static_cast<unsigned char>(bits & 0xff);
    bits >>= 8;
  }
}

// A fresh file with the schema (via Database::open), the parties and the accounts.
std::string fresh_database() {
  const std::string path =
      (std::filesystem::temp_directory_path() / "fermata-bench-ledger.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  {
    auto db = Database::open(path, {.create = true});
    if (!db) {
      std::fprintf(stderr, "ledger_bench: %s\n", db.error().to_string().c_str());
      std::abort();
    }
  }
  sqlite3* db = open_raw(path, true);
  exec(db, "BEGIN IMMEDIATE");
  bench::seed_parties_and_accounts(db);
  exec(db, "COMMIT");
  sqlite3_close(db);
  return path;
}

double g_ledger_rate[2] = {0, 0};  // [checkpoints off, on]
double g_bare_rate[2] = {0, 0};    // [foreign keys off, on]

void report(benchmark::State& state, double seconds_total, double* slot) {
  const double postings = static_cast<double>(state.iterations() * kTransactions * kPostingsPerTxn);
  state.counters["postings_per_s"] = benchmark::Counter(postings, benchmark::Counter::kIsRate);
  state.counters["postings"] = static_cast<double>(kTransactions * kPostingsPerTxn);
  if (seconds_total > 0) *slot = postings / seconds_total;
}

void bm_ledger_append(benchmark::State& state) {
  const std::vector<NewTransaction> txns = make_transactions(make_rows());
  const std::int64_t checkpoint_every = state.range(0);
  double total = 0;
  for (auto _ : state) {
    const std::string path = fresh_database();
    auto db = Database::open(path, {});
    Ledger ledger((*db)->ledger_storage(),
                  {.actor = "bench", .checkpoint_every_postings = checkpoint_every});
    const auto start = std::chrono::steady_clock::now();
    if (!ledger.begin_write()) std::abort();
    for (const NewTransaction& txn : txns) {
      Result<AppendOutcome> outcome = ledger.append(txn);
      if (!outcome) {
        state.SkipWithError(outcome.error().to_string().c_str());
        return;
      }
    }
    if (!ledger.commit()) std::abort();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    state.SetIterationTime(elapsed.count());
    total += elapsed.count();
  }
  report(state, total, &g_ledger_rate[checkpoint_every > 0 ? 1 : 0]);
}
BENCHMARK(bm_ledger_append)
    ->Arg(100'000)
    ->Arg(0)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

void bm_bare_insert(benchmark::State& state) {
  const std::vector<Row> rows = make_rows();
  const bool foreign_keys = state.range(0) != 0;
  const std::string placeholder(64, 'a');
  double total = 0;
  for (auto _ : state) {
    sqlite3* db = open_raw(fresh_database(), foreign_keys);
    sqlite3_stmt* txn = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO txn VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &txn,
                       nullptr);
    sqlite3_stmt* posting = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO posting VALUES (?, ?, ?, ?, ?, ?)", -1, &posting, nullptr);
    const auto start = std::chrono::steady_clock::now();
    exec(db, "BEGIN IMMEDIATE");
    std::int64_t seq = 0;
    for (const Row& row : rows) {
      ++seq;
      sqlite3_bind_int64(txn, 1, seq);
      sqlite3_bind_text(txn, 2, row.key.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(txn, 3, row.date.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(txn, 4, "2026-02-01T00:00:00.000000Z", -1, SQLITE_STATIC);
      sqlite3_bind_text(txn, 5, "bench", -1, SQLITE_STATIC);
      sqlite3_bind_text(txn, 6, "bench transfer", -1, SQLITE_STATIC);
      sqlite3_bind_text(txn, 7, "", -1, SQLITE_STATIC);
      sqlite3_bind_text(txn, 8, "", -1, SQLITE_STATIC);
      sqlite3_bind_int64(txn, 9, 0);
      for (int column : {10, 11, 12}) {
        sqlite3_bind_text(txn, column, placeholder.c_str(), 64, SQLITE_STATIC);
      }
      check(sqlite3_step(txn), db, "insert txn");
      sqlite3_reset(txn);
      const int accounts[2] = {row.to_account, row.from_account};
      for (int i = 0; i < 2; ++i) {
        unsigned char amount[16];
        encode_amount(i == 0 ? row.raw_amount : -row.raw_amount, amount);
        const std::string party = party_id((accounts[i] - 1) / kKindsPerParty);
        sqlite3_bind_int64(posting, 1, seq);
        sqlite3_bind_int64(posting, 2, i);
        sqlite3_bind_int64(posting, 3, accounts[i]);
        sqlite3_bind_text(posting, 4, party.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(posting, 5, row.date.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_blob(posting, 6, amount, 16, SQLITE_TRANSIENT);
        check(sqlite3_step(posting), db, "insert posting");
        sqlite3_reset(posting);
      }
    }
    exec(db, "COMMIT");
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    state.SetIterationTime(elapsed.count());
    total += elapsed.count();
    sqlite3_finalize(txn);
    sqlite3_finalize(posting);
    sqlite3_close(db);
  }
  report(state, total, &g_bare_rate[foreign_keys ? 1 : 0]);
}
BENCHMARK(bm_bare_insert)
    ->Arg(1)
    ->Arg(0)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

void print_ratio(const char* what, double ledger, double bare) {
  if (ledger > 0 && bare > 0) {
    std::printf("ratio %s: %.3f (%.0f / %.0f postings/s)\n", what, ledger / bare, ledger, bare);
  }
}

}  // namespace
}  // namespace fermata

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  using fermata::g_bare_rate;
  using fermata::g_ledger_rate;
  std::printf("\nRequirement: Ledger >= 0.5 x bare SQLite (postings/s, this run)\n");
  fermata::print_ratio("Ledger(checkpoints on) / bare(foreign keys on)", g_ledger_rate[1],
                       g_bare_rate[1]);
  fermata::print_ratio("Ledger(checkpoints off) / bare(foreign keys on)", g_ledger_rate[0],
                       g_bare_rate[1]);
  fermata::print_ratio("Ledger(checkpoints on) / bare(foreign keys off)", g_ledger_rate[1],
                       g_bare_rate[0]);
  return 0;
}
