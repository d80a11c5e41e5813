// RateTable and conversion: one rate per pair and day, exact products.
#include <iterator>

#include "fermata/base/assert.h"
#include "fermata/fx/fx.h"

namespace fermata {
namespace {

std::string where(const FxRate& r) {
  return r.line_number > 0 ? " (line " + std::to_string(r.line_number) + ")" : "";
}

}  // namespace

Result<bool> RateTable::add(const FxRate& rate) {
  FERMATA_ASSERT(rate.from <= rate.to);
  const auto pair = by_pair_.find({rate.base, rate.quote});
  const std::map<std::string, FxRate> none;
  for (const auto& [from, other] : pair == by_pair_.end() ? none : pair->second) {
    if (other.from > rate.to || other.to < rate.from) continue;
    if (other.same_content(rate)) return false;
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      rate.pair() + " " + rate.days() + " at " + rate.rate.to_string() + " (" +
                          rate.source + ")" + where(rate) + " overlaps the rate on file for " +
                          other.days() + " at " + other.rate.to_string() + " (" + other.source +
                          ")" + where(other) + "; a pair has one rate a day",
                      {"", rate.line_number, "from", rate.from});
  }
  by_pair_[{rate.base, rate.quote}].emplace(rate.from, rate);
  return true;
}

Result<FxRate> RateTable::rate_on(std::string_view base, std::string_view quote,
                                  std::string_view date, std::string_view what) const {
  const auto pair = by_pair_.find({std::string(base), std::string(quote)});
  if (pair != by_pair_.end()) {
    // The last rate starting on or before `date`; it covers `date` or none does.
    auto next = pair->second.upper_bound(std::string(date));
    if (next != pair->second.begin()) {
      const FxRate& candidate = std::prev(next)->second;
      if (candidate.to >= date) return candidate;
    }
  }
  std::string message =
      "no " + std::string(base) + "/" + std::string(quote) + " rate for " + std::string(date);
  if (!what.empty()) message += " (" + std::string(what) + ")";
  message += ": add one with `fermata rates import` (1 " + std::string(base) + " = rate " +
             std::string(quote) + ")";
  return make_error(ErrorCode::kRateMissing, message,
                    {"", 0, "rate", std::string(base) + "/" + std::string(quote)});
}

std::vector<FxRate> RateTable::rates() const {
  std::vector<FxRate> out;
  for (const auto& [pair, pair_rates] : by_pair_) {
    for (const auto& [from, rate] : pair_rates) out.push_back(rate);
  }
  return out;
}

Result<Decimal> multiply_half_up(Decimal amount, Decimal rate, int places) {
  FERMATA_ASSERT(places >= 0);
  FERMATA_ASSERT(places <= Decimal::kScale);
  if (places == Decimal::kScale) return amount.checked_mul(rate, RoundingMode::kHalfUp);
  // Truncating the exact product at 12 digits and then rounding half up is
  // one rounding of the exact product: the halfway points at fewer digits
  // are multiples of 10^-12, so truncation never moves a value across one.
  FERMATA_ASSIGN_OR_RETURN(Decimal truncated, amount.checked_mul(rate, RoundingMode::kDown));
  return truncated.round_to(places, RoundingMode::kHalfUp);
}

Result<Conversion> convert(const RateTable& table, Decimal amount, std::string_view from,
                           std::string_view to, std::string_view date, std::string_view what) {
  Conversion c{std::string(from), std::string(to), std::string(date), amount, {}, amount, ""};
  if (from == to) {
    c.rate = Decimal::from_units(1);
    return c;
  }
  FERMATA_ASSIGN_OR_RETURN(Currency target, lookup_currency(to));
  FERMATA_ASSIGN_OR_RETURN(FxRate rate, table.rate_on(from, to, date, what));
  c.rate = rate.rate;
  c.source = rate.source;
  FERMATA_ASSIGN_OR_RETURN(c.converted, multiply_half_up(amount, rate.rate, target.minor_digits));
  return c;
}

}  // namespace fermata
