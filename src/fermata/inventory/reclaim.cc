// reclaim(): the label's units per warehouse and per store, their title
// documents, the agreements with their holders, and values.
#include "fermata/inventory/reclaim.h"

#include <algorithm>
#include <set>

#include "fermata/base/assert.h"
#include "fermata/base/date.h"

namespace fermata {
namespace {

using Products = std::map<std::string, ProductLine>;

Products products_of(const CatalogSnapshot& catalog) {
  std::map<std::string, std::string> titles;
  for (const Release& release : catalog.releases) titles.emplace(release.id, release.title);
  Products products;
  for (const Product& p : catalog.products) {
    const auto title = titles.find(p.release_id);
    products.emplace(p.sku, ProductLine{p.sku, p.catalog_number, p.upc.value_or(""), p.release_id,
                                        title == titles.end() ? "" : title->second});
  }
  return products;
}

Result<std::optional<Price>> value_at(const PriceList& prices, PriceKind kind,
                                      const std::string& sku, Decimal units,
                                      const std::string& date) {
  std::optional<Price> price = prices.find(sku, kind, date);
  if (!price) return std::optional<Price>();
  FERMATA_ASSIGN_OR_RETURN(Decimal amount, price->amount.checked_mul(units));
  return std::optional<Price>(Price{amount, price->currency});
}

Result<Values> values_of(const PriceList& prices, const std::string& sku, Decimal units,
                         const std::string& date) {
  Values values;
  FERMATA_ASSIGN_OR_RETURN(values.ppd, value_at(prices, PriceKind::kPpd, sku, units, date));
  FERMATA_ASSIGN_OR_RETURN(values.cost, value_at(prices, PriceKind::kCost, sku, units, date));
  FERMATA_ASSIGN_OR_RETURN(values.srp, value_at(prices, PriceKind::kSrp, sku, units, date));
  return values;
}

// Units by location and SKU, as the balances hold them.
struct Held {
  std::map<std::string, std::map<std::string, PickLine>> warehouses;
  std::map<std::string, std::map<std::string, Decimal>> stores;
};

bool is_listed_kind(AccountKind kind) {
  return kind == AccountKind::kInventory || kind == AccountKind::kDamaged ||
         kind == AccountKind::kAllocated || kind == AccountKind::kConsigned;
}

Status add_balance(const ReclaimInput& input, const Products& products, const AccountBalance& b,
                   Held& held, std::vector<std::string>& warnings) {
  const AccountRef& account = b.account;
  if (account.party != input.label || !is_listed_kind(account.kind)) return ok_status();
  if (!is_inventory_commodity(account.commodity) || account.location == input.label) {
    return ok_status();
  }
  if (!input.location.empty() && account.location != input.location) return ok_status();
  const std::string sku = account.commodity.substr(4);
  const auto product = products.find(sku);
  if (product == products.end()) {
    return make_error(ErrorCode::kCommodityUnknown,
                      account.name() + " holds units of '" + sku + "', which is not a product",
                      field_ref("sku", sku));
  }
  if (b.balance.is_negative()) {
    warnings.push_back(account.name() + " holds " + b.balance.to_string() +
                       " units: not listed (the books say more left than arrived)");
    return ok_status();
  }
  if (account.kind == AccountKind::kConsigned) {
    held.stores[account.location][sku] += b.balance;
    return ok_status();
  }
  PickLine& line = held.warehouses[account.location][sku];
  line.product = product->second;
  if (account.kind == AccountKind::kInventory) line.on_hand += b.balance;
  if (account.kind == AccountKind::kDamaged) line.damaged += b.balance;
  if (account.kind == AccountKind::kAllocated) line.allocated += b.balance;
  return ok_status();
}

Status fill_pick_lists(const ReclaimInput& input, Held& held, Reclaim& out) {
  for (auto& [location, by_sku] : held.warehouses) {
    PickList list{location, {}};
    for (auto& entry : by_sku) {
      PickLine& line = entry.second;
      const auto bin = input.bins.find({line.product.sku, location});
      if (bin != input.bins.end()) line.bin = bin->second;
      FERMATA_ASSIGN_OR_RETURN(
          line.values, values_of(input.prices, line.product.sku, line.units(), input.as_of));
      list.lines.push_back(std::move(line));
    }
    out.pick_lists.push_back(std::move(list));
  }
  return ok_status();
}

std::vector<TitleDocument> deliveries_to(const ReclaimInput& input, const std::string& store,
                                         const std::map<std::string, Decimal>& skus) {
  std::vector<TitleDocument> deliveries;
  for (const StockMovementRecord& m : input.movements) {
    if (m.kind != "ship" || m.terms != "consignment" || m.store != store) continue;
    if (m.owner != input.label || !skus.contains(m.sku)) continue;
    deliveries.push_back(TitleDocument{m.sku, m.kind, m.date, m.document, m.store, "", m.units});
  }
  return deliveries;
}

Status fill_recalls(const ReclaimInput& input, const Products& products, const Held& held,
                    Reclaim& out) {
  for (const auto& [store, by_sku] : held.stores) {
    RecallRequest request{store, {}, deliveries_to(input, store, by_sku)};
    for (const auto& entry : by_sku) {
      RecallLine line{products.at(entry.first), entry.second, {}};
      FERMATA_ASSIGN_OR_RETURN(line.values,
                               values_of(input.prices, entry.first, entry.second, input.as_of));
      request.lines.push_back(std::move(line));
    }
    out.recalls.push_back(std::move(request));
  }
  return ok_status();
}

std::set<std::string> listed_skus(const Reclaim& out) {
  std::set<std::string> skus;
  for (const PickList& list : out.pick_lists) {
    for (const PickLine& line : list.lines) skus.insert(line.product.sku);
  }
  for (const RecallRequest& request : out.recalls) {
    for (const RecallLine& line : request.lines) skus.insert(line.product.sku);
  }
  return skus;
}

// Receipts and pressings prove the label's title; purchases passed it away.
void fill_documents(const ReclaimInput& input, const std::set<std::string>& skus, Reclaim& out) {
  for (const StockMovementRecord& m : input.movements) {
    if (m.owner != input.label || !skus.contains(m.sku)) continue;
    if (m.kind != "receipt" && m.kind != "press" && m.kind != "purchase") continue;
    const bool purchase = m.kind == "purchase";
    out.documents.push_back(
        TitleDocument{m.sku, m.kind, m.date, m.document, m.to, m.buyer, m.units, purchase});
  }
  std::stable_sort(out.documents.begin(), out.documents.end(),
                   [](const TitleDocument& a, const TitleDocument& b) { return a.sku < b.sku; });
}

bool in_force(const Relation& relation, const std::string& date) {
  return relation.valid_from <= date && (!relation.valid_to || date < *relation.valid_to);
}

// The distributors of the listed products' releases on the day.
void fill_holders(const ReclaimInput& input, const Products& products,
                  const std::set<std::string>& skus, Reclaim& out) {
  std::set<std::string> releases;
  for (const std::string& sku : skus) releases.insert(products.at(sku).release_id);
  std::set<std::string> holders;
  for (const Relation& relation : input.catalog.relations) {
    if (relation.kind != RelationKind::kDistributor || !releases.contains(relation.release_id)) {
      continue;
    }
    if (in_force(relation, input.as_of)) holders.insert(relation.party_id);
  }
  out.holders.assign(holders.begin(), holders.end());
}

// The clause keeping title with the label: the agreement's [stock] clause
// when it says the stock is consigned; "" when it states none (or says the
// distributor buys the stock, when title is not the label's to claim).
std::string title_clause(const AgreementVersion& version) {
  if (!version.stock || version.stock->title != StockTitle::kConsignment) return "";
  return version.stock->clause;
}

// The versions in force on the day between the label and a distributor
// holding its products (any distributor when the catalog names none).
void fill_agreements(const ReclaimInput& input, Reclaim& out) {
  const std::set<std::string> holders(out.holders.begin(), out.holders.end());
  for (const auto& [id, versions] : input.agreements) {
    const AgreementVersion* version = version_on(versions, input.as_of);
    if (version == nullptr || version->party_id("licensor") != input.label) continue;
    const std::string& distributor = version->party_id("distributor");
    if (distributor.empty() || (!holders.empty() && !holders.contains(distributor))) continue;
    out.agreements.push_back(TitleAgreement{version->id, version->version, version->effective_from,
                                            distributor, title_clause(*version)});
  }
}

void fill_names(const ReclaimInput& input, Reclaim& out) {
  std::set<std::string> named = {input.label};
  named.insert(out.holders.begin(), out.holders.end());
  for (const PickList& list : out.pick_lists) named.insert(list.location);
  for (const RecallRequest& request : out.recalls) named.insert(request.store);
  for (const TitleDocument& d : out.documents) {
    named.insert(d.location);
    if (!d.buyer.empty()) named.insert(d.buyer);
  }
  for (const TitleAgreement& a : out.agreements) named.insert(a.distributor);
  for (const Party& party : input.catalog.parties) {
    if (named.contains(party.id)) out.names.emplace(party.id, party.name);
  }
}

bool has_party(const CatalogSnapshot& catalog, const std::string& id) {
  return std::any_of(catalog.parties.begin(), catalog.parties.end(),
                     [&id](const Party& p) { return p.id == id; });
}

}  // namespace

std::string Reclaim::display_name(const std::string& party) const {
  const auto found = names.find(party);
  if (found == names.end() || found->second.empty()) return party;
  return found->second + " (" + party + ")";
}

namespace {

void add_value(std::map<std::string, Decimal>& into, const std::optional<Price>& value) {
  if (value) into[value->currency] += value->amount;
}

void add_values(ReclaimTotals& totals, const Values& values) {
  add_value(totals.ppd, values.ppd);
  add_value(totals.cost, values.cost);
  add_value(totals.srp, values.srp);
}

void add_all(std::map<std::string, Decimal>& into, const std::map<std::string, Decimal>& more) {
  for (const auto& entry : more) into[entry.first] += entry.second;
}

}  // namespace

ReclaimTotals totals_of(const std::vector<PickLine>& lines) {
  ReclaimTotals totals;
  for (const PickLine& line : lines) {
    totals.units += line.units();
    totals.damaged += line.damaged;
    totals.allocated += line.allocated;
    add_values(totals, line.values);
  }
  return totals;
}

ReclaimTotals totals_of(const std::vector<RecallLine>& lines) {
  ReclaimTotals totals;
  for (const RecallLine& line : lines) {
    totals.units += line.units;
    add_values(totals, line.values);
  }
  return totals;
}

void add_totals(ReclaimTotals& into, const ReclaimTotals& more) {
  into.units += more.units;
  into.damaged += more.damaged;
  into.allocated += more.allocated;
  add_all(into.ppd, more.ppd);
  add_all(into.cost, more.cost);
  add_all(into.srp, more.srp);
}

Result<Reclaim> reclaim(const ReclaimInput& input) {
  FERMATA_ASSERT(!input.label.empty());
  FERMATA_ASSERT(is_iso_date(input.as_of));
  if (!has_party(input.catalog, input.label)) {
    return make_error(ErrorCode::kPartyUnknown, "no party '" + input.label + "' in the catalog",
                      field_ref("--party", input.label));
  }
  Reclaim out;
  out.label = input.label;
  out.as_of = input.as_of;
  const Products products = products_of(input.catalog);
  Held held;
  for (const AccountBalance& balance : input.balances) {
    FERMATA_RETURN_IF_ERROR(add_balance(input, products, balance, held, out.warnings));
  }
  FERMATA_RETURN_IF_ERROR(fill_pick_lists(input, held, out));
  FERMATA_RETURN_IF_ERROR(fill_recalls(input, products, held, out));
  const std::set<std::string> skus = listed_skus(out);
  fill_documents(input, skus, out);
  fill_holders(input, products, skus, out);
  fill_agreements(input, out);
  fill_names(input, out);
  return out;
}

}  // namespace fermata
