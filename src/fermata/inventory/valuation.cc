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

// A SKU's prices on the day in one currency, looked up once for all its rows
// (a label's stock is many rows of few SKUs).
struct SkuPrices {
  std::string currency;  // "" when the SKU has no price that day.
  PriceValues unit;
};

class PriceCache {
 public:
  PriceCache(const PriceList& prices, const std::string& date) : prices_(prices), date_(date) {}

  // The prices of `sku` in `currency`; "" = the SKU's own currency
  // (valuation.h, "Currency").
  const SkuPrices& of(const std::string& sku, const std::string& currency) {
    auto [it, inserted] = cache_.try_emplace({sku, currency});
    if (!inserted) return it->second;
    SkuPrices& found = it->second;
    found.currency = currency;
    for (PriceKind kind : kPriceKinds) {
      if (!found.currency.empty()) break;
      if (std::optional<Price> price = prices_.find(sku, kind, date_)) {
        found.currency = price->currency;
      }
    }
    if (found.currency.empty()) return found;
    for (PriceKind kind : kPriceKinds) {
      std::optional<Price> price = prices_.find(sku, kind, date_, found.currency);
      if (price) slot(found.unit, kind) = price->amount;
    }
    return found;
  }

 private:
  const PriceList& prices_;
  const std::string& date_;
  std::map<std::pair<std::string, std::string>, SkuPrices> cache_;
};

bool wanted(const AccountBalance& b, const ValuationOptions& options) {
  if (!is_unit_account_kind(b.account.kind)) return false;
  if (!is_inventory_commodity(b.account.commodity)) return false;
  if (!options.owner.empty() && b.account.party != options.owner) return false;
  return options.location.empty() || b.account.location == options.location;
}

// Rows come out by owner, SKU, location, status, counterparty; "SKU:<sku>"
// sorts as <sku> since every commodity here has the prefix.
bool account_before(const AccountBalance* a, const AccountBalance* b) {
  const AccountRef& x = a->account;
  const AccountRef& y = b->account;
  return std::tie(x.party, x.commodity, x.location, x.kind, x.counterparty) <
         std::tie(y.party, y.commodity, y.location, y.kind, y.counterparty);
}

Result<ValuationRow> make_row(const AccountBalance& b, PriceCache& prices,
                              const ValuationOptions& options) {
  ValuationRow row;
  row.owner = b.account.party;
  row.sku = b.account.commodity.substr(kSkuPrefix.size());
  row.location = b.account.location;
  row.counterparty = b.account.counterparty;
  row.status = b.account.kind;
  row.units = b.balance;
  const SkuPrices& found = prices.of(row.sku, options.currency);
  row.currency = found.currency;
  row.unit_price = found.unit;
  for (PriceKind kind : kPriceKinds) {
    const std::optional<Decimal>& price = found.unit.at(kind);
    if (!price) continue;
    FERMATA_ASSIGN_OR_RETURN(slot(row.value, kind), row.units.checked_mul(*price));
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
Status add_insured(InsuranceCheck& check, const ValuationRow& row, PriceCache& prices,
                   PriceKind basis) {
  FERMATA_ASSIGN_OR_RETURN(check.units, check.units.checked_add(row.units));
  const PriceValues& unit = prices.of(row.sku, check.policy.currency).unit;
  if (!unit.ppd || !unit.at(basis)) {
    FERMATA_ASSIGN_OR_RETURN(check.units_not_valued, check.units_not_valued.checked_add(row.units));
    return ok_status();
  }
  FERMATA_ASSIGN_OR_RETURN(Decimal sale_value, row.units.checked_mul(*unit.ppd));
  FERMATA_ASSIGN_OR_RETURN(Decimal basis_value, row.units.checked_mul(*unit.at(basis)));
  FERMATA_ASSIGN_OR_RETURN(check.sale_value, check.sale_value.checked_add(sale_value));
  FERMATA_ASSIGN_OR_RETURN(check.basis_value, check.basis_value.checked_add(basis_value));
  return ok_status();
}

// The insured value and the gap, once every row of the location is in.
Status close_check(InsuranceCheck& check) {
  check.insured_value = check.basis_value;
  if (!check.policy.sum_insured.is_zero()) {
    check.sum_insured = check.policy.sum_insured;
    if (check.policy.sum_insured < check.basis_value) {
      check.insured_value = check.policy.sum_insured;
      check.capped_by_sum = true;
    }
  }
  if (check.insured_value < check.sale_value) {
    FERMATA_ASSIGN_OR_RETURN(check.gap, check.sale_value.checked_sub(check.insured_value));
  }
  return ok_status();
}

// One location's comparison while its rows are added; no policy = uninsured.
struct LocationCheck {
  std::optional<InsuranceCheck> check;
  PriceKind basis = PriceKind::kCost;
};

Status check_insurance(Valuation& v, PriceCache& prices,
                       const std::vector<InsuranceRecord>& insurance) {
  std::map<std::string, LocationCheck> locations;
  for (const ValuationRow& row : v.rows) {
    if (!is_at_location(row.status)) continue;
    auto [it, inserted] = locations.try_emplace(row.location);
    LocationCheck& at = it->second;
    if (inserted) {
      const InsuranceRecord* policy = policy_in_force(insurance, row.location, v.date);
      if (policy == nullptr) continue;
      Result<PriceKind> basis = parse_price_kind(policy->basis);
      FERMATA_ASSERT(basis.has_value());  // The register's CHECK admits only the three kinds.
      at.basis = *basis;
      at.check = InsuranceCheck{.location = row.location, .policy = *policy};
    }
    if (!at.check) continue;
    FERMATA_RETURN_IF_ERROR(add_insured(*at.check, row, prices, at.basis));
  }
  for (auto& [location, at] : locations) {
    if (!at.check) {
      v.uninsured_locations.push_back(location);
      continue;
    }
    FERMATA_RETURN_IF_ERROR(close_check(*at.check));
    v.insurance.push_back(std::move(*at.check));
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
  std::vector<const AccountBalance*> accounts;
  for (const AccountBalance& b : balances) {
    if (wanted(b, options)) accounts.push_back(&b);
  }
  std::sort(accounts.begin(), accounts.end(), account_before);
  PriceCache cache(prices, options.date);
  v.rows.reserve(accounts.size());
  for (const AccountBalance* b : accounts) {
    FERMATA_ASSIGN_OR_RETURN(ValuationRow row, make_row(*b, cache, options));
    v.rows.push_back(std::move(row));
  }
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
  FERMATA_RETURN_IF_ERROR(check_insurance(v, cache, insurance));
  return v;
}

}  // namespace fermata
