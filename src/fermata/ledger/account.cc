#include <array>

#include "fermata/ledger/ledger.h"

namespace fermata {
namespace {

struct KindName {
  AccountKind kind;
  std::string_view name;
};

// Stored and exported names; never rename (they are in canonical encodings).
constexpr std::array kKindNames = {
    KindName{AccountKind::kCash, "cash"},
    KindName{AccountKind::kReceivable, "receivable"},
    KindName{AccountKind::kPayable, "payable"},
    KindName{AccountKind::kTrust, "trust"},
    KindName{AccountKind::kEscrow, "escrow"},
    KindName{AccountKind::kReserve, "reserve"},
    KindName{AccountKind::kFeeIncome, "fee_income"},
    KindName{AccountKind::kExpense, "expense"},
    KindName{AccountKind::kSuspense, "suspense"},
    KindName{AccountKind::kRounding, "rounding"},
    KindName{AccountKind::kExternal, "external"},
    KindName{AccountKind::kInventory, "inventory"},
    KindName{AccountKind::kClaim, "claim"},
    KindName{AccountKind::kEquity, "equity"},
    KindName{AccountKind::kExchange, "exchange"},
    KindName{AccountKind::kExchangeGainLoss, "exchange_gain_loss"},
    KindName{AccountKind::kRoyaltyIncome, "royalty_income"},
    KindName{AccountKind::kRecoupable, "recoupable"},
    KindName{AccountKind::kInTransit, "in_transit"},
    KindName{AccountKind::kConsigned, "consigned"},
    KindName{AccountKind::kAllocated, "allocated"},
    KindName{AccountKind::kDamaged, "damaged"},
    KindName{AccountKind::kReturnedToOwner, "returned"},
};

}  // namespace

std::string_view account_kind_name(AccountKind kind) {
  for (const KindName& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  FERMATA_ASSERT(false && "every AccountKind has a name");
  return {};
}

Result<AccountKind> parse_account_kind(std::string_view name) {
  for (const KindName& entry : kKindNames) {
    if (entry.name == name) return entry.kind;
  }
  return make_error(
      ErrorCode::kAccountKindUnknown,
      "unknown account kind '" + std::string(name) +
          "' (expected cash, receivable, payable, trust, escrow, reserve, "
          "fee_income, expense, suspense, rounding, external, inventory, claim, "
          "equity, exchange, exchange_gain_loss, royalty_income, recoupable, in_transit, "
          "consigned, allocated, damaged, returned)",
      {"", 0, "kind", std::string(name)});
}

bool is_inventory_commodity(std::string_view commodity) {
  return commodity.starts_with("SKU:");
}

bool is_unit_account_kind(AccountKind kind) {
  switch (kind) {
    case AccountKind::kInventory:
    case AccountKind::kInTransit:
    case AccountKind::kConsigned:
    case AccountKind::kAllocated:
    case AccountKind::kDamaged:
    case AccountKind::kReturnedToOwner:
      return true;
    default:
      return false;
  }
}

bool may_hold_units(AccountKind kind) {
  return is_unit_account_kind(kind) || kind == AccountKind::kExternal ||
         kind == AccountKind::kSuspense || kind == AccountKind::kClaim;
}

std::string AccountRef::name() const {
  std::string name = party + ":" + std::string(account_kind_name(kind)) + ":" + commodity;
  if (!location.empty()) name += "@" + location;
  if (!counterparty.empty()) name += "/" + counterparty;
  return name;
}

}  // namespace fermata
