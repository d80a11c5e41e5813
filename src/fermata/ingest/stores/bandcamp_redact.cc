// redact_bandcamp: blanks buyer personal data in a Bandcamp CSV, keeping
// every other byte (quoting, line breaks, field order) exactly as it was, so
// the archived file still parses to the same sales lines.
//
// The scanner here never fails: a malformed quote simply extends a field,
// and a personal-data column is blanked whatever its content, so bad syntax
// cannot make personal data survive in a column we recognise.
#include <algorithm>
#include <array>
#include <cctype>

#include "fermata/ingest/stores/stores.h"

namespace fermata {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Column names (lower case, trimmed) blanked besides those starting with
// "buyer" or "ship to".
constexpr std::array<std::string_view, 5> kPersonalColumns = {"city", "region/state", "postal code",
                                                              "address", "notes"};

struct Span {
  size_t begin = 0, end = 0;  // [begin, end) in the text, quotes included.
};

// Scans one record starting at `pos`; returns its field spans and leaves
// `pos` after the record's line break.
std::vector<Span> scan_record(std::string_view text, size_t& pos) {
  std::vector<Span> fields;
  while (true) {
    Span span{pos, pos};
    bool quoted = pos < text.size() && text[pos] == '"';
    if (quoted) ++pos;
    while (pos < text.size()) {
      const char c = text[pos];
      if (quoted) {
        if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
          pos += 2;
          continue;
        }
        if (c == '"') quoted = false;
        ++pos;
        continue;
      }
      if (c == ',' || c == '\n' || c == '\r') break;
      ++pos;
    }
    span.end = pos;
    fields.push_back(span);
    if (pos >= text.size()) return fields;
    if (text[pos] == ',') {
      ++pos;
      continue;
    }
    if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
    ++pos;
    return fields;
  }
}

std::string column_name(std::string_view raw) {
  if (raw.starts_with('"') && raw.ends_with('"') && raw.size() >= 2) {
    raw = raw.substr(1, raw.size() - 2);
  }
  while (!raw.empty() && raw.front() == ' ') raw.remove_prefix(1);
  while (!raw.empty() && raw.back() == ' ') raw.remove_suffix(1);
  std::string name(raw);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

bool is_personal(const std::string& name) {
  if (name.starts_with("buyer") || name.starts_with("ship to")) return true;
  return std::find(kPersonalColumns.begin(), kPersonalColumns.end(), name) !=
         kPersonalColumns.end();
}

}  // namespace

std::string redact_bandcamp(std::string_view text) {
  size_t pos = text.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  const std::vector<Span> header = scan_record(text, pos);
  std::vector<bool> blank(header.size(), false);
  bool any = false;
  for (size_t i = 0; i < header.size(); ++i) {
    blank[i] =
        is_personal(column_name(text.substr(header[i].begin, header[i].end - header[i].begin)));
    any = any || blank[i];
  }
  if (!any) return std::string(text);
  std::string out(text.substr(0, pos));
  while (pos < text.size()) {
    size_t copied = pos;
    const std::vector<Span> fields = scan_record(text, pos);
    for (size_t i = 0; i < fields.size() && i < blank.size(); ++i) {
      if (!blank[i]) continue;
      out.append(text.substr(copied, fields[i].begin - copied));
      copied = fields[i].end;
    }
    out.append(text.substr(copied, pos - copied));
  }
  return out;
}

}  // namespace fermata
