// Sales posting: a parsed sales report becomes balanced ledger transactions.
//
// For each aggregate (sales_aggregate.h) one transaction, dated the last day
// of the reporting period and linked to the source file and its lines:
//   matched:   owner:receivable:<cur>/<payer>   +amount
//              owner:external:<cur>/<payer>     -amount   (the label's sales)
//   unmatched: holder:receivable:<cur>/<payer>  +amount
//              holder:suspense:<cur>/<payer>    -amount   (owner not yet known)
// so money for a label is, from the moment it is reported, a receivable the
// label owns (design invariant 7), and money nobody can be matched to sits
// visibly in the holder's suspense until `rematch`. The holder is the
// report's recipient (the distributor whose books these are). Aggregates
// that sum to zero post nothing. Each unmatched aggregate is also written to
// the report register with its identifier and line ranges; each matched one
// as an earning of its owner with the dimensions the royalty run's fee rules
// select on (release, store, channel, territory, sale and reporting dates).
//
// REQUIRES: inside Ledger::begin_write(); the import is already recorded.
// Thread safety: one writer, as Ledger.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/sales/sales.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

// Who the report's money is owed by and whose books it lands in.
struct SalesParties {
  std::string holder;  // Party id of the recipient (suspense holder).
  std::string payer;   // Party id when the catalog knows the payer, else its name as written.
  bool payer_known = false;
};

// Resolves the recipient (`recipient_override`, else the report's recipient,
// else the catalog's only distributor) and the payer. Errors: party_unknown
// naming what was tried.
Result<SalesParties> resolve_sales_parties(const SalesReport& report, const CatalogIndex& catalog,
                                           const std::string& recipient_override);

struct SalesPosted {
  std::int64_t transactions = 0, existing = 0;
  std::int64_t lines = 0, matched_lines = 0, unmatched_lines = 0;
  // Per currency: everything reported, and the part that went to suspense.
  std::map<std::string, ReportTotal> totals;
  double aggregate_seconds = 0, post_seconds = 0;  // Matching + summing; appending.
};

// Called every few thousand aggregates with (aggregates done, aggregates in all).
using PostingProgress = std::function<void(std::int64_t, std::int64_t)>;

// Posts one report file (`sha256` = its archived text) into the open unit.
Result<SalesPosted> post_sales(const SalesReport& report, const std::string& sha256,
                               std::int64_t import_id, const SalesParties& parties,
                               const CatalogIndex& catalog, Database& database, Ledger& ledger,
                               const PostingProgress& progress = nullptr);

}  // namespace fermata
