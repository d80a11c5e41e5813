#include <algorithm>
#include <array>
#include <string_view>

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
  // The table is in enum order: one index, not a search (sorting accounts by
  // name asks for thousands of kind names).
  const auto index = static_cast<std::size_t>(kind) - 1;
  if (index < kKindNames.size() && kKindNames[index].kind == kind) return kKindNames[index].name;
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

namespace {

constexpr std::size_t kNamePieces = 9;
using NamePieces = std::array<std::string_view, kNamePieces>;

// name() as the pieces it concatenates.
NamePieces name_pieces(const AccountRef& ref) {
  return {ref.party,
          ":",
          account_kind_name(ref.kind),
          ":",
          ref.commodity,
          ref.location.empty() ? "" : "@",
          ref.location,
          ref.counterparty.empty() ? "" : "/",
          ref.counterparty};
}

// The next character of the concatenation from (piece, offset); -1 past the end.
int next_char(const NamePieces& pieces, std::size_t& piece, std::size_t& offset) {
  while (piece < kNamePieces && offset == pieces[piece].size()) {
    ++piece;
    offset = 0;
  }
  if (piece == kNamePieces) return -1;
  return static_cast<unsigned char>(pieces[piece][offset++]);
}

}  // namespace

bool AccountRef::name_before(const AccountRef& other) const {
  // Usually the names first differ inside one field that both accounts have
  // set and neither holds a prefix of the other's: the names compare as
  // those fields do. Otherwise (a field empty on one side, or a prefix, so
  // the next separator takes part) character by character.
  const auto decided = [](std::string_view a, std::string_view b) {
    const std::size_t common = std::min(a.size(), b.size());
    return !a.empty() && !b.empty() && a.compare(0, common, b, 0, common) != 0;
  };
  std::string_view mine, theirs;
  if (party != other.party) {
    mine = party, theirs = other.party;
  } else if (kind != other.kind) {
    mine = account_kind_name(kind), theirs = account_kind_name(other.kind);
  } else if (commodity != other.commodity) {
    mine = commodity, theirs = other.commodity;
  } else if (location != other.location) {
    mine = location, theirs = other.location;
  } else {
    mine = counterparty, theirs = other.counterparty;
  }
  if (decided(mine, theirs)) return mine < theirs;
  const NamePieces a = name_pieces(*this), b = name_pieces(other);
  std::size_t first = 0;
  while (first < kNamePieces && a[first] == b[first]) ++first;
  std::size_t piece_a = first, offset_a = 0, piece_b = first, offset_b = 0;
  while (true) {
    const int x = next_char(a, piece_a, offset_a), y = next_char(b, piece_b, offset_b);
    if (x != y) return x < y;
    if (x == -1) return false;
  }
}

}  // namespace fermata
