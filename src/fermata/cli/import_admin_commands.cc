// fermata import status / import void: the register of imported files, and
// the reversal of everything one import posted.
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"

namespace fermata::cli {
namespace {

int run_status(Context& ctx) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<ImportRecord>> imports = books->database->imports();
  if (!imports) return fail(imports.error());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const ImportRecord& r : *imports) {
      out.push_back({{"id", r.id},
                     {"path", r.path},
                     {"format", r.format},
                     {"sha256", r.sha256},
                     {"recorded_at", r.recorded_at},
                     {"actor", r.actor},
                     {"rows", r.rows},
                     {"transactions", r.transactions}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table{{"id", "recorded", "by", "format", "rows", "transactions", "sha256", "file"},
              {true, false, false, false, true, true, false, false},
              {}};
  for (const ImportRecord& r : *imports) {
    table.rows.push_back({std::to_string(r.id), r.recorded_at.substr(0, 19), r.actor, r.format,
                          std::to_string(r.rows), std::to_string(r.transactions),
                          r.sha256.substr(0, 12), r.path});
  }
  print_table(table, std::cout);
  return 0;
}

struct VoidImportArgs {
  std::int64_t id = 0;
  std::string reason;
};

Result<ImportRecord> find_import_by_id(Database& database, std::int64_t id) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<ImportRecord> imports, database.imports());
  for (ImportRecord& record : imports) {
    if (record.id == id) return std::move(record);
  }
  return make_error(ErrorCode::kTransactionNotFound, "no import " + std::to_string(id),
                    {"", 0, "import", std::to_string(id)});
}

// Reverses every transaction the import posted, in one unit of work: the
// import is undone wholly or not at all. Catalog records are not ledger rows
// and stay; transactions voided before are left as they are.
int run_void_import(Context& ctx, const VoidImportArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<ImportRecord> record = find_import_by_id(*books->database, args.id);
  if (!record) return fail(record.error());
  Result<std::vector<std::int64_t>> seqs = books->database->transactions_from(record->sha256);
  if (!seqs) return fail(seqs.error());
  Ledger& ledger = *books->ledger;
  if (Status begun = ledger.begin_write(); !begun) return fail(begun.error());
  std::int64_t appended = 0, existing = 0;
  for (std::int64_t seq : *seqs) {
    Result<AppendOutcome> outcome =
        ledger.void_transaction(seq, "import " + std::to_string(args.id) + ": " + args.reason);
    if (!outcome) {
      ledger.rollback();
      return fail(outcome.error());
    }
    ++(outcome->status == AppendStatus::kAppended ? appended : existing);
  }
  if (Status committed = ledger.commit(); !committed) return fail(committed.error());
  std::cout << "import " << args.id << " (" << record->path << "): " << appended
            << " transactions reversed, " << existing << " already reversed\n";
  return 0;
}

}  // namespace

void add_import_admin_commands(CLI::App& import, Context& ctx) {
  CLI::App* status = import.add_subcommand("status", "List every imported file");
  status->add_flag("--json", ctx.json, "Machine-readable output");
  status->callback([&ctx] { ctx.exit_code = run_status(ctx); });

  auto args = std::make_shared<VoidImportArgs>();
  CLI::App* void_cmd = import.add_subcommand(
      "void", "Reverse every transaction one import posted, in one unit of work");
  void_cmd->add_option("id", args->id, "Import id (see `import status`)")->required();
  void_cmd->add_option("--reason", args->reason, "Why (kept in each reversal's memo)")->required();
  void_cmd->callback([&ctx, args] { ctx.exit_code = run_void_import(ctx, *args); });
}

}  // namespace fermata::cli
