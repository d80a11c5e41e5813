// FX: exchange rates as exact decimals, and conversion between currencies.
//
// A rate says that one unit of `base` is worth `rate` units of `quote` on
// every day from `from` through `to` (inclusive): a daily rate has from ==
// to, a period rate (a month's average, a contract rate) spans the period.
// Rates come from a CSV file (docs/FORMATS.md §13) and are kept append-only
// in storage (`fermata rates import`). A rate is used only in the direction
// it is written: the inverse of an exact decimal is rarely one (1/1.08 has
// no end), so EUR->USD needs a EUR,USD row and USD->EUR a USD,EUR row.
//
// A pair has at most one rate on any day: a RateTable refuses a row whose
// days overlap another row of the same pair unless it is the same row
// (same days, rate and source), which is "already recorded".
//
// Conversion multiplies exactly and rounds once, half up (ties away from
// zero) to the target currency's minor unit, as the EU's euro conversion
// rules do (Regulation 1103/97, art. 5): no binary floating point, no
// double rounding.
//
// Thread safety: plain values; a RateTable is safe to read from many threads
// once built.
//
//   auto rates = parse_rates_csv(text, "rates.csv");
//   RateTable table;
//   for (const FxRate& r : *rates) (void)table.add(r);
//   auto usd = convert(table, *Decimal::parse("100.00"), "EUR", "USD", "2026-03-31");
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"
#include "fermata/storage/storage.h"

namespace fermata {

struct FxRate {
  std::string base, quote;       // ISO 4217: 1 base = rate quote.
  std::string from, to;          // ISO days, inclusive; from <= to.
  Decimal rate;                  // > 0, at most 12 fractional digits.
  std::string source;            // Where the rate comes from ("ECB reference rate").
  std::int64_t line_number = 0;  // In the file it was read from; 0 = not from a file.

  // "EUR/USD".
  std::string pair() const { return base + "/" + quote; }
  // "2026-03-31", or "2026-03-01..2026-03-31" for a period.
  std::string days() const { return from == to ? from : from + ".." + to; }
  // Same pair, days, rate and source (the line number is not content).
  bool same_content(const FxRate& other) const;
};

// The columns of a rates file, in order.
inline constexpr std::string_view kRatesColumns[] = {"base", "quote", "from",
                                                     "to",   "rate",  "source"};

// Reads a rates file: a header row with the columns above (in any order),
// then one rate per row; `to` may be empty for a daily rate (= `from`).
// Rows are returned in file order; overlaps are the RateTable's to check.
// Errors name `file_name`, the line and the field: parse_error (CSV syntax,
// a row of another width, a missing column), currency_unknown, date_invalid
// (not YYYY-MM-DD, or `to` before `from`), decimal_syntax /
// decimal_too_precise (the rate as text), field_invalid (a rate of zero or
// below, base equal to quote), field_missing (empty source, or no rows).
Result<std::vector<FxRate>> parse_rates_csv(std::string_view text, const std::string& file_name);

class RateTable {
 public:
  // Adds `rate`. Returns true when added, false when the same row is already
  // in the table. Errors: exists_with_different_content when its days
  // overlap another rate of its pair (the message names both); the table is
  // then unchanged.
  Result<bool> add(const FxRate& rate);

  // The rate of `base` in `quote` on `date`. Errors: rate_missing, naming
  // the pair and the day, and `what` (e.g. "period 2026-Q1 of AGR-1") when
  // it is not empty.
  Result<FxRate> rate_on(std::string_view base, std::string_view quote, std::string_view date,
                         std::string_view what = {}) const;

  // Every rate, by pair then first day.
  std::vector<FxRate> rates() const;
  bool empty() const { return by_pair_.empty(); }

 private:
  // (base, quote) -> the pair's rates by first day.
  std::map<std::pair<std::string, std::string>, std::map<std::string, FxRate>> by_pair_;
};

// One amount converted: `amount` of `from` at `rate` (1 from = rate to) on
// `date` gives `converted` of `to`.
struct Conversion {
  std::string from, to, date;
  Decimal amount, rate, converted;
  std::string source;
};

// `amount` of `from` in `to` at the table's rate on `date`: amount x rate
// exactly, rounded once half up to `to`'s minor unit. The same currency
// converts at rate 1 with no rounding. Errors: rate_missing (as rate_on),
// currency_unknown, decimal_overflow.
Result<Conversion> convert(const RateTable& table, Decimal amount, std::string_view from,
                           std::string_view to, std::string_view date, std::string_view what = {});

// Every rate on file (table fx_rate). Errors: storage_error,
// exists_with_different_content when stored rows overlap (import refuses
// that, so only a hand-edited database can).
Result<RateTable> load_rate_table(Database& database);

struct RatesImport {
  std::vector<FxRate> added, unchanged;  // In file order.
};

// Reads the rates file `text` (named `file_name` in errors) and records its
// new rates: a row already on file is unchanged; a row overlapping another
// rate of its pair (on file or earlier in the file) is an error naming the
// file and line. REQUIRES: inside Ledger::begin_write(); on error the caller
// rolls back, so a file is recorded wholly or not at all. Errors: as
// parse_rates_csv and RateTable::add, storage_error.
Result<RatesImport> import_rates(Database& database, std::string_view text,
                                 const std::string& file_name, const std::string& recorded_at,
                                 const std::string& actor);

// `amount` x `rate` rounded once, half up, to `places` fractional digits.
// REQUIRES: 0 <= places <= 12. Errors: decimal_overflow.
Result<Decimal> multiply_half_up(Decimal amount, Decimal rate, int places);

}  // namespace fermata
