// Receivables: what each payer reported, what arrived, what is outstanding.
//
// A live sales report (not voided, not replaced) reported `reported` per
// currency. The ledger says to whom: the receivable postings of the
// transactions sourced from its files (every part of a multi-file report,
// and rematches, which keep the source of the lines they move) give each
// owner's share. Settlements (remittances applied to the report) reduce each
// owner's share. outstanding = reported - received, per report, currency and
// owner; the recipient's own share is the part still in suspense. A
// remittance that paid a report later replaced (--replace) counts for the
// replacement; one that paid a report since voided is money on account.
//
// Thread safety: reads only; one thread per Database.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct ReportReceivable {
  ReportRecord report;
  std::string currency;
  Decimal reported, received;
  std::map<std::string, Decimal> outstanding_by_owner;  // Owner party id -> still owed.
  Decimal outstanding() const;
};

// Every live sales report x currency, oldest reporting period first.
Result<std::vector<ReportReceivable>> report_receivables(Database& database, Ledger& ledger);

// Per payer x reporting period x currency, summed over reports; money
// received on account (not attributable to a report) is its own row with
// period "on account".
struct PayerReceivable {
  std::string payer, period, currency;
  Decimal reported, received, outstanding;
};
Result<std::vector<PayerReceivable>> payer_receivables(Database& database, Ledger& ledger);

// Imports that no longer count, and why: "replaced" (a later --replace named
// them; they are voided too) or "voided" (import void). One place decides
// this for receivables, suspense and the import register's listing.
Result<std::map<std::int64_t, std::string>> superseded_imports(ReportRegister& reg);

// The documents (SHA-256) whose transactions belong to import `import_id`:
// its own file and, when it posted a multi-file report, every part.
// Errors: transaction_not_found for an unknown import.
Result<std::vector<std::string>> import_documents(Database& database, std::int64_t import_id);

// "2015-10-01".."2015-12-31" -> "2015-10..2015-12"; one month -> "2015-10".
std::string period_label(const std::string& start, const std::string& end);

}  // namespace fermata
