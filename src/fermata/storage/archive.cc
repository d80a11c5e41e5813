#include "fermata/storage/archive.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "fermata/base/sha256.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

constexpr int kCompressionLevel = 3;

Error io_error(const std::string& message) {
  return make_error(ErrorCode::kIoError, message);
}

// Writes `data` to `path` and flushes it to the disk before returning.
Status write_durably(const std::string& path, const std::string& data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create archive file '" + path + "'");
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      return io_error("cannot write archive file '" + path + "'");
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return io_error("cannot flush archive file '" + path + "'");
  return ok_status();
}

// Streaming decompression: frames written by other tools may not record
// their content size.
Result<std::string> decompress(const std::string& compressed, const std::string& path) {
  std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> stream(ZSTD_createDStream(),
                                                                    ZSTD_freeDStream);
  std::string bytes;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  std::size_t last = 1;
  while (true) {
    ZSTD_outBuffer out{chunk.data(), chunk.size(), 0};
    last = ZSTD_decompressStream(stream.get(), &out, &in);
    if (ZSTD_isError(last)) {
      return make_error(ErrorCode::kIntegrityBroken, "archived file '" + path + "' is damaged (" +
                                                         ZSTD_getErrorName(last) + ")");
    }
    bytes.append(chunk.data(), out.pos);
    if (in.pos == in.size && out.pos < out.size) break;  // Input used up, output flushed.
  }
  if (last != 0) {
    return make_error(ErrorCode::kIntegrityBroken, "archived file '" + path + "' is truncated");
  }
  return bytes;
}

}  // namespace

SourceArchive SourceArchive::for_database(const std::string& database_path) {
  return SourceArchive(database_path + ".archive");
}

std::string SourceArchive::path_of(const std::string& sha256) const {
  return directory_ + "/" + sha256.substr(0, 2) + "/" + sha256 + ".zst";
}

bool SourceArchive::contains(const std::string& sha256) const {
  return std::filesystem::exists(path_of(sha256));
}

Status SourceArchive::put(const std::string& sha256, std::string_view bytes) {
  const std::string path = path_of(sha256);
  if (std::filesystem::exists(path)) return ok_status();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return io_error("cannot create archive directory for '" + path + "': " + ec.message());
  std::string compressed(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t size = ZSTD_compress(compressed.data(), compressed.size(), bytes.data(),
                                         bytes.size(), kCompressionLevel);
  if (ZSTD_isError(size)) return io_error(std::string("zstd: ") + ZSTD_getErrorName(size));
  compressed.resize(size);
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  FERMATA_RETURN_IF_ERROR(write_durably(temporary, compressed));
  std::filesystem::rename(temporary, path, ec);
  if (ec) return io_error("cannot move '" + temporary + "' into the archive: " + ec.message());
  return ok_status();
}

Result<std::string> SourceArchive::get(const std::string& sha256) const {
  const std::string path = path_of(sha256);
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error("archived file '" + path + "' is missing");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string compressed = buffer.str();
  FERMATA_ASSIGN_OR_RETURN(std::string bytes, decompress(compressed, path));
  if (sha256_hex(bytes) != sha256) {
    return make_error(ErrorCode::kIntegrityBroken,
                      "archived file '" + path + "' does not hash to its name");
  }
  return bytes;
}

Status SourceArchive::copy_into(const SourceArchive& other) const {
  namespace fs = std::filesystem;
  if (!fs::exists(directory_)) return ok_status();
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(directory_, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".zst") continue;
    const fs::path target = fs::path(other.directory_) / fs::relative(entry.path(), directory_);
    if (fs::exists(target)) continue;
    fs::create_directories(target.parent_path(), ec);
    if (!ec) fs::copy_file(entry.path(), target, ec);
    if (ec) return io_error("cannot copy '" + entry.path().string() + "': " + ec.message());
  }
  if (ec) return io_error("cannot read archive '" + directory_ + "': " + ec.message());
  return ok_status();
}

Result<ArchiveCheck> verify_archive(Database& database, const SourceArchive& archive) {
  std::vector<std::string> hashes;
  FERMATA_ASSIGN_OR_RETURN(std::vector<ImportRecord> imports, database.imports());
  // Imports recorded before the archive existed (schema version 2) have no
  // archived copy to check.
  for (const ImportRecord& record : imports) {
    if (!record.archived_sha256.empty()) hashes.push_back(record.archived_sha256);
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<PendingPart> parts,
                           database.report_register().pending_parts());
  for (const PendingPart& part : parts) hashes.push_back(part.sha256);
  // The mapping file of a mapped import ("... mapping=<sha256>").
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> reports, database.report_register().reports());
  for (const ReportRecord& report : reports) {
    const std::size_t at = report.parser_version.find(" mapping=");
    if (at != std::string::npos) hashes.push_back(report.parser_version.substr(at + 9));
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  ArchiveCheck check;
  for (const std::string& sha : hashes) {
    ++check.files;
    Result<std::string> bytes = archive.get(sha);
    if (!bytes) check.problems.push_back("archive: " + bytes.error().message);
  }
  return check;
}

}  // namespace fermata
