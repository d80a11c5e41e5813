#include "fermata/ingest/import_stock.h"

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/catalog/identifiers.h"
#include "fermata/ingest/import_writers.h"
#include "fermata/ingest/post/sales_posting.h"
#include "fermata/ingest/stock/stock_csv.h"
#include "fermata/inventory/movement.h"
#include "fermata/inventory/price_list.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {
namespace {

// What stock needs from the catalog: physical products and party ids.
struct StockCatalog {
  std::unordered_map<std::string, Product> physical_by_sku;
  std::unordered_map<std::string, std::string> sku_by_upc;  // EAN-13 -> SKU.
  std::unordered_set<std::string> parties;
};

StockCatalog stock_catalog(const CatalogSnapshot& snapshot) {
  StockCatalog catalog;
  for (const Product& product : snapshot.products) {
    if (product.kind != ProductKind::kPhysical) continue;
    catalog.physical_by_sku.emplace(product.sku, product);
    if (product.upc) catalog.sku_by_upc.emplace(*product.upc, product.sku);
  }
  for (const Party& party : snapshot.parties) catalog.parties.insert(party.id);
  return catalog;
}

Result<UnitBook> load_unit_book(Ledger& ledger) {
  FERMATA_ASSIGN_OR_RETURN(std::string newest, ledger.newest_effective_date());
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> balances, ledger.balances({}));
  UnitBook book(newest);
  for (AccountBalance& balance : balances) {
    if (is_inventory_commodity(balance.account.commodity))
      book.add(std::move(balance.account), balance.balance);
  }
  return book;
}

// The cached book when the ledger is still where the last import left it
// (the cache is emptied: the unit owns the book until it commits), else
// the whole book read again.
Result<UnitBook> take_unit_book(Database& database, Ledger& ledger, const ImportOptions& options) {
  StockBookCache* cache = options.stock_books.get();
  if (cache && cache->tip_seq >= 0) {
    FERMATA_ASSIGN_OR_RETURN(ChainTip tip, database.ledger_storage().tip());
    const bool current = tip.seq == cache->tip_seq && tip.sha256 == cache->tip_sha256;
    cache->tip_seq = -1;
    if (current) return std::move(cache->book);
  }
  return load_unit_book(ledger);
}

// Storage-level failures stop the import; rule failures reject the row.
bool is_row_error(ErrorCode code) {
  return code != ErrorCode::kStorageError && code != ErrorCode::kStorageBusy &&
         code != ErrorCode::kIoError;
}

Error located(Error error, const std::string& file, std::int64_t line) {
  if (error.where.file.empty()) error.where.file = file;
  if (error.where.line_number == 0) error.where.line_number = line;
  return error;
}

std::string memo_of(const Movement& m) {
  std::string memo =
      std::string(movement_kind_name(m.kind)) + " " + m.units.to_string() + " " + m.sku;
  if (!m.from.empty()) memo += " from " + m.from;
  if (!m.to.empty()) memo += " to " + m.to;
  if (!m.store.empty()) memo += " store " + m.store;
  if (m.kind == MovementKind::kShip || m.kind == MovementKind::kReturn) {
    memo += m.terms == ShipTerms::kSale ? " (sale)" : " (consignment)";
  }
  if (!m.document.empty()) memo += " doc " + m.document;
  if (!m.reason.empty()) memo += ": " + m.reason;
  return memo;
}

StockMovementRecord record_of(const Movement& m, std::int64_t import_id, std::int64_t seq) {
  StockMovementRecord r;
  r.import_id = import_id;
  r.line = m.line_number;
  r.txn_seq = seq;
  r.kind = std::string(movement_kind_name(m.kind));
  r.date = m.date;
  r.document = m.document;
  r.order = m.order;
  r.sku = m.sku;
  r.owner = m.owner;
  r.from = m.from;
  r.to = m.to;
  r.store = m.store;
  r.buyer = m.buyer;
  r.terms = m.kind == MovementKind::kShip || m.kind == MovementKind::kReturn
                ? (m.terms == ShipTerms::kSale ? "sale" : "consignment")
                : "";
  r.condition = m.kind == MovementKind::kReturn || m.condition == Condition::kDamaged
                    ? (m.condition == Condition::kDamaged ? "damaged" : "restock")
                    : "";
  r.reason = m.reason;
  r.units = m.units;
  r.price = m.price;
  r.currency = m.currency;
  return r;
}

// One stock file's unit of work.
struct StockUnit {
  Database& database;
  Ledger& ledger;
  const ImportOptions& options;
  ImportReport& report;
  StockCatalog catalog;
  UnitBook book;
  PriceList prices;
  std::string holder;
  SalesReport sales;  // The file's firm sales and their returns, at PPD.
  // Each licensor's agreements with the holder, for their [stock] terms.
  std::map<std::string, std::vector<AgreementVersion>> terms;
  // The catalog indexed: whose release a product is on a day.
  std::shared_ptr<const CatalogIndex> index;
  // The ledger's postings to an account after a day, for the book. (The
  // unit is never copied: `this` stays the unit's.)
  UnitHistory history = [this](const AccountRef& account, const std::string& after) {
    return ledger.postings_after(account, after);
  };
};

// Each licensor's agreement versions with `holder` (its distributor).
Result<std::map<std::string, std::vector<AgreementVersion>>> terms_with(Database& database,
                                                                        const std::string& holder) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<StoredAgreement> stored, database.agreements());
  std::map<std::string, std::vector<AgreementVersion>> out;
  for (const StoredAgreement& s : stored) {
    FERMATA_ASSIGN_OR_RETURN(AgreementVersion v, parse_agreement(s.text, s.file));
    if (v.accounting_party() == holder && !v.party_id("licensor").empty()) {
      out[v.party_id("licensor")].push_back(std::move(v));
    }
  }
  return out;
}

// The stock terms of the owner's agreement with the holder on the movement's day.
const StockTerms* stock_terms(const StockUnit& unit, const Movement& m) {
  auto found = unit.terms.find(m.owner);
  if (found == unit.terms.end()) return nullptr;
  const AgreementVersion* v = version_on(found->second, m.date);
  return v && v->stock ? &*v->stock : nullptr;
}

// A receipt is a consignment: refused where the agreement says the
// distributor buys the stock (record a purchase instead).
Status check_title(const StockUnit& unit, const Movement& m) {
  const StockTerms* terms = stock_terms(unit, m);
  if (m.kind != MovementKind::kReceipt || !terms || terms->title != StockTitle::kPurchase) {
    return ok_status();
  }
  return make_error(ErrorCode::kFieldInvalid,
                    "the agreement between " + m.owner + " and " + unit.holder + " (§" +
                        terms->clause +
                        ") says the distributor buys this stock: record a purchase, not a receipt",
                    {"", m.line_number, "movement", "receipt"});
}

Status check_parties(const StockUnit& unit, const Movement& m) {
  const std::pair<const std::string*, std::string_view> named[] = {{&m.owner, "owner"},
                                                                   {&m.from, "from"},
                                                                   {&m.to, "to"},
                                                                   {&m.store, "store"},
                                                                   {&m.buyer, "buyer"}};
  for (const auto& [id, field] : named) {
    if (id->empty() || unit.catalog.parties.contains(*id)) continue;
    return make_error(ErrorCode::kPartyUnknown, "no party '" + *id + "' in the catalog",
                      {"", m.line_number, std::string(field), *id});
  }
  if (m.kind == MovementKind::kCancelOrder) return ok_status();
  if (!unit.catalog.physical_by_sku.contains(m.sku)) {
    return make_error(ErrorCode::kFieldInvalid,
                      "no physical product with SKU '" + m.sku + "' in the catalog",
                      {"", m.line_number, "sku", m.sku});
  }
  return ok_status();
}

// The unit price of a sale or purchase: the movement's, else the price list's PPD.
Result<Price> price_of(const StockUnit& unit, const Movement& m) {
  if (m.price) return Price{*m.price, m.currency};
  std::optional<Price> ppd = unit.prices.find(m.sku, PriceKind::kPpd, m.date, m.currency);
  if (ppd) return *ppd;
  return make_error(ErrorCode::kFieldMissing,
                    "no PPD for " + m.sku + " on " + m.date +
                        (m.currency.empty() ? "" : " in " + m.currency) +
                        ": give price and currency, or import a price list",
                    {"", m.line_number, "price", ""});
}

void widen(SalesReport& sales, const std::string& date) {
  if (sales.period_start.empty() || date < sales.period_start) sales.period_start = date;
  if (sales.period_end.empty() || date > sales.period_end) sales.period_end = date;
}

// The sales line naming the movement's product as a store's report would
// (its UPC and catalog number).
SaleLine product_line(const StockUnit& unit, const Movement& m) {
  const Product& product = unit.catalog.physical_by_sku.at(m.sku);
  SaleLine line;
  line.line_number = m.line_number;
  line.icpn = product.upc.value_or("");
  line.catalog_number = product.catalog_number;
  return line;
}

// A firm sale shipment (or a return of firm-sold units) as a sales line.
Status add_sale(StockUnit& unit, const Movement& m) {
  FERMATA_ASSIGN_OR_RETURN(Price price, price_of(unit, m));
  if (unit.sales.payer.empty()) unit.sales.payer = m.store;
  if (unit.sales.payer != m.store) {
    return make_error(ErrorCode::kFieldInvalid,
                      "a stock file invoices one store; this file's first sale is to '" +
                          unit.sales.payer + "' (split the file per store)",
                      {"", m.line_number, "store", m.store});
  }
  const bool is_return = m.kind == MovementKind::kReturn;
  SaleLine line = product_line(unit, m);
  line.title = m.sku + " " + (is_return ? "return " : "invoice ") + m.document;
  line.store = m.store;
  line.channel = SalesChannel::kPhysical;
  line.sale_start = line.sale_end = m.date;
  line.currency = price.currency;
  FERMATA_ASSIGN_OR_RETURN(line.amount, price.amount.checked_mul(m.units));
  line.units = is_return ? -m.units : m.units;
  if (is_return) line.amount = -line.amount;
  widen(unit.sales, m.date);
  unit.sales.lines.push_back(std::move(line));
  return ok_status();
}

// `buyer` owes `seller` the price of the movement's units (negated for a
// return): the seller's receivable and income, the buyer's expense and
// payable.
Status add_trade_money(const StockUnit& unit, const Movement& m, const std::string& seller,
                       const std::string& buyer, std::vector<Posting>& postings) {
  FERMATA_ASSIGN_OR_RETURN(Price price, price_of(unit, m));
  FERMATA_ASSIGN_OR_RETURN(Decimal amount, price.amount.checked_mul(m.units));
  if (m.kind == MovementKind::kReturn) amount = -amount;
  const auto money = [&](const std::string& party, AccountKind kind, const std::string& other) {
    return AccountRef{party, kind, price.currency, "", other};
  };
  postings.push_back({money(seller, AccountKind::kReceivable, buyer), amount});
  postings.push_back({money(seller, AccountKind::kExternal, buyer), -amount});
  postings.push_back({money(buyer, AccountKind::kExpense, seller), amount});
  postings.push_back({money(buyer, AccountKind::kPayable, seller), -amount});
  return ok_status();
}

// A purchase with a price: the buyer owes the owner the price of the units.
Status add_purchase_money(const StockUnit& unit, const Movement& m,
                          std::vector<Posting>& postings) {
  if (!m.price) return ok_status();
  return add_trade_money(unit, m, m.owner, m.buyer, postings);
}

// A firm sale (or its return) of units whose title passed from the label:
// the distributor or a sub-distributor bought them (the movement's owner is
// the holder, or not the release's owner on the day). It is the owner's own
// sale, in the movement's transaction: the label was paid when title
// passed, and a sales report would credit it again.
bool is_owners_own_sale(const StockUnit& unit, const Movement& m) {
  if (m.owner == unit.holder) return true;
  if (!unit.index) return false;
  const std::string label = unit.index->match(product_line(unit, m), m.date).owner;
  return !label.empty() && label != m.owner;
}

Status put_order_document(StockUnit& unit, const Movement& m) {
  StockRegister& reg = unit.database.stock_register();
  if (m.kind == MovementKind::kCancelOrder) {
    return reg.put_purchase_order_cancel(
        PurchaseOrderCancel{m.document, m.date, m.reason, unit.report.import_id, m.line_number});
  }
  return reg.put_purchase_order_line(PurchaseOrderLine{m.document, m.date, m.buyer, m.owner, m.sku,
                                                       m.units, m.price, m.currency,
                                                       unit.report.import_id, m.line_number});
}

// Appends the movement's transaction (when it moves units) and its register row.
Status append_movement(StockUnit& unit, const Movement& m, const std::vector<Posting>& postings,
                       const SellThroughSplit& split) {
  std::int64_t seq = 0;
  if (!postings.empty()) {
    NewTransaction txn;
    txn.idempotency_key =
        "stock:" + unit.report.archived_sha256 + ":" + std::to_string(m.line_number);
    txn.effective_date = m.date;
    txn.memo = memo_of(m);
    txn.source = SourceLink{unit.report.archived_sha256, std::to_string(m.line_number)};
    txn.postings = postings;
    FERMATA_ASSIGN_OR_RETURN(AppendOutcome outcome, unit.ledger.append(txn));
    ++(outcome.status == AppendStatus::kAppended ? unit.report.transactions_appended
                                                 : unit.report.transactions_existing);
    seq = outcome.seq;
    unit.book.apply(postings, m.date);
  }
  StockMovementRecord record = record_of(m, unit.report.import_id, seq);
  record.firm = split.firm;
  record.consigned = split.consigned;
  record.unexplained = split.unexplained;
  FERMATA_RETURN_IF_ERROR(unit.database.stock_register().put_movement(record));
  ++unit.report.movements;
  return ok_status();
}

bool is_firm_sale(const Movement& m) {
  return (m.kind == MovementKind::kShip || m.kind == MovementKind::kReturn) &&
         m.terms == ShipTerms::kSale;
}

// Checks, plans and writes one movement of a stock file.
Status write_movement(StockUnit& unit, const Movement& m) {
  FERMATA_RETURN_IF_ERROR(check_parties(unit, m));
  if (m.kind == MovementKind::kPurchaseOrder || m.kind == MovementKind::kCancelOrder) {
    FERMATA_RETURN_IF_ERROR(put_order_document(unit, m));
    return append_movement(unit, m, {}, {});
  }
  FERMATA_RETURN_IF_ERROR(check_title(unit, m));
  const StockTerms* terms = stock_terms(unit, m);
  const PlanOptions plan{.allow_negative = terms && terms->negative_stock,
                         .holder = unit.holder,
                         .history = &unit.history};
  FERMATA_ASSIGN_OR_RETURN(std::vector<Posting> postings, plan_movement(m, unit.book, plan));
  if (m.kind == MovementKind::kPurchase) {
    FERMATA_RETURN_IF_ERROR(add_purchase_money(unit, m, postings));
  }
  if (is_firm_sale(m)) {
    FERMATA_RETURN_IF_ERROR(is_owners_own_sale(unit, m)
                                ? add_trade_money(unit, m, m.owner, m.store, postings)
                                : add_sale(unit, m));
  }
  return append_movement(unit, m, postings, {});
}

Status write_movements(StockUnit& unit, const StockFile& file) {
  const auto total = static_cast<std::int64_t>(file.movements.size());
  std::int64_t done = 0;
  for (const Movement& m : file.movements) {
    Status written = write_movement(unit, m);
    if (!written) {
      if (!is_row_error(written.error().code)) return written;
      unit.report.rejected.push_back(located(written.error(), unit.report.path, m.line_number));
    }
    if (unit.options.progress && (++done % 4096 == 0 || done == total)) {
      unit.options.progress(done, total);
    }
  }
  return ok_status();
}

Result<std::string> holder_of(const CatalogIndex& index, const ImportOptions& options) {
  SalesReport probe;
  probe.payer = "-";
  FERMATA_ASSIGN_OR_RETURN(SalesParties parties,
                           resolve_sales_parties(probe, index, options.recipient));
  return parties.holder;
}

Status write_stock(StockUnit& unit, const StockFile& file) {
  FERMATA_ASSIGN_OR_RETURN(unit.report.import_id,
                           internal::record_import(unit.database, unit.ledger, unit.report));
  FERMATA_ASSIGN_OR_RETURN(IndexedCatalog catalog,
                           indexed_catalog(unit.database, unit.options.catalogs.get()));
  unit.index = catalog.index;
  const CatalogIndex& index = *catalog.index;
  FERMATA_ASSIGN_OR_RETURN(unit.holder, holder_of(index, unit.options));
  unit.catalog = stock_catalog(*catalog.snapshot);
  FERMATA_ASSIGN_OR_RETURN(unit.terms, terms_with(unit.database, unit.holder));
  FERMATA_ASSIGN_OR_RETURN(unit.book, take_unit_book(unit.database, unit.ledger, unit.options));
  FERMATA_ASSIGN_OR_RETURN(std::vector<PriceRecord> prices,
                           unit.database.stock_register().prices());
  unit.prices = PriceList(prices);
  unit.sales.format = "stock";
  FERMATA_RETURN_IF_ERROR(write_movements(unit, file));
  // Under --on-error=abort a rejected row rolls everything back (finish_unit).
  if (unit.sales.lines.empty()) return ok_status();
  unit.sales.identity =
      "stock|" + unit.sales.payer + "|" + unit.report.archived_sha256.substr(0, 16);
  unit.sales.rows = static_cast<std::int64_t>(unit.sales.lines.size());
  unit.report.report_identity = unit.sales.identity;
  return internal::post_sales_report(unit.database, unit.ledger, unit.options, unit.report,
                                     unit.sales, index);
}

// The physical product a sell-through line names: by UPC, else catalog number.
std::string sku_of_line(const StockCatalog& catalog, const SaleLine& line) {
  if (!line.icpn.empty()) {
    Result<std::string> ean = validate_icpn(line.icpn);
    if (ean) {
      auto found = catalog.sku_by_upc.find(*ean);
      if (found != catalog.sku_by_upc.end()) return found->second;
    }
  }
  if (line.catalog_number.empty()) return "";
  for (const auto& [sku, product] : catalog.physical_by_sku) {
    if (product.catalog_number == line.catalog_number) return sku;
  }
  return "";
}

// The line's money less the part already invoiced as firm sales.
Status drop_firm_money(SaleLine& line, Decimal firm) {
  if (firm.is_zero() || line.units.is_zero()) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(Decimal per_unit, line.amount.checked_div(line.units));
  FERMATA_ASSIGN_OR_RETURN(Decimal invoiced, per_unit.checked_mul(firm));
  line.amount = line.amount - invoiced;
  line.units = line.units - firm;
  return ok_status();
}

std::string warning_of(const Movement& m, const SellThroughSplit& split) {
  return "line " + std::to_string(m.line_number) + ": " + m.units.to_string() + " unit(s) of " +
         m.sku + " sold at " + m.store + " but it held " + split.firm.to_string() +
         " firm-sold and " + split.consigned.to_string() +
         " on consignment: " + split.unexplained.to_string() + " posted to unit suspense";
}

// Commits the unit and, when the import keeps a cache, leaves the book in
// it at the tip the commit makes current.
Result<ImportReport> finish_stock(StockUnit& unit, const SourceDocument& document,
                                  const Status& written) {
  StockBookCache* cache = unit.options.stock_books.get();
  std::optional<ChainTip> tip;
  if (cache && written) {
    Result<ChainTip> read = unit.database.ledger_storage().tip();
    if (read) tip = *read;
  }
  FERMATA_ASSIGN_OR_RETURN(ImportReport report,
                           internal::finish_unit(unit.database, unit.ledger, document, unit.options,
                                                 written, unit.report));
  if (cache && tip && report.committed) {
    cache->book = std::move(unit.book);
    cache->tip_seq = tip->seq;
    cache->tip_sha256 = tip->sha256;
  }
  return report;
}

}  // namespace

std::shared_ptr<StockBookCache> make_stock_book_cache() {
  return std::make_shared<StockBookCache>();
}

Result<SalesReport> move_sell_through(Database& database, Ledger& ledger, const SalesReport& sales,
                                      const std::string& holder, const CatalogIndex& catalog,
                                      ImportReport& report) {
  static const ImportOptions kNoOptions;
  FERMATA_ASSIGN_OR_RETURN(CatalogSnapshot snapshot, database.catalog_snapshot());
  StockUnit unit{database, ledger, kNoOptions, report, stock_catalog(snapshot),
                 {},       {},     holder,     {},     {}};
  FERMATA_ASSIGN_OR_RETURN(unit.book, load_unit_book(ledger));
  const std::string payer = catalog.resolve_party(sales.payer).value_or("");
  SalesReport money = sales;
  for (SaleLine& line : money.lines) {
    Movement m;
    m.kind = MovementKind::kSellThrough;
    m.line_number = line.line_number;
    m.date = line.sale_end.empty() ? sales.period_end : line.sale_end;
    m.sku = sku_of_line(unit.catalog, line);
    m.units = line.units;
    m.store = catalog.resolve_party(line.store).value_or(payer);
    const SaleMatch match = catalog.match(line, m.date);
    m.owner = match.owner;
    if (m.sku.empty() || m.owner.empty() || m.store.empty() || m.units.is_zero()) continue;
    SellThroughSplit split;
    FERMATA_ASSIGN_OR_RETURN(
        std::vector<Posting> postings,
        plan_movement(m, unit.book, PlanOptions{.holder = holder, .history = &unit.history},
                      &split));
    FERMATA_RETURN_IF_ERROR(append_movement(unit, m, postings, split));
    FERMATA_RETURN_IF_ERROR(drop_firm_money(line, split.firm));
    if (!split.unexplained.is_zero()) {
      report.warnings.push_back(make_error(ErrorCode::kStockInsufficient, warning_of(m, split),
                                           {report.path, m.line_number, "units_sold", ""}));
    }
  }
  return money;
}

Result<ImportReport> import_stock(Database& database, Ledger& ledger,
                                  const SourceDocument& document, const ImportOptions& options,
                                  ImportReport report) {
  const StockFile file = parse_stock_csv(document.text, document.path);
  report.rows = file.rows;
  report.rejected = file.errors;
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  Result<bool> seen = internal::check_already_imported(database, report);
  if (!seen || *seen || (!file.ok() && options.on_error == OnError::kAbort)) {
    ledger.rollback();
    if (!seen) return seen.error();
    if (*seen) report.rejected.clear();
    return report;
  }
  StockUnit unit{database, ledger, options, report, {}, {}, {}, {}, {}};
  Status written = write_stock(unit, file);
  if (!written) {
    ledger.rollback();
    return written.error();
  }
  return finish_stock(unit, document, written);
}

}  // namespace fermata
