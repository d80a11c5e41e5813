// Differential fuzz target: whenever the streaming DSR reader (dsr_stream.h)
// reads a text, it must say what parse_dsr() + dsr_to_sales() say: the same
// errors and warnings, and per identifiers x context x period the same units
// and line counts, and per currency the same money. The first byte picks the
// piece size the text is fed in (1..256), so line and cell boundaries fall
// anywhere. Not compared: files with a summary record after the first block
// or a sum that overflows (both already rejected; the two readers reach them
// at different steps), and reports past the streaming reader's error cap.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/assert.h"
#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_sales.h"
#include "fermata/ingest/dsr/dsr_stream.h"

namespace {

constexpr char kName[] = "DSR_R_S_Svc_2016-01_DE_1of1_20160201T120000.tsv";

std::vector<std::string> texts(const std::vector<fermata::Error>& errors) {
  std::vector<std::string> out;
  for (const fermata::Error& e : errors) out.push_back(e.to_string());
  std::sort(out.begin(), out.end());
  return out;
}

bool skipped(const std::vector<fermata::Error>& errors) {
  for (const fermata::Error& e : errors) {
    if (e.message == "summary record after the first block" ||
        e.code == fermata::ErrorCode::kDecimalOverflow) {
      return true;
    }
  }
  return errors.size() >= 1000;
}

std::string key_of(const fermata::SaleLine& l) {
  return l.isrc + "|" + l.icpn + "|" + l.catalog_number + "|" + l.proprietary_id + "|" +
         std::string(fermata::sales_channel_name(l.channel)) + "|" + l.territory + "|" +
         l.sale_start + "|" + l.sale_end + "|" + l.currency + "|" + (l.has_amount ? "$" : "-");
}

struct Sums {
  std::map<std::string, std::pair<fermata::Decimal, std::int64_t>> by_key;  // units, lines
  std::map<std::string, fermata::Decimal> by_currency;
  void add(const fermata::SaleLine& l) {
    auto& [units, lines] = by_key[key_of(l)];
    units = units + l.units;
    lines += l.line_count;
    by_currency[l.currency] += l.amount;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t piece = 1 + data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  fermata::DsrStreamReader reader(kName);
  for (std::size_t at = 0; at < text.size(); at += piece) reader.feed(text.substr(at, piece));
  const std::optional<fermata::SalesReport> finished = reader.finish();
  if (!finished) return 0;
  const fermata::SalesReport& streamed = *finished;
  const fermata::DsrReport whole = fermata::parse_dsr(text, kName);
  if (skipped(streamed.errors) || skipped(whole.errors) || whole.warnings.size() >= 1000) {
    return 0;  // Past the streaming reader's cap on listed problems.
  }
  FERMATA_ASSERT(texts(streamed.errors) == texts(whole.errors));
  FERMATA_ASSERT(texts(streamed.warnings) == texts(whole.warnings));
  if (!whole.ok()) return 0;
  Sums a, b;
  for (const fermata::SaleLine& l : fermata::dsr_to_sales(whole).lines) a.add(l);
  for (const fermata::SaleGroup& g : streamed.groups.groups) {
    b.add(fermata::sale_line_of(streamed.groups, g));
  }
  FERMATA_ASSERT(a.by_key == b.by_key);
  FERMATA_ASSERT(a.by_currency == b.by_currency);
  return 0;
}
