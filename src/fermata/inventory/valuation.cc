// value_inventory: unit balances priced on a day, totalled, and compared with
// each location's insured basis (valuation.h).
#include "fermata/inventory/valuation.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "fermata/base/assert.h"

namespace fermata {
namespace {

constexpr PriceKind kPriceKinds[] = {PriceKind::kPpd, PriceKind::kCost, PriceKind::kSrp};
constexpr std::string_view kSkuPrefix = "SKU:";

std::optional<Decimal>& slot(PriceValues& values, PriceKind kind) {
  switch (kind) {
    case PriceKind::kCost:
      return values.cost;
    case PriceKind::kSrp:
      return values.srp;
    case PriceKind::kPpd:
      break;
  }
  return values.ppd;
}

// Returned units are back with their owner: not held by anyone for them.
bool is_held(AccountKind status) {
  return status != AccountKind::kReturnedToOwner;
}

// Held and physically at the location, so its insurance covers them.
bool is_at_location(AccountKind status) {
  return is_held(status) && status != AccountKind::kInTransit;
}

// The currency a SKU is valued in on `date` (valuation.h, "Currency").
std::string row_currency(const PriceList& prices, const std::string& sku, const std::string& date,
                         const std::string& wanted) {
  if (!wanted.empty()) return wanted;
  for (PriceKind kind : kPriceKinds) {
    if (std::optional<Price> price = prices.find(sku, kind, date)) return price->currency;
  }
  return "";
}

bool wanted(const AccountBalance& b, const ValuationOptions& options) {
  if (!is_unit_account_kind(b.account.kind)) return false;
  if (!is_inventory_commodity(b.account.commodity)) return false;
  if (!options.owner.empty() && b.account.party != options.owner) return false;
  return options.location.empty() || b.account.location == options.location;
}

Result<ValuationRow> make_row(const AccountBalance& b, const PriceList& prices,
                              const ValuationOptions& options) {
  ValuationRow row;
  row.owner = b.account.party;
  row.sku = b.account.commodity.substr(kSkuPrefix.size());
  row.location = b.account.location;
  row.counterparty = b.account.counterparty;
  row.status = b.account.kind;
  row.units = b.balance;
  row.currency = row_currency(prices, row.sku, options.date, options.currency);
  if (row.currency.empty()) return row;
  for (PriceKind kind : kPriceKinds) {
    std::optional<Price> price = prices.find(row.sku, kind, options.date, row.currency);
    if (!price) continue;
    FERMATA_ASSERT(price->currency == row.currency);
    slot(row.unit_price, kind) = price->amount;
    FERMATA_ASSIGN_OR_RETURN(slot(row.value, kind), row.units.checked_mul(price->amount));
  }
  return row;
}

Status add_value(Decimal& sum, Decimal& units_without, const std::optional<Decimal>& value,
                 Decimal units) {
  if (!value) {
    FERMATA_ASSIGN_OR_RETURN(units_without, units_without.checked_add(units));
    return ok_status();
  }
  FERMATA_ASSIGN_OR_RETURN(sum, sum.checked_add(*value));
  return ok_status();
}

using TotalMap = std::map<std::pair<std::string, std::string>, ValuationTotal>;

Status add_to(TotalMap& totals, const std::string& key, const ValuationRow& row) {
  ValuationTotal& t = totals[{key, row.currency}];
  t.key = key;
  t.currency = row.currency;
  FERMATA_ASSIGN_OR_RETURN(t.units, t.units.checked_add(row.units));
  FERMATA_RETURN_IF_ERROR(add_value(t.ppd, t.units_without_ppd, row.value.ppd, row.units));
  FERMATA_RETURN_IF_ERROR(add_value(t.cost, t.units_without_cost, row.value.cost, row.units));
  return add_value(t.srp, t.units_without_srp, row.value.srp, row.units);
}

std::vector<ValuationTotal> values_of(TotalMap& totals) {
  std::vector<ValuationTotal> out;
  for (auto& entry : totals) out.push_back(std::move(entry.second));
  return out;
}

// The policy of `location` in force on `date`: the latest from on or before it.
const InsuranceRecord* policy_in_force(const std::vector<InsuranceRecord>& insurance,
                                       const std::string& location, const std::string& date) {
  const InsuranceRecord* found = nullptr;
  for (const InsuranceRecord& r : insurance) {
    if (r.location != location || r.from > date) continue;
    if (found == nullptr || r.from > found->from) found = &r;
  }
  return found;
}

// Adds one row's units to `check`, valued in the policy's currency.
Status add_insured(InsuranceCheck& check, const ValuationRow& row, const PriceList& prices,
                   PriceKind basis, const std::string& date) {
  const std::string& currency = check.policy.currency;
  FERMATA_ASSIGN_OR_RETURN(check.units, check.units.checked_add(row.units));
  std::optional<Price> sale = prices.find(row.sku, PriceKind::kPpd, date, currency);
  std::optional<Price> insured = prices.find(row.sku, basis, date, currency);
  if (!sale || !insured) {
    FERMATA_ASSIGN_OR_RETURN(check.units_not_valued, check.units_not_valued.checked_add(row.units));
    return ok_status();
  }
  FERMATA_ASSIGN_OR_RETURN(Decimal sale_value, row.units.checked_mul(sale->amount));
  FERMATA_ASSIGN_OR_RETURN(Decimal basis_value, row.units.checked_mul(insured->amount));
  FERMATA_ASSIGN_OR_RETURN(check.sale_value, check.sale_value.checked_add(sale_value));
  FERMATA_ASSIGN_OR_RETURN(check.basis_value, check.basis_value.checked_add(basis_value));
  return ok_status();
}

Result<InsuranceCheck> check_location(const std::string& location, const InsuranceRecord& policy,
                                      const std::vector<ValuationRow>& rows,
                                      const PriceList& prices, const std::string& date) {
  InsuranceCheck check;
  check.location = location;
  check.policy = policy;
  Result<PriceKind> basis = parse_price_kind(policy.basis);
  FERMATA_ASSERT(basis.has_value());  // The register's CHECK admits only the three kinds.
  for (const ValuationRow& row : rows) {
    if (row.location != location || !is_at_location(row.status)) continue;
    FERMATA_RETURN_IF_ERROR(add_insured(check, row, prices, *basis, date));
  }
  check.insured_value = check.basis_value;
  if (!policy.sum_insured.is_zero()) {
    check.sum_insured = policy.sum_insured;
    if (policy.sum_insured < check.basis_value) {
      check.insured_value = policy.sum_insured;
      check.capped_by_sum = true;
    }
  }
  if (check.insured_value < check.sale_value) {
    FERMATA_ASSIGN_OR_RETURN(check.gap, check.sale_value.checked_sub(check.insured_value));
  }
  return check;
}

Status check_insurance(Valuation& v, const PriceList& prices,
                       const std::vector<InsuranceRecord>& insurance) {
  std::vector<std::string> locations;
  for (const ValuationRow& row : v.rows) {
    if (is_at_location(row.status)) locations.push_back(row.location);
  }
  std::sort(locations.begin(), locations.end());
  locations.erase(std::unique(locations.begin(), locations.end()), locations.end());
  for (const std::string& location : locations) {
    const InsuranceRecord* policy = policy_in_force(insurance, location, v.date);
    if (policy == nullptr) {
      v.uninsured_locations.push_back(location);
      continue;
    }
    FERMATA_ASSIGN_OR_RETURN(InsuranceCheck check,
                             check_location(location, *policy, v.rows, prices, v.date));
    v.insurance.push_back(std::move(check));
  }
  return ok_status();
}

Status note_missing(std::map<std::pair<std::string, PriceKind>, MissingPrice>& missing,
                    const ValuationRow& row, const std::string& wanted_currency) {
  for (PriceKind kind : kPriceKinds) {
    if (row.unit_price.at(kind)) continue;
    MissingPrice& m = missing[{row.sku, kind}];
    m.sku = row.sku;
    m.kind = kind;
    m.currency = row.currency.empty() ? wanted_currency : row.currency;
    FERMATA_ASSIGN_OR_RETURN(m.units, m.units.checked_add(row.units));
  }
  return ok_status();
}

bool row_before(const ValuationRow& a, const ValuationRow& b) {
  return std::tie(a.owner, a.sku, a.location, a.status, a.counterparty) <
         std::tie(b.owner, b.sku, b.location, b.status, b.counterparty);
}

}  // namespace

std::string_view unit_status_name(AccountKind kind) {
  FERMATA_ASSERT(is_unit_account_kind(kind));
  switch (kind) {
    case AccountKind::kInTransit:
      return "in_transit";
    case AccountKind::kConsigned:
      return "consigned";
    case AccountKind::kAllocated:
      return "allocated";
    case AccountKind::kDamaged:
      return "damaged";
    case AccountKind::kReturnedToOwner:
      return "returned";
    default:
      return "on_hand";
  }
}

const std::optional<Decimal>& PriceValues::at(PriceKind kind) const {
  switch (kind) {
    case PriceKind::kCost:
      return cost;
    case PriceKind::kSrp:
      return srp;
    case PriceKind::kPpd:
      break;
  }
  return ppd;
}

Result<Valuation> value_inventory(const std::vector<AccountBalance>& balances,
                                  const PriceList& prices,
                                  const std::vector<InsuranceRecord>& insurance,
                                  const ValuationOptions& options) {
  FERMATA_ASSERT(!options.date.empty());
  Valuation v;
  v.date = options.date;
  for (const AccountBalance& b : balances) {
    if (!wanted(b, options)) continue;
    FERMATA_ASSIGN_OR_RETURN(ValuationRow row, make_row(b, prices, options));
    v.rows.push_back(std::move(row));
  }
  std::sort(v.rows.begin(), v.rows.end(), row_before);
  TotalMap by_owner, by_location, returned;
  std::map<std::pair<std::string, PriceKind>, MissingPrice> missing;
  for (const ValuationRow& row : v.rows) {
    if (is_held(row.status)) {
      FERMATA_RETURN_IF_ERROR(add_to(by_owner, row.owner, row));
      FERMATA_RETURN_IF_ERROR(add_to(by_location, row.location, row));
    } else {
      FERMATA_RETURN_IF_ERROR(add_to(returned, row.owner, row));
    }
    FERMATA_RETURN_IF_ERROR(note_missing(missing, row, options.currency));
  }
  v.by_owner = values_of(by_owner);
  v.by_location = values_of(by_location);
  v.returned_by_owner = values_of(returned);
  for (auto& entry : missing) v.missing.push_back(std::move(entry.second));
  FERMATA_RETURN_IF_ERROR(check_insurance(v, prices, insurance));
  return v;
}

}  // namespace fermata
