// Text decoding to UTF-8: BOMs, UTF-16LE, declared Latin-1, UTF-8 validation.
#include <cstdint>

#include "fermata/ingest/source/source.h"

namespace fermata {
namespace {

void append_utf8(std::uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::int64_t line_at(std::string_view text, std::size_t offset) {
  std::int64_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

// UTF-16 in either byte order (`big_endian`), surrogate pairs combined.
Result<std::string> from_utf16(std::string_view bytes, const std::string& path, bool big_endian) {
  const std::string name = big_endian ? "UTF-16BE" : "UTF-16LE";
  if (bytes.size() % 2 != 0) {
    return make_error(ErrorCode::kParseError, name + " text has an odd number of bytes",
                      {path, 0, "", ""});
  }
  const auto unit_at = [&](std::size_t i) -> std::uint32_t {
    const std::uint32_t first = static_cast<unsigned char>(bytes[i]);
    const std::uint32_t second = static_cast<unsigned char>(bytes[i + 1]);
    return big_endian ? (first << 8) | second : first | (second << 8);
  };
  std::string out;
  out.reserve(bytes.size() / 2);
  std::int64_t line = 1;
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    std::uint32_t unit = unit_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < bytes.size()) {
      const std::uint32_t low = unit_at(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      return make_error(ErrorCode::kParseError, name + " text has an unpaired surrogate",
                        {path, line, "", ""});
    }
    line += unit == '\n' ? 1 : 0;
    append_utf8(unit, out);
  }
  return out;
}

std::string from_latin1(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) append_utf8(static_cast<unsigned char>(c), out);
  return out;
}

// The byte offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int extra = -1;  // Continuation bytes the lead byte announces; -1 = invalid lead.
    if (lead < 0x80) {
      extra = 0;
    } else if ((lead >> 5) == 0x6) {
      extra = 1;
    } else if ((lead >> 4) == 0xE) {
      extra = 2;
    } else if ((lead >> 3) == 0x1E) {
      extra = 3;
    }
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) return i;
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) >> 6) != 0x2) return i;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return std::string_view::npos;
}

}  // namespace

Result<TextEncoding> parse_text_encoding(std::string_view name) {
  if (name == "auto") return TextEncoding::kAuto;
  if (name == "utf-8") return TextEncoding::kUtf8;
  if (name == "utf-16le") return TextEncoding::kUtf16Le;
  if (name == "latin-1") return TextEncoding::kLatin1;
  return make_error(ErrorCode::kUsage, "unknown encoding '" + std::string(name) +
                                           "' (expected auto, utf-8, utf-16le or latin-1)");
}

Result<std::string> decode_text(std::string_view bytes, TextEncoding encoding,
                                const std::string& path, std::string* detected) {
  if (encoding == TextEncoding::kLatin1) {
    *detected = "latin-1";
    return from_latin1(bytes);
  }
  if (bytes.starts_with("\xFF\xFE") || encoding == TextEncoding::kUtf16Le) {
    if (bytes.starts_with("\xFF\xFE")) bytes.remove_prefix(2);
    *detected = "utf-16le";
    return from_utf16(bytes, path, false);
  }
  if (bytes.starts_with("\xFE\xFF")) {  // XML (ERN) may come UTF-16BE with its BOM.
    bytes.remove_prefix(2);
    *detected = "utf-16be";
    return from_utf16(bytes, path, true);
  }
  *detected = "utf-8";
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    *detected = "utf-8-bom";
  }
  if (const std::size_t bad = first_invalid_utf8(bytes); bad != std::string_view::npos) {
    return make_error(ErrorCode::kParseError,
                      "byte " + std::to_string(bad + 1) +
                          " is not valid UTF-8; if the file is Latin-1, pass --encoding latin-1",
                      {path, line_at(bytes, bad), "", ""});
  }
  return std::string(bytes);
}

}  // namespace fermata
