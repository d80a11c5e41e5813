// The synthetic world both ledger benchmarks post into: 100 label parties
// with 10 USD accounts each, and a deterministic random source, so that the
// posting benchmark and the 10M-posting balance benchmark measure the same
// shape of ledger.
#pragma once

#include <cstdint>
#include <cstdio>
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

}  // namespace fermata::bench
