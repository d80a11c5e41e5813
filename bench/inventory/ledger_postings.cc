// The yardstick of the stock import benchmark (bench/inventory/README.md): the
// time the ledger posting benchmark (bench/ledger_bench.cc, bm_ledger_append)
// needs for a given number of postings.
//
// Input: `--postings P` postings as P/2 transactions of 2 postings between
// random USD accounts, dated in order over 2026, keys "bench-NNNNNNNN", memo
// "bench transfer". The accounts are the ledger benchmark's world (100 label
// parties x 10 account kinds, bench_world.h): 1,000 by default; `--accounts A`
// adds copies of those 1,000 at locations B0001, B0002, ... (A rounded up to a
// multiple of 1,000), so that the same postings can be spread over as many
// accounts as a stock import creates. Everything is appended through
// Ledger::begin_write, Ledger::append x P/2, Ledger::commit: one unit of work,
// one fsync, an automatic checkpoint every 100,000 postings (the default;
// `--checkpoint-every N`, 0 = none). The database file (schema, parties,
// accounts) is made fresh before timing.
//
// Timed: begin_write..commit (fsync included), as bm_ledger_append does.
// Prints one JSON object: postings, transactions, accounts, seconds,
// postings_per_s.
//
// Usage: fermata_bench_ledger_postings --postings P [--accounts A]
//                                      [--checkpoint-every N] [--db PATH]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "../bench_world.h"
#include "fermata/base/date.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "ledger_postings: %s\n", message.c_str());
  std::exit(1);
}

struct World {
  std::int64_t accounts = bench::kAccounts;  // A multiple of bench::kAccounts.
  std::int64_t checkpoint_every = 100'000;
};

// Account id i (1-based): the ledger benchmark's account ((i-1) % 1,000 + 1),
// at location "B<block>" for the copies beyond the first 1,000.
AccountRef account_of(std::int64_t id) {
  const std::int64_t block = (id - 1) / bench::kAccounts;
  AccountRef ref = bench::account_of(static_cast<int>((id - 1) % bench::kAccounts) + 1);
  if (block > 0) {
    char location[24];
    std::snprintf(location, sizeof location, "B%04lld", static_cast<long long>(block));
    ref.location = location;
  }
  return ref;
}

// The ledger benchmark's transactions, as many as asked, dated over 2026.
std::vector<NewTransaction> make_transactions(std::int64_t count, const World& world) {
  std::vector<NewTransaction> txns;
  txns.reserve(static_cast<std::size_t>(count));
  std::uint64_t seed = 2026;
  const auto accounts = static_cast<std::uint64_t>(world.accounts);
  for (std::int64_t i = 0; i < count; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "bench-%08lld", static_cast<long long>(i));
    const auto from = static_cast<std::int64_t>(bench::next(&seed) % accounts) + 1;
    auto to = static_cast<std::int64_t>(bench::next(&seed) % accounts) + 1;
    if (to == from) to = to % world.accounts + 1;
    const auto cents = static_cast<Int128>(bench::next(&seed) % 10'000'000 + 1);
    const Decimal amount = Decimal::from_raw(cents * 10'000'000'000);
    NewTransaction txn;
    txn.idempotency_key = key;
    txn.effective_date = add_days("2026-01-01", static_cast<int>(i * 365 / count));
    txn.memo = "bench transfer";
    txn.postings = {Posting{account_of(to), amount}, Posting{account_of(from), -amount}};
    txns.push_back(std::move(txn));
  }
  return txns;
}

void must(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE) die(std::string(what) + ": " + sqlite3_errmsg(db));
}

// The copies of the 1,000 accounts beyond the first, with ids in account_of order.
void seed_more_accounts(sqlite3* db, std::int64_t accounts) {
  sqlite3_stmt* insert = nullptr;
  must(sqlite3_prepare_v2(db, "INSERT INTO account VALUES (?, ?, ?, 'USD', ?, '')", -1, &insert,
                          nullptr),
       db, "prepare account");
  for (std::int64_t id = bench::kAccounts + 1; id <= accounts; ++id) {
    const AccountRef ref = account_of(id);
    sqlite3_bind_int64(insert, 1, id);
    sqlite3_bind_text(insert, 2, ref.party.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert, 3, static_cast<std::int64_t>(ref.kind));
    sqlite3_bind_text(insert, 4, ref.location.c_str(), -1, SQLITE_TRANSIENT);
    must(sqlite3_step(insert), db, "insert account");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
}

// A fresh file with the schema, the parties and the accounts (not timed).
void fresh_database(const std::string& path, const World& world) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  if (!Database::open(path, {.create = true})) die("cannot create " + path);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    die("cannot open " + path);
  }
  must(sqlite3_exec(db, "PRAGMA journal_mode=WAL; BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db,
       "begin");
  bench::seed_parties_and_accounts(db);
  seed_more_accounts(db, world.accounts);
  must(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_close(db);
}

int run(std::int64_t postings, const World& world, const std::string& path) {
  const std::vector<NewTransaction> txns = make_transactions(postings / 2, world);
  fresh_database(path, world);
  Result<std::unique_ptr<Database>> db = Database::open(path, {});
  if (!db) die(db.error().to_string());
  Ledger ledger((*db)->ledger_storage(),
                {.actor = "bench", .checkpoint_every_postings = world.checkpoint_every});
  const auto start = std::chrono::steady_clock::now();
  if (!ledger.begin_write()) die("begin_write");
  for (const NewTransaction& txn : txns) {
    Result<AppendOutcome> outcome = ledger.append(txn);
    if (!outcome) die(outcome.error().to_string());
  }
  if (!ledger.commit()) die("commit");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto appended = static_cast<std::int64_t>(txns.size()) * 2;
  std::printf(
      "{\"postings\": %lld, \"transactions\": %lld, \"accounts\": %lld, \"seconds\": %.3f, "
      "\"postings_per_s\": %.0f}\n",
      static_cast<long long>(appended), static_cast<long long>(txns.size()),
      static_cast<long long>(world.accounts), seconds, static_cast<double>(appended) / seconds);
  return 0;
}

}  // namespace
}  // namespace fermata

int main(int argc, char** argv) {
  std::int64_t postings = 0;
  fermata::World world;
  std::string path =
      (std::filesystem::temp_directory_path() / "fermata-bench-ledger-postings.db").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const std::int64_t number = std::strtoll(argv[i + 1], nullptr, 10);
    if (flag == "--postings") {
      postings = number;
    } else if (flag == "--accounts") {
      const std::int64_t blocks =
          (number + fermata::bench::kAccounts - 1) / fermata::bench::kAccounts;
      world.accounts = std::max<std::int64_t>(blocks, 1) * fermata::bench::kAccounts;
    } else if (flag == "--checkpoint-every") {
      world.checkpoint_every = number;
    } else if (flag == "--db") {
      path = argv[i + 1];
    }
  }
  if (postings < 2) {
    std::fprintf(stderr,
                 "usage: fermata_bench_ledger_postings --postings P [--accounts A] "
                 "[--checkpoint-every N] [--db PATH]\n");
    return 64;
  }
  return fermata::run(postings, world, path);
}
