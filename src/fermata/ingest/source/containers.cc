// gzip and ZIP unwrapping (zlib and libzip from Debian).
#include <zip.h>
#include <zlib.h>

#include <climits>
#include <memory>

#include "fermata/ingest/source/source.h"

namespace fermata {
namespace {

constexpr zip_uint64_t kMemberBytesMax = zip_uint64_t{4} << 30;  // 4 GiB.

Error corrupt(const std::string& path, const std::string& what) {
  return make_error(ErrorCode::kParseError, what, {path, 0, "", ""});
}

}  // namespace

Result<std::string> gunzip(std::string_view bytes, const std::string& path) {
  z_stream stream{};
  // 16 + MAX_WBITS: expect a gzip header. Concatenated members (as `cat a.gz
  // b.gz` makes) are read in turn, as gzip(1) does.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return corrupt(path, "cannot start gunzip");
  std::unique_ptr<z_stream, int (*)(z_stream*)> owner(&stream, inflateEnd);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[1 << 16];
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    const int rc = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) return out;
      if (inflateReset(&stream) != Z_OK) break;
      continue;
    }
    if (rc == Z_OK && stream.avail_in > 0) continue;
    if (rc == Z_OK && stream.avail_out == 0) continue;
    if (rc == Z_OK || rc == Z_BUF_ERROR) return corrupt(path, "gzip data is truncated");
    return corrupt(path, "gzip data is corrupt (zlib: " +
                             std::string(stream.msg ? stream.msg : "no detail") + ")");
  }
  return corrupt(path, "gzip data is corrupt");
}

Result<std::vector<std::pair<std::string, std::string>>> unzip_members(std::string_view bytes,
                                                                       const std::string& path) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    const std::string detail = zip_error_strerror(&error);
    if (source) zip_source_free(source);
    zip_error_fini(&error);
    return corrupt(path, "not a readable ZIP archive (" + detail + ")");
  }
  zip_error_fini(&error);
  std::unique_ptr<zip_t, int (*)(zip_t*)> owner(archive, zip_close);
  std::vector<std::pair<std::string, std::string>> members;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_NAME) == 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
      return corrupt(path, "ZIP member " + std::to_string(i) + " cannot be read");
    }
    const std::string name = stat.name;
    // A size from the archive is not trusted with memory: reports are text
    // well below this, and a forged size must not end the process.
    if (stat.size > kMemberBytesMax) {
      return corrupt(path + "!" + name,
                     "ZIP member is larger than " + std::to_string(kMemberBytesMax) + " bytes");
    }
    if (name.empty() || name.back() == '/' || name.starts_with("__MACOSX/")) continue;
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(
        zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0), zip_fclose);
    if (!file) return corrupt(path + "!" + name, "cannot open ZIP member");
    std::string content(static_cast<std::size_t>(stat.size), '\0');
    const zip_int64_t read = zip_fread(file.get(), content.data(), stat.size);
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
      return corrupt(path + "!" + name, "ZIP member is corrupt or truncated");
    }
    members.emplace_back(name, std::move(content));
  }
  return members;
}

}  // namespace fermata
