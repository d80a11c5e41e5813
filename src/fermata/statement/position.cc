#include "fermata/statement/position.h"

#include <set>
#include <tuple>

namespace fermata {
namespace {

void apply(PartyPosition& position, const AccountBalance& balance) {
  const AccountRef& account = balance.account;
  switch (account.kind) {
    case AccountKind::kTrust:
      position.held_by_currency[account.commodity] += balance.balance;
      break;
    case AccountKind::kReceivable:
      position.owed_by_currency[account.commodity] += balance.balance;
      break;
    case AccountKind::kReserve:
      position.reserved_by_currency[account.commodity] += balance.balance;
      break;
    case AccountKind::kInventory:
    case AccountKind::kInTransit:
    case AccountKind::kConsigned:
    case AccountKind::kAllocated:
    case AccountKind::kDamaged:
      // Units the owner still holds title to, somewhere other than its own
      // premises (units returned to it are back in its hands).
      if (account.location != account.party) {
        // Inventory balances are whole units (ledger/validate.cc).
        const auto units = static_cast<std::int64_t>(balance.balance.raw() / Decimal::kOne);
        position.units_by_location[account.location] += units;
        position.units_total += units;
      }
      break;
    default:
      break;
  }
}

// A receivable and the debtor's payable to the same owner in the same
// currency are one debt booked on both sides (a priced purchase posts
// both, FORMATS.md §14): the owner's receivable counts, the payable not.
using DebtKey = std::tuple<std::string, std::string, std::string>;  // Creditor, debtor, currency.

std::set<DebtKey> receivables_of(const std::vector<AccountBalance>& balances) {
  std::set<DebtKey> keys;
  for (const AccountBalance& b : balances) {
    if (b.account.kind == AccountKind::kReceivable && !b.account.counterparty.empty()) {
      keys.emplace(b.account.party, b.account.counterparty, b.account.commodity);
    }
  }
  return keys;
}

}  // namespace

std::vector<PartyPosition> compute_positions(const std::vector<Party>& parties, PartyKind kind,
                                             const std::vector<AccountBalance>& balances) {
  std::map<std::string, PartyPosition> by_id;
  for (const Party& party : parties) {
    if (party.kind == kind) by_id[party.id].party = party;
  }
  const std::set<DebtKey> booked = receivables_of(balances);
  for (const AccountBalance& balance : balances) {
    const AccountRef& account = balance.account;
    auto owner = by_id.find(account.party);
    if (owner != by_id.end()) apply(owner->second, balance);
    // A payable owned by someone else and owed to this party is money owed
    // to it, unless the party books the same debt as its receivable;
    // payables carry negative balances, hence the sign flip.
    if (account.kind != AccountKind::kPayable) continue;
    auto creditor = by_id.find(account.counterparty);
    if (creditor == by_id.end() ||
        booked.contains({account.counterparty, account.party, account.commodity})) {
      continue;
    }
    creditor->second.owed_by_currency[account.commodity] -= balance.balance;
  }
  std::vector<PartyPosition> positions;
  for (auto& [id, position] : by_id) positions.push_back(std::move(position));
  return positions;
}

}  // namespace fermata
