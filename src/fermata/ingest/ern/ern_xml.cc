// XML plumbing for the ERN reader: line numbers from pugixml offsets, element
// lookup by local name (ERN children are unqualified in 3.x samples and
// default-namespaced in others, so prefixes are ignored below the root), and
// where-to-report helpers.
#include <algorithm>
#include <cstring>

#include "fermata/base/assert.h"
#include "fermata/ingest/ern/ern_internal.h"

namespace fermata::ern_internal {
namespace {

std::size_t utf8_length(std::uint32_t code_point) {
  if (code_point < 0x80) return 1;
  if (code_point < 0x800) return 2;
  if (code_point < 0x10000) return 3;
  return 4;
}

// Replays pugixml's UTF-16 decoder: a valid surrogate pair is one code point,
// any other surrogate unit is dropped, a trailing odd byte is ignored.
void index_utf16(std::string_view bytes, bool big_endian, std::vector<std::size_t>& out) {
  const std::size_t units = bytes.size() / 2;
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto hi = static_cast<unsigned char>(bytes[2 * i + (big_endian ? 0 : 1)]);
    const auto lo = static_cast<unsigned char>(bytes[2 * i + (big_endian ? 1 : 0)]);
    return (std::uint32_t{hi} << 8) | lo;
  };
  std::size_t position = 0;
  for (std::size_t i = 0; i < units;) {
    const std::uint32_t lead = unit(i);
    if (lead < 0xD800 || lead > 0xDFFF) {
      if (lead == '\n') out.push_back(position);
      position += utf8_length(lead);
      i += 1;
    } else if (lead < 0xDC00 && i + 1 < units && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
      position += 4;
      i += 2;
    } else {
      i += 1;
    }
  }
}

void index_utf32(std::string_view bytes, bool big_endian, std::vector<std::size_t>& out) {
  std::size_t position = 0;
  for (std::size_t i = 0; i + 4 <= bytes.size(); i += 4) {
    std::uint32_t code_point = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const auto byte = static_cast<unsigned char>(bytes[i + (big_endian ? k : 3 - k)]);
      code_point = (code_point << 8) | byte;
    }
    if (code_point == '\n') out.push_back(position);
    if (code_point < 0x110000) position += utf8_length(code_point);
  }
}

void index_latin1(std::string_view bytes, std::vector<std::size_t>& out) {
  std::size_t position = 0;
  for (const char c : bytes) {
    if (c == '\n') out.push_back(position);
    position += static_cast<unsigned char>(c) < 0x80 ? 1 : 2;
  }
}

}  // namespace

LineIndex::LineIndex(std::string_view bytes, pugi::xml_encoding encoding) {
  switch (encoding) {
    case pugi::encoding_utf16_be:
    case pugi::encoding_utf16_le:
      index_utf16(bytes, encoding == pugi::encoding_utf16_be, newline_offsets_);
      return;
    case pugi::encoding_utf32_be:
    case pugi::encoding_utf32_le:
      index_utf32(bytes, encoding == pugi::encoding_utf32_be, newline_offsets_);
      return;
    case pugi::encoding_latin1:
      index_latin1(bytes, newline_offsets_);
      return;
    default:
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\n') newline_offsets_.push_back(i);
      }
  }
}

std::int64_t LineIndex::line_number(std::ptrdiff_t offset) const {
  FERMATA_ASSERT(offset >= 0);
  const auto before = std::lower_bound(newline_offsets_.begin(), newline_offsets_.end(),
                                       static_cast<std::size_t>(offset));
  return static_cast<std::int64_t>(before - newline_offsets_.begin()) + 1;
}

std::int64_t LineIndex::line_count() const {
  return static_cast<std::int64_t>(newline_offsets_.size()) + 1;
}

std::int64_t Context::line(pugi::xml_node node) const {
  if (!node) return 0;
  const std::ptrdiff_t offset = node.offset_debug();
  return offset < 0 ? 0 : lines.line_number(offset);
}

void Context::error(ErrorCode code, std::string text, pugi::xml_node node, std::string value) {
  message.errors.push_back(make_error(
      code, std::move(text), SourceRef{message.file_name, line(node), node_path(node), value}));
}

void Context::warning(ErrorCode code, std::string text, pugi::xml_node node, std::string value) {
  message.warnings.push_back(make_error(
      code, std::move(text), SourceRef{message.file_name, line(node), node_path(node), value}));
}

ErnIdentifier Context::identifier(pugi::xml_node node) const {
  ErnIdentifier id;
  if (!node) return id;
  id.raw = text_of(node);
  id.value = id.raw;
  id.line_number = line(node);
  id.path = node_path(node);
  return id;
}

std::string_view local_name(const char* qualified_name) {
  const std::string_view name(qualified_name);
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && local_name(node.name()) == name) return node;
  }
  return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && local_name(node.name()) == name) out.push_back(node);
  }
  return out;
}

std::string text_of(pugi::xml_node node) {
  std::string_view text = node.child_value();
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  text = text.substr(first);
  return std::string(text.substr(0, text.find_last_not_of(kSpace) + 1));
}

std::string child_text(pugi::xml_node parent, std::string_view name) {
  return text_of(child(parent, name));
}

std::vector<std::string> child_texts(pugi::xml_node parent, std::string_view name) {
  std::vector<std::string> out;
  for (pugi::xml_node node : children(parent, name)) {
    std::string text = text_of(node);
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

std::string node_path(pugi::xml_node node) {
  std::string path;
  for (; node && node.type() == pugi::node_element; node = node.parent()) {
    const std::string_view name = local_name(node.name());
    std::string step = "/" + std::string(name);
    const std::vector<pugi::xml_node> same = children(node.parent(), name);
    if (same.size() > 1) {
      const auto index = std::find(same.begin(), same.end(), node) - same.begin();
      step += "[" + std::to_string(index + 1) + "]";
    }
    path = step + path;
  }
  return path;
}

void append_name(std::string& out, std::string_view name) {
  if (name.empty()) return;
  if (!out.empty()) out += ", ";
  out += name;
}

SourceRef identifier_ref(const ErnMessage& message, const ErnIdentifier& id) {
  return SourceRef{message.file_name, id.line_number, id.path, id.raw};
}

}  // namespace fermata::ern_internal
