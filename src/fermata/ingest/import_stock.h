// Internal to ingest/: stock files, and the units a physical sales report
// moves.
//
// A stock file (stock/stock_csv.h) posts one transaction per movement, dated
// the movement's day and linked to its line, after checking that its SKU is
// a physical product and every party it names exists, and that the units
// it takes are there (inventory/movement.h: an over-shipment is refused and
// nothing is written). Its documents go to the stock register. A firm sale
// shipment is also a sale: the store owes PPD × units (the movement's price,
// else the price list's PPD on the day) as a sales report of the file, so
// the royalty run takes the distributor's fee and the reserve from it and a
// remittance settles it; a return of firm-sold units reverses it. A file's
// sales name one store (a report is a claim on one payer). A purchase makes
// the buyer owe the owner the price.
//
// A physical sell-through report moves units too (one importer for units and
// money): each line takes the store's own units first (firm sales, money
// already invoiced: the line's money is dropped), then the owner's consigned
// units (a sale now), and posts anything beyond both to the holder's unit
// suspense at the store, with a warning per line.
#pragma once

#include "fermata/ingest/import.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/sales/sales.h"
#include "fermata/ingest/source/source.h"
#include "fermata/inventory/movement.h"

namespace fermata {

// The unit book a committed stock import left, and the ledger tip it is
// valid at (ImportOptions::stock_books).
struct StockBookCache {
  std::int64_t tip_seq = -1;  // -1 = empty.
  std::string tip_sha256;
  UnitBook book;
};

Result<ImportReport> import_stock(Database& database, Ledger& ledger,
                                  const SourceDocument& document, const ImportOptions& options,
                                  ImportReport report);

// Moves the units of a physical sell-through report (`sales`, being posted
// as import report.import_id from report.archived_sha256) and returns the
// report to post as money: lines taken from firm-sold units lose those units
// and their amount. REQUIRES: inside the import's unit of work.
Result<SalesReport> move_sell_through(Database& database, Ledger& ledger, const SalesReport& sales,
                                      const std::string& holder, const CatalogIndex& catalog,
                                      ImportReport& report);

}  // namespace fermata
