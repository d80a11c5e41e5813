// Test helpers: reading the synthetic store-report fixtures and summing
// report lines exactly.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fermata/ingest/sales/sales.h"

namespace fermata::stores_test {

// "<FERMATA_SOURCE_DIR>/tests/data/stores/<name>"; FERMATA_SOURCE_DIR is set
// by fermata_test().
inline std::filesystem::path fixture_path(const std::string& name) {
  const char* source = std::getenv("FERMATA_SOURCE_DIR");
  return std::filesystem::path(source != nullptr ? source : ".") / "tests" / "data" / "stores" /
         name;
}

// The fixture's bytes, or "" when absent (tests then fail on their counts).
inline std::string read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Sum of line amounts per currency, as canonical decimal text.
inline std::map<std::string, std::string> totals_by_currency(const SalesReport& report) {
  std::map<std::string, Decimal> sums;
  for (const SaleLine& line : report.lines) sums[line.currency] += line.amount;
  std::map<std::string, std::string> out;
  for (const auto& [currency, sum] : sums) out[currency] = sum.to_string();
  return out;
}

// "file:line field: message" for each error, to compare whole lists.
inline std::vector<std::string> error_list(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) {
    out.push_back(e.where.file + ":" + std::to_string(e.where.line_number) + " " + e.where.field +
                  "='" + e.where.value + "' " + std::string(error_code_name(e.code)));
  }
  return out;
}

}  // namespace fermata::stores_test
