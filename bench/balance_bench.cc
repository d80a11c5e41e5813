// Balance latency: one party's balances as of a date over a 10,000,000-posting ledger.
//
// Input (built once, cached in /tmp/fermata-bench-10m.db; the sidecar file
// /tmp/fermata-bench-10m.db.version holds kVersion and is written only when the build
// finished, so a changed generator or an interrupted build rebuilds the file):
//   100 label parties L0000..L0099 x 10 USD accounts (1,000 accounts), 5,000,000 transactions
//   of 2 postings between random accounts, effective dates in order over 24 months
//   (2024-01-01..2025-12-31, ~6,840 transactions a day), committed in batches of 50,000
//   transactions (100,000 postings) with the default automatic checkpoint every 100,000
//   postings (~100 checkpoints). L0042 owns ~1% of the postings (~100,000).
//   FERMATA_BENCH_BUILD=ledger (default) builds with Ledger::append; =direct inserts the rows
//   the ledger would write (same hashes via the canonical encoding, same recorded times, same
//   checkpoints via Ledger::write_checkpoint after each batch). The build prints its rate.
//
//   BM_LedgerBalance/<case>  Ledger::balances({.party = "L0042", .as_of, .as_known_at}):
//                            latest checkpoint <= as_of, plus the party's later postings.
//   BM_PlainSqlBalance/<case> What a user would do without checkpoints: fetch every posting
//                            of L0042 dated <= as_of (the as-of index covers the query; the
//                            as-known-at case joins txn on recorded_at) and sum in C++.
// Cases: early (2024-02-15), middle (2024-12-31), late (2025-12-15), end (2025-12-31, after
// the last checkpoint), and as known when half the transactions were recorded, as of the
// middle and as of late. The requirement is < 5 ms per Ledger query.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench_world.h"
#include "fermata/base/date.h"
#include "fermata/ledger/canonical.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using bench::account_of;
using bench::kAccounts;
using bench::kKinds;
using bench::kKindsPerParty;
using bench::kParties;
using bench::next;
using bench::party_id;

constexpr std::int64_t kTransactions = 5'000'000;  // x 2 postings = 10,000,000.
constexpr std::int64_t kBatch = 50'000;            // Transactions per commit.
constexpr int kDays = 731;                         // 2024-01-01..2025-12-31.
constexpr const char* kFirstDay = "2024-01-01";
constexpr const char* kPath = "/tmp/fermata-bench-10m.db";
constexpr const char* kVersion =
    "fermata-bench-10m v1: 100 parties x 10 USD accounts, 5000000 txns x 2 postings, "
    "2024-01-01..2025-12-31 in order, 50000 txns per commit, checkpoint every 100000 postings, "
    "splitmix64 seed 10";
constexpr const char* kParty = "L0042";

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "balance_bench: %s\n", message.c_str());
  std::abort();
}

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
}

void step(sqlite3_stmt* stmt) {
  const int rc = sqlite3_step(stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) die(sqlite3_errmsg(sqlite3_db_handle(stmt)));
  sqlite3_reset(stmt);
}

sqlite3* open_raw() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(kPath, &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) die("open");
  exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  return db;
}

// Transaction i of the generated ledger (0-based), deterministic given the seed stream.
NewTransaction make_transaction(std::int64_t i, std::uint64_t* seed,
                                const std::vector<std::string>& days) {
  NewTransaction txn;
  char key[24];
  std::snprintf(key, sizeof key, "t%09lld", static_cast<long long>(i));
  txn.idempotency_key = key;
  txn.effective_date = days[static_cast<std::size_t>(i * kDays / kTransactions)];
  txn.memo = "bench transfer";
  const int from = static_cast<int>(next(seed) % kAccounts) + 1;
  int to = static_cast<int>(next(seed) % kAccounts) + 1;
  if (to == from) to = to % kAccounts + 1;
  const auto cents = static_cast<Int128>(next(seed) % 10'000'000 + 1);
  const Decimal amount = Decimal::from_raw(cents * 10'000'000'000);
  txn.postings = {Posting{account_of(to), amount}, Posting{account_of(from), -amount}};
  return txn;
}

void create_schema_parties_accounts() {
  for (const char* suffix : {"", "-wal", "-shm", ".version"}) {
    std::filesystem::remove(std::string(kPath) + suffix);
  }
  if (!Database::open(kPath, {.create = true})) die("cannot create " + std::string(kPath));
  sqlite3* db = open_raw();
  exec(db, "BEGIN IMMEDIATE");
  bench::seed_parties_and_accounts(db);
  exec(db, "COMMIT");
  sqlite3_close(db);
}

// The same 16-byte encoding as storage/sqlite (big-endian, sign bit flipped).
void bind_amount(sqlite3_stmt* stmt, int index, Decimal value) {
  unsigned char bytes[16];
  UInt128 bits = static_cast<UInt128>(value.raw()) ^ (UInt128{1} << 127);
  for (int i = 15; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(bits & 0xff);
    bits >>= 8;
  }
  sqlite3_bind_blob(stmt, index, bytes, 16, SQLITE_TRANSIENT);
}

void bind_text(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// Direct inserts of exactly the rows Ledger::append writes (storage/sqlite/sqlite_ledger.cc).
class DirectWriter {
 public:
  DirectWriter() : db_(open_raw()) {
    sqlite3_prepare_v2(db_, "INSERT INTO txn VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1,
                       &txn_, nullptr);
    sqlite3_prepare_v2(db_, "INSERT INTO posting VALUES (?, ?, ?, ?, ?, ?)", -1, &posting_,
                       nullptr);
  }
  ~DirectWriter() {
    sqlite3_finalize(txn_);
    sqlite3_finalize(posting_);
    sqlite3_close(db_);
  }
  void begin() { exec(db_, "BEGIN IMMEDIATE"); }
  void commit() { exec(db_, "COMMIT"); }

  void append(const NewTransaction& txn) {
    StoredTransaction stored{
        seq_ + 1, txn, utc_now_micros(), "bench", sha256_hex(internal::encode_content(txn)),
        prev_,    ""};
    if (stored.recorded_at < last_recorded_at_) stored.recorded_at = last_recorded_at_;
    stored.sha256 = sha256_hex(internal::encode_chain_link(stored));
    sqlite3_bind_int64(txn_, 1, stored.seq);
    bind_text(txn_, 2, txn.idempotency_key);
    bind_text(txn_, 3, txn.effective_date);
    bind_text(txn_, 4, stored.recorded_at);
    bind_text(txn_, 5, stored.actor);
    bind_text(txn_, 6, txn.memo);
    bind_text(txn_, 7, txn.source.document_sha256);
    bind_text(txn_, 8, txn.source.line_ranges);
    sqlite3_bind_int64(txn_, 9, txn.voids_seq);
    bind_text(txn_, 10, stored.content_sha256);
    bind_text(txn_, 11, stored.prev_sha256);
    bind_text(txn_, 12, stored.sha256);
    step(txn_);
    for (std::size_t i = 0; i < txn.postings.size(); ++i) {
      const AccountRef& ref = txn.postings[i].account;
      const auto kind = static_cast<int>(ref.kind);
      int id = 0;
      for (int k = 0; k < kKindsPerParty; ++k) {
        if (static_cast<int>(kKinds[k]) == kind) id = std::atoi(ref.party.c_str() + 1) * 10 + k + 1;
      }
      sqlite3_bind_int64(posting_, 1, stored.seq);
      sqlite3_bind_int64(posting_, 2, static_cast<std::int64_t>(i));
      sqlite3_bind_int64(posting_, 3, id);
      bind_text(posting_, 4, ref.party);
      bind_text(posting_, 5, txn.effective_date);
      bind_amount(posting_, 6, txn.postings[i].amount);
      step(posting_);
    }
    seq_ = stored.seq;
    prev_ = stored.sha256;
    last_recorded_at_ = stored.recorded_at;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* txn_ = nullptr;
  sqlite3_stmt* posting_ = nullptr;
  std::int64_t seq_ = 0;
  std::string prev_ = kGenesisSha256;
  std::string last_recorded_at_;
};

// Builds the 10M-posting file; returns a line describing how it was built.
std::string build(bool direct) {
  create_schema_parties_accounts();
  std::vector<std::string> days;
  for (int d = 0; d < kDays; ++d) days.push_back(add_days(kFirstDay, d));
  auto db = Database::open(kPath, {});
  if (!db) die(db.error().to_string());
  Ledger ledger((*db)->ledger_storage(), {.actor = "bench"});
  std::unique_ptr<DirectWriter> writer;
  if (direct) writer = std::make_unique<DirectWriter>();
  std::string last_checkpoint;
  std::uint64_t seed = 10;
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t first = 0; first < kTransactions; first += kBatch) {
    if (direct) {
      writer->begin();
      for (std::int64_t i = first; i < first + kBatch; ++i) {
        writer->append(make_transaction(i, &seed, days));
      }
      writer->commit();
      // What Ledger::maybe_checkpoint does once 100,000 postings were appended.
      const std::string date = add_days(
          days[static_cast<std::size_t>((first + kBatch - 1) * kDays / kTransactions)], -1);
      if (date > last_checkpoint) {
        if (!ledger.begin_write() || !ledger.write_checkpoint(date) || !ledger.commit()) {
          die("checkpoint failed");
        }
        last_checkpoint = date;
      }
    } else {
      if (!ledger.begin_write()) die("BeginWrite failed");
      for (std::int64_t i = first; i < first + kBatch; ++i) {
        Result<AppendOutcome> outcome = ledger.append(make_transaction(i, &seed, days));
        if (!outcome) die(outcome.error().to_string());
      }
      if (!ledger.commit()) die("Commit failed");
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    const double postings = static_cast<double>((first + kBatch) * 2);
    std::fprintf(stderr, "\rbalance_bench: built %.1fM postings in %.0f s (%.0f postings/s)",
                 postings / 1e6, elapsed.count(), postings / elapsed.count());
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::ostringstream line;
  line << (direct ? "direct inserts + Ledger::WriteCheckpoint" : "Ledger::Append") << ", "
       << static_cast<long long>(elapsed.count()) << " s, "
       << static_cast<long long>(static_cast<double>(kTransactions * 2) / elapsed.count())
       << " postings/s";
  std::fprintf(stderr, "\nbalance_bench: %s\n", line.str().c_str());
  return line.str();
}

// Opens the cached ledger, building it first when missing or of another version.
void ensure_built() {
  std::ifstream in(std::string(kPath) + ".version");
  std::string version;
  std::getline(in, version);
  std::string how;
  std::getline(in, how);
  if (version == kVersion && std::filesystem::exists(kPath)) {
    std::printf("Using cached %s (%s)\n", kPath, how.c_str());
    return;
  }
  const char* mode = std::getenv("FERMATA_BENCH_BUILD");
  std::printf("Building %s (%s)\n", kPath, kVersion);
  std::fflush(stdout);
  how = build(mode != nullptr && std::string(mode) == "direct");
  std::ofstream(std::string(kPath) + ".version") << kVersion << "\n" << how << "\n";
}

struct Case {
  const char* name;
  std::string as_of;
  bool known_at_half;  // As known when half of the transactions were recorded.
};

struct Fixture {
  std::unique_ptr<Database> db;
  std::unique_ptr<Ledger> ledger;
  sqlite3* raw = nullptr;
  std::string half_recorded_at;
};

Fixture& shared() {
  static Fixture* fixture = [] {
    auto* f = new Fixture;
    auto db = Database::open(kPath, {});
    if (!db) die(db.error().to_string());
    f->db = std::move(*db);
    f->ledger = std::make_unique<Ledger>(f->db->ledger_storage(), LedgerOptions{.actor = "bench"});
    f->half_recorded_at = f->ledger->get(kTransactions / 2)->recorded_at;
    if (sqlite3_open_v2(kPath, &f->raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) die("open");
    return f;
  }();
  return *fixture;
}

BalanceQuery query_for(const Case& c) {
  return BalanceQuery{.party = kParty,
                      .kind = std::nullopt,
                      .as_of = c.as_of,
                      .as_known_at = c.known_at_half ? shared().half_recorded_at : ""};
}

std::map<std::int64_t, Int128> plain_sql_balances(const Case& c) {
  Fixture& f = shared();
  static sqlite3_stmt* by_date = nullptr;
  static sqlite3_stmt* by_date_known = nullptr;
  if (by_date == nullptr) {
    sqlite3_prepare_v2(f.raw,
                       "SELECT account_id, amount FROM posting "
                       "WHERE party_id = ?1 AND effective_date <= ?2",
                       -1, &by_date, nullptr);
    sqlite3_prepare_v2(f.raw,
                       "SELECT p.account_id, p.amount FROM posting p JOIN txn t "
                       "ON t.seq = p.txn_seq WHERE p.party_id = ?1 AND p.effective_date <= ?2 "
                       "AND t.recorded_at <= ?3",
                       -1, &by_date_known, nullptr);
  }
  sqlite3_stmt* stmt = c.known_at_half ? by_date_known : by_date;
  sqlite3_bind_text(stmt, 1, kParty, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, c.as_of.c_str(), -1, SQLITE_TRANSIENT);
  if (c.known_at_half) sqlite3_bind_text(stmt, 3, f.half_recorded_at.c_str(), -1, SQLITE_STATIC);
  std::map<std::int64_t, Int128> sums;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, 1));
    UInt128 bits = 0;
    for (int i = 0; i < 16; ++i) bits = (bits << 8) | bytes[i];
    sums[sqlite3_column_int64(stmt, 0)] += static_cast<Int128>(bits ^ (UInt128{1} << 127));
  }
  sqlite3_reset(stmt);
  return sums;
}

// Both methods must agree before either is timed.
void check_agree(const Case& c) {
  Fixture& f = shared();
  auto balances = f.ledger->balances(query_for(c));
  if (!balances) die(balances.error().to_string());
  std::map<std::string, Int128> from_ledger;
  for (const AccountBalance& b : *balances) from_ledger[b.account.name()] = b.balance.raw();
  std::map<std::string, Int128> from_sql;
  for (const auto& [id, sum] : plain_sql_balances(c)) {
    if (sum != 0) from_sql[account_of(static_cast<int>(id)).name()] = sum;
  }
  if (from_ledger != from_sql || from_ledger.empty()) {
    die(std::string("Ledger and plain SQL balances differ for case ") + c.name);
  }
}

void ledger_balance(benchmark::State& state, const Case& c) {
  Fixture& f = shared();
  const BalanceQuery query = query_for(c);
  std::size_t accounts = 0;
  for (auto _ : state) {
    auto balances = f.ledger->balances(query);
    if (!balances) {
      state.SkipWithError(balances.error().to_string().c_str());
      return;
    }
    accounts = balances->size();
    benchmark::DoNotOptimize(balances);
  }
  state.counters["accounts"] = static_cast<double>(accounts);
}

void plain_sql_balance(benchmark::State& state, const Case& c) {
  std::size_t accounts = 0;
  for (auto _ : state) {
    auto sums = plain_sql_balances(c);
    accounts = sums.size();
    benchmark::DoNotOptimize(sums);
  }
  state.counters["accounts"] = static_cast<double>(accounts);
}

}  // namespace
}  // namespace fermata

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fermata::ensure_built();
  static const std::vector<fermata::Case> kCases = {
      {"early", "2024-02-15", false},
      {"middle", "2024-12-31", false},
      {"late", "2025-12-15", false},
      {"end", "2025-12-31", false},
      {"known_half/as_of_middle", "2024-12-31", true},
      {"known_half/as_of_late", "2025-12-15", true},
  };
  for (const fermata::Case& c : kCases) fermata::check_agree(c);
  for (const fermata::Case& c : kCases) {
    benchmark::RegisterBenchmark((std::string("BM_LedgerBalance/") + c.name).c_str(),
                                 fermata::ledger_balance, c)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(0.3);
  }
  for (const fermata::Case& c : kCases) {
    benchmark::RegisterBenchmark((std::string("BM_PlainSqlBalance/") + c.name).c_str(),
                                 fermata::plain_sql_balance, c)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(0.3);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
