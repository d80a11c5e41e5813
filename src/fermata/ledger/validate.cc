// The guards every transaction passes before it reaches storage, one rule
// each, in the order a reader would check them by hand.
#include <map>

#include "fermata/base/date.h"
#include "fermata/ledger/ledger.h"

namespace fermata {
namespace {

Status CheckHeader(const NewTransaction& txn) {
  if (txn.idempotency_key.empty()) {
    return MakeError(ErrorCode::kFieldMissing, "a transaction needs an idempotency key",
                     {"", 0, "key", ""});
  }
  if (!IsIsoDate(txn.effective_date)) {
    return MakeError(ErrorCode::kDateInvalid, "effective date must be a real YYYY-MM-DD day",
                     {"", 0, "effective_date", txn.effective_date});
  }
  if (txn.postings.size() < 2) {
    return MakeError(ErrorCode::kTransactionTooFewPostings,
                     "transaction '" + txn.idempotency_key + "' has " +
                         std::to_string(txn.postings.size()) + " posting(s); at least 2 are needed");
  }
  return OkStatus();
}

// Money accounts hold currencies and inventory accounts hold units; mixing
// them would let a unit of stock "pay" a cent.
Status CheckCommodity(const Posting& posting) {
  const AccountRef& account = posting.account;
  const bool units = IsInventoryCommodity(account.commodity);
  if (account.kind == AccountKind::kInventory && !units) {
    return MakeError(ErrorCode::kCommodityUnknown,
                     "inventory account " + account.Name() + " must hold an SKU: commodity",
                     {"", 0, "commodity", account.commodity});
  }
  if (units) {
    if (account.kind != AccountKind::kInventory && account.kind != AccountKind::kExternal &&
        account.kind != AccountKind::kSuspense && account.kind != AccountKind::kClaim) {
      return MakeError(ErrorCode::kCommodityUnknown,
                       "account kind " + std::string(AccountKindName(account.kind)) +
                           " cannot hold inventory units",
                       {"", 0, "commodity", account.commodity});
    }
    if (!posting.amount.IsWhole()) {
      return MakeError(ErrorCode::kUnitsNotWhole, "inventory moves in whole units",
                       {"", 0, "amount", posting.amount.ToString()});
    }
    return OkStatus();
  }
  Result<Currency> currency = LookupCurrency(account.commodity);
  if (!currency) return currency.error();
  return OkStatus();
}

}  // namespace

Status ValidateTransaction(const NewTransaction& txn) {
  FERMATA_RETURN_IF_ERROR(CheckHeader(txn));
  std::map<std::string, Decimal> sum_by_commodity;
  for (const Posting& posting : txn.postings) {
    if (posting.account.party.empty()) {
      return MakeError(ErrorCode::kPartyUnknown, "every posting needs an owner party",
                       {"", 0, "party", ""});
    }
    FERMATA_RETURN_IF_ERROR(CheckCommodity(posting));
    Decimal& sum = sum_by_commodity[posting.account.commodity];
    Result<Decimal> next = sum.CheckedAdd(posting.amount);
    if (!next) return next.error();
    sum = *next;
  }
  for (const auto& [commodity, sum] : sum_by_commodity) {
    if (!sum.is_zero()) {
      return MakeError(ErrorCode::kTransactionUnbalanced,
                       "transaction '" + txn.idempotency_key + "' does not balance in " +
                           commodity + ": postings sum to " + sum.ToString(),
                       {"", 0, "amount", sum.ToString()});
    }
  }
  return OkStatus();
}

}  // namespace fermata
