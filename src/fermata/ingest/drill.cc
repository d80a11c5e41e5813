#include "fermata/ingest/drill.h"

#include <charconv>

#include "fermata/ingest/import_sales.h"
#include "fermata/ingest/import_writers.h"
#include "fermata/ingest/post/sales_aggregate.h"
#include "fermata/ingest/stock/stock_csv.h"
#include "fermata/inventory/count_csv.h"
#include "fermata/storage/archive.h"
#include "fermata/storage/count_register.h"

namespace fermata {

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> parse_line_ranges(
    std::string_view text) {
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  const auto bad = [&] {
    return make_error(ErrorCode::kFieldInvalid, "not a list of line ranges",
                      field_ref("line_ranges", text));
  };
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
    const std::size_t dash = part.find('-');
    std::int64_t first = 0, last = 0;
    std::string_view a = part.substr(0, dash);
    std::string_view b = dash == std::string_view::npos ? a : part.substr(dash + 1);
    if (std::from_chars(a.data(), a.data() + a.size(), first).ec != std::errc() ||
        std::from_chars(b.data(), b.data() + b.size(), last).ec != std::errc() || last < first) {
      return bad();
    }
    ranges.emplace_back(first, last);
  }
  return ranges;
}

namespace {

bool in_ranges(std::int64_t line, const std::vector<std::pair<std::int64_t, std::int64_t>>& r) {
  for (const auto& [first, last] : r) {
    if (line >= first && line <= last) return true;
  }
  return false;
}

Result<ImportRecord> import_of(Database& database, const std::string& sha256) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<ImportRecord> imports, database.imports());
  for (const ImportRecord& record : imports) {
    if (record.archived_sha256 == sha256) return record;
  }
  // A part of a multi-file report is registered as pending under its own hash.
  FERMATA_ASSIGN_OR_RETURN(std::vector<PendingPart> parts,
                           database.report_register().pending_parts());
  for (const PendingPart& part : parts) {
    if (part.sha256 == sha256) return ImportRecord{0, sha256, part.path, part.format, "", "", 0, 0};
  }
  return make_error(ErrorCode::kFieldInvalid, "no import has the source file " + sha256,
                    field_ref("source", sha256));
}

// The mapping file a mapped import was read with, from the archive.
Result<std::string> archived_mapping(Database& database, const std::string& archive_directory,
                                     std::int64_t import_id) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> reports, database.report_register().reports());
  for (const ReportRecord& report : reports) {
    const std::size_t at = report.parser_version.find(" mapping=");
    if (report.import_id != import_id || at == std::string::npos) continue;
    return SourceArchive(archive_directory).get(report.parser_version.substr(at + 9));
  }
  return make_error(ErrorCode::kFieldInvalid,
                    "import " + std::to_string(import_id) + " kept no mapping file to drill with",
                    field_ref("import", std::to_string(import_id)));
}

// The lines (or, for a grouped report, the line groups with all their
// lines) that the source link names, and their sum per currency.
Status select_lines(const SalesReport& report, std::string_view text, const std::string& link,
                    DrillResult& out) {
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  if (!report.grouped) {
    FERMATA_ASSIGN_OR_RETURN(ranges, parse_line_ranges(link));
  }
  std::vector<SaleLine> grouped;
  for (const SaleGroup& group : report.groups.groups) {
    grouped.push_back(sale_line_of(report.groups, group));
  }
  for (const SaleLine& line : report.grouped ? grouped : report.lines) {
    if (report.grouped ? !selector_matches(link, line, report.period_end)
                       : !in_ranges(line.line_number, ranges)) {
      continue;
    }
    std::string raw;
    if (report.grouped) {
      for (std::int64_t n : line.group_lines) {
        raw += (raw.empty() ? "" : "\n") + internal::line_text(text, n);
      }
    } else {
      raw = internal::line_text(text, line.line_number);
    }
    out.line_sum[line.currency] += line.amount;
    out.lines.push_back(DrillLine{line, std::move(raw)});
  }
  return ok_status();
}

// The units a transaction carried, per SKU: what its postings put into
// accounts (a movement takes as many out as it puts in).
std::map<std::string, Decimal> units_moved(const StoredTransaction& txn) {
  std::map<std::string, Decimal> moved;
  for (const Posting& p : txn.content.postings) {
    if (is_inventory_commodity(p.account.commodity) && !p.amount.is_negative()) {
      moved[p.account.commodity] += p.amount;
    }
  }
  return moved;
}

DrillLine unit_line(std::int64_t line_number, const Decimal& units, std::string_view text) {
  SaleLine line;
  line.line_number = line_number;
  line.units = units;
  return DrillLine{std::move(line), internal::line_text(text, line_number)};
}

// The movement on the transaction's line, and the units it carried.
Status drill_stock(std::string_view text, const std::string& path, DrillResult& out) {
  FERMATA_ASSIGN_OR_RETURN(auto ranges,
                           parse_line_ranges(out.transaction.content.source.line_ranges));
  const StockFile file = parse_stock_csv(text, path);
  for (const Movement& m : file.movements) {
    if (!in_ranges(m.line_number, ranges)) continue;
    out.line_units["SKU:" + m.sku] += m.units;
    out.lines.push_back(unit_line(m.line_number, m.units, text));
  }
  out.posted_units = units_moved(out.transaction);
  out.agrees = !out.lines.empty() && out.line_units == out.posted_units;
  return ok_status();
}

// The count lines of the adjustment's owner and SKU (none when the count
// did not list it: counted 0), the approval's books at the cut-off, and the
// adjustment: counted - books = posted.
Status drill_count(Database& database, std::string_view text, const std::string& path,
                   DrillResult& out) {
  const std::int64_t seq = out.transaction.seq;
  CountRegister& counts = database.count_register();
  FERMATA_ASSIGN_OR_RETURN(std::optional<CountRecord> count,
                           counts.find_count_of_file(out.archived_sha256));
  if (!count) {
    return make_error(ErrorCode::kFieldInvalid, "no count was recorded from " + path,
                      field_ref("txn", std::to_string(seq)));
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<CountApprovalRecord> approvals, counts.approvals(count->id));
  const CountApprovalRecord* approval = nullptr;
  for (const CountApprovalRecord& a : approvals) {
    if (a.txn_seq == seq) approval = &a;
  }
  if (approval == nullptr) {
    return make_error(
        ErrorCode::kFieldInvalid,
        "transaction " + std::to_string(seq) + " is no approved adjustment of " + path,
        field_ref("txn", std::to_string(seq)));
  }
  const std::string commodity = "SKU:" + approval->sku;
  out.line_units[commodity] = Decimal();
  out.expected_units[commodity] = approval->expected;
  FERMATA_ASSIGN_OR_RETURN(auto ranges,
                           parse_line_ranges(out.transaction.content.source.line_ranges));
  for (const CountLine& line : parse_count_csv(text, path).count.lines) {
    if (!in_ranges(line.line_number, ranges) || line.sku != approval->sku ||
        (line.owner_given && line.owner != approval->owner)) {
      continue;
    }
    out.line_units[commodity] += line.units;
    out.lines.push_back(unit_line(line.line_number, line.units, text));
  }
  for (const Posting& p : out.transaction.content.postings) {
    if (is_inventory_commodity(p.account.commodity) && p.account.kind != AccountKind::kExternal) {
      out.posted_units[p.account.commodity] += p.amount;
    }
  }
  std::map<std::string, Decimal> explained = out.line_units;
  explained[commodity] -= approval->expected;
  out.agrees = explained == out.posted_units;
  return ok_status();
}

// The units a physical sell-through line moved (import_stock.h): no money,
// only the line's SKU leaving the store's accounts.
bool moves_units_only(const StoredTransaction& txn) {
  for (const Posting& p : txn.content.postings) {
    if (!is_inventory_commodity(p.account.commodity)) return false;
  }
  return !txn.content.postings.empty();
}

// The line's units against the units that left for the consumer.
void count_units_sold(DrillResult& out) {
  const std::string& commodity = out.transaction.content.postings.front().account.commodity;
  for (const DrillLine& l : out.lines) out.line_units[commodity] += l.line.units;
  out.posted_units = units_moved(out.transaction);
  out.line_sum.clear();
  out.agrees = !out.lines.empty() && out.line_units == out.posted_units;
}

}  // namespace

Result<DrillResult> drill(Database& database, Ledger& ledger, const std::string& archive_directory,
                          std::int64_t seq) {
  DrillResult out;
  FERMATA_ASSIGN_OR_RETURN(out.transaction, ledger.get(seq));
  const SourceLink& source = out.transaction.content.source;
  if (source.document_sha256.empty()) {
    return make_error(ErrorCode::kFieldInvalid,
                      "transaction " + std::to_string(seq) + " has no source file",
                      field_ref("txn", std::to_string(seq)));
  }
  FERMATA_ASSIGN_OR_RETURN(ImportRecord record, import_of(database, source.document_sha256));
  out.path = record.path;
  out.format = record.format;
  out.archived_sha256 = source.document_sha256;
  FERMATA_ASSIGN_OR_RETURN(std::string text,
                           SourceArchive(archive_directory).get(out.archived_sha256));
  if (record.format == "count") {
    FERMATA_RETURN_IF_ERROR(drill_count(database, text, record.path, out));
    return out;
  }
  FERMATA_ASSIGN_OR_RETURN(ImportFormat format, parse_import_format(record.format));
  if (format == ImportFormat::kStock) {
    FERMATA_RETURN_IF_ERROR(drill_stock(text, record.path, out));
    return out;
  }
  ImportOptions options;
  options.keep_line_numbers = true;
  if (format == ImportFormat::kMapped) {
    FERMATA_ASSIGN_OR_RETURN(options.mapping_text,
                             archived_mapping(database, archive_directory, record.id));
  }
  FERMATA_ASSIGN_OR_RETURN(SalesReport report, parse_sales(format, text, record.path, options));
  FERMATA_RETURN_IF_ERROR(select_lines(report, text, source.line_ranges, out));
  if (moves_units_only(out.transaction)) {
    count_units_sold(out);
    return out;
  }
  // What the lines are worth is the income side: the owner's external
  // (sales) posting, or the suspense posting when no owner was known.
  bool has_external = false;
  for (const Posting& p : out.transaction.content.postings) {
    has_external = has_external || p.account.kind == AccountKind::kExternal;
  }
  const AccountKind income = has_external ? AccountKind::kExternal : AccountKind::kSuspense;
  for (const Posting& p : out.transaction.content.postings) {
    if (p.account.kind == income) out.posted[p.account.commodity] -= p.amount;
  }
  out.agrees = out.posted == out.line_sum;
  return out;
}

}  // namespace fermata
