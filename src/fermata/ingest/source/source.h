// Source: the bytes of a delivered report, unwrapped and decoded to UTF-8.
//
// Stores and aggregators deliver reports gzipped, zipped (one or several
// members), in UTF-8 with or without a byte-order mark, as UTF-16LE
// spreadsheet exports, or in Latin-1. Every parser downstream reads UTF-8
// text, so this layer does the unwrapping once:
//  1. Container by content, not by name: gzip (1F 8B) is inflated, a ZIP
//     (50 4B 03 04) yields one document per file member (directories and
//     macOS "__MACOSX/" resource forks skipped), anything else is plain.
//  2. Text: a UTF-8 BOM is dropped; a UTF-16LE BOM (FF FE), or UTF-16LE
//     declared, is converted, and so is a UTF-16BE BOM (FE FF, XML); Latin-1 is converted only when
//     declared (it cannot be told from other 8-bit encodings); otherwise the bytes must be valid
//     UTF-8, and the first invalid byte is reported with its line.
//  3. Identity: `sha256` is taken over the unwrapped bytes before text
//     decoding, so the same report delivered plain and gzipped is the same
//     document and imports once.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"

namespace fermata {

enum class TextEncoding { kAuto, kUtf8, kUtf16Le, kLatin1 };

// "auto", "utf-8", "utf-16le", "latin-1". Errors: usage.
Result<TextEncoding> parse_text_encoding(std::string_view name);

struct SourceDocument {
  std::string path;       // The file as given, plus "!member" for a ZIP member.
  std::string container;  // "plain", "gzip" or "zip".
  std::string encoding;   // What the bytes were: "utf-8", "utf-8-bom", "utf-16le", "utf-16be",
                          // "latin-1", or "binary" (an .xlsx read for a mapped import).
  std::string sha256;     // Of the unwrapped bytes (before text decoding).
  std::string text;       // UTF-8, without a byte-order mark.
  // True when the text was streamed (source_stream.h) and is not held here:
  // its importer read it in pieces and archived it while reading.
  bool streamed = false;
};

// Reads `path` and returns its documents (one, or one per ZIP member).
// Errors: io_error (unreadable), parse_error (corrupt gzip/zip, bad text
// encoding; the error names the file, member and line).
Result<std::vector<SourceDocument>> read_source(const std::string& path, TextEncoding encoding);

// The pieces, exposed for tests and for callers that already hold bytes.
Result<std::string> gunzip(std::string_view bytes, const std::string& path);
Result<std::vector<std::pair<std::string, std::string>>> unzip_members(std::string_view bytes,
                                                                       const std::string& path);
// Returns the UTF-8 text and sets `detected` to what the bytes were.
Result<std::string> decode_text(std::string_view bytes, TextEncoding encoding,
                                const std::string& path, std::string* detected);

}  // namespace fermata
