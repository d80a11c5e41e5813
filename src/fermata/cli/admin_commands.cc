// init, verify, backup, restore: the life cycle of a database file.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/storage/archive.h"

namespace fermata::cli {
namespace {

int run_init(Context& ctx) {
  if (std::filesystem::exists(ctx.db_path)) {
    return fail(
        make_error(ErrorCode::kTargetExists, "database '" + ctx.db_path + "' already exists"));
  }
  Result<Books> books = open_books(ctx, /*create=*/true);
  if (!books) return fail(books.error());
  std::cout << "initialised " << ctx.db_path << " (schema version "
            << *books->database->schema_version() << ")\n";
  return 0;
}

void print_verify(const VerifyReport& report, bool json, std::int64_t archived_files) {
  if (json) {
    nlohmann::json out = {{"ok", report.problems.empty()},
                          {"archived_files", archived_files},
                          {"transactions", report.transactions},
                          {"postings", report.postings},
                          {"checkpoint_rows", report.checkpoint_rows},
                          {"problems", report.problems},
                          {"tip", {{"seq", report.tip_seq}, {"sha256", report.tip_sha256}}}};
    if (report.first_broken_seq) out["first_broken_transaction"] = *report.first_broken_seq;
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (report.problems.empty()) {
    std::cout << "verified: " << report.transactions << " transactions, " << report.postings
              << " postings, " << report.checkpoint_rows << " checkpoint rows, " << archived_files
              << " archived files; hash chain intact, every transaction balances, "
                 "every checkpoint recomputed, every source file present and intact\n"
              << "chain tip: transaction " << report.tip_seq << " sha256 " << report.tip_sha256
              << " (keep it outside the database: a later verify against it exposes "
                 "truncation)\n";
    return;
  }
  if (report.first_broken_seq) {
    std::cout << "VERIFY FAILED: first broken link at transaction " << *report.first_broken_seq
              << "\n";
  } else {
    std::cout << "VERIFY FAILED: the storage's safeguards are damaged\n";
  }
  for (const std::string& problem : report.problems) std::cout << "  " << problem << "\n";
}

// "SEQ:SHA256" as printed by a previous verify. Errors: usage.
Result<ChainAnchor> parse_anchor(const std::string& text) {
  const std::size_t colon = text.find(':');
  ChainAnchor anchor;
  if (colon != std::string::npos) {
    anchor.seq = std::atoll(text.substr(0, colon).c_str());
    anchor.sha256 = text.substr(colon + 1);
  }
  if (anchor.seq <= 0 || anchor.sha256.empty()) {
    return make_error(ErrorCode::kUsage, "--expect-tip takes SEQ:SHA256, e.g. 6576:494f37e0...",
                      {"", 0, "expect-tip", text});
  }
  return anchor;
}

// Verifies the database at `path`; 0 when sound, 70 (integrity_broken) when not.
int verify_at(const std::string& path, bool json, const std::string& anchor = "") {
  Context at{path, json, 0};
  Result<Books> books = open_books(at);
  if (!books) return fail(books.error());
  std::optional<ChainAnchor> expected;
  if (!anchor.empty()) {
    Result<ChainAnchor> parsed = parse_anchor(anchor);
    if (!parsed) return fail(parsed.error());
    expected = *parsed;
  }
  Result<VerifyReport> report = books->ledger->verify(expected);
  if (!report) return fail(report.error());
  Result<ArchiveCheck> archive =
      verify_archive(*books->database, SourceArchive::for_database(path));
  if (!archive) return fail(archive.error());
  for (const std::string& problem : archive->problems) report->problems.push_back(problem);
  print_verify(*report, json, archive->files);
  return report->problems.empty() ? 0 : exit_code_for(ErrorCode::kIntegrityBroken);
}

int run_backup(Context& ctx, const std::string& to) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Status copied = books->database->backup_to(to);
  if (copied) {
    copied = SourceArchive::for_database(ctx.db_path).copy_into(SourceArchive::for_database(to));
  }
  if (!copied) return fail(copied.error());
  std::cout << "backed up " << ctx.db_path << " (and its source archive) to " << to
            << "; verifying the copy\n";
  return verify_at(to, false);
}

int run_restore(Context& ctx, const std::string& from, bool force) {
  std::error_code ignored;
  const bool exists = std::filesystem::exists(ctx.db_path, ignored);
  if (exists && !force) {
    return fail(make_error(ErrorCode::kTargetExists,
                           "database '" + ctx.db_path + "' exists; pass --force to replace it"));
  }
  if (int code = verify_at(from, false); code != 0) return code;
  Result<Books> target = open_books(ctx, /*create=*/true);
  if (!target) return fail(target.error());
  Status restored =
      SourceArchive::for_database(from).copy_into(SourceArchive::for_database(ctx.db_path));
  if (restored) restored = target->database->restore_from(from);
  if (!restored) return fail(restored.error());
  std::cout << "restored " << ctx.db_path << " from " << from << "\n";
  return 0;
}

}  // namespace

void add_admin_commands(CLI::App& app, Context& ctx) {
  CLI::App* init = app.add_subcommand("init", "Create an empty database (--db)");
  init->callback([&ctx] { ctx.exit_code = run_init(ctx); });

  CLI::App* verify = app.add_subcommand(
      "verify", "Recompute every hash, balance and checkpoint; exit 70 if anything is broken");
  verify->add_flag("--json", ctx.json, "Machine-readable output");
  auto anchor = std::make_shared<std::string>();
  verify->add_option("--expect-tip", *anchor,
                     "SEQ:SHA256 of a chain tip recorded earlier; fails if that transaction is "
                     "gone or hashes differently (truncation, rewrites)");
  verify->callback([&ctx, anchor] { ctx.exit_code = verify_at(ctx.db_path, ctx.json, *anchor); });

  CLI::App* backup = app.add_subcommand("backup", "Online backup to a new file, then verify it");
  auto backup_to = std::make_shared<std::string>();
  backup->add_option("--to", *backup_to, "Target file (must not exist)")->required();
  backup->callback([&ctx, backup_to] { ctx.exit_code = run_backup(ctx, *backup_to); });

  CLI::App* restore = app.add_subcommand("restore", "Replace the database with a verified backup");
  auto from = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  restore->add_option("--from", *from, "Backup file")->required();
  restore->add_flag("--force", *force, "Replace an existing database");
  restore->callback([&ctx, from, force] { ctx.exit_code = run_restore(ctx, *from, *force); });
}

}  // namespace fermata::cli
