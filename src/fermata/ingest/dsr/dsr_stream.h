// DSR streaming reader: a Basic Audio or AudioVisual DSR file of any size
// becomes a grouped SalesReport in one pass, in memory bounded by the
// catalog, not by the file.
//
// parse_dsr() (dsr.h) keeps every record of a file, which is right for
// `dsr check`, but a monthly report of ten million lines does not fit that
// way. DsrStreamReader is fed the file's text in pieces of any size and keeps
// only what the money needs: the HEAD, the summary records, the FOOT, the
// records of the block being read, and one running sum per *line group*.
//
// A line group is the sales lines of one summary record that name the same
// resource (ISRC, DspResourceId), the same release (ICPN, CatalogNumber) and
// the same sale period, with the same money basis. Such lines always post
// together (matching depends only on those identifiers and the date), so the
// group is the unit of money: a summary's NetRevenue is allocated over its
// groups (allocate(), largest remainder, pro rata to their gross amounts, or
// to their net usages when a line has no price), exactly as dsr.h describes
// for lines, rounded once per group instead of once per line. When the
// NetRevenue equals the gross total, every group keeps its exact gross.
//
// The checks are those of parse_dsr(): cell counts and required cells per
// table, decimals, counts and dates, SummaryRecordId references, currency
// codes, HEAD/FOOT order, summaries before the first block, BlockId repeats,
// the FOOT counts and the file-name/HEAD agreement; errors and warnings have
// the same messages and name the same file, line, cell and value (their
// order may differ). Errors are capped at `max_errors` (the last one says how
// many more there were).
//
// Not every file streams: another profile (UGC, SRB, legacy), a record type
// without a table, a legacy layout, single-record-block lines (SR01...), LI
// or RU rows make the reader stop and say so through unsupported(); the
// caller then reads the file with parse_dsr(). See docs/FORMATS.md §5.
//
// Thread safety: one reader per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fermata/ingest/sales/sales.h"

namespace fermata {

struct DsrStreamOptions {
  // Keep every group's physical line numbers (SaleLine::group_lines): drill
  // and tests only, memory grows with the file.
  bool keep_line_numbers = false;
  std::int64_t max_errors = 1000;
};

class DsrStreamReader {
 public:
  // `file_name` is the report's base name (DSR_..._1of2_....tsv): the report
  // identity and part numbers come from it, as in parse_dsr().
  explicit DsrStreamReader(std::string file_name, DsrStreamOptions options = {});
  ~DsrStreamReader();
  DsrStreamReader(const DsrStreamReader&) = delete;
  DsrStreamReader& operator=(const DsrStreamReader&) = delete;

  // The next piece of the UTF-8 text; a piece may end anywhere, even inside
  // a line. Does nothing once unsupported() is set.
  void feed(std::string_view text);

  // Ends the input and returns the report: format "dsr", grouped = true, its
  // lines as line groups in order of first appearance. nullopt when the file
  // needs parse_dsr() after all (unsupported(): the last line, read only
  // now, may be what says so). Call once.
  std::optional<SalesReport> finish();

  // Non-empty when the file needs parse_dsr(): the reason, e.g.
  // "SR01 at line 12 (single-record block)".
  const std::string& unsupported() const;

  std::int64_t bytes_read() const;
  std::int64_t lines_read() const;
  std::int64_t sales_lines_read() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads a whole text with DsrStreamReader, or returns nullopt when the file
// needs parse_dsr() (see unsupported()).
std::optional<SalesReport> stream_dsr_sales(std::string_view text, std::string file_name,
                                            DsrStreamOptions options = {});

}  // namespace fermata
