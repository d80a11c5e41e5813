// fermata summary: each label's money and units, the demo's closing table.
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/statement/position.h"

namespace fermata::cli {
namespace {

std::string money(const std::map<std::string, Decimal>& by_currency) {
  std::string text;
  for (const auto& [currency, amount] : by_currency) {
    if (amount.is_zero()) continue;
    if (!text.empty()) text += ", ";
    text += amount.to_fixed(2) + " " + currency;
  }
  return text.empty() ? "0" : text;
}

nlohmann::json money_json(const std::map<std::string, Decimal>& by_currency) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [currency, amount] : by_currency) out[currency] = amount.to_string();
  return out;
}

}  // namespace

int run_summary(Context& ctx, const std::string& as_of) {
  Result<Books> books = open_books_to_read(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<Party>> parties = books->database->parties();
  if (!parties) return fail(parties.error());
  Result<std::vector<AccountBalance>> balances = books->ledger->balances({.as_of = as_of});
  if (!balances) return fail(balances.error());
  const auto positions = compute_positions(*parties, PartyKind::kLabel, *balances);
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const PartyPosition& p : positions) {
      out.push_back({{"party", p.party.id},
                     {"name", p.party.name},
                     {"held", money_json(p.held_by_currency)},
                     {"owed", money_json(p.owed_by_currency)},
                     {"reserved", money_json(p.reserved_by_currency)},
                     {"units_held_by_others", p.units_total},
                     {"units_by_location", p.units_by_location}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table{
      {"label", "name", "held for it (trust)", "owed to it", "reserved", "units held by others"},
      {false, false, false, false, false, true},
      {}};
  for (const PartyPosition& p : positions) {
    table.rows.push_back({p.party.id, p.party.name, money(p.held_by_currency),
                          money(p.owed_by_currency), money(p.reserved_by_currency),
                          std::to_string(p.units_total)});
  }
  print_table(table, std::cout);
  return 0;
}

}  // namespace fermata::cli
