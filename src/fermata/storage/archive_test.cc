// Goal: the source archive keeps every imported file byte for byte under its
// SHA-256, never rewrites one, reports a damaged, swapped or missing file
// instead of using it, copies itself into another archive, and verify_archive
// finds every imported file that is missing or damaged.
// Method: real files in a temp directory, tampered with directly; a real
// SQLite database with imports and a pending part for verify_archive.
#include "fermata/storage/archive.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fermata/base/sha256.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using testing::TempDir;
using namespace std::string_literals;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

class ArchiveTest : public ::testing::Test {
 protected:
  TempDir dir_;
  SourceArchive archive_{dir_.file("books.db.archive")};
  const std::string text_ = "HEAD\tdsrf/30\n\xC3\xA9t\xC3\xA9\0binary"s;
  const std::string sha_ = sha256_hex(text_);
};

TEST_F(ArchiveTest, PutThenGetRoundTrips) {
  EXPECT_EQ(SourceArchive::for_database(dir_.file("books.db")).directory(),
            dir_.file("books.db.archive"));
  EXPECT_FALSE(archive_.contains(sha_));
  ASSERT_TRUE(archive_.put(sha_, text_));
  EXPECT_TRUE(archive_.contains(sha_));
  EXPECT_EQ(archive_.path_of(sha_),
            dir_.file("books.db.archive") + "/" + sha_.substr(0, 2) + "/" + sha_ + ".zst");
  EXPECT_TRUE(std::filesystem::exists(archive_.path_of(sha_)));
  Result<std::string> back = archive_.get(sha_);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, text_);
  EXPECT_EQ(back->size(), text_.size());
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(dir_.file("books.db.archive"))) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 1);
}

TEST_F(ArchiveTest, EmptyFileRoundTrips) {
  const std::string empty_sha = sha256_hex("");
  ASSERT_TRUE(archive_.put(empty_sha, ""));
  Result<std::string> back = archive_.get(empty_sha);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, "");
}

TEST_F(ArchiveTest, PutOfAStoredHashIsANoOp) {
  ASSERT_TRUE(archive_.put(sha_, text_));
  const std::string stored = read_file(archive_.path_of(sha_));
  ASSERT_TRUE(archive_.put(sha_, text_));
  EXPECT_EQ(read_file(archive_.path_of(sha_)), stored);
  // Files are never rewritten, even with other bytes under the same name.
  ASSERT_TRUE(archive_.put(sha_, "other bytes"));
  EXPECT_EQ(read_file(archive_.path_of(sha_)), stored);
  EXPECT_EQ(*archive_.get(sha_), text_);
}

TEST_F(ArchiveTest, MissingFileIsAnIoError) {
  Result<std::string> missing = archive_.get(sha_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIoError);
  EXPECT_EQ(missing.error().message, "archived file '" + archive_.path_of(sha_) + "' is missing");
}

TEST_F(ArchiveTest, SwappedFileIsIntegrityBroken) {
  // A whole, valid zstd file of other bytes under this name.
  const std::string other = "other bytes";
  ASSERT_TRUE(archive_.put(sha256_hex(other), other));
  std::filesystem::create_directories(std::filesystem::path(archive_.path_of(sha_)).parent_path());
  std::filesystem::copy_file(archive_.path_of(sha256_hex(other)), archive_.path_of(sha_));
  Result<std::string> swapped = archive_.get(sha_);
  ASSERT_FALSE(swapped);
  EXPECT_EQ(swapped.error().code, ErrorCode::kIntegrityBroken);
  EXPECT_EQ(swapped.error().message,
            "archived file '" + archive_.path_of(sha_) + "' does not hash to its name");
}

TEST_F(ArchiveTest, DamagedFileIsIntegrityBroken) {
  ASSERT_TRUE(archive_.put(sha_, text_));
  const std::string path = archive_.path_of(sha_);
  write_file(path, "this is not zstd at all");
  Result<std::string> garbage = archive_.get(sha_);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::kIntegrityBroken);
  // The wording names the zstd failure; the file is always named.
  EXPECT_TRUE(garbage.error().message.starts_with("archived file '" + path + "' is "))
      << garbage.error().message;

  // Flip one byte inside a real frame: it no longer decompresses to the text.
  ASSERT_TRUE(std::filesystem::remove(path));
  ASSERT_TRUE(archive_.put(sha_, text_));
  std::string bytes = read_file(path);
  ASSERT_GT(bytes.size(), 12u);
  bytes[bytes.size() - 5] = static_cast<char>(bytes[bytes.size() - 5] ^ 0x5A);
  write_file(path, bytes);
  Result<std::string> flipped = archive_.get(sha_);
  ASSERT_FALSE(flipped);
  EXPECT_EQ(flipped.error().code, ErrorCode::kIntegrityBroken);

  // Cut the frame short.
  write_file(path, read_file(archive_.path_of(sha_)).substr(0, 6));
  Result<std::string> truncated = archive_.get(sha_);
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kIntegrityBroken);
}

TEST_F(ArchiveTest, CopyIntoAddsWhatTheOtherLacks) {
  const std::string a = "first file", b = "second file";
  ASSERT_TRUE(archive_.put(sha256_hex(a), a));
  ASSERT_TRUE(archive_.put(sha256_hex(b), b));
  SourceArchive other(dir_.file("backup.archive"));
  ASSERT_TRUE(other.put(sha256_hex(a), a));
  const std::string kept = read_file(other.path_of(sha256_hex(a)));
  ASSERT_TRUE(archive_.copy_into(other));
  EXPECT_EQ(*other.get(sha256_hex(a)), a);
  EXPECT_EQ(*other.get(sha256_hex(b)), b);
  EXPECT_EQ(read_file(other.path_of(sha256_hex(a))), kept);
  // Copying again changes nothing; an archive that does not exist copies nothing.
  ASSERT_TRUE(archive_.copy_into(other));
  ASSERT_TRUE(SourceArchive(dir_.file("nowhere")).copy_into(other));
  EXPECT_FALSE(std::filesystem::exists(dir_.file("nowhere")));
}

TEST_F(ArchiveTest, VerifyArchiveReportsMissingAndDamagedFiles) {
  auto db = Database::open(dir_.file("books.db"), {.create = true});
  ASSERT_TRUE(db) << db.error().to_string();
  const std::string good = "good file", bad = "bad file", absent = "absent part";
  const std::string raw = "raw bytes", archived = "archived text";
  ASSERT_TRUE(archive_.put(sha256_hex(good), good));
  ASSERT_TRUE(archive_.put(sha256_hex(bad), bad));
  ASSERT_TRUE(archive_.put(sha256_hex(archived), archived));
  write_file(archive_.path_of(sha256_hex(bad)), "garbage");

  auto record = [&](const std::string& sha, const std::string& archived_sha) {
    return (*db)->record_import(
        ImportRecord{0, sha, "f.tsv", "dsr", "2016-01-20T00:00:00Z", "test", 1, 0, archived_sha});
  };
  ASSERT_TRUE(record(sha256_hex(good), ""));  // No archived hash: its own.
  ASSERT_TRUE(record(sha256_hex(bad), sha256_hex(bad)));
  // The archive keeps the decoded text, not the raw bytes.
  ASSERT_TRUE(record(sha256_hex(raw), sha256_hex(archived)));
  ASSERT_TRUE((*db)->report_register().put_pending(
      PendingPart{"dsr|x", 2, 2, sha256_hex(absent), "p2.tsv", "dsr", "2016-01-20T00:00:00Z", 0}));
  // A pending part that is also an import counts once.
  ASSERT_TRUE((*db)->report_register().put_pending(
      PendingPart{"dsr|x", 1, 2, sha256_hex(good), "p1.tsv", "dsr", "2016-01-20T00:00:00Z", 0}));

  Result<ArchiveCheck> check = verify_archive(**db, archive_);
  ASSERT_TRUE(check) << check.error().to_string();
  EXPECT_EQ(check->files, 4);
  ASSERT_EQ(check->problems.size(), 2u);
  std::vector<std::string> problems = check->problems;
  std::sort(problems.begin(), problems.end());
  const std::string bad_path = archive_.path_of(sha256_hex(bad));
  const std::string absent_path = archive_.path_of(sha256_hex(absent));
  // Sorted by path: which hash sorts first decides the order.
  const std::size_t missing_at = absent_path < bad_path ? 0 : 1;
  EXPECT_EQ(problems[missing_at], "archive: archived file '" + absent_path + "' is missing");
  EXPECT_TRUE(problems[1 - missing_at].starts_with("archive: archived file '" + bad_path + "' is "))
      << problems[1 - missing_at];
  EXPECT_EQ(problems[1 - missing_at].find("missing"), std::string::npos);

  Result<ArchiveCheck> empty = verify_archive(**db, SourceArchive(dir_.file("empty")));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->files, 4);
  EXPECT_EQ(empty->problems.size(), 4u);
}

}  // namespace
}  // namespace fermata
