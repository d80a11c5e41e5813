// Reclaim: what a label needs to take its units back from a distributor.
//
// When a distributor fails, a label must show which units in the warehouse
// are its own and get them out before a lender's lien reaches them
// (docs/RECLAIM.md, domain §5). reclaim() reads the label's unit balances on
// one day and answers, per warehouse, a pick list (every SKU the label owns
// there: on hand, damaged and allocated to orders, with the bin when a count
// recorded one), per store a recall request for the units it holds on
// consignment, the documents that prove title (the delivery notes of
// receipts, the pressings; purchases are listed too, marked: they passed
// title to the buyer), the agreements in force with the distributor, and
// values at PPD, cost and SRP where the price list has a price that day.
// plan_return_to_owner() turns the pick lists into the one transaction that
// gives every warehouse unit back to the label, with its register rows and
// the return note they are filed under; recall_letter() writes a store's
// recall request as plain text. All three are pure: reclaim_books.h reads
// the books and writes the return.
//
// Thread safety: plain values and pure functions.
//
//   Result<Reclaim> r = reclaim(input);             // the label's units on input.as_of
//   Result<ReturnToOwner> ret = plan_return_to_owner(*r, "RTO-7", "2026-04-01");
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/base/result.h"
#include "fermata/inventory/price_list.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

// The bin each product sits in at a location, when a count recorded it:
// (sku, location) -> bin (several: ", "-joined). load_reclaim() fills it from
// the counts on file (reclaim_books.h, counted_bins).
using BinMap = std::map<std::pair<std::string, std::string>, std::string>;

// Everything reclaim() reads, already loaded (load_reclaim() reads it from the books).
struct ReclaimInput {
  std::string label;     // The owner whose units are reclaimed. REQUIRES: not empty.
  std::string location;  // Only this warehouse or store; "" = every location.
  std::string as_of;     // ISO date the balances are as of. REQUIRES: a date.
  // The label's balances as of `as_of`; accounts of other kinds are ignored.
  std::vector<AccountBalance> balances;
  CatalogSnapshot catalog;
  PriceList prices;
  // The label's stock movements dated on or before `as_of`, in the order recorded.
  std::vector<StockMovementRecord> movements;
  // Every agreement's versions, by id (as load_agreements() reads them).
  std::map<std::string, std::vector<AgreementVersion>> agreements;
  BinMap bins;
};

// A physical product as the catalog describes it.
struct ProductLine {
  std::string sku, catalog_number, upc, release_id, title;
};

// Units times the price in force on the day; absent where there is none.
struct Values {
  std::optional<Price> ppd, cost, srp;
};

// One product of the label at one warehouse.
struct PickLine {
  ProductLine product;
  std::string bin;  // "" = not known.
  Decimal on_hand;  // Fit for sale.
  Decimal damaged;  // Unfit for sale: picked separately.
  // On hand but set aside for stores' orders: plan_return_to_owner() leaves
  // them (release or ship the order first).
  Decimal allocated;
  Values values;  // Of all three.

  Decimal units() const { return on_hand + damaged + allocated; }
};

struct PickList {
  std::string location;
  std::vector<PickLine> lines;  // By SKU.
};

// A document a stock file recorded for the label's units.
struct TitleDocument {
  std::string sku;
  std::string kind;      // "receipt", "press", "purchase" or "ship" (to a store).
  std::string date;      // ISO.
  std::string document;  // Delivery note, invoice or delivery number ("" if none given).
  std::string location;  // Where the units went (warehouse or store).
  std::string buyer;     // A purchase's buyer.
  Decimal units;
  bool passes_title = false;  // A purchase: the units became the buyer's.
};

struct RecallLine {
  ProductLine product;
  Decimal units;  // On consignment at the store.
  Values values;
};

// The units one store holds on consignment, and the deliveries that put them there.
struct RecallRequest {
  std::string store;
  std::vector<RecallLine> lines;          // By SKU.
  std::vector<TitleDocument> deliveries;  // Consignment shipments to the store, as recorded.
};

// An agreement version in force with a distributor holding the label's stock.
struct TitleAgreement {
  std::string id;
  int version = 0;
  std::string effective_from;
  std::string distributor;
  // The clause that keeps title to consigned goods with the label; "" when
  // the agreement on file does not state one.
  std::string clause;
};

struct Reclaim {
  std::string label, as_of;
  // Distributors of the products listed on `as_of` (catalog relations), by id.
  std::vector<std::string> holders;
  std::vector<PickList> pick_lists;    // By location.
  std::vector<RecallRequest> recalls;  // By store.
  // Receipts, pressings and purchases of every product listed, by SKU then as recorded.
  std::vector<TitleDocument> documents;
  std::vector<TitleAgreement> agreements;  // By id.
  // Filing references (UCC-1 and the like); none are recorded yet.
  std::vector<std::string> filings;
  // Party id -> name, for every party named above.
  std::map<std::string, std::string> names;
  // Balances not listed (negative units), one sentence each.
  std::vector<std::string> warnings;

  // "Name (ID)", or the id alone when the catalog has no name.
  std::string display_name(const std::string& party) const;
};

// The label's units on input.as_of. Errors: party_unknown (the label is
// not in the catalog), commodity_unknown (a balance of a SKU that is not a
// product), decimal_overflow (a value).
Result<Reclaim> reclaim(const ReclaimInput& input);

// Units and values of lines added up, values per currency.
struct ReclaimTotals {
  Decimal units, damaged, allocated;
  std::map<std::string, Decimal> ppd, cost, srp;  // Currency -> value.
};
ReclaimTotals totals_of(const std::vector<PickLine>& lines);
ReclaimTotals totals_of(const std::vector<RecallLine>& lines);
void add_totals(ReclaimTotals& into, const ReclaimTotals& more);

// The transaction that gives every listed warehouse unit (on hand and
// damaged) back to the label, and what is filed with it.
struct ReturnToOwner {
  // Key "reclaim:<label>:<document>", dated `date`, source: the note.
  NewTransaction transaction;
  // One per SKU, location and condition, in the note's line order; import_id
  // and txn_seq are the writer's to fill in.
  std::vector<StockMovementRecord> movements;
  // The return note: a stock file (docs/FORMATS.md §14) with one
  // return_to_owner row per movement, and its SHA-256.
  std::string note, note_sha256;
  Decimal units;
};

// Errors: stock_insufficient when the pick lists hold nothing to return;
// date_invalid; field_missing for an empty document.
Result<ReturnToOwner> plan_return_to_owner(const Reclaim& reclaim, const std::string& document,
                                           const std::string& date);

// The recall request to `request.store` as a plain-text letter, dated
// reclaim.as_of: the same reclaim gives the same bytes.
std::string recall_letter(const Reclaim& reclaim, const RecallRequest& request);

}  // namespace fermata
