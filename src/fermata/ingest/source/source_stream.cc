// Streamed sources (source_stream.h): plain or gzip files read in pieces.
#include "fermata/ingest/source/source_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "fermata/base/sha256.h"

namespace fermata {
namespace {

constexpr std::size_t kPiece = std::size_t{1} << 20;

Error io_error(const std::string& path) {
  return make_error(ErrorCode::kIoError, "cannot read '" + path + "'", {path, 0, "", ""});
}

Error corrupt(const std::string& path, const std::string& what) {
  return make_error(ErrorCode::kParseError, what, {path, 0, "", ""});
}

// The unwrapped bytes of a plain or gzip file, one piece at a time.
class ByteReader {
 public:
  ~ByteReader() {
    if (gzip_) inflateEnd(&stream_);
    if (fd_ >= 0) ::close(fd_);
  }

  Status open(const std::string& path) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat info {};
    if (fd_ < 0 || ::fstat(fd_, &info) != 0) return io_error(path);
    size_ = info.st_size;
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    in_.resize(kPiece);
    FERMATA_ASSIGN_OR_RETURN(std::size_t got, read_some(in_.data(), 2));
    gzip_ = got == 2 && static_cast<unsigned char>(in_[0]) == 0x1F &&
            static_cast<unsigned char>(in_[1]) == 0x8B;
    in_used_ = got;
    if (!gzip_) return ok_status();
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) return corrupt(path, "cannot start gunzip");
    out_.resize(kPiece);
    return ok_status();
  }

  bool gzip() const { return gzip_; }
  std::int64_t file_bytes_read() const { return file_read_; }
  std::int64_t file_size() const { return size_; }

  // The next piece; empty at the end of the file.
  Result<std::string_view> next() { return gzip_ ? next_inflated() : next_plain(); }

 private:
  Result<std::size_t> read_some(char* into, std::size_t limit) {
    std::size_t done = 0;
    while (done < limit) {
      const ssize_t n = ::read(fd_, into + done, limit - done);
      if (n < 0) return io_error(path_);
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    file_read_ += static_cast<std::int64_t>(done);
    return done;
  }

  Result<std::string_view> next_plain() {
    FERMATA_ASSIGN_OR_RETURN(std::size_t got, read_some(in_.data() + in_used_, kPiece - in_used_));
    const std::size_t size = in_used_ + got;
    in_used_ = 0;
    return std::string_view(in_.data(), size);
  }

  Result<std::string_view> next_inflated() {
    while (true) {
      if (stream_.avail_in == 0 && !eof_) {
        FERMATA_ASSIGN_OR_RETURN(std::size_t got,
                                 read_some(in_.data() + in_used_, kPiece - in_used_));
        stream_.next_in = reinterpret_cast<Bytef*>(in_.data());
        stream_.avail_in = static_cast<uInt>(in_used_ + got);
        in_used_ = 0;
        eof_ = stream_.avail_in == 0;
      }
      if (eof_ && stream_.avail_in == 0) {
        if (!ended_) return corrupt(path_, "gzip data is truncated");
        return std::string_view();
      }
      stream_.next_out = reinterpret_cast<Bytef*>(out_.data());
      stream_.avail_out = static_cast<uInt>(out_.size());
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      ended_ = rc == Z_STREAM_END;
      if (ended_ && inflateReset(&stream_) != Z_OK) return corrupt(path_, "gzip data is corrupt");
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        return corrupt(path_, "gzip data is corrupt (zlib: " +
                                  std::string(stream_.msg ? stream_.msg : "no detail") + ")");
      }
      const std::size_t produced = out_.size() - stream_.avail_out;
      if (produced > 0) return std::string_view(out_.data(), produced);
    }
  }

  std::string path_;
  int fd_ = -1;
  std::int64_t size_ = 0, file_read_ = 0;
  bool gzip_ = false, eof_ = false, ended_ = false;
  z_stream stream_{};
  std::string in_, out_;
  std::size_t in_used_ = 0;  // Bytes already in in_ (the two peeked bytes).
};

// Length of the lead byte's sequence, or 0 for a byte that cannot lead.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 0;
}

// The prefix of `text` made of whole valid UTF-8 sequences, counting its
// newlines into *newlines. *cut is set when the rest is a sequence the next
// piece may complete (not an error yet).
std::size_t valid_utf8_prefix(std::string_view text, bool* cut, std::int64_t* newlines) {
  *cut = false;
  std::size_t i = 0;
  const std::size_t n = text.size();
  const char* p = text.data();
  std::int64_t count = 0;
  while (i < n) {
#ifdef __SSE2__
    // ASCII runs, sixteen bytes at a time; newlines counted per byte lane
    // (each lane can count 255 before it is summed).
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i zero = _mm_setzero_si128();
    __m128i lanes = zero;
    int blocks = 0;
    while (i + 16 <= n) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      if (_mm_movemask_epi8(block) != 0) break;
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(block, newline));
      i += 16;
      if (++blocks == 255 || i + 16 > n) {
        const __m128i sums = _mm_sad_epu8(lanes, zero);
        count += _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
        lanes = zero;
        blocks = 0;
      }
    }
    if (blocks > 0) {
      const __m128i sums = _mm_sad_epu8(lanes, zero);
      count += _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    }
#endif
    if (i >= n) break;
    const std::size_t length = sequence_length(static_cast<unsigned char>(p[i]));
    if (length == 0) break;
    if (i + length > n) {
      bool continuation = true;
      for (std::size_t k = i + 1; k < n; ++k) {
        continuation = continuation && (static_cast<unsigned char>(p[k]) >> 6) == 0x2;
      }
      *cut = continuation;
      break;
    }
    bool valid = true;
    for (std::size_t k = 1; k < length; ++k) {
      valid = valid && (static_cast<unsigned char>(p[i + k]) >> 6) == 0x2;
    }
    if (!valid) break;
    count += p[i] == '\n';
    i += length;
  }
  *newlines += count;
  return i;
}

// UTF-8 text in pieces: drops a leading BOM, checks every byte, hashes and
// hands the text on.
class TextStage {
 public:
  TextStage(const std::string& path, const TextSink& sink) : path_(path), sink_(sink) {}

  Status feed(std::string_view bytes) {
    if (first_) {
      first_ = false;
      if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
        text_sha_ = std::make_unique<Sha256>();
      }
    }
    if (carry_.size() > 0) {
      const std::size_t need =
          sequence_length(static_cast<unsigned char>(carry_[0])) - carry_.size();
      const std::size_t take = std::min(need, bytes.size());
      carry_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (take < need) return ok_status();
      std::string whole;
      whole.swap(carry_);
      FERMATA_RETURN_IF_ERROR(check_and_emit(whole));
    }
    return check_and_emit(bytes);
  }

  Status finish() {
    if (!carry_.empty()) return invalid(0);
    return ok_status();
  }

  bool had_bom() const { return text_sha_ != nullptr; }
  std::string text_sha256() { return text_sha_ ? text_sha_->hex_digest() : ""; }
  std::int64_t text_bytes() const { return offset_; }

 private:
  Status check_and_emit(std::string_view bytes) {
    bool cut = false;
    const std::size_t valid = valid_utf8_prefix(bytes, &cut, &newlines_);
    FERMATA_RETURN_IF_ERROR(emit(bytes.substr(0, valid)));
    if (valid == bytes.size()) return ok_status();
    if (!cut) return invalid(0);
    carry_.assign(bytes.substr(valid));
    return ok_status();
  }

  Status emit(std::string_view text) {
    if (text.empty()) return ok_status();
    if (text_sha_) text_sha_->update(text);
    offset_ += static_cast<std::int64_t>(text.size());
    return sink_(text);
  }

  Status invalid(std::int64_t extra) {
    return make_error(ErrorCode::kParseError,
                      "byte " + std::to_string(offset_ + extra + 1) +
                          " is not valid UTF-8; if the file is Latin-1, pass --encoding latin-1",
                      {path_, newlines_ + 1, "", ""});
  }

  const std::string& path_;
  const TextSink& sink_;
  bool first_ = true;
  std::unique_ptr<Sha256> text_sha_;
  std::string carry_;
  std::int64_t offset_ = 0, newlines_ = 0;
};

}  // namespace

Result<std::optional<std::string>> peek_streamable_text(const std::string& path,
                                                        TextEncoding encoding, std::size_t limit) {
  if (encoding != TextEncoding::kAuto && encoding != TextEncoding::kUtf8)
    return std::optional<std::string>();
  ByteReader reader;
  FERMATA_RETURN_IF_ERROR(reader.open(path));
  std::string text;
  while (text.size() < limit) {
    FERMATA_ASSIGN_OR_RETURN(std::string_view piece, reader.next());
    if (piece.empty()) break;
    text.append(piece.substr(0, limit - text.size()));
  }
  if (text.starts_with("PK\x03\x04") || text.starts_with("\xFF\xFE") ||
      text.starts_with("\xFE\xFF")) {
    return std::optional<std::string>();
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return std::optional(std::move(text));
}

Result<StreamedSource> stream_source(const std::string& path, const TextSink& sink,
                                     const ByteProgress& progress, bool hash) {
  ByteReader reader;
  FERMATA_RETURN_IF_ERROR(reader.open(path));
  Sha256 sha;
  TextStage text(path, sink);
  std::int64_t reported = 0;
  if (progress) progress(0, reader.file_size());
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(std::string_view piece, reader.next());
    if (piece.empty()) break;
    if (hash) sha.update(piece);
    FERMATA_RETURN_IF_ERROR(text.feed(piece));
    if (progress && reader.file_bytes_read() - reported >= std::int64_t{16} << 20) {
      reported = reader.file_bytes_read();
      progress(reported, reader.file_size());
    }
  }
  FERMATA_RETURN_IF_ERROR(text.finish());
  if (progress) progress(reader.file_bytes_read(), reader.file_size());
  StreamedSource out;
  out.path = path;
  out.container = reader.gzip() ? "gzip" : "plain";
  out.encoding = text.had_bom() ? "utf-8-bom" : "utf-8";
  if (hash) {
    out.sha256 = sha.hex_digest();
    out.text_sha256 = text.had_bom() ? text.text_sha256() : out.sha256;
  }
  out.file_bytes = reader.file_bytes_read();
  out.text_bytes = text.text_bytes();
  return out;
}

}  // namespace fermata
