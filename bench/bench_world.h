// The synthetic world both ledger benchmarks post into: 100 label parties
// with 10 USD accounts each, and a deterministic random source, so that the
// posting benchmark and the 10M-posting balance benchmark measure the same
// shape of ledger.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fermata/ledger/ledger.h"

namespace fermata::bench {

constexpr int kParties = 100;
constexpr int kKindsPerParty = 10;
constexpr int kAccounts = kParties * kKindsPerParty;

constexpr AccountKind kKinds[kKindsPerParty] = {AccountKind::kCash,      AccountKind::kReceivable,
                                                AccountKind::kPayable,   AccountKind::kTrust,
                                                AccountKind::kEscrow,    AccountKind::kReserve,
                                                AccountKind::kFeeIncome, AccountKind::kExpense,
                                                AccountKind::kRounding,  AccountKind::kEquity};

// splitmix64: deterministic inputs, the same on every run.
inline std::uint64_t next(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline std::string party_id(int index) {
  char id[16];
  std::snprintf(id, sizeof id, "L%04d", index);
  return id;
}

// Account id i (1-based, created in this order) is party (i-1)/10, kind (i-1)%10.
inline AccountRef account_of(int id) {
  return AccountRef{party_id((id - 1) / kKindsPerParty), kKinds[(id - 1) % kKindsPerParty], "USD",
                    "", ""};
}

// Inserts the world's parties and accounts (ids 1..kAccounts in account_of
// order) into a fresh database inside the caller's open transaction, with
// raw SQL: setting up is not what the benchmarks measure. Aborts on error.
inline void seed_parties_and_accounts(sqlite3* db) {
  auto must = [db](int rc, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE) return;
    std::fprintf(stderr, "bench: %s: %s\n", what, sqlite3_errmsg(db));
    std::abort();
  };
  sqlite3_stmt* party = nullptr;
  must(
      sqlite3_prepare_v2(db, "INSERT INTO party VALUES (?, ?, 'label', NULL)", -1, &party, nullptr),
      "prepare party");
  sqlite3_stmt* account = nullptr;
  must(sqlite3_prepare_v2(db, "INSERT INTO account VALUES (?, ?, ?, 'USD', '', '')", -1, &account,
                          nullptr),
       "prepare account");
  for (int p = 0; p < kParties; ++p) {
    const std::string id = party_id(p);
    sqlite3_bind_text(party, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(party, 2, ("Label " + id).c_str(), -1, SQLITE_TRANSIENT);
    must(sqlite3_step(party), "insert party");
    sqlite3_reset(party);
  }
  for (int a = 1; a <= kAccounts; ++a) {
    const AccountRef ref = account_of(a);
    sqlite3_bind_int64(account, 1, a);
    sqlite3_bind_text(account, 2, ref.party.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(account, 3, static_cast<std::int64_t>(ref.kind));
    must(sqlite3_step(account), "insert account");
    sqlite3_reset(account);
  }
  sqlite3_finalize(party);
  sqlite3_finalize(account);
}

}  // namespace fermata::bench
