// Test helpers: locating and reading the shared ERN samples and the fixtures
// in testdata/.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace fermata::ern_test {

// FERMATA_SHARED_DIR, else "<FERMATA_SOURCE_DIR>/../shared" (the samples live
// beside the repository, not in it).
inline std::filesystem::path shared_dir() {
  if (const char* dir = std::getenv("FERMATA_SHARED_DIR")) return dir;
  const char* source = std::getenv("FERMATA_SOURCE_DIR");
  return std::filesystem::path(source != nullptr ? source : ".") / ".." / "shared";
}

inline std::filesystem::path ern_dir() {
  return shared_dir() / "samples" / "ddex-ern";
}

inline std::filesystem::path testdata_dir() {
  const char* source = std::getenv("FERMATA_SOURCE_DIR");
  return std::filesystem::path(source != nullptr ? source : ".") / "src" / "fermata" / "ingest" /
         "ern" / "testdata";
}

inline std::optional<std::string> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace fermata::ern_test

// Reads `dir / relative` into `var` or skips the test with the reason.
#define FERMATA_READ_ERN_OR_SKIP(var, dir, relative)                                          \
  const std::filesystem::path var##_path = (dir) / (relative);                                \
  const std::optional<std::string> var##_bytes = ::fermata::ern_test::read_bytes(var##_path); \
  if (!var##_bytes)                                                                           \
    GTEST_SKIP() << "ERN file absent: " << var##_path                                         \
                 << " (set FERMATA_SHARED_DIR / FERMATA_SOURCE_DIR)";                         \
  const std::string& var = *var##_bytes
