// ReportRegister: what storage remembers about sales reports and remittances
// beyond their ledger transactions.
//
// The ledger holds aggregates; this register holds what an accountant asks
// next: which report a file was (its identity, payer, period and chain
// position), what it reported per currency, which lines matched nothing
// (suspense, until rematched), which matched aggregates each owner earned
// (with the dimensions a royalty run selects on), which rows were quarantined, which parts of a
// multi-file report are still waiting, and which remittance settled which
// report. Rows are written in the same storage transaction as the ledger
// transactions they describe (inside Ledger::begin_write/commit), so an
// import is wholly present or wholly absent here too. Nothing is updated in
// place: a rematch, a void or a replacement is a new row that points back.
//
// Thread safety: as Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata {

// One imported sales report (or remittance file), by import id.
struct ReportRecord {
  std::int64_t import_id = 0;
  std::string kind;      // "sales" or "remittance".
  std::string format;    // "dsr", "apple", ...
  std::string identity;  // SalesReport::identity; "" for remittances.
  std::string payer;     // Party id the money is owed by.
  std::string recipient;
  std::string period_start, period_end;
  std::string chain_net_of;  // "" = gross at the store.
  std::string parser_version;
  std::int64_t replaces_import = 0;  // The import this one replaced (--replace), or 0.
  std::string archived_sha256;       // What the archive holds (redacted copies differ).
};

// What a report said it owed, per currency, and how much of it matched.
struct ReportTotal {
  std::int64_t import_id = 0;
  std::string currency;
  Decimal reported, unmatched;
  std::int64_t lines = 0;
};

// An aggregate of sales lines that matched nothing, posted to suspense.
struct UnmatchedRecord {
  std::int64_t id = 0;
  std::int64_t import_id = 0;
  std::int64_t txn_seq = 0;     // The transaction that put it in suspense.
  std::string identifier_kind;  // "isrc", "icpn", "catalog_number", "proprietary_id", "none".
  std::string identifier;
  std::string title, artist, store, territory;
  std::string sale_date;  // The date the owner is looked up at.
  std::string currency;
  Decimal units, amount;
  std::string line_ranges;
  std::string holder;  // The party whose suspense account holds it (the recipient).
  std::string payer;
  std::int64_t rematched_by = 0;  // The rematch transaction, or 0 while in suspense.
  std::string channel;            // sales_channel_name(); "" for rows recorded before schema 4.
};

// An aggregate of sales lines that matched an owner: what the royalty run
// reads (the ledger holds the amount; this row keeps the dimensions that
// fee rules select on). One row per matched sales transaction.
struct EarningRecord {
  std::int64_t id = 0;  // Ascending in the order recorded.
  std::int64_t import_id = 0;
  std::int64_t txn_seq = 0;
  std::string owner;  // The party the sale belongs to (the label).
  std::string release_id, isrc, store;
  std::string channel;    // sales_channel_name(): "stream", "download", "physical", ...
  std::string territory;  // ISO 3166-1 alpha-2, or "" when the report has none.
  std::string sale_start, sale_end;
  std::string reported_on;  // The transaction's effective date (end of the reporting period).
  std::string currency;
  Decimal units, amount;
  // The earning this one reverses (its import was voided or replaced), or 0.
  // A reversal repeats the original's dimensions and reporting day with the
  // amounts negated, so a royalty period run after the void takes it as a
  // prior-period adjustment under the original's terms.
  std::int64_t reverses = 0;
  // The product format sold (product_format_name(): "CD", "LP", ...) when the
  // sale named a product of the release: ingest/post/catalog_index.h
  // sale_format(), FORMATS.md §6. "" when it did not (a stream or track sale
  // matched by ISRC, a release ICPN or id), and for rows recorded before
  // schema 6. Fee rules with `formats` select on it.
  std::string format;
};

// A row that could not be parsed, kept with its raw text (--on-error=quarantine).
struct RejectRecord {
  std::int64_t import_id = 0;
  std::int64_t line_number = 0;
  std::string field, reason, raw;
};

// A part of a multi-file report waiting for its siblings.
struct PendingPart {
  std::string identity;
  std::int64_t part_number = 0, part_count = 0;
  std::string sha256, path, format, recorded_at;
  std::int64_t posted_by_import = 0;  // The import that posted the whole report, or 0.
};

// How much of a remittance settled which report.
struct Settlement {
  std::int64_t remittance_import = 0;
  std::int64_t remittance_line = 0;
  std::int64_t report_import = 0;  // 0: not attributable to a report (on account).
  std::string owner;               // Whose receivable it settled (label, or the holder).
  std::string payer, currency, value_date, bank_reference;
  Decimal amount;
  std::int64_t txn_seq = 0;
};

class ReportRegister {
 public:
  virtual ~ReportRegister() = default;

  virtual Status put_report(const ReportRecord& report) = 0;
  virtual Result<std::vector<ReportRecord>> reports() = 0;
  // The live (not voided, not replaced) sales report with this identity.
  virtual Result<std::optional<ReportRecord>> find_live_report(const std::string& identity) = 0;
  // Marks an import voided; its totals no longer count as reported.
  virtual Status put_void(std::int64_t import_id, const std::string& reason) = 0;
  virtual Result<bool> is_voided(std::int64_t import_id) = 0;
  // Every voided import, ascending.
  virtual Result<std::vector<std::int64_t>> voided_imports() = 0;

  virtual Status put_total(const ReportTotal& total) = 0;
  virtual Result<std::vector<ReportTotal>> totals() = 0;

  // Returns the new id.
  virtual Result<std::int64_t> put_unmatched(const UnmatchedRecord& record) = 0;
  virtual Status put_rematch(std::int64_t unmatched_id, std::int64_t txn_seq) = 0;
  virtual Result<std::vector<UnmatchedRecord>> unmatched() = 0;

  virtual Status put_earning(const EarningRecord& record) = 0;
  // Every earning of `owner` ("" = every owner), by id.
  virtual Result<std::vector<EarningRecord>> earnings(const std::string& owner) = 0;
  // Every earning recorded for `import_id` (originals and reversals), by id.
  virtual Result<std::vector<EarningRecord>> earnings_of_import(std::int64_t import_id) = 0;

  virtual Status put_reject(const RejectRecord& record) = 0;
  virtual Result<std::vector<RejectRecord>> rejects(std::int64_t import_id) = 0;

  virtual Status put_pending(const PendingPart& part) = 0;
  virtual Status put_pending_posted(const std::string& identity, std::int64_t import_id) = 0;
  // Every part ever registered, posted or not, oldest first.
  virtual Result<std::vector<PendingPart>> pending_parts() = 0;

  virtual Status put_settlement(const Settlement& settlement) = 0;
  virtual Result<std::vector<Settlement>> settlements() = 0;
};

}  // namespace fermata
