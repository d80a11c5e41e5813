// recall_letter(): a store's recall request as plain text. Everything in
// it comes from the reclaim (no clock), so it is the same byte for byte
// for the same books and day.
#include <algorithm>
#include <array>

#include "fermata/inventory/reclaim.h"

namespace fermata {
namespace {

constexpr std::size_t kColumns = 5;
using Row = std::array<std::string, kColumns>;

// Columns as wide as their widest cell, two spaces apart; units right-aligned.
std::string table_text(const std::vector<Row>& rows) {
  std::array<std::size_t, kColumns> widths{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < kColumns; ++i) {
      const std::string pad(widths[i] - row[i].size(), ' ');
      if (i > 0) line += "  ";
      line += i + 1 == kColumns ? pad + row[i] : row[i] + pad;
    }
    text += "  " + line + "\n";
  }
  return text;
}

std::string units_table(const RecallRequest& request) {
  std::vector<Row> rows = {{"SKU", "Catalog number", "UPC", "Title", "Units"}};
  for (const RecallLine& line : request.lines) {
    const ProductLine& p = line.product;
    rows.push_back({p.sku, p.catalog_number, p.upc, p.title, line.units.to_string()});
  }
  return table_text(rows);
}

std::string deliveries_text(const RecallRequest& request) {
  if (request.deliveries.empty()) return "  (no consignment delivery is on file)\n";
  std::string text;
  for (const TitleDocument& d : request.deliveries) {
    text += "  " + (d.document.empty() ? std::string("(no document number)") : d.document) +
            " of " + d.date + ": " + d.units.to_string() + " unit(s) of " + d.sku + "\n";
  }
  return text;
}

}  // namespace

std::string recall_letter(const Reclaim& reclaim, const RecallRequest& request) {
  const std::string owner = reclaim.display_name(reclaim.label);
  const std::string store = reclaim.display_name(request.store);
  const ReclaimTotals totals = totals_of(request.lines);
  std::string text = "RECALL OF GOODS HELD ON CONSIGNMENT\n\n";
  text += "From:    " + owner + "\n";
  text += "To:      " + store + "\n";
  text += "Date:    " + reclaim.as_of + "\n\n";
  text += "According to the owner's books on " + reclaim.as_of + ", " + store +
          "\nholds these units of " + owner + " on consignment:\n\n";
  text += units_table(request);
  text += "\nTotal: " + totals.units.to_string() + " unit(s)\n\n";
  text += "They were delivered on consignment under:\n";
  text += deliveries_text(request);
  text += "\nGoods on consignment remain the property of " + owner +
          "\nuntil they are sold and paid for. The owner recalls them: please return\n"
          "every unsold unit listed above to the owner, do not sell or transfer them\n"
          "to anyone else, and confirm in writing the units you hold and the date\n"
          "they will be shipped.\n";
  return text;
}

}  // namespace fermata
