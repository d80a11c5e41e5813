// Price and insurance files: the two small CSV layouts that feed the stock
// register's price list and each location's insured basis (docs/FORMATS.md
// §14.1), and recording them.
//
// A price file says what one unit of a product is worth from a day on: its
// PPD (the wholesale price a store pays), the label's unit cost, its SRP. An
// insurance file says how a location's stock is insured from a day on: the
// basis the insurer values units at (often cost, not sale value: the 2011
// Sony DADC fire) and the sum insured. Valuation (valuation.h) reads both.
//
// The parsers are pure and collect every error of a file, each naming the
// file, the line and the field, so one run shows everything to fix. The
// importers check the rows against the catalog and the register before
// writing anything: a file is recorded wholly or not at all, and recording it
// again changes nothing.
//
// Thread safety: pure functions and plain values; the importers use the
// Database as it allows.
//
//   ParsedFile<PriceLine> parsed = parse_prices_csv(text, "prices.csv");
//   if (!parsed.errors.empty()) ...;  // Every bad row, in file order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/storage/stock_register.h"
#include "fermata/storage/storage.h"

namespace fermata {

inline constexpr std::string_view kPriceColumns[] = {"sku", "kind", "currency", "from", "amount"};
inline constexpr std::string_view kInsuranceColumns[] = {"location", "basis", "currency", "from",
                                                         "sum_insured"};

// One row of a file with the line it came from (1-based, for errors).
struct PriceLine {
  std::int64_t line_number = 0;
  PriceRecord price;        // sku, kind, currency, from, amount, file (the name given).
  std::string amount_text;  // The amount as written, for errors.
};
struct InsuranceLine {
  std::int64_t line_number = 0;
  // location, basis, currency, from, sum_insured (0 = none stated), file.
  InsuranceRecord insurance;
};

// What a parser read: the good rows in file order and an error per bad
// field. Nothing may be recorded while `errors` is not empty.
template <typename Line>
struct ParsedFile {
  std::vector<Line> lines;
  std::vector<Error> errors;
};

// Reads a prices file: the header names the kPriceColumns (any order, more
// columns ignored), then one price per row: `kind` ppd, cost or srp;
// `amount` an exact decimal >= 0 written as text; `from` YYYY-MM-DD. Errors
// (each naming file, line, field and value): parse_error (CSV syntax, width,
// a missing column), field_missing (an empty field, a file without rows),
// field_invalid (an unknown kind, a negative amount), currency_unknown,
// date_invalid, decimal_syntax / decimal_too_precise.
ParsedFile<PriceLine> parse_prices_csv(std::string_view text, const std::string& file_name);

// Reads an insurance file: kInsuranceColumns; `basis` cost, ppd or srp;
// `sum_insured` an exact decimal > 0, or empty when the policy states none.
// Errors as parse_prices_csv (field `basis` for an unknown basis,
// `sum_insured` for a sum of zero or below).
ParsedFile<InsuranceLine> parse_insurance_csv(std::string_view text, const std::string& file_name);

// What recording one file did. `added` rows are new; `unchanged` rows were
// on file already (or repeated in the file) with the same content. When
// `errors` is not empty nothing was written.
template <typename Line>
struct FileImport {
  std::vector<Line> added, unchanged;
  std::vector<Error> errors;
};

// Parses `text` and records its new prices, stamped `recorded_at` and
// `actor`, with the file's base name. Besides the parser's errors, each
// naming file, line and field: field_invalid on `sku` for a SKU that is not
// a physical product of the catalog; exists_with_different_content for a
// price of the same sku, kind, currency and first day with another amount,
// on file or earlier in the file (a price on file is never changed).
// REQUIRES: inside Ledger::begin_write(); the caller rolls back unless
// `errors` is empty. Returns an Error only for storage failures.
Result<FileImport<PriceLine>> import_prices(Database& database, std::string_view text,
                                            const std::string& file_name,
                                            const std::string& recorded_at,
                                            const std::string& actor);

// As import_prices for an insurance file: party_unknown for a location not
// in the catalog; exists_with_different_content for another basis,
// currency or sum of a location from the same day.
Result<FileImport<InsuranceLine>> import_insurance(Database& database, std::string_view text,
                                                   const std::string& file_name,
                                                   const std::string& recorded_at,
                                                   const std::string& actor);

}  // namespace fermata
