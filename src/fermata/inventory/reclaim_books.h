// Reclaim against the books: load_reclaim() reads what reclaim() needs from
// the database and the ledger; confirm_return_to_owner() posts the return of
// every listed warehouse unit to its label.
//
// The return is one transaction (key "reclaim:<label>:<document>") and one
// stock_movement register row per SKU, location and condition, filed under
// the return note (a stock file of return_to_owner rows, docs/FORMATS.md §14)
// that is registered as an import of format "stock" and kept in the source
// archive like any stock file: all in one unit of work, so a failure writes
// nothing. A document already confirmed for the label changes nothing and
// says so.
//
// Thread safety: as Database and Ledger (one thread).
//
//   Result<ReturnOutcome> done = confirm_return_to_owner(db, ledger,
//       {.label = "L1", .document = "RTO-7", .date = "2026-04-01"});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fermata/inventory/reclaim.h"

namespace fermata {

struct ReclaimRequest {
  std::string label;     // REQUIRES: not empty.
  std::string location;  // "" = every location.
  std::string as_of;     // REQUIRES: an ISO date.
};

// The label's units as of request.as_of, each SKU at each location with the
// bins the latest count on or before that day found it in (counted_bins).
// Errors: party_unknown (label or location not in the catalog), the errors
// of reclaim(), agreement parse errors, storage errors.
Result<Reclaim> load_reclaim(Database& database, Ledger& ledger, const ReclaimRequest& request);

// (sku, location) -> the bins of the latest count (by cut-off) that recorded
// a bin for the label's SKU there, ", "-joined in the count's line order,
// each once: a pick list's "bin if known". Counts after `as_of` are not read.
BinMap counted_bins(const std::vector<CountedBin>& counted);

struct ReturnRequest {
  std::string label;     // REQUIRES: not empty.
  std::string location;  // Only this warehouse; "" = every warehouse holding the label's units.
  std::string document;  // The return note's number: identifies the return.
  std::string date;      // When the units left; the units held that day are returned.
  // Where the note is kept (SourceArchive::for_database); "" = not archived.
  std::string archive_directory;
};

struct ReturnOutcome {
  // The document was confirmed for this label before: nothing was written,
  // and the fields below describe that earlier return.
  bool already_confirmed = false;
  std::int64_t txn_seq = 0;
  std::string date;
  std::string note_sha256;  // "" when already confirmed.
  Decimal units;
  std::vector<StockMovementRecord> movements;
  // Units the return left behind (allocated to orders), one sentence each.
  std::vector<std::string> warnings;
};

// Returns every unit of the label on hand or damaged at the location(s) on
// request.date to the label's `returned` account. Errors: stock_insufficient
// (nothing to return), field_invalid (units moved there after the date:
// the return would not be what the warehouse holds now), field_missing,
// date_invalid, party_unknown, storage and io errors. Nothing is written on
// error or when already confirmed.
Result<ReturnOutcome> confirm_return_to_owner(Database& database, Ledger& ledger,
                                              const ReturnRequest& request);

}  // namespace fermata
