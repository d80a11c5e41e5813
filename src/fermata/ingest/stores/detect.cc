// detect_store_format: which store parser a text is for, from its header set.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "fermata/ingest/stores/store_fields.h"
#include "fermata/ingest/stores/stores.h"

namespace fermata {
namespace {

struct Signature {
  std::string_view format;
  char delimiter;
  std::array<std::string_view, 4> columns;  // All must be present.
};

// Distinctive columns only, so a format with extra or reordered columns is
// still recognised; order matters only when two signatures could both match.
constexpr std::array<Signature, 5> kSignatures = {{
    {"apple",
     '\t',
     {"Extended Partner Share", "Partner Share Currency", "Sales or Return", "Start Date"}},
    {"distrokid", '\t', {"Sale Month", "Reporting Date", "Earnings (USD)", "ISRC"}},
    {"bandcamp", ',', {"item type", "net amount", "bandcamp transaction id", "currency"}},
    {"physical", ',', {"units_sold", "units_returned", "ppd", "upc"}},
    {"remittance", ',', {"payer", "pays", "amount", "bank_reference"}},
}};

constexpr int kLinesScanned = 64;

// The names of one physical line split on `delimiter`, quotes and spaces
// trimmed; good enough for header names, which do not contain delimiters.
std::vector<std::string_view> split_names(std::string_view line, char delimiter) {
  std::vector<std::string_view> names;
  size_t start = 0;
  while (start <= line.size()) {
    size_t end = line.find(delimiter, start);
    if (end == std::string_view::npos) end = line.size();
    std::string_view name = stores::trim(line.substr(start, end - start));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    names.push_back(name);
    start = end + 1;
  }
  return names;
}

bool matches(const Signature& signature, std::string_view line) {
  const std::vector<std::string_view> names = split_names(line, signature.delimiter);
  return std::all_of(signature.columns.begin(), signature.columns.end(),
                     [&](std::string_view column) {
                       return std::find(names.begin(), names.end(), column) != names.end();
                     });
}

}  // namespace

std::string_view detect_store_format(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t pos = 0;
  for (int line_index = 0; line_index < kLinesScanned && pos < text.size(); ++line_index) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    for (const Signature& signature : kSignatures) {
      if (matches(signature, line)) return signature.format;
    }
    pos = end + 1;
    if (end < text.size() && text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
  }
  return {};
}

}  // namespace fermata
