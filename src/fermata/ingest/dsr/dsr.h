// DDEX DSR flat files (Digital Sales Reporting, architecture v3): a pure parser.
//
// parse_dsr() turns the bytes of one .tsv file (already decompressed) into a
// DsrReport: every record with named cells, the HEAD, summary records, blocks,
// the FOOT, and the money figure of every sales line. It touches no database
// and posts nothing; the importer decides what to do with the report.
//
// Syntax: one record per line, TAB-separated cells, `#` comment lines, `|`
// separating the values of repeatable cells, `\` making the next character
// literal. Cells are split on unescaped TAB, repeatable cells on unescaped
// `|`, and only then unescaped. Cell names and order come from the tables in
// dsr_tables.cc, keyed by (record type, profile, profile version) and generated
// from the profile XSDs; unknown record types are kept raw with a warning.
//
// Money semantics (DsrSaleLine::basis):
//   kReported       the line carries its own amount: SU03.0x NetRevenue,
//                   LI01.0x AllocatedAmount (LI01 AllocatedNetRevenue kept too).
//   kAllocated      Basic Audio / AV SU01, SU02, SU04.01 and SR01/SR02: the
//                   summary's NetRevenue is split over the lines that point to
//                   it with allocate() (largest remainder), pro rata to their
//                   gross amounts when every line has a price, otherwise pro
//                   rata to their net usages; the parts sum exactly to the
//                   summary. gross = PriceConsumerPaidExcSalesTax x (Usages -
//                   Returns) for SU01/SU04.01, x NumberOfStreams for SU02,
//                   computed exactly with Decimal.
//   kComputed       as above but the summary has no NetRevenue: amount = gross.
//   kNone           no amount can be derived (RU01/RU02 usage lines, lines
//                   without price whose summary has no revenue).
// Currency is never on a line: it is inherited from the summary record named
// by SummaryRecordId. In UGC the body is an allocated subset of the summary,
// so DsrReconciliation reports per currency the summary NetRevenue, the body
// total (kReported sale lines) and the difference; a gap is not an error.
//
// Errors and warnings name file, 1-based physical line, cell name and value.
// All problems of a file are collected; the report is importable only when
// errors is empty.
//
// Thread safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/money/money.h"

namespace fermata {

enum class DsrProfile { kUnknown, kBasicAudio, kUgc, kAudioVisual, kFinancialSrb, kLegacy };

// One cell: its name from the table ("cell<N>" past the table or for unknown
// record types) and its unescaped values (exactly one for non-repeatable
// cells; split on unescaped `|` for repeatable ones).
struct DsrCell {
  std::string name;
  std::vector<std::string> values;
  bool repeatable = false;
  // The single value, or the values joined by "|" for a repeatable cell.
  std::string text() const;
};

struct DsrRecord {
  std::string type;  // "SU03.01", "HEAD", "FHEA"…
  std::int64_t line_number = 0;
  bool known = false;  // False: no cell table, cells named cell1, cell2…
  std::vector<DsrCell> cells;
  // The first value of the named cell, or "" when absent.
  std::string_view get(std::string_view name) const;
  const DsrCell* find(std::string_view name) const;
};

// Parts of DSR_<Recipient>_<Sender>_<Service>_<Period>_<Territory>_<x>of<y>_<Created>.tsv
struct DsrFileName {
  bool parsed = false;
  std::string recipient, sender, service, period, territory, created;
  std::int64_t file_number = 0, number_of_files = 0;
};
DsrFileName parse_dsr_file_name(std::string_view file_name);

struct DsrHeader {
  std::int64_t line_number = 0;
  std::string record_type;  // "HEAD" or legacy "FHEA".
  std::string message_version, profile_name, profile_version, message_id, created;
  DsrProfile profile = DsrProfile::kUnknown;
  std::int64_t file_number = 0, number_of_files = 0;  // 0 = not stated.
  std::string usage_start, usage_end;                 // Normalised YYYY[-MM[-DD]].
  std::string sender_party_id, sender_name, service_description;
  std::string recipient_party_id, recipient_name;
  std::vector<std::string> represented_repertoire;
};

struct DsrFooter {
  std::int64_t line_number = 0;
  std::string record_type;  // FOOT, SRFO or legacy FFOO.
  std::optional<std::int64_t> lines_in_file, lines_in_report, summary_records;
  std::optional<std::int64_t> blocks_in_file, blocks_in_report;
};

struct DsrSummary {
  std::size_t record_index = 0;  // Into DsrReport::records.
  std::int64_t line_number = 0;
  std::string type, summary_record_id, commercial_model, use_type, territory;
  std::string service_description, rights_controller, currency;
  std::optional<Decimal> net_revenue, usages, allocated_usages, allocated_revenue;
  std::optional<Decimal> allocated_net_revenue;
};

struct DsrBlock {
  std::string block_id;
  std::int64_t first_line = 0, last_line = 0;
  std::vector<std::size_t> record_indices;  // Into DsrReport::records.
};

enum class DsrAmountBasis { kNone, kReported, kComputed, kAllocated };

// A body line that carries counts or money: SU01/SU02/SU03/SU04, SR01-SR08,
// LI01 (rights-controller allocation) and RU01/RU02 (usage only).
struct DsrSaleLine {
  std::size_t record_index = 0;
  std::int64_t line_number = 0;
  std::string type, block_id, summary_record_id, sales_transaction_id, resource_id;
  std::optional<std::size_t> summary;            // Index into summaries; unset if unresolved.
  std::string currency;                          // Inherited from the summary.
  Decimal usages, returns;                       // Sum over repeated values for RU01.
  std::optional<Decimal> price;                  // PriceConsumerPaidExcSalesTax.
  std::optional<Decimal> gross;                  // price x net count, exact.
  std::optional<Decimal> allocated_net_revenue;  // LI01 only.
  Decimal amount;
  DsrAmountBasis basis = DsrAmountBasis::kNone;
};

// Per currency: summary NetRevenue against the kReported sale lines (UGC) or
// the allocated/computed lines (Basic Audio, AV).
struct DsrReconciliation {
  std::string currency;
  Decimal summary_net_revenue, body_amount, difference;  // difference = summary - body.
};

struct DsrReport {
  std::string file_name;
  DsrFileName name;
  DsrHeader header;
  std::optional<DsrFooter> footer;
  std::vector<DsrRecord> records;  // Every non-comment record, in file order.
  std::vector<DsrSummary> summaries;
  std::vector<DsrBlock> blocks;
  std::vector<DsrSaleLine> sales;
  std::vector<DsrReconciliation> reconciliation;
  std::int64_t physical_lines = 0, comment_lines = 0;
  // Identifies the report across its files: "<sender>|<recipient>|<service>|
  // <period>|<territory>|<y>" from the file name, else from HEAD.
  std::string report_id;
  std::int64_t part_number = 1, part_count = 1;  // x and y of "xofy".
  std::vector<Error> errors;                     // In file order; import only when empty.
  std::vector<Error> warnings;                   // Accepted quirks (legacy types, YYYYMMDD…).
  bool ok() const { return errors.empty(); }
  bool is_partial() const { return part_count > 1; }
};

DsrReport parse_dsr(std::string_view bytes, std::string_view file_name);

// The cell table for a record type under a profile and version, for callers
// that inspect layouts (tests cross-check it against the XSDs).
struct DsrCellSpec {
  std::string_view name;
  bool required;
  bool repeatable;
};
std::vector<DsrCellSpec> dsr_cell_specs(std::string_view record_type, DsrProfile profile,
                                        std::string_view profile_version);

// "2015-10-01" stays; "20151001" becomes "2015-10-01" with *compact = true.
// Errors: date_invalid.
Result<std::string> normalize_dsr_date(std::string_view text, bool* compact);

}  // namespace fermata
