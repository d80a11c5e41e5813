#include "fermata/cli/table.h"

#include <algorithm>

namespace fermata::cli {
namespace {

void print_row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
               const std::vector<bool>& right_aligned, std::ostream& out) {
  std::string line;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const std::string cell = i < cells.size() ? cells[i] : "";
    const std::string pad(widths[i] - std::min(widths[i], cell.size()), ' ');
    const bool right = i < right_aligned.size() && right_aligned[i];
    if (i > 0) line += "  ";
    line += right ? pad + cell : cell + (i + 1 < widths.size() ? pad : "");
  }
  out << line << "\n";
}

}  // namespace

void print_table(const Table& table, std::ostream& out) {
  std::vector<std::size_t> widths(table.headers.size(), 0);
  for (std::size_t i = 0; i < widths.size(); ++i) widths[i] = table.headers[i].size();
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  print_row(table.headers, widths, table.right_aligned, out);
  std::size_t total = 0;
  for (std::size_t width : widths) total += width + 2;
  out << std::string(total > 2 ? total - 2 : 0, '-') << "\n";
  for (const auto& row : table.rows) print_row(row, widths, table.right_aligned, out);
}

}  // namespace fermata::cli
