// Helpers shared by the post/ tests (test-only).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata::testing {

// The catalog both database-backed post/ tests start from: distributor D1
// and store S1 (with DDEX party ids), labels L1 and L2, and releases R1
// (ICPN 4012345000016, track kTestIsrc1) owned by L1 and R2 (4012345000023,
// kTestIsrc2) owned by L2 since 2015-01-01.
inline constexpr char kTestIsrc1[] = "USRC17607839";
inline constexpr char kTestIsrc2[] = "GBAYE0000002";

inline void put_two_label_catalog(Database& db) {
  for (const Party& p : {Party{"D1", "North Dist", PartyKind::kDistributor, "PADPIDA2013020802I"},
                         Party{"S1", "Streamy", PartyKind::kStore, "PADPIDA2014111801Y"},
                         Party{"L1", "Alpha Records", PartyKind::kLabel, std::nullopt},
                         Party{"L2", "Beta Music", PartyKind::kLabel, std::nullopt}}) {
    ASSERT_TRUE(db.put_party(p));
  }
  const struct {
    const char *id, *title, *icpn, *isrc, *owner;
  } releases[] = {{"R1", "One", "4012345000016", kTestIsrc1, "L1"},
                  {"R2", "Two", "4012345000023", kTestIsrc2, "L2"}};
  for (const auto& r : releases) {
    ASSERT_TRUE(
        db.put_recording(Recording{r.isrc, std::string("Song ") + r.title, "The Band", 180}));
    ASSERT_TRUE(db.put_release(Release{r.id, r.title, r.icpn}));
    ASSERT_TRUE(db.put_release_track(ReleaseTrack{r.id, 1, r.isrc}));
    ASSERT_TRUE(
        db.put_relation(Relation{RelationKind::kOwner, r.id, r.owner, "2015-01-01", std::nullopt}));
  }
}

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
