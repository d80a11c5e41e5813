// Stock movements CSV: Fermata's own layout for what happened to units
// (docs/FORMATS.md §14), one movement per row.
//
//   movement,date,document,sku,units,owner,from,to,store,buyer,terms,condition,
//   price,currency,order,reason
//
// Required columns: movement, date, sku, units, owner; the rest may be left
// out or empty where the movement does not use them. Each movement kind
// names what it needs (a receipt its delivery note, a shipment its invoice
// and terms, a return its return authorisation, a destruction or promo use
// the owner's written instruction, an adjustment its reason), so a row
// missing one is refused here, naming the file, line and field.
//
// Pure: no catalog, no ledger. Thread safety: pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/inventory/movement.h"

namespace fermata {

struct StockFile {
  std::vector<Movement> movements;         // In file order.
  std::int64_t rows = 0;                   // Data rows read.
  std::vector<Error> errors;               // Every rejected row, each naming file, line and field.
  std::vector<std::string> rejected_text;  // Parallel to errors: the row's raw text.
  bool ok() const { return errors.empty(); }
};

StockFile parse_stock_csv(std::string_view text, std::string_view file_name);

// True when `text` starts with a header whose first column is "movement".
bool looks_like_stock_csv(std::string_view text);

}  // namespace fermata
