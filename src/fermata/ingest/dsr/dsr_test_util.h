// Test helpers: locating and reading the shared DSR samples.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace fermata::dsr_test {

// FERMATA_SHARED_DIR, else "<FERMATA_SOURCE_DIR>/../shared" (the samples live
// beside the repository, not in it).
inline std::filesystem::path shared_dir() {
  if (const char* dir = std::getenv("FERMATA_SHARED_DIR")) return dir;
  const char* source = std::getenv("FERMATA_SOURCE_DIR");
  return std::filesystem::path(source != nullptr ? source : ".") / ".." / "shared";
}

inline std::filesystem::path dsr_dir() {
  return shared_dir() / "samples" / "ddex-dsr";
}

inline std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace fermata::dsr_test

// Reads a sample into `var` or skips the test with the reason.
#define FERMATA_READ_SAMPLE_OR_SKIP(var, relative)                                          \
  const std::filesystem::path var##_path = ::fermata::dsr_test::dsr_dir() / (relative);     \
  const std::optional<std::string> var##_text = ::fermata::dsr_test::read_text(var##_path); \
  if (!var##_text)                                                                          \
    GTEST_SKIP() << "DSR sample absent: " << var##_path                                     \
                 << " (set FERMATA_SHARED_DIR to the shared folder)";                       \
  const std::string& var = *var##_text
