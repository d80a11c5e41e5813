// Royalty statement: what one agreement's run period says to its licensor,
// with the identity that proves it adds up.
//
// Built from what the run recorded (royalty/run.h): the earnings the period
// took (the same rule the run applied), its register lines, and every earlier
// period of the agreement for the opening balance. Per currency:
//   opening + earnings + prior-period adjustments - fees - tax on fees
//     - reserves held + reserves released - withheld - paid = closing
// where opening is the sum of the earlier periods' movements, so each
// statement's opening is the previous one's closing. A prior-period
// adjustment is the reversal of earnings an earlier period took, after their
// import was voided (or replaced); fees and tax follow it under the original
// terms. A payment (payment/)
// counts in the period its value date falls in: what left the licensor's
// trust account, split into the tax withheld and what reached its bank.
// A split agreement's statement (royalty/split.h) is its payee's: per
// currency
//   opening + royalties - recouped - withheld - paid = closing
// where the royalties are the payee's share of the label's earnings in its
// scope (shown as detail, not as the payee's earnings), and the closing is
// what the label owes the payee (its A:receivable/L balance). The
// recoupables entered and each pool's recoupment are shown line by line.
// In a three-level chain, the aggregator's fee on a gross report it paid
// (royalty/compute.h, "upstream fee") is deducted too, as `upstream_fees`
// (a summary row shown only when there are any).
// Under an agreement with exchange terms, a currency other than its payout
// currency is converted into it by the run (royalty/convert.h): the movement
// leaves that currency and arrives in the payout currency (`converted`); a
// payment that settles a conversion at another rate gives an exchange
// difference, which joins the identity when the agreement has the licensor
// bear it (payment/). Both appear only in statements that have them, so other
// statements read as before:
//   ... + reserves released +- converted +- exchange differences
//     - withheld - paid = closing
//
// The CSV, XLSX and PDF (docs/FORMATS.md §11) are pure functions of the
// statement: the same data gives byte-identical CSV and XLSX files and the
// same PDF text.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/base/result.h"
#include "fermata/inventory/flow.h"
#include "fermata/inventory/price_list.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct StatementTotals {
  Decimal opening, earnings, late_earnings, adjustments, upstream_fees, fees, fee_tax,
      reserves_held, reserves_released, royalties, recouped, withheld, paid, closing;
  // Returns of invoiced units charged to reserves held earlier (reserve on
  // invoices): back from the reserve to the licensor's balance.
  Decimal reserves_applied;
  // Converted into (+) or out of (-) this currency by the run; and exchange
  // differences at payment the licensor bears (+ gain, - loss).
  Decimal converted, exchange_differences;
};

// One period's earnings in one currency, for the chart of recent periods.
struct EarningsHistoryPoint {
  std::string period_name, currency;
  Decimal earnings;
};

struct RoyaltyStatement {
  std::string agreement_id;
  std::string period_name, period_start, period_end;
  std::string licensor, accounting_party;
  std::string payee;        // A split agreement's payee (the statement's addressee); "" otherwise.
  std::int64_t number = 0;  // Set when issued (issue_royalty_statement).
  std::string statement_date;                     // Period end + the agreement's days to pay.
  std::string objection_deadline;                 // Statement date + its objection days; "" = none.
  std::map<std::string, StatementTotals> totals;  // Per currency.
  // Earnings by dimension ("channel", "store", "territory", "release"), key, currency.
  std::map<std::string, std::map<std::pair<std::string, std::string>, Decimal>> earnings_by;
  std::vector<RoyaltyLine> lines;       // The period's register lines, in posting order.
  std::vector<PaymentRecord> payments;  // Paid within the period, by value date.
  // Exchange differences the licensor bears, value date within the period.
  std::vector<ExchangeDifferenceRecord> exchange_differences;
  struct Adjustment {
    EarningRecord reversal;
    std::string original_period;  // The period that took the earning reversed.
  };
  std::vector<Adjustment> adjustments;  // Reversals taken by the period.
  // Earnings of the agreement's run periods up to this one (the last
  // kHistoryPeriods), ascending.
  std::vector<EarningsHistoryPoint> history;
  static constexpr std::size_t kHistoryPeriods = 8;
  // The licensor's units over the period, per SKU and location (its
  // statement only, not a split payee's), and the PPD of each SKU on the
  // period's last day where the price list has one (inventory/flow.h).
  std::vector<InventoryFlowRow> inventory;
  std::map<std::string, Price> inventory_ppd;
};

// The statement of `agreement_id` for its run period named `period_name`
// ("2026-Q1"). Errors: field_invalid when the agreement is unknown or the
// period has not been run.
Result<RoyaltyStatement> build_royalty_statement(Database& database,
                                                 const std::string& agreement_id,
                                                 const std::string& period_name);
// The same with the agreement's versions as load_agreements() read them, for
// a caller that builds many statements (each call above parses every
// agreement on file). Errors: field_invalid when `versions` is empty.
Result<RoyaltyStatement> build_royalty_statement(Database& database,
                                                 const std::string& agreement_id,
                                                 const std::vector<AgreementVersion>& versions,
                                                 const std::string& period_name);

// One run period's figures as its statement shows them, without the detail.
struct PeriodFigures {
  std::string agreement_id, licensor, accounting_party;
  std::string name, start, end, statement_date;
  std::map<std::string, StatementTotals> totals;  // Per currency; opening..closing.
};

// Every run period of `agreement_id`, ascending. Errors: field_invalid when
// the agreement is unknown.
Result<std::vector<PeriodFigures>> agreement_period_figures(Database& database,
                                                            const std::string& agreement_id);
// The same with the agreement's versions already read (load_agreements).
Result<std::vector<PeriodFigures>> agreement_period_figures(
    Database& database, const std::string& agreement_id,
    const std::vector<AgreementVersion>& versions);

// Whether the identity holds in every currency.
bool statement_adds_up(const RoyaltyStatement& statement);

// One line of a rendered statement. Every rendering (CSV, XLSX, PDF) prints the
// same rows, so they cannot disagree.
struct StatementRow {
  std::string section, item, currency;
  std::optional<Decimal> amount;  // Absent on header rows.
  std::string text;               // `amount` exactly (money_text), "" when absent.
  std::string detail;
};

std::vector<StatementRow> statement_rows(const RoyaltyStatement& statement);

// The statement as CSV: section,item,currency,amount,detail (FORMATS.md §11).
std::string royalty_statement_csv(const RoyaltyStatement& statement);

// "ST-000042".
std::string statement_number_text(std::int64_t number);

// Issues the statement of `agreement_id` for `period_name`: the first time,
// it is built, numbered (the next number), rendered as CSV and recorded with
// the CSV's SHA-256; afterwards the recorded text is returned as issued (a
// reprint), after checking it still matches its hash. REQUIRES: inside
// Ledger::begin_write(). Errors: as build_royalty_statement; storage_error
// when a recorded statement no longer matches its hash.
struct IssueOutcome {
  IssuedStatement statement;
  bool reprinted = false;  // Issued earlier: this is the recorded text.
};
Result<IssueOutcome> issue_royalty_statement(Database& database, const std::string& agreement_id,
                                             const std::string& period_name,
                                             const std::string& issued_at,
                                             const std::string& actor);
// The same with the agreement's versions already read (load_agreements).
Result<IssueOutcome> issue_royalty_statement(Database& database, const std::string& agreement_id,
                                             const std::vector<AgreementVersion>& versions,
                                             const std::string& period_name,
                                             const std::string& issued_at,
                                             const std::string& actor);

// The rows of a statement CSV as royalty_statement_csv wrote them.
// Errors: parse_error naming the line.
Result<std::vector<StatementRow>> parse_statement_csv(std::string_view csv);

// A statement's rows as an XLSX workbook at `path` (libxlsxwriter): the
// amount twice: a number rounded to the currency's minor unit for people
// (spreadsheet cells are binary floating point) and the exact text. The
// document's creation time is the statement date, so the same rows give the
// same bytes. Errors: io_error.
// The title and creation time come from the rows (agreement, period,
// licensor, date).
Status write_statement_xlsx(const std::vector<StatementRow>& rows, const std::string& path);

// A statement's rows as a PDF at `path` (cairo + pango, A4, DejaVu Sans):
// the `statement` rows as the title block; per currency the `summary` rows
// in order with each amount's exact text, and the closing row's detail (the
// identity) under them; per currency a bar chart of the `earnings_history`
// rows (one per period, oldest first) when there are any; then every other
// section, in row order, as a table of item, currency, amount text and
// detail, its column header repeated on each page it continues to. Each
// page's footer gives the statement number and "Page N of M". Rendered
// from the rows alone, so a reprint (rows from parse_statement_csv) reads
// the same, and so do new sections and summary items without a change here.
// The creation date is the statement date, and the same rows give the same
// text (pdftotext); see FORMATS.md §11 for what is byte-identical. The
// file is written only once rendered, but a failed write may leave part of
// it. Errors: io_error when rendering fails or `path` cannot be written.
Status write_statement_pdf(const std::vector<StatementRow>& rows, const std::string& path);

}  // namespace fermata
