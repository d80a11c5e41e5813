// TomlReader: one TOML table read key by key, for the agreement and payee
// formats (agreement_toml.cc, payee_toml.cc); internal to agreement/.
//
// Each read names its key, so errors carry the file, the line of the key
// (or of its table) and the key path ("fee[2].rate"). The reader remembers
// which keys were read; finish() refuses any other key, so a misspelt key is
// an error instead of a silently missing term.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata::agreement_internal {

class TomlReader {
 public:
  // `format` names the format in errors ("agreement", "payee").
  TomlReader(const toml::table& table, std::string path, const std::string& file,
             std::string_view format = "agreement")
      : table_(table), path_(std::move(path)), file_(file), format_(format) {}

  // An error at `key` (its line, or the table's when the key is absent).
  Error error(ErrorCode code, std::string_view key, std::string message,
              std::string_view value = {}) const;
  // Whether the key is present; marks it read.
  bool has(std::string_view key);

  Result<std::string> text(std::string_view key, bool required);
  // A TOML date (2026-01-31) or the same written as text.
  Result<std::string> date(std::string_view key, bool required);
  Result<std::int64_t> integer(std::string_view key, bool required, std::int64_t fallback);
  Result<bool> boolean(std::string_view key, bool fallback);
  // "25%" (= 0.25), "0.25" or "5000.00", exact; with percent = false a "%"
  // is refused. A TOML float is refused: it is binary floating point.
  Result<Decimal> decimal(std::string_view key, bool required, bool percent);
  Result<std::vector<std::string>> texts(std::string_view key);
  // A list of percentages ["50%", "50%"].
  Result<std::vector<Decimal>> percents(std::string_view key);
  // A sub-table (or inline table); nullopt when absent.
  Result<std::optional<TomlReader>> table(std::string_view key);
  // [[key]] entries, named key[1], key[2]...
  Result<std::vector<TomlReader>> tables(std::string_view key);
  // One of `names`, as its index; `fallback` when absent.
  Result<int> choice(std::string_view key, std::initializer_list<std::string_view> names,
                     int fallback);
  // Refuses any key that was not read.
  Status finish() const;
  // The format version key (e.g. "fermata_payee"): required and `supported`.
  Status format_version(std::string_view key, std::int64_t supported);
  // A validator's error placed in this file: the line of its where.field.
  Status located(Status status) const;

 private:
  const toml::table& table_;
  std::string path_;
  const std::string& file_;
  std::string_view format_;  // A literal.
  std::set<std::string> used_;
};

// The line of the node at a key path such as "fee[2].rate" (1-based
// indices), or of its nearest present parent; 0 when none.
std::int64_t line_of(const toml::table& table, std::string_view path);

// Parses TOML text; a syntax error is parse_error at its file and line.
Result<toml::table> parse_toml(std::string_view text, const std::string& file);

}  // namespace fermata::agreement_internal
