// A plain-text table for people: columns as wide as their widest cell, two
// spaces apart, numbers right-aligned. JSON output never goes through here.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace fermata::cli {

struct Table {
  std::vector<std::string> headers;
  std::vector<bool> right_aligned;  // Per column; missing entries mean left.
  std::vector<std::vector<std::string>> rows;
};

// Writes the header, a rule, and every row.
void print_table(const Table& table, std::ostream& out);

}  // namespace fermata::cli
