// Test support: a small ledger that exercises every export path: two
// currencies, an amount with 12 fractional digits, an inventory commodity at a
// location, a counterparty, a source link, text that needs CSV quoting and
// hledger escaping, a backdated entry, a void, and accounts that end at zero.
// Shared by export_test and the hledger cross-check in tests/hledger.
#pragma once

#include <string>
#include <vector>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata::testing {

inline Status put_sample_catalog(Database& db) {
  for (const auto& [id, kind] :
       std::vector<std::pair<std::string, PartyKind>>{{"D1", PartyKind::kDistributor},
                                                      {"L1", PartyKind::kLabel},
                                                      {"L:2", PartyKind::kLabel},
                                                      {"W1", PartyKind::kWarehouse}}) {
    FERMATA_RETURN_IF_ERROR(db.put_party(Party{id, "Party " + id, kind, std::nullopt}));
  }
  FERMATA_RETURN_IF_ERROR(db.put_release(Release{"R1", "First Album", "0036000291452"}));
  FERMATA_RETURN_IF_ERROR(db.put_product(Product{
      "CD-001", ProductKind::kPhysical, ProductFormat::kCd, "R1", "ABC-001", "4006381333931"}));
  return ok_status();
}

inline Posting post(std::string party, AccountKind kind, std::string commodity, const char* amount,
                    std::string location = "", std::string counterparty = "") {
  return Posting{AccountRef{std::move(party), kind, std::move(commodity), std::move(location),
                            std::move(counterparty)},
                 *Decimal::parse(amount)};
}

inline std::vector<NewTransaction> sample_transactions() {
  using K = AccountKind;
  std::vector<NewTransaction> txns(4);
  txns[0] = {"k1",
             "2026-01-05",
             "Sales, \"January\"",
             {std::string(64, 'a'), "12-40,52"},
             {post("L1", K::kTrust, "USD", "10.5"), post("D1", K::kCash, "USD", "-10.5")}};
  txns[1] = {"k2;x",
             "2026-01-06",
             "stream; rate\nline two",
             {},
             {post("L1", K::kTrust, "EUR", "0.000000000001"),
              post("D1", K::kPayable, "EUR", "-0.000000000001", "", "L1")}};
  txns[2] = {"k3",
             "2026-01-04",
             "pressing",
             {},
             {post("L:2", K::kInventory, "SKU:CD-001", "100", "W1"),
              post("L:2", K::kExternal, "SKU:CD-001", "-100")}};
  txns[3] = {"k4",
             "2026-02-01",
             "",
             {},
             {post("L1", K::kCash, "USD", "10.5"), post("L1", K::kTrust, "USD", "-10.5")}};
  return txns;
}

// Appends SampleTransactions, then voids the second (seq 5, dated 2026-02-02).
inline Status append_sample_transactions(Ledger& ledger) {
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  for (const NewTransaction& txn : sample_transactions()) {
    Result<AppendOutcome> outcome = ledger.append(txn);
    if (!outcome) {
      ledger.rollback();
      return outcome.error();
    }
  }
  Result<AppendOutcome> voided = ledger.void_transaction(2, "duplicate", "2026-02-02");
  if (!voided) {
    ledger.rollback();
    return voided.error();
  }
  return ledger.commit();
}

}  // namespace fermata::testing
