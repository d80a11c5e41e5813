// How an import's outcome is shown: a few lines for people, JSON for tools.
#include "fermata/cli/import_report.h"

#include <iostream>

namespace fermata::cli {
namespace {

nlohmann::json error_json(const Error& error) {
  return {{"code", error_code_name(error.code)}, {"file", error.where.file},
          {"line", error.where.line_number},     {"field", error.where.field},
          {"value", error.where.value},          {"message", error.message}};
}

nlohmann::json amounts_json(const std::vector<std::pair<std::string, Decimal>>& amounts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [currency, amount] : amounts) out[currency] = amount.to_string();
  return out;
}

// The first few warnings and how many more there are (--json lists all).
void print_warnings(const std::vector<Error>& warnings) {
  constexpr std::size_t kShown = 3;
  for (std::size_t i = 0; i < warnings.size() && i < kShown; ++i) {
    std::cerr << "warning: " << warnings[i].to_string() << "\n";
  }
  if (warnings.size() > kShown) {
    std::cerr << "warning: " << warnings.size() - kShown << " more (see --json)\n";
  }
}

// A sales report: what it said, who owes it, and what went to suspense.
void print_sales_report(const ImportReport& r) {
  std::cout << (r.committed ? "imported" : "dry run, nothing written; would import") << " as "
            << import_format_name(r.format) << " (import " << r.import_id << "): report "
            << r.report_identity << ", payer " << r.payer << ", books of " << r.holder << "\n";
  std::cout << "  " << r.rows << " records, " << r.matched_lines << " sales lines matched, "
            << r.unmatched_lines << " unmatched; " << r.transactions_appended
            << " transactions appended";
  if (r.replaced_import != 0) std::cout << "; replaces import " << r.replaced_import;
  std::cout << "\n";
  if (r.movements != 0) std::cout << "  " << r.movements << " stock movements recorded\n";
  if (r.streamed) {  // Speeds and phase seconds: --json ("seconds").
    std::cout << "  read streamed: " << r.sales_lines << " sales lines in " << r.line_groups
              << " line groups\n";
  }
  for (const auto& [currency, amount] : r.reported) {
    std::cout << "  reported " << currency << " " << amount.to_string();
    for (const auto& [c, unmatched] : r.unmatched) {
      if (c == currency) std::cout << " (in suspense: " << unmatched.to_string() << ")";
    }
    std::cout << "\n";
  }
  print_warnings(r.warnings);
}

}  // namespace

nlohmann::json import_report_json(const ImportReport& r) {
  nlohmann::json rejected = nlohmann::json::array();
  for (const Error& error : r.rejected) rejected.push_back(error_json(error));
  nlohmann::json warnings = nlohmann::json::array();
  for (const Error& error : r.warnings) warnings.push_back(error_json(error));
  return {{"path", r.path},
          {"sha256", r.sha256},
          {"format", import_format_name(r.format)},
          {"container", r.container},
          {"encoding", r.encoding},
          {"already_imported", r.already_imported},
          {"committed", r.committed},
          {"import_id", r.import_id},
          {"rows", r.rows},
          {"movements", r.movements},
          {"records_inserted", r.records_inserted},
          {"records_unchanged", r.records_unchanged},
          {"transactions_appended", r.transactions_appended},
          {"transactions_existing", r.transactions_existing},
          {"rejected", rejected},
          {"warnings", warnings},
          {"report_identity", r.report_identity},
          {"payer", r.payer},
          {"holder", r.holder},
          {"matched_lines", r.matched_lines},
          {"unmatched_lines", r.unmatched_lines},
          {"reported", amounts_json(r.reported)},
          {"unmatched", amounts_json(r.unmatched)},
          {"replaced_import", r.replaced_import},
          {"pending", r.pending},
          {"part_number", r.part_number},
          {"part_count", r.part_count},
          {"missing_parts", r.missing_parts},
          {"streamed", r.streamed},
          {"sales_lines", r.sales_lines},
          {"line_groups", r.line_groups},
          {"bytes", r.bytes},
          {"seconds",
           {{"read", r.read_seconds},
            {"aggregate", r.aggregate_seconds},
            {"post", r.post_seconds},
            {"commit", r.commit_seconds}}}};
}

void print_import_report(const ImportReport& r, bool dry_run) {
  if (r.already_imported) {
    std::cout << r.path << ": already imported (import " << r.import_id << ", same SHA-256 "
              << r.sha256.substr(0, 12) << "); nothing changed\n";
    return;
  }
  for (const Error& error : r.rejected) std::cerr << "rejected: " << error.to_string() << "\n";
  std::cout << r.path << ": ";
  if (!r.committed && !dry_run) {
    std::cout << "NOT imported, nothing written (" << r.rows << " rows read, " << r.rejected.size()
              << " rejected; fix them or pass --on-error=quarantine)\n";
    return;
  }
  if (r.pending) {
    std::cout << (r.committed ? "archived" : "dry run; would archive") << " part " << r.part_number
              << " of " << r.part_count << " of report " << r.report_identity << " (import "
              << r.import_id << "); pending until parts";
    for (std::int64_t part : r.missing_parts) std::cout << " " << part;
    std::cout << " arrive\n";
    return;
  }
  if (!r.report_identity.empty()) {
    print_sales_report(r);
    return;
  }
  std::cout << (r.committed ? "imported" : "dry run, nothing written; would import") << " as "
            << import_format_name(r.format) << ": " << r.rows << " rows, " << r.records_inserted
            << " records new, " << r.records_unchanged << " unchanged, " << r.transactions_appended
            << " transactions appended, " << r.transactions_existing << " already present, "
            << r.rejected.size() << " rejected\n";
  if (r.movements != 0) std::cout << "  " << r.movements << " stock movements recorded\n";
  print_warnings(r.warnings);
}

}  // namespace fermata::cli
