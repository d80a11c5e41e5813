// Streamed sources: a report file read in pieces, never whole.
//
// read_source() (source.h) returns a document's whole text, which is right
// for most reports. A monthly DSR of ten million lines is better read in
// pieces: stream_source() unwraps gzip on the fly, drops a UTF-8 byte-order
// mark, checks the text is UTF-8 (the first invalid byte is reported with
// its line, as read_source() does) and hands each piece to a sink, while it
// takes the SHA-256 of the unwrapped bytes (the document's identity, as in
// source.h) and of the text. ZIP containers, UTF-16 and declared Latin-1 are
// not streamed: can_stream_source() says so and the caller uses read_source().
//
// Thread safety: plain functions; the sink runs on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "fermata/base/result.h"
#include "fermata/ingest/source/source.h"

namespace fermata {

struct StreamedSource {
  std::string path;
  std::string container;    // "plain" or "gzip".
  std::string encoding;     // "utf-8" or "utf-8-bom".
  std::string sha256;       // Of the unwrapped bytes, as SourceDocument::sha256.
  std::string text_sha256;  // Of the text handed to the sink (no byte-order mark).
  std::int64_t file_bytes = 0, text_bytes = 0;
};

// The first `limit` bytes of the file's text when it can be streamed (plain
// or gzip, UTF-8 by detection or declaration), else nullopt. Errors:
// io_error, parse_error (corrupt gzip).
Result<std::optional<std::string>> peek_streamable_text(const std::string& path,
                                                        TextEncoding encoding, std::size_t limit);

// Called with each piece of text; an error stops the stream and is returned.
using TextSink = std::function<Status(std::string_view)>;
// Called with (0, file size) first, then now and then with (file bytes read,
// file size), and once at the end.
using ByteProgress = std::function<void(std::int64_t, std::int64_t)>;

// REQUIRES: peek_streamable_text() returned text for `path`. `hash` = false
// leaves sha256 and text_sha256 empty (readers that import nothing).
// Errors: io_error, parse_error (corrupt gzip, invalid UTF-8), the sink's.
Result<StreamedSource> stream_source(const std::string& path, const TextSink& sink,
                                     const ByteProgress& progress = nullptr, bool hash = true);

}  // namespace fermata
