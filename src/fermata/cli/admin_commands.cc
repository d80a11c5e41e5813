// init, verify, backup, restore: the life cycle of a database file.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"

namespace fermata::cli {
namespace {

int RunInit(Context& ctx) {
  if (std::filesystem::exists(ctx.db_path)) {
    return Fail(MakeError(ErrorCode::kAlreadyExists, "database '" + ctx.db_path + "' already exists"));
  }
  Result<Books> books = OpenBooks(ctx, /*create=*/true);
  if (!books) return Fail(books.error());
  std::cout << "initialised " << ctx.db_path << " (schema version "
            << *books->database->SchemaVersion() << ")\n";
  return 0;
}

void PrintVerify(const VerifyReport& report, bool json) {
  if (json) {
    nlohmann::json out = {{"ok", report.problems.empty()},
                          {"transactions", report.transactions},
                          {"postings", report.postings},
                          {"checkpoint_rows", report.checkpoint_rows},
                          {"problems", report.problems}};
    if (report.first_broken_seq) out["first_broken_transaction"] = *report.first_broken_seq;
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (report.problems.empty()) {
    std::cout << "verified: " << report.transactions << " transactions, " << report.postings
              << " postings, " << report.checkpoint_rows
              << " checkpoint rows; hash chain intact, every transaction balances, "
                 "every checkpoint recomputed\n";
    return;
  }
  std::cout << "VERIFY FAILED: first broken link at transaction " << *report.first_broken_seq
            << "\n";
  for (const std::string& problem : report.problems) std::cout << "  " << problem << "\n";
}

// Verifies the database at `path`; 0 when sound, 70 (integrity_broken) when not.
int VerifyAt(const std::string& path, bool json) {
  Context at{path, json, 0};
  Result<Books> books = OpenBooks(at);
  if (!books) return Fail(books.error());
  Result<VerifyReport> report = books->ledger->Verify();
  if (!report) return Fail(report.error());
  PrintVerify(*report, json);
  return report->problems.empty() ? 0 : ExitCodeFor(ErrorCode::kIntegrityBroken);
}

int RunBackup(Context& ctx, const std::string& to) {
  Result<Books> books = OpenBooks(ctx);
  if (!books) return Fail(books.error());
  Status copied = books->database->BackupTo(to);
  if (!copied) return Fail(copied.error());
  std::cout << "backed up " << ctx.db_path << " to " << to << "; verifying the copy\n";
  return VerifyAt(to, false);
}

int RunRestore(Context& ctx, const std::string& from, bool force) {
  if (std::filesystem::exists(ctx.db_path) && !force) {
    return Fail(MakeError(ErrorCode::kAlreadyExists,
                          "database '" + ctx.db_path + "' exists; pass --force to replace it"));
  }
  if (int code = VerifyAt(from, false); code != 0) return code;
  Result<Books> source = OpenBooks(Context{from, false, 0});
  if (!source) return Fail(source.error());
  // Copy beside the target, then rename: the target is either the old file
  // or the complete restored one, never half of each.
  const std::string staging = ctx.db_path + ".restoring";
  std::filesystem::remove(staging);
  Status copied = source->database->BackupTo(staging);
  if (!copied) return Fail(copied.error());
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(ctx.db_path + suffix);
  std::filesystem::rename(staging, ctx.db_path);
  std::cout << "restored " << ctx.db_path << " from " << from << "\n";
  return 0;
}

}  // namespace

void AddAdminCommands(CLI::App& app, Context& ctx) {
  CLI::App* init = app.add_subcommand("init", "Create an empty database (--db)");
  init->callback([&ctx] { ctx.exit_code = RunInit(ctx); });

  CLI::App* verify = app.add_subcommand(
      "verify", "Recompute every hash, balance and checkpoint; exit 70 if anything is broken");
  verify->add_flag("--json", ctx.json, "Machine-readable output");
  verify->callback([&ctx] { ctx.exit_code = VerifyAt(ctx.db_path, ctx.json); });

  CLI::App* backup = app.add_subcommand("backup", "Online backup to a new file, then verify it");
  auto backup_to = std::make_shared<std::string>();
  backup->add_option("--to", *backup_to, "Target file (must not exist)")->required();
  backup->callback([&ctx, backup_to] { ctx.exit_code = RunBackup(ctx, *backup_to); });

  CLI::App* restore = app.add_subcommand("restore", "Replace the database with a verified backup");
  auto from = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  restore->add_option("--from", *from, "Backup file")->required();
  restore->add_flag("--force", *force, "Replace an existing database");
  restore->callback([&ctx, from, force] { ctx.exit_code = RunRestore(ctx, *from, *force); });
}

}  // namespace fermata::cli
