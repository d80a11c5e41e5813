// Sales aggregation: millions of sales lines become a few thousand sums.
//
// Lines are matched (catalog_index.h) and summed per owner x release x track
// x product format x store x channel x territory x sale period x currency; lines that match
// nothing are summed per identifier x store x channel x territory x sale
// period x currency instead, with the reason kept. Each aggregate remembers
// the physical lines it came from, so `drill` can re-derive it from the
// archived file: as line ranges, or, for a grouped report (a streamed DSR,
// whose lines of one aggregate may be spread over a whole file), as a line
// selector naming the identifiers of its groups. Amounts are summed exactly (Decimal); an overflow
// is an error naming the line where it happened.
//
// Thread safety: pure function of its inputs.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/sales/sales.h"

namespace fermata {

// Texts are views into the report and the aggregation (no string is copied
// per aggregate): keep both alive while aggregates are used.
struct SalesAggregate {
  const SaleMatch* match = nullptr;  // matched, owner, release_id, isrc; or via/identifier/reason.
  std::string_view title, artist;    // Of the first line, for unmatched listings.
  std::string_view store, territory, sale_start, sale_end, currency;
  SalesChannel channel = SalesChannel::kOther;
  // The product format its sales get (sale_format() of the match and the
  // channel; "" for unmatched sales), a static name: the CD and the LP of one
  // release are two aggregates.
  std::string_view format;
  Decimal units, amount;
  std::int64_t lines = 0;
  std::int64_t first_line = 0;             // The first source line, for error messages.
  std::vector<std::int64_t> line_numbers;  // Ascending; empty for a grouped report.
  std::vector<std::string> selectors;      // Grouped: identifiers of its groups, sorted.
};

// Move-only: its aggregates point into `matches`, which a move keeps in place
// and a copy would not.
struct SalesAggregation {
  SalesAggregation() = default;
  SalesAggregation(SalesAggregation&&) = default;
  SalesAggregation& operator=(SalesAggregation&&) = default;
  SalesAggregation(const SalesAggregation&) = delete;
  SalesAggregation& operator=(const SalesAggregation&) = delete;

  std::vector<SalesAggregate> aggregates;  // Matched first, then unmatched; each in key order.
  std::deque<SaleMatch> matches;           // What SalesAggregate::match points to.
  std::int64_t lines = 0, matched_lines = 0, unmatched_lines = 0;
};

// `fallback_date` is used when a line has no sale_end. A grouped report is
// summed by aggregate_groups().
Result<SalesAggregation> aggregate_sales(const SalesReport& report, const CatalogIndex& catalog,
                                         std::string_view fallback_date, bool selectors = true);

// The same sums for a grouped report, by number: each (resource, release,
// period) is matched once, aggregates are keyed by (match, context, period)
// indices, and strings are built once per aggregate. Aggregates come
// matched first, then by owner, release, ISRC (or how the match failed),
// context and period.
Result<SalesAggregation> aggregate_groups(const SalesReport& report, const CatalogIndex& catalog,
                                          std::string_view fallback_date, bool selectors = true);

// "<isrc>,<icpn>,<catalog number>,<proprietary id>", escaped as in line_selector().
std::string selector_identifiers(const SaleLine& line);

// "3-5,9,12-14" for {3,4,5,9,12,13,14}. REQUIRES: ascending.
std::string line_ranges(const std::vector<std::int64_t>& lines);

// The source link of an aggregate of a grouped report:
//   sel:<store>,<channel>,<territory>,<sale start>,<sale end>,<currency>;<ids>;<ids>...
// with <ids> = <isrc>,<icpn>,<catalog number>,<proprietary id> of each group
// and `%`, `,`, `;` written %25, %2C, %3B. Independent of the catalog, so a
// later catalog change cannot move a line to another posting when drilled.
std::string line_selector(const SalesAggregate& aggregate);

// True when a line of a grouped report belongs to the posting whose source
// link is `selector`; `fallback_date` as in aggregate_sales().
bool selector_matches(std::string_view selector, const SaleLine& line,
                      std::string_view fallback_date);

}  // namespace fermata
