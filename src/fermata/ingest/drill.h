// Drill-down: from a posted aggregate back to the exact source lines.
//
// drill() reads the transaction's source link (file SHA-256 and line
// ranges, or a line selector for a streamed DSR: sales_aggregate.h), fetches the file from the
// source archive (checking its hash), parses it again with the parser of its import, and returns
// every sales line in those ranges with its amount, plus their sum per currency, and whether that
// sum equals what the transaction posted to receivables. The ledger never holds one row per sales
// line; this is how a line is found.
//
// A stock movement (format "stock") drills to its line of the stock file: the units it names per
// SKU against the units the transaction carried (its positive unit postings). A count adjustment
// (format "count") drills to the count lines of its owner and SKU: what they counted, less the
// books at the cut-off (as the approval recorded them), against the adjustment posted.
//
// Thread safety: reads only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fermata/ingest/sales/sales.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct DrillLine {
  SaleLine line;
  // The physical line as archived; for a line group of a grouped report
  // (line.group_lines), each of its lines, joined by newlines.
  std::string raw;
};

struct DrillResult {
  StoredTransaction transaction;
  std::string path, format, archived_sha256;
  std::vector<DrillLine> lines;
  std::map<std::string, Decimal> line_sum;  // Per currency.
  std::map<std::string, Decimal> posted;    // Receivable postings, per currency.
  // Stock and counts, per SKU commodity ("SKU:<sku>"): the units the lines
  // name (counted, for a count), the books at the cut-off (counts only) and
  // the units the transaction moved (for a count: the adjustment, signed).
  std::map<std::string, Decimal> line_units, expected_units, posted_units;
  bool agrees = false;
};

// Errors: transaction_not_found; field_invalid when the transaction has no
// source file (a manual entry) or came from a format without lines to drill;
// io_error / integrity_broken from the archive.
Result<DrillResult> drill(Database& database, Ledger& ledger, const std::string& archive_directory,
                          std::int64_t seq);

// Parses "3-5,9" into {3,4,5,9}. Errors: field_invalid.
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> parse_line_ranges(std::string_view text);

}  // namespace fermata
