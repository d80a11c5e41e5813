// fermata import FILE... : one verb brings every kind of file in.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/ingest/import.h"

namespace fermata::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string on_error = "abort";
  std::string encoding = "auto";
  bool dry_run = false;
};

nlohmann::json error_json(const Error& error) {
  return {{"code", error_code_name(error.code)}, {"file", error.where.file},
          {"line", error.where.line_number},     {"field", error.where.field},
          {"value", error.where.value},          {"message", error.message}};
}

nlohmann::json report_json(const ImportReport& r) {
  nlohmann::json rejected = nlohmann::json::array();
  for (const Error& error : r.rejected) rejected.push_back(error_json(error));
  return {{"path", r.path},
          {"sha256", r.sha256},
          {"format", import_format_name(r.format)},
          {"container", r.container},
          {"encoding", r.encoding},
          {"already_imported", r.already_imported},
          {"committed", r.committed},
          {"import_id", r.import_id},
          {"rows", r.rows},
          {"records_inserted", r.records_inserted},
          {"records_unchanged", r.records_unchanged},
          {"transactions_appended", r.transactions_appended},
          {"transactions_existing", r.transactions_existing},
          {"rejected", rejected}};
}

void print_report(const ImportReport& r, bool dry_run) {
  if (r.already_imported) {
    std::cout << r.path << ": already imported (import " << r.import_id << ", same SHA-256 "
              << r.sha256.substr(0, 12) << "); nothing changed\n";
    return;
  }
  for (const Error& error : r.rejected) std::cerr << "rejected: " << error.to_string() << "\n";
  std::cout << r.path << ": ";
  if (!r.committed && !dry_run) {
    std::cout << "NOT imported, nothing written (" << r.rows << " rows read, " << r.rejected.size()
              << " rejected; fix them or pass --on-error=skip)\n";
    return;
  }
  std::cout << (r.committed ? "imported" : "dry run, nothing written; would import") << " as "
            << import_format_name(r.format) << ": " << r.rows << " rows, " << r.records_inserted
            << " records new, " << r.records_unchanged << " unchanged, " << r.transactions_appended
            << " transactions appended, " << r.transactions_existing << " already present, "
            << r.rejected.size() << " rejected\n";
}

// A one-line progress bar on stderr, only when a person is watching.
void progress(std::int64_t done, std::int64_t total) {
  if (total <= 0 || !isatty(STDERR_FILENO)) return;
  const std::int64_t width = 40, filled = width * done / total;
  std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << done << "/"
            << total << (done == total ? "\n" : "") << std::flush;
}

int run_import(Context& ctx, const ImportArgs& args) {
  Result<ImportFormat> format = parse_import_format(args.format);
  if (!format) return fail(format.error());
  Result<TextEncoding> encoding = parse_text_encoding(args.encoding);
  if (!encoding) return fail(encoding.error());
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  ImportOptions options{*format, *encoding,
                        args.on_error == "skip" ? OnError::kSkip : OnError::kAbort, args.dry_run,
                        progress};
  nlohmann::json all = nlohmann::json::array();
  int exit_code = 0;
  for (const std::string& file : args.files) {
    Result<std::vector<ImportReport>> reports =
        import_file(*books->database, *books->ledger, file, options);
    if (!reports) return fail(reports.error());
    for (const ImportReport& report : *reports) {
      if (ctx.json) {
        all.push_back(report_json(report));
      } else {
        print_report(report, args.dry_run);
      }
      if (!report.rejected.empty() && exit_code == 0 && options.on_error == OnError::kAbort) {
        exit_code = exit_code_for(report.rejected[0].code);
      }
    }
  }
  if (ctx.json) std::cout << all.dump(2) << "\n";
  return exit_code;
}

}  // namespace

void add_import_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import files (catalog CSV, journal CSV; plain, .gz or .zip); each file commits whole or "
      "not at all");
  // Files are required unless a subcommand (status, void) is given; checked
  // in the callback, since CLI11 cannot make a positional conditional.
  cmd->add_option("files", args->files, "Files to import")->check(CLI::ExistingFile);
  cmd->require_subcommand(0, 1);
  add_import_admin_commands(*cmd, ctx);
  cmd->add_option("--format", args->format, "auto|catalog|journal (default auto)");
  cmd->add_option("--on-error", args->on_error,
                  "abort: import nothing from a file with an invalid row (default); skip: "
                  "import the valid rows and list the rest")
      ->check(CLI::IsMember({"abort", "skip"}));
  cmd->add_option("--encoding", args->encoding,
                  "auto (UTF-8 with or without BOM, UTF-16LE with BOM; default), utf-8, "
                  "utf-16le or latin-1")
      ->check(CLI::IsMember({"auto", "utf-8", "utf-16le", "latin-1"}));
  cmd->add_flag("--dry-run", args->dry_run, "Check and report, write nothing");
  cmd->add_flag("--json", ctx.json, "Machine-readable report");
  cmd->callback([&ctx, args, cmd] {
    if (!cmd->get_subcommands().empty()) return;
    if (args->files.empty()) {
      ctx.exit_code = fail(make_error(ErrorCode::kUsage,
                                      "import needs at least one FILE "
                                      "(or: import status, import void ID)"));
      return;
    }
    ctx.exit_code = run_import(ctx, *args);
  });
}

}  // namespace fermata::cli
