// Remittance posting: money that actually arrived settles what was reported.
//
// Each remittance line pays the payer's live reports it names (report
// identity, "import:<id>", or reporting periods YYYY, YYYY-MM, YYYY-Qn), or,
// when it names none, the payer's reports in that currency oldest first. It
// settles report after report up to each one's outstanding amount; within a
// report, the amount is split over the owners' outstanding shares with
// allocate() (largest remainder at 10^-12, so the parts sum exactly).
// One balanced transaction per remittance line, dated its value date:
//   label share:     label:trust:<cur>            +s
//                    label:receivable:<cur>/payer -s   (held for the label)
//   suspense share:  holder:escrow:<cur>/payer    +s   (held until rematch)
//                    holder:receivable:<cur>/payer -s
//   overpayment:     holder:escrow:<cur>/payer    +x   (not attributable)
//                    holder:payable:<cur>/payer   -x
// and a settlement row per (report, owner) in the report register.
//
// REQUIRES: inside Ledger::begin_write(); the import is already recorded.
#pragma once

#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/sales/sales.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct RemittancePosted {
  std::int64_t transactions = 0, existing = 0;
  std::int64_t reports_settled = 0;
  Decimal on_account;  // Summed over currencies' units; for the summary line only.
};

// `holder_override` names whose books receive the money when a line pays no
// report (default: the catalog's only distributor).
Result<RemittancePosted> post_remittance(const Remittance& remittance, const std::string& sha256,
                                         std::int64_t import_id, const std::string& file,
                                         const std::string& holder_override, Database& database,
                                         Ledger& ledger);

}  // namespace fermata
