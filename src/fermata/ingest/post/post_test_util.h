// Helpers shared by the post/ tests (test-only).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "fermata/ledger/ledger.h"

namespace fermata::testing {

// Every non-zero balance of the ledger, by account name.
inline std::map<std::string, Decimal> nonzero_balances(Ledger& ledger) {
  std::map<std::string, Decimal> out;
  auto all = ledger.balances(BalanceQuery{});
  EXPECT_TRUE(all) << all.error().to_string();
  for (const AccountBalance& b : *all) {
    if (!b.balance.is_zero()) out[b.account.name()] = b.balance;
  }
  return out;
}

// Runs `work` in one unit of work: committed when it returns a value,
// rolled back when it returns an error. Returns what `work` returned.
template <typename Work>
auto in_unit(Ledger& ledger, Work work) -> decltype(work()) {
  EXPECT_TRUE(ledger.begin_write());
  auto result = work();
  if (result) {
    EXPECT_TRUE(ledger.commit());
  } else {
    ledger.rollback();
  }
  return result;
}

}  // namespace fermata::testing
