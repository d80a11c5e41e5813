#include "fermata/statement/position.h"

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

}  // namespace

std::vector<PartyPosition> compute_positions(const std::vector<Party>& parties, PartyKind kind,
                                             const std::vector<AccountBalance>& balances) {
  std::map<std::string, PartyPosition> by_id;
  for (const Party& party : parties) {
    if (party.kind == kind) by_id[party.id].party = party;
  }
  for (const AccountBalance& balance : balances) {
    auto owner = by_id.find(balance.account.party);
    if (owner != by_id.end()) apply(owner->second, balance);
    // A payable owned by someone else and owed to this party is money owed
    // to it; payables carry negative balances, hence the sign flip.
    if (balance.account.kind == AccountKind::kPayable) {
      auto creditor = by_id.find(balance.account.counterparty);
      if (creditor != by_id.end()) {
        creditor->second.owed_by_currency[balance.account.commodity] -= balance.balance;
      }
    }
  }
  std::vector<PartyPosition> positions;
  for (auto& [id, position] : by_id) positions.push_back(std::move(position));
  return positions;
}

}  // namespace fermata
