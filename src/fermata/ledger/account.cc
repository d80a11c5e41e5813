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

std::size_t AccountRefHash::operator()(const AccountRef& account) const noexcept {
  const std::hash<std::string_view> text;
  std::size_t h = static_cast<std::size_t>(account.kind);
  for (const std::string* field :
       {&account.party, &account.commodity, &account.location, &account.counterparty}) {
    h = h * 1'000'003 ^ text(*field);
  }
  return h;
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
  const NamePieces a = name_pieces(*this), b = name_pieces(other);
  // Equal leading pieces are skipped whole. Usually the first piece that
  // differs is set on both sides and neither is a prefix of the other: the
  // names compare as it does. Otherwise (a piece empty on one side, or a
  // prefix, so the next piece takes part) character by character.
  std::size_t first = 0;
  while (first < kNamePieces && a[first] == b[first]) ++first;
  if (first == kNamePieces) return false;
  const std::string_view x = a[first], y = b[first];
  const std::size_t common = std::min(x.size(), y.size());
  if (common != 0 && x.compare(0, common, y, 0, common) != 0) return x < y;
  std::size_t piece_a = first, offset_a = 0, piece_b = first, offset_b = 0;
  while (true) {
    const int c = next_char(a, piece_a, offset_a), d = next_char(b, piece_b, offset_b);
    if (c != d) return c < d;
    if (c == -1) return false;
  }
}

}  // namespace fermata
