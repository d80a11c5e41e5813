// fermata import status / import void: the register of imported files, and
// the reversal of everything one import posted.
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/ingest/import.h"
#include "fermata/ingest/post/receivables.h"

namespace fermata::cli {
namespace {

// The register joined with what each import was: report identity, payer,
// period and state (posted, pending, voided, replaced). A stock count posts
// nothing when imported: it is "recorded", then "adjusted" once adjustments
// from it are approved (`fermata count approve`), and its transactions are
// those adjustments'.
struct ImportRow {
  ImportRecord record;
  std::optional<ReportRecord> report;
  std::optional<CountRecord> count;
  std::string state;
  std::int64_t transactions = 0;
};

// A count import's state and transactions, from the count's approvals.
Status add_count(Database& database, ImportRow& row) {
  FERMATA_ASSIGN_OR_RETURN(row.count,
                           database.count_register().find_count_of_file(row.record.sha256));
  row.state = "recorded";
  if (!row.count) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(std::vector<CountApprovalRecord> approvals,
                           database.count_register().approvals(row.count->id));
  std::set<std::int64_t> posted;
  for (const CountApprovalRecord& approval : approvals) posted.insert(approval.txn_seq);
  row.transactions = static_cast<std::int64_t>(posted.size());
  if (!posted.empty()) row.state = "adjusted";
  return ok_status();
}

// What the last column names: a report's identity, a count, else the path.
std::string described(const ImportRow& row) {
  if (row.report && !row.report->identity.empty()) return row.report->identity;
  if (row.count) {
    return "count " + row.count->id + " at " + row.count->location + ", cut-off " +
           row.count->cutoff;
  }
  return row.record.path;
}

Result<std::vector<ImportRow>> import_rows(Database& database) {
  ReportRegister& reg = database.report_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<ImportRecord> imports, database.imports());
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> reports, reg.reports());
  FERMATA_ASSIGN_OR_RETURN(std::vector<PendingPart> parts, reg.pending_parts());
  FERMATA_ASSIGN_OR_RETURN(auto superseded, superseded_imports(reg));
  std::vector<ImportRow> rows;
  for (const ImportRecord& record : imports) {
    ImportRow row{record, std::nullopt, std::nullopt, "posted", record.transactions};
    for (const ReportRecord& report : reports) {
      if (report.import_id == record.id) row.report = report;
    }
    if (record.format == "count") FERMATA_RETURN_IF_ERROR(add_count(database, row));
    // Pending parts are registered under the archived copy's hash.
    for (const PendingPart& part : parts) {
      if (part.sha256 == record.archived_sha256 && part.posted_by_import == 0) {
        row.state = "pending";
      }
    }
    if (auto it = superseded.find(record.id); it != superseded.end()) row.state = it->second;
    rows.push_back(std::move(row));
  }
  return rows;
}

nlohmann::json pending_json(const std::vector<PendingPart>& parts) {
  nlohmann::json out = nlohmann::json::array();
  for (const PendingPart& p : parts) {
    if (p.posted_by_import != 0) continue;
    out.push_back({{"identity", p.identity},
                   {"part", p.part_number},
                   {"of", p.part_count},
                   {"path", p.path},
                   {"sha256", p.sha256},
                   {"recorded_at", p.recorded_at}});
  }
  return out;
}

int print_status_json(const std::vector<ImportRow>& rows, const std::vector<PendingPart>& parts) {
  nlohmann::json imports = nlohmann::json::array();
  for (const ImportRow& row : rows) {
    const ImportRecord& r = row.record;
    nlohmann::json item = {{"id", r.id},
                           {"path", r.path},
                           {"format", r.format},
                           {"sha256", r.sha256},
                           {"recorded_at", r.recorded_at},
                           {"actor", r.actor},
                           {"rows", r.rows},
                           {"transactions", row.transactions},
                           {"state", row.state}};
    if (row.report) {
      item["report_identity"] = row.report->identity;
      item["payer"] = row.report->payer;
      item["period_start"] = row.report->period_start;
      item["period_end"] = row.report->period_end;
      item["chain_net_of"] = row.report->chain_net_of;
      item["replaces_import"] = row.report->replaces_import;
    }
    if (row.count) {
      item["count_id"] = row.count->id;
      item["count_location"] = row.count->location;
      item["count_cutoff"] = row.count->cutoff;
    }
    imports.push_back(item);
  }
  std::cout << nlohmann::json{{"imports", imports}, {"pending_parts", pending_json(parts)}}.dump(2)
            << "\n";
  return 0;
}

int run_status(Context& ctx) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<ImportRow>> rows = import_rows(*books->database);
  if (!rows) return fail(rows.error());
  Result<std::vector<PendingPart>> parts = books->database->report_register().pending_parts();
  if (!parts) return fail(parts.error());
  if (ctx.json) return print_status_json(*rows, *parts);
  Table table{{"id", "recorded", "by", "format", "state", "rows", "transactions", "sha256",
               "report / file"},
              {true, false, false, false, false, true, true, false, false},
              {}};
  for (const ImportRow& row : *rows) {
    const ImportRecord& r = row.record;
    table.rows.push_back({std::to_string(r.id), r.recorded_at.substr(0, 19), r.actor, r.format,
                          row.state, std::to_string(r.rows), std::to_string(row.transactions),
                          r.sha256.substr(0, 12), described(row)});
  }
  print_table(table, std::cout);
  for (const PendingPart& p : *parts) {
    if (p.posted_by_import != 0) continue;
    std::cout << "pending: part " << p.part_number << " of " << p.part_count << " of " << p.identity
              << " (" << p.path << ")\n";
  }
  return 0;
}

int run_rejects(Context& ctx, std::int64_t id) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<RejectRecord>> rejects = books->database->report_register().rejects(id);
  if (!rejects) return fail(rejects.error());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const RejectRecord& r : *rejects) {
      out.push_back(
          {{"line", r.line_number}, {"field", r.field}, {"reason", r.reason}, {"raw", r.raw}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const RejectRecord& r : *rejects) {
    std::cout << "line " << r.line_number << (r.field.empty() ? "" : " field '" + r.field + "'")
              << ": " << r.reason << "\n  " << r.raw << "\n";
  }
  std::cout << rejects->size() << " rows quarantined in import " << id << "\n";
  return 0;
}

struct VoidImportArgs {
  std::int64_t id = 0;
  std::string reason;
};

// Reverses every transaction the import posted, in one unit of work: the
// import is undone wholly or not at all. Catalog records are not ledger rows
// and stay; transactions voided before are left as they are.
int run_void_import(Context& ctx, const VoidImportArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Ledger& ledger = *books->ledger;
  if (Status begun = ledger.begin_write(); !begun) return fail(begun.error());
  Result<std::pair<std::int64_t, std::int64_t>> counts =
      void_import(*books->database, ledger, args.id, args.reason);
  if (!counts) {
    ledger.rollback();
    return fail(counts.error());
  }
  if (Status committed = ledger.commit(); !committed) return fail(committed.error());
  std::cout << "import " << args.id << ": " << counts->first << " transactions reversed, "
            << counts->second << " already reversed\n";
  return 0;
}

}  // namespace

void add_import_admin_commands(CLI::App& import, Context& ctx) {
  CLI::App* status = import.add_subcommand(
      "status", "List every imported file and the parts of multi-file reports still pending");
  status->add_flag("--json", ctx.json, "Machine-readable output");
  status->callback([&ctx] { ctx.exit_code = run_status(ctx); });

  auto rejects_id = std::make_shared<std::int64_t>(0);
  CLI::App* rejects = import.add_subcommand(
      "rejects", "The rows an import quarantined (--on-error=quarantine), with their raw text");
  rejects->add_option("id", *rejects_id, "Import id (see `import status`)")->required();
  rejects->add_flag("--json", ctx.json, "Machine-readable output");
  rejects->callback([&ctx, rejects_id] { ctx.exit_code = run_rejects(ctx, *rejects_id); });

  auto args = std::make_shared<VoidImportArgs>();
  CLI::App* void_cmd = import.add_subcommand(
      "void", "Reverse every transaction one import posted, in one unit of work");
  void_cmd->add_option("id", args->id, "Import id (see `import status`)")->required();
  void_cmd->add_option("--reason", args->reason, "Why (kept in each reversal's memo)")->required();
  void_cmd->callback([&ctx, args] { ctx.exit_code = run_void_import(ctx, *args); });
}

}  // namespace fermata::cli
