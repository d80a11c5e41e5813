#include "fermata/ingest/import_detect.h"

#include "fermata/ingest/import_sales.h"
#include "fermata/ingest/stock/stock_csv.h"

namespace fermata {

ImportFormat detect_format(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t start = text.find_first_not_of(" \t\r\n");
  const std::string_view body = start == std::string_view::npos ? "" : text.substr(start);
  if (body.starts_with("HEAD\t") || body.starts_with("FHEA\t")) return ImportFormat::kDsr;
  if (body.starts_with("<")) return ImportFormat::kErn;
  if (looks_like_stock_csv(text)) return ImportFormat::kStock;
  const std::string_view header = text.substr(0, text.find('\n'));
  if (header.find("effective_date") != std::string_view::npos &&
      header.find("amount") != std::string_view::npos) {
    return ImportFormat::kJournal;
  }
  const std::string_view store = detect_store_report(text);
  if (!store.empty()) {
    Result<ImportFormat> format = parse_import_format(store);
    if (format) return *format;
  }
  return ImportFormat::kCatalog;
}

}  // namespace fermata
