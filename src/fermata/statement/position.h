// Position: what a party has at stake with everyone else, from balances.
//
// For a label this is the first question after any failure: how much money
// is held for it (trust), how much is owed to it (its receivables and other
// parties' payables to it; a debt booked on both sides counts once), how much
// was withheld (reserves), and how many of its units sit at someone else's
// location. Pure: balances in, figures out.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fermata/catalog/catalog.h"
#include "fermata/ledger/ledger.h"

namespace fermata {

struct PartyPosition {
  Party party;
  std::map<std::string, Decimal> held_by_currency;        // Trust accounts it owns.
  std::map<std::string, Decimal> owed_by_currency;        // Receivables + others' payables to it.
  std::map<std::string, Decimal> reserved_by_currency;    // Reserves withheld from it.
  std::map<std::string, std::int64_t> units_by_location;  // Its units at others' locations.
  std::int64_t units_total = 0;
};

// One position per party of `kind`, in party id order, from every account's
// balance (BalanceQuery with no party filter).
std::vector<PartyPosition> compute_positions(const std::vector<Party>& parties, PartyKind kind,
                                             const std::vector<AccountBalance>& balances);

}  // namespace fermata
