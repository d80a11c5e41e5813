#include "fermata/inventory/price_list.h"

#include <set>

namespace fermata {

Result<PriceKind> parse_price_kind(std::string_view name) {
  if (name == "ppd") return PriceKind::kPpd;
  if (name == "cost") return PriceKind::kCost;
  if (name == "srp") return PriceKind::kSrp;
  return make_error(ErrorCode::kFieldInvalid,
                    "unknown price kind '" + std::string(name) + "' (expected ppd, cost or srp)",
                    {"", 0, "kind", std::string(name)});
}

std::string_view price_kind_name(PriceKind kind) {
  switch (kind) {
    case PriceKind::kPpd:
      return "ppd";
    case PriceKind::kCost:
      return "cost";
    case PriceKind::kSrp:
      return "srp";
  }
  return "";
}

PriceList::PriceList(const std::vector<PriceRecord>& records) {
  for (const PriceRecord& record : records) {
    Result<PriceKind> kind = parse_price_kind(record.kind);
    if (!kind) continue;  // The table's CHECK admits only the three kinds.
    prices_[{record.sku, *kind, record.currency}][record.from] = record.amount;
  }
}

std::optional<Price> PriceList::find(const std::string& sku, PriceKind kind,
                                     const std::string& date, const std::string& currency) const {
  std::optional<Price> found;
  for (auto it = prices_.lower_bound({sku, kind, currency}); it != prices_.end(); ++it) {
    const auto& [key, by_day] = *it;
    if (std::get<0>(key) != sku || std::get<1>(key) != kind) break;
    if (!currency.empty() && std::get<2>(key) != currency) break;
    auto day = by_day.upper_bound(date);
    if (day == by_day.begin()) continue;
    --day;
    if (found) return std::nullopt;  // Priced in several currencies: the caller must say which.
    found = Price{day->second, std::get<2>(key)};
  }
  return found;
}

Result<std::vector<PriceRecord>> prices_held(StockRegister& reg,
                                             const std::vector<AccountBalance>& balances) {
  constexpr std::size_t kPricesBySkuMax = 2000;
  std::set<std::string> skus;
  for (const AccountBalance& b : balances) {
    if (is_inventory_commodity(b.account.commodity)) {
      skus.insert(b.account.commodity.substr(4));  // "SKU:<sku>".
    }
  }
  if (skus.size() > kPricesBySkuMax) return reg.prices();
  return reg.prices_of(skus);
}

}  // namespace fermata
