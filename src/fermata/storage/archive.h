// SourceArchive: every imported file, kept immutably next to the database.
//
// A file is stored zstd-compressed under the SHA-256 of the bytes kept
// (`<dir>/<aa>/<sha256>.zst`), written to a temporary name, flushed and then
// renamed, so a crash leaves either no file or a whole one; content
// addressing makes a leftover from an uncommitted import harmless. Files are
// never rewritten. get() decompresses and checks the hash, so a damaged or
// swapped file is reported, never silently used. The archive lives in
// `<database path>.archive/` so backups of the database should copy it too.
//
// Thread safety: put() of one hash from two processes is safe (same bytes,
// atomic rename); otherwise one user per process.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"

namespace fermata {

class SourceArchive {
 public:
  explicit SourceArchive(std::string directory) : directory_(std::move(directory)) {}

  // The archive that belongs to the database at `database_path`.
  static SourceArchive for_database(const std::string& database_path);

  // Stores `bytes` under `sha256` (which the caller computed over exactly
  // these bytes); a no-op when already present. Errors: io_error.
  Status put(const std::string& sha256, std::string_view bytes);

  // The bytes stored under `sha256`. Errors: io_error (missing, unreadable),
  // integrity_broken (decompresses to bytes with another hash).
  Result<std::string> get(const std::string& sha256) const;

  // A file written while it is read (a streamed import, which never holds
  // the whole file): write() passes the bytes through zstd (on a worker
  // thread when libzstd has them) into a temporary file in the archive;
  // commit() flushes it to the disk and names it by the SHA-256 the caller
  // computed over exactly those bytes. Dropped uncommitted, the temporary
  // file is removed.
  class Writer {
   public:
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    Status write(std::string_view bytes);  // Errors: io_error.
    Status commit(const std::string& sha256);

   private:
    friend class SourceArchive;
    struct State;
    explicit Writer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };
  // Errors: io_error (the archive directory cannot be written).
  Result<std::unique_ptr<Writer>> begin_write() const;

  bool contains(const std::string& sha256) const;
  // Copies every file this archive has and `other` lacks (backups, restores).
  // Errors: io_error.
  Status copy_into(const SourceArchive& other) const;
  std::string path_of(const std::string& sha256) const;
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
};

class Database;

// Checks that every imported file (and every pending part) is in `archive`
// and hashes to its name; imports from before the archive existed (no
// archived_sha256) are not checked. Returns one problem per missing or damaged file.
struct ArchiveCheck {
  std::int64_t files = 0;
  std::vector<std::string> problems;
};
Result<ArchiveCheck> verify_archive(Database& database, const SourceArchive& archive);

}  // namespace fermata
