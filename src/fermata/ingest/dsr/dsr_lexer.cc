// DSR syntax: physical lines, unescaped TAB / `|` splitting, backslash escapes.
#include <string>
#include <string_view>
#include <vector>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata::dsr_internal {

std::vector<PhysicalLine> split_physical_lines(std::string_view bytes) {
  std::vector<PhysicalLine> lines;
  std::int64_t number = 0;
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view text = bytes.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.push_back(PhysicalLine{++number, text});
    start = end + 1;
  }
  return lines;
}

std::vector<std::string_view> split_unescaped(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;  // The next character is literal, even a separator.
    } else if (text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start < text.size() ? start : text.size()));
  return parts;
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out.push_back(text[i]);
  }
  return out;
}

DsrRecord lex_record(std::string_view line, std::int64_t line_number, const RecordSpec* spec) {
  std::vector<std::string_view> raw = split_unescaped(line, '\t');
  DsrRecord record;
  record.type = unescape(raw[0]);
  record.line_number = line_number;
  record.known = spec != nullptr;
  for (std::size_t i = 1; i < raw.size(); ++i) {
    DsrCell cell;
    const std::size_t index = i - 1;
    if (spec != nullptr && index < spec->cells.size()) {
      cell.name = std::string(spec->cells[index].name);
      cell.repeatable = spec->cells[index].repeatable;
    } else {
      cell.name = "cell" + std::to_string(i);
    }
    if (cell.repeatable) {
      for (std::string_view part : split_unescaped(raw[i], '|')) {
        cell.values.push_back(unescape(part));
      }
    } else {
      cell.values.push_back(unescape(raw[i]));
    }
    record.cells.push_back(std::move(cell));
  }
  return record;
}

}  // namespace fermata::dsr_internal

namespace fermata {

std::string DsrCell::text() const {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += '|';
    out += values[i];
  }
  return out;
}

const DsrCell* DsrRecord::find(std::string_view name) const {
  for (const DsrCell& cell : cells) {
    if (cell.name == name) return &cell;
  }
  return nullptr;
}

std::string_view DsrRecord::get(std::string_view name) const {
  const DsrCell* cell = find(name);
  if (cell == nullptr || cell->values.empty()) return {};
  return cell->values[0];
}

}  // namespace fermata
