// The guards every transaction passes before it reaches storage, one rule
// each, in the order a reader would check them by hand.
#include <map>

#include "fermata/base/date.h"
#include "fermata/ledger/ledger.h"

namespace fermata {
namespace {

Status check_header(const NewTransaction& txn) {
  if (txn.idempotency_key.empty()) {
    return make_error(ErrorCode::kFieldMissing, "a transaction needs an idempotency key",
                      {"", 0, "key", ""});
  }
  // "void:<seq>" keys belong to reversals (Ledger::void_transaction); a user
  // key of that shape would make the original look voided.
  if (txn.idempotency_key.starts_with("void:") && txn.voids_seq == 0) {
    return make_error(ErrorCode::kFieldInvalid,
                      "keys starting with 'void:' are reserved for reversals",
                      {"", 0, "key", txn.idempotency_key});
  }
  if (!is_iso_date(txn.effective_date)) {
    return make_error(ErrorCode::kDateInvalid, "effective date must be a real YYYY-MM-DD day",
                      {"", 0, "effective_date", txn.effective_date});
  }
  if (txn.postings.size() < 2) {
    return make_error(ErrorCode::kTransactionTooFewPostings,
                      "transaction '" + txn.idempotency_key + "' has " +
                          std::to_string(txn.postings.size()) +
                          " posting(s); at least 2 are needed");
  }
  return ok_status();
}

// Money accounts hold currencies and inventory accounts hold units; mixing
// them would let a unit of stock "pay" a cent.
Status check_commodity(const Posting& posting) {
  const AccountRef& account = posting.account;
  const bool units = is_inventory_commodity(account.commodity);
  if (is_unit_account_kind(account.kind) && !units) {
    return make_error(ErrorCode::kCommodityUnknown,
                      std::string(account_kind_name(account.kind)) + " account " + account.name() +
                          " must hold an SKU: commodity",
                      {"", 0, "commodity", account.commodity});
  }
  if (units) {
    if (!may_hold_units(account.kind)) {
      return make_error(ErrorCode::kCommodityUnknown,
                        "account kind " + std::string(account_kind_name(account.kind)) +
                            " cannot hold inventory units",
                        {"", 0, "commodity", account.commodity});
    }
    if (!posting.amount.is_whole()) {
      return make_error(ErrorCode::kUnitsNotWhole, "inventory moves in whole units",
                        {"", 0, "amount", posting.amount.to_string()});
    }
    return ok_status();
  }
  Result<Currency> currency = lookup_currency(account.commodity);
  if (!currency) return currency.error();
  return ok_status();
}

}  // namespace

Status validate_transaction(const NewTransaction& txn) {
  FERMATA_RETURN_IF_ERROR(check_header(txn));
  std::map<std::string, Decimal> sum_by_commodity;
  for (const Posting& posting : txn.postings) {
    if (posting.account.party.empty()) {
      return make_error(ErrorCode::kPartyUnknown, "every posting needs an owner party",
                        {"", 0, "party", ""});
    }
    FERMATA_RETURN_IF_ERROR(check_commodity(posting));
    Decimal& sum = sum_by_commodity[posting.account.commodity];
    Result<Decimal> next = sum.checked_add(posting.amount);
    if (!next) return next.error();
    sum = *next;
  }
  for (const auto& [commodity, sum] : sum_by_commodity) {
    if (!sum.is_zero()) {
      return make_error(ErrorCode::kTransactionUnbalanced,
                        "transaction '" + txn.idempotency_key + "' does not balance in " +
                            commodity + ": postings sum to " + sum.to_string(),
                        {"", 0, "key", txn.idempotency_key});
    }
  }
  return ok_status();
}

}  // namespace fermata
