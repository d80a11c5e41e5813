// Suspense: listing what matched nothing, and moving it once the catalog
// knows its identifier.
//
// rematch() tries every aggregate still in suspense (of a live import)
// against today's catalog, at its sale date. A match moves it with one
// ordinary transaction per aggregate, keyed "rematch:<id>", dated today and
// linked to the original file and lines (so receivables and drill still see
// it as part of that report):
//   holder:suspense:<cur>/payer    +amount   (suspense cleared)
//   owner:external:<cur>/payer     -amount   (the owner's sales)
//   holder:receivable -r / owner:receivable +r   for the part not yet paid,
//   holder:escrow     -e / owner:trust      +e   for the part already paid,
// where r is what the payer still owes the holder on that report (at most
// the amount) and e the rest. Nothing is updated in place: a rematch row
// points back at the suspense entry, and an earning row (reported today,
// the entry's channel) puts the money in front of the owner's next royalty
// run.
//
// REQUIRES: inside Ledger::begin_write() for rematch().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

// Suspense entries of live imports that no rematch has moved yet.
Result<std::vector<UnmatchedRecord>> open_unmatched(Database& database);

struct RematchOutcome {
  std::int64_t moved = 0, still_unmatched = 0;
  std::vector<std::pair<UnmatchedRecord, std::string>> moves;  // Entry and its new owner.
};

// `today` is the effective date of the moves (ISO).
Result<RematchOutcome> rematch(Database& database, Ledger& ledger, const std::string& today);

}  // namespace fermata
