// Property test of stock imports into real storage (issue: "units per product
// are conserved across all accounts including external; no account goes
// negative where forbidden; every movement's money side balances").
//
// Method: per case, a fresh SQLite database in a temporary directory with a
// small catalog (labels L1 and L2, three physical products, warehouses W1 and
// W2, stores S1 to S3, the distributor D1), then a random sequence of files
// imported through import_text as `fermata import` does: stock files of
// random possible movements (receipts, pressings, purchases with a price,
// orders, firm sales with a price to the file's one store, consignments,
// returns of both, transfers and arrivals, damage, destruction, promo use,
// returns to the owner, signed adjustments, purchase orders), physical
// sell-through reports (units sold beyond what the store holds included) and
// files whose last row ships, transfers or damages more than its source
// holds, each file in a month of its own. The test keeps its own model of every unit account and of
// what each store and buyer owes, written from FORMATS.md §14 and INVENTORY.md. Afterwards: the
// trial balance nets to zero in every SKU and currency, verify() is clean, every unit account holds
// what the model says and no status account or store's account is negative, receivables are what
// the model invoiced, and an over-shipping file was refused whole (the numbers of transactions and
// stock register rows did not change).
//
// Runs 30 cases (RC_PARAMS max_success overrides); a few seconds.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "fermata/ingest/import.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using testing::TempDir;

struct Product {
  std::string sku, release, upc, owner;
  std::int64_t ppd_cents;
};
const std::vector<Product> kProducts = {{"CD-1", "R1", "4012345000016", "L1", 900},
                                        {"CD-2", "R2", "4012345000023", "L2", 750},
                                        {"LP-1", "R3", "4012345000030", "L1", 1200}};
const std::vector<std::string> kWarehouses = {"W1", "W2"};
const std::vector<std::string> kStores = {"S1", "S2", "S3"};
constexpr std::int64_t kPurchaseCents = 425;

const char* const kCatalog[] = {
    "id,name,kind\nD1,North Dist,distributor\nL1,Alpha Records,label\nL2,Beta Music,label\n"
    "W1,Main Warehouse,warehouse\nW2,Second Warehouse,warehouse\nS1,Shop One,store\n"
    "S2,Shop Two,store\nS3,Shop Three,store\n",
    "id,title,icpn\nR1,One,4012345000016\nR2,Two,4012345000023\nR3,Three,4012345000030\n",
    "sku,kind,format,release_id,catalog_number,upc\nCD-1,physical,CD,R1,A-1,4012345000016\n"
    "CD-2,physical,CD,R2,B-1,4012345000023\nLP-1,physical,LP,R3,A-2,4012345000030\n",
    "kind,release_id,party_id,valid_from,valid_to\nowner,R1,L1,2020-01-01,\n"
    "owner,R2,L2,2020-01-01,\nowner,R3,L1,2020-01-01,\ndistributor,R1,D1,2020-01-01,\n"
    "distributor,R2,D1,2020-01-01,\ndistributor,R3,D1,2020-01-01,\n"};

constexpr char kStockHeader[] =
    "movement,date,document,sku,units,owner,from,to,store,buyer,terms,condition,price,currency,"
    "reason\n";

// --- The model ---------------------------------------------------------------

// (party, kind, SKU, location, counterparty), as FORMATS.md §14 names them.
using Key = std::tuple<std::string, AccountKind, std::string, std::string, std::string>;

Key key(const std::string& party, AccountKind kind, const std::string& sku,
        const std::string& location = "", const std::string& counterparty = "") {
  return {party, kind, sku, location, counterparty};
}

struct Model {
  std::map<Key, std::int64_t> units;
  // Money owed to a party by another, in USD cents: (creditor, debtor).
  std::map<std::pair<std::string, std::string>, std::int64_t> receivable_cents;
  std::int64_t documents = 0, register_rows = 0;

  std::int64_t held(const Key& k) const {
    auto found = units.find(k);
    return found == units.end() ? 0 : found->second;
  }
  void move(const Key& from, const Key& to, std::int64_t n) {
    units[from] -= n;
    units[to] += n;
  }
};

// One movement row being written: the fields of FORMATS.md §14.
struct Row {
  std::string kind, document, sku, owner, from, to, store, buyer, terms, condition, price, reason;
  std::int64_t units = 0;
};

std::string cents_text(std::int64_t cents) {
  return std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") +
         std::to_string(cents % 100);
}

std::string csv_of(const Row& r, const std::string& date) {
  return r.kind + "," + date + "," + r.document + "," + r.sku + "," + std::to_string(r.units) +
         "," + r.owner + "," + r.from + "," + r.to + "," + r.store + "," + r.buyer + "," + r.terms +
         "," + r.condition + "," + r.price + "," + (r.price.empty() ? "" : "USD") + "," + r.reason +
         "\n";
}

std::string next_document(Model& model, const char* prefix) {
  return std::string(prefix) + "-" + std::to_string(++model.documents);
}

std::int64_t up_to(std::int64_t most) {
  return *rc::gen::inRange<std::int64_t>(1, std::min<std::int64_t>(most, 40) + 1);
}

// Units arrive from outside the books (a receipt, pressing or count found
// more), or a purchase order is filed (documents only).
Row arrival(Model& model, const Product& p, const std::string& w) {
  const std::int64_t n = *rc::gen::inRange<std::int64_t>(1, 60);
  const int pick = *rc::gen::inRange(0, 4);
  if (pick == 3) {
    return {.kind = "purchase_order",
            .document = next_document(model, "PO"),
            .buyer = "D1",
            .price = cents_text(kPurchaseCents),
            .units = n};
  }
  model.move(key(p.owner, AccountKind::kExternal, p.sku),
             key(p.owner, AccountKind::kInventory, p.sku, w), n);
  if (pick == 0) {
    return {.kind = "receipt", .document = next_document(model, "DN"), .to = w, .units = n};
  }
  if (pick == 1) return {.kind = "press", .to = w, .units = n};
  return {.kind = "adjust", .from = w, .reason = "found", .units = n};
}

// The store's order and the units on hand, allocated first: a shipment.
Row shipment(Model& model, const Product& p, const std::string& w, const std::string& store,
             bool sale) {
  const Key allocated = key(p.owner, AccountKind::kAllocated, p.sku, w, store);
  const Key on_hand = key(p.owner, AccountKind::kInventory, p.sku, w);
  const std::int64_t n = up_to(model.held(allocated) + model.held(on_hand));
  const std::int64_t first = std::min(model.held(allocated), n);
  const Key to = sale ? key(store, AccountKind::kInventory, p.sku, store, p.owner)
                      : key(p.owner, AccountKind::kConsigned, p.sku, store);
  model.move(allocated, to, first);
  model.move(on_hand, to, n - first);
  if (sale) model.receivable_cents[{p.owner, store}] += n * p.ppd_cents;
  return {.kind = "ship",
          .document = next_document(model, sale ? "INV" : "DLV"),
          .from = w,
          .store = store,
          .terms = sale ? "sale" : "consignment",
          .price = sale ? cents_text(p.ppd_cents) : "",
          .units = n};
}

Row store_return(Model& model, const Product& p, const std::string& w, const std::string& store,
                 bool sale) {
  const Key from = sale ? key(store, AccountKind::kInventory, p.sku, store, p.owner)
                        : key(p.owner, AccountKind::kConsigned, p.sku, store);
  const std::int64_t n = up_to(model.held(from));
  const bool damaged = *rc::gen::inRange(0, 4) == 0;
  model.move(from,
             key(p.owner, damaged ? AccountKind::kDamaged : AccountKind::kInventory, p.sku, w), n);
  if (sale) model.receivable_cents[{p.owner, store}] -= n * p.ppd_cents;
  return {.kind = "return",
          .document = next_document(model, "RA"),
          .to = w,
          .store = store,
          .terms = sale ? "sale" : "consignment",
          .condition = damaged ? "damaged" : "restock",
          .price = sale ? cents_text(p.ppd_cents) : "",
          .units = n};
}

// Units on hand at w that leave the shelf: to D1, another warehouse, an
// order, the damaged shelf, or out of the books.
Row from_shelf(Model& model, const Product& p, const std::string& w) {
  const Key on_hand = key(p.owner, AccountKind::kInventory, p.sku, w);
  const std::int64_t n = up_to(model.held(on_hand));
  const std::string other = w == "W1" ? "W2" : "W1";
  const std::string store = *rc::gen::elementOf(kStores);
  switch (*rc::gen::inRange(0, 6)) {
    case 0:
      model.move(on_hand, key("D1", AccountKind::kInventory, p.sku, w), n);
      model.receivable_cents[{p.owner, "D1"}] += n * kPurchaseCents;
      return {.kind = "purchase",
              .from = w,
              .to = w,
              .buyer = "D1",
              .price = cents_text(kPurchaseCents),
              .units = n};
    case 1:
      model.move(on_hand, key(p.owner, AccountKind::kInTransit, p.sku, other), n);
      return {.kind = "transfer", .from = w, .to = other, .units = n};
    case 2:
      model.move(on_hand, key(p.owner, AccountKind::kAllocated, p.sku, w, store), n);
      return {.kind = "order",
              .document = next_document(model, "SO"),
              .from = w,
              .store = store,
              .units = n};
    case 3:
      model.move(on_hand, key(p.owner, AccountKind::kDamaged, p.sku, w), n);
      return {.kind = "damage", .from = w, .reason = "wet", .units = n};
    case 4:
      model.move(on_hand, key(p.owner, AccountKind::kReturnedToOwner, p.sku, p.owner), n);
      return {.kind = "return_to_owner", .from = w, .units = n};
    default: {
      model.move(on_hand, key(p.owner, AccountKind::kExternal, p.sku), n);
      const std::string kind = *rc::gen::element<std::string>("destroy", "promo", "adjust");
      return {.kind = kind,
              .document = next_document(model, "INSTR"),
              .from = w,
              .reason = "instructed",
              .units = kind == "adjust" ? -n : n};
    }
  }
}

Row in_transit_or_damaged(Model& model, const Product& p, const std::string& w) {
  const Key transit = key(p.owner, AccountKind::kInTransit, p.sku, w);
  if (model.held(transit) > 0) {
    const std::int64_t n = up_to(model.held(transit));
    model.move(transit, key(p.owner, AccountKind::kInventory, p.sku, w), n);
    return {.kind = "arrive", .to = w, .units = n};
  }
  const Key damaged = key(p.owner, AccountKind::kDamaged, p.sku, w);
  const std::int64_t n = up_to(model.held(damaged));
  model.move(damaged, key(p.owner, AccountKind::kExternal, p.sku), n);
  return {.kind = "destroy",
          .document = next_document(model, "INSTR"),
          .from = w,
          .condition = "damaged",
          .reason = "unsaleable",
          .units = n};
}

// A random movement the model says is possible; `firm_store` takes the file's
// firm sales (a stock file invoices one store).
Row gen_row(Model& model, const std::string& firm_store) {
  const Product& p = *rc::gen::elementOf(kProducts);
  const std::string w = *rc::gen::elementOf(kWarehouses);
  const std::string store = *rc::gen::elementOf(kStores);
  const bool sale = *rc::gen::arbitrary<bool>();
  const std::string to_store = sale ? firm_store : store;
  const Key on_hand = key(p.owner, AccountKind::kInventory, p.sku, w);
  const Key allocated = key(p.owner, AccountKind::kAllocated, p.sku, w, to_store);
  const Key at_store = sale ? key(to_store, AccountKind::kInventory, p.sku, to_store, p.owner)
                            : key(p.owner, AccountKind::kConsigned, p.sku, to_store);
  Row row;
  switch (*rc::gen::inRange(0, 6)) {
    case 0:
      if (model.held(on_hand) + model.held(allocated) > 0) {
        row = shipment(model, p, w, to_store, sale);
        break;
      }
      [[fallthrough]];
    case 1:
      if (model.held(at_store) > 0) {
        row = store_return(model, p, w, to_store, sale);
        break;
      }
      [[fallthrough]];
    case 2:
      if (model.held(key(p.owner, AccountKind::kInTransit, p.sku, w)) +
              model.held(key(p.owner, AccountKind::kDamaged, p.sku, w)) >
          0) {
        row = in_transit_or_damaged(model, p, w);
        break;
      }
      [[fallthrough]];
    case 3:
    case 4:
      if (model.held(on_hand) > 0) {
        row = from_shelf(model, p, w);
        break;
      }
      [[fallthrough]];
    default:
      row = arrival(model, p, w);
  }
  row.sku = p.sku;
  row.owner = p.owner;
  return row;
}

// --- The books ---------------------------------------------------------------

struct Books {
  TempDir dir;
  std::unique_ptr<Database> database;
  std::unique_ptr<Ledger> ledger;
};

ImportReport import(Books& books, const std::string& name, std::string text) {
  Result<ImportReport> report =
      import_text(*books.database, *books.ledger, name, std::move(text), ImportOptions{});
  if (!report) RC_FAIL(name + ": " + report.error().to_string());
  return *report;
}

void expect_committed(const ImportReport& report) {
  if (!report.rejected.empty()) RC_FAIL(report.rejected.front().to_string());
  RC_ASSERT(report.committed);
}

std::unique_ptr<Books> open_books() {
  auto books = std::make_unique<Books>();
  Result<std::unique_ptr<Database>> database =
      Database::open(books->dir.file("books.db"), {.create = true});
  RC_ASSERT(database.has_value());
  books->database = std::move(*database);
  books->ledger =
      std::make_unique<Ledger>(books->database->ledger_storage(), LedgerOptions{.actor = "test"});
  int table = 0;
  for (const char* text : kCatalog) {
    expect_committed(import(*books, "catalog-" + std::to_string(++table) + ".csv", text));
  }
  return books;
}

// What a refused file must leave exactly as it was.
struct Counts {
  std::int64_t transactions = 0, register_rows = 0;
  friend bool operator==(const Counts&, const Counts&) = default;
};

Counts counts(Books& books) {
  Result<VerifyReport> verified = books.ledger->verify();
  RC_ASSERT(verified.has_value());
  Result<std::vector<StockMovementRecord>> rows =
      books.database->stock_register().movements("", "");
  RC_ASSERT(rows.has_value());
  return {verified->transactions, static_cast<std::int64_t>(rows->size())};
}

// Each file has its own month, in the order imported: a stock file is dated
// the 15th, a sell-through report covers the month (and is dated its end).
// Nothing is dated back, so the model's balances now are what every movement
// is checked against (a movement dated back: movement_property_test.cc).
std::string month_of(int file_number) {
  return std::string("2026-") + (file_number < 10 ? "0" : "") + std::to_string(file_number);
}

std::string day_of(int file_number) {
  return month_of(file_number) + "-15";
}

// --- The files ---------------------------------------------------------------

void import_stock_file(Books& books, Model& model, int file_number) {
  const std::string firm_store = *rc::gen::elementOf(kStores);
  const int rows = *rc::gen::inRange(1, 16);
  std::string text = kStockHeader;
  for (int i = 0; i < rows; ++i) text += csv_of(gen_row(model, firm_store), day_of(file_number));
  expect_committed(import(books, "stock-" + std::to_string(file_number) + ".csv", text));
  model.register_rows += rows;
}

// A line of a physical report: units sold take the store's own units, then
// the consigned ones, then go to D1's suspense; units returned by consumers
// (a negative net) go back on consignment. Money is owed on what was not
// invoiced as a firm sale already.
void sell_through(Model& model, const Product& p, const std::string& store, std::int64_t n) {
  const Key firm = key(store, AccountKind::kInventory, p.sku, store, p.owner);
  const Key consigned = key(p.owner, AccountKind::kConsigned, p.sku, store);
  const Key sold = key(p.owner, AccountKind::kExternal, p.sku, "", store);
  const std::int64_t from_firm =
      std::clamp<std::int64_t>(model.held(firm), 0, std::max<std::int64_t>(n, 0));
  const std::int64_t from_consigned =
      n < 0 ? n : std::clamp<std::int64_t>(model.held(consigned), 0, n - from_firm);
  model.move(firm, sold, from_firm);
  model.move(consigned, sold, from_consigned);
  model.move(key("D1", AccountKind::kSuspense, p.sku, store, p.owner), sold,
             n - from_firm - from_consigned);
  model.receivable_cents[{p.owner, store}] += (n - from_firm) * p.ppd_cents;
}

void import_sell_through(Books& books, Model& model, int file_number) {
  const std::string store = *rc::gen::elementOf(kStores);
  const std::string period = month_of(file_number);
  std::string text = "store,payer,upc,units_sold,units_returned,ppd,currency,period\n";
  for (const Product& p : kProducts) {
    const std::int64_t held =
        model.held(key(store, AccountKind::kInventory, p.sku, store, p.owner)) +
        model.held(key(p.owner, AccountKind::kConsigned, p.sku, store));
    const std::int64_t sold = *rc::gen::inRange<std::int64_t>(0, held + 4);
    const std::int64_t returned =
        *rc::gen::inRange(0, 3) == 0 ? *rc::gen::inRange<std::int64_t>(0, 4) : 0;
    if (sold == returned) continue;
    text += store + "," + store + "," + p.upc + "," + std::to_string(sold) + "," +
            std::to_string(returned) + "," + cents_text(p.ppd_cents) + ",USD," + period + "\n";
    sell_through(model, p, store, sold - returned);
    ++model.register_rows;
  }
  if (text.find(",USD,") == std::string::npos) return;  // Nothing sold or returned.
  expect_committed(import(books, "sell-through-" + period + ".csv", text));
}

// A file of possible movements whose last row asks its source for more than
// it holds: refused whole, so the model is not moved.
void import_over_shipping(Books& books, const Model& model, int file_number) {
  Model scratch = model;
  const std::string firm_store = *rc::gen::elementOf(kStores);
  const int rows = *rc::gen::inRange(0, 6);
  std::string text = kStockHeader;
  for (int i = 0; i < rows; ++i) text += csv_of(gen_row(scratch, firm_store), day_of(file_number));
  const Product& p = *rc::gen::elementOf(kProducts);
  const std::string w = *rc::gen::elementOf(kWarehouses);
  const std::int64_t held = scratch.held(key(p.owner, AccountKind::kInventory, p.sku, w));
  const std::int64_t extra = *rc::gen::inRange<std::int64_t>(1, 5);
  Row over{.sku = p.sku, .owner = p.owner, .from = w, .units = held + extra};
  switch (*rc::gen::inRange(0, 3)) {
    case 0:
      over.kind = "ship", over.document = "INV-OVER", over.store = firm_store;
      over.terms = "sale", over.price = cents_text(p.ppd_cents);
      over.units += scratch.held(key(p.owner, AccountKind::kAllocated, p.sku, w, firm_store));
      break;
    case 1:
      over.kind = "transfer", over.to = w == "W1" ? "W2" : "W1";
      break;
    default:
      over.kind = "damage", over.reason = "wet";
  }
  text += csv_of(over, day_of(file_number));
  const Counts before = counts(books);
  const ImportReport report = import(books, "over-" + std::to_string(file_number) + ".csv", text);
  RC_ASSERT(!report.committed);
  RC_ASSERT(report.rejected.size() == 1u);
  RC_ASSERT(report.rejected[0].code == ErrorCode::kStockInsufficient);
  RC_ASSERT(report.rejected[0].where.line_number == rows + 2);  // The header is line 1.
  RC_ASSERT(counts(books) == before);
}

// --- The checks --------------------------------------------------------------

std::int64_t whole(Decimal units) {
  RC_ASSERT(units.is_whole());
  return static_cast<std::int64_t>(units.raw() / Decimal::kOne);
}

bool is_store(const std::string& party) {
  return std::find(kStores.begin(), kStores.end(), party) != kStores.end();
}

template <typename Map>
Map without_zeros(Map map) {
  std::erase_if(map, [](const auto& entry) { return entry.second == 0; });
  return map;
}

void check_books(Books& books, const Model& model) {
  Result<std::vector<AccountBalance>> balances = books.ledger->balances({});
  RC_ASSERT(balances.has_value());
  Result<std::vector<CommodityTotals>> totals = trial_balance(*balances);
  RC_ASSERT(totals.has_value());
  for (const CommodityTotals& t : *totals) RC_ASSERT(t.net.is_zero());
  Result<VerifyReport> verified = books.ledger->verify();
  RC_ASSERT(verified.has_value());
  if (!verified->problems.empty()) RC_FAIL(verified->problems.front());
  std::map<Key, std::int64_t> units;
  std::map<std::pair<std::string, std::string>, std::int64_t> receivable_cents;
  for (const AccountBalance& b : *balances) {
    const AccountRef& a = b.account;
    if (is_inventory_commodity(a.commodity)) {
      units[key(a.party, a.kind, a.commodity.substr(4), a.location, a.counterparty)] =
          whole(b.balance);
      if (is_unit_account_kind(a.kind) || is_store(a.party)) RC_ASSERT(!b.balance.is_negative());
    } else if (a.kind == AccountKind::kReceivable) {
      RC_ASSERT(a.commodity == std::string("USD"));
      receivable_cents[{a.party, a.counterparty}] =
          whole(b.balance.checked_mul(Decimal::from_units(100)).value());
    }
  }
  RC_ASSERT(units == without_zeros(model.units));
  RC_ASSERT(receivable_cents == without_zeros(model.receivable_cents));
  RC_ASSERT(counts(books).register_rows == model.register_rows);
}

void stock_imports_keep_the_books() {
  std::unique_ptr<Books> books = open_books();
  Model model;
  const int files = *rc::gen::inRange(2, 9);
  bool refused = false;
  for (int file_number = 1; file_number <= files; ++file_number) {
    switch (*rc::gen::weightedElement<int>({{7, 0}, {2, 1}, {2, 2}})) {
      case 0:
        import_stock_file(*books, model, file_number);
        break;
      case 1:
        import_sell_through(*books, model, file_number);
        break;
      default:
        import_over_shipping(*books, model, file_number);
        refused = true;
    }
  }
  check_books(*books, model);
  const auto any = [&](AccountKind kind) {
    return std::any_of(model.units.begin(), model.units.end(), [&](const auto& entry) {
      return std::get<1>(entry.first) == kind && entry.second != 0;
    });
  };
  RC_CLASSIFY(refused, "a file refused");
  RC_CLASSIFY(any(AccountKind::kSuspense), "units sold beyond the store's");
  RC_CLASSIFY(any(AccountKind::kConsigned), "consigned");
  RC_CLASSIFY(std::any_of(model.receivable_cents.begin(), model.receivable_cents.end(),
                          [](const auto& entry) { return is_store(entry.first.second); }),
              "stores owe");
}

// 30 cases unless RC_PARAMS says otherwise: each opens a database and imports
// up to eight files.
TEST(StockImportProperty, FilesKeepUnitsAndMoneyBalancedAndOverShipmentsWriteNothing) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  if (std::getenv("RC_PARAMS") == nullptr) params.maxSuccess = 30;
  const rc::detail::TestMetadata metadata{"StockImportProperty/Files", "stock imports"};
  const rc::detail::TestResult result =
      rc::detail::checkTestable(&stock_imports_keep_the_books, metadata, params);
  std::ostringstream message;
  rc::detail::printResultMessage(result, message);
  std::cout << message.str() << "\n";
  if (!result.template is<rc::detail::SuccessResult>()) {
    FAIL() << message.str();
  }
}

}  // namespace
}  // namespace fermata
