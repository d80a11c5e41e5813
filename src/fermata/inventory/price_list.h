// PriceList: effective-dated prices per product (PPD, the label's unit
// cost, SRP) as the stock register keeps them, answered for one day.
//
// A price holds from its first day until the next price of the same SKU,
// kind and currency. Thread safety: immutable after construction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "fermata/ledger/ledger.h"
#include "fermata/money/money.h"
#include "fermata/storage/stock_register.h"

namespace fermata {

enum class PriceKind { kPpd, kCost, kSrp };
// "ppd", "cost", "srp". Errors: field_invalid.
Result<PriceKind> parse_price_kind(std::string_view name);
std::string_view price_kind_name(PriceKind kind);

struct Price {
  Decimal amount;
  std::string currency;
};

class PriceList {
 public:
  PriceList() = default;
  explicit PriceList(const std::vector<PriceRecord>& records);

  // The price in force on `date` in `currency`; "" = the only currency the
  // SKU has a price of that kind in on that day (none when several).
  std::optional<Price> find(const std::string& sku, PriceKind kind, const std::string& date,
                            const std::string& currency = "") const;

 private:
  // (sku, kind, currency) -> first day -> amount.
  std::map<std::tuple<std::string, PriceKind, std::string>, std::map<std::string, Decimal>> prices_;
};

// The prices of the SKUs `balances` hold units of, by SKU when they are a
// label's few (one index range each), else the whole list. What valuation
// and reclaim of one owner read instead of every price on file.
Result<std::vector<PriceRecord>> prices_held(StockRegister& reg,
                                             const std::vector<AccountBalance>& balances);

}  // namespace fermata
