// Test support: a fresh SQLite file in a temporary directory, removed after.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "fermata/storage/storage.h"

namespace fermata::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fermata-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline Party make_party(std::string id, PartyKind kind) {
  return Party{id, "Party " + id, kind, std::nullopt};
}

}  // namespace fermata::testing
