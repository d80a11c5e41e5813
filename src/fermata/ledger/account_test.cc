// Goal: AccountRef::name_before orders accounts exactly as their names
// compare, without building them. Method: every pair of a set of refs chosen
// so that pieces are prefixes of one another (party "L1" / "L10", kinds
// "inventory" / "in_transit", an empty against a set location or
// counterparty), compared with name() < name().
#include <gtest/gtest.h>

#include <vector>

#include "fermata/ledger/ledger.h"

namespace fermata {
namespace {

std::vector<AccountRef> tricky_refs() {
  std::vector<AccountRef> refs;
  for (const char* party : {"L1", "L10", "L1:", "D"}) {
    for (AccountKind kind : {AccountKind::kInventory, AccountKind::kInTransit, AccountKind::kTrust,
                             AccountKind::kConsigned}) {
      for (const char* commodity : {"SKU:CD-1", "SKU:CD-10", "USD"}) {
        for (const char* location : {"", "W1", "W1@"}) {
          for (const char* counterparty : {"", "S1"}) {
            refs.push_back(AccountRef{party, kind, commodity, location, counterparty});
          }
        }
      }
    }
  }
  return refs;
}

TEST(AccountRefTest, NameBeforeOrdersAsTheNamesCompare) {
  const std::vector<AccountRef> refs = tricky_refs();
  int before = 0;
  for (const AccountRef& a : refs) {
    for (const AccountRef& b : refs) {
      ASSERT_EQ(a.name_before(b), a.name() < b.name()) << a.name() << " vs " << b.name();
      before += a.name_before(b) ? 1 : 0;
    }
  }
  // Distinct names: exactly one of each unordered pair comes first.
  EXPECT_EQ(before, static_cast<int>(refs.size() * (refs.size() - 1) / 2));
}

TEST(AccountRefTest, AnAccountIsNotBeforeItself) {
  const AccountRef ref{"L1", AccountKind::kConsigned, "SKU:CD-1", "S1", ""};
  EXPECT_FALSE(ref.name_before(ref));
}

}  // namespace
}  // namespace fermata
