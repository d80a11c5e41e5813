// fermata import FILE... : one verb brings every kind of file in.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/cli/import_report.h"
#include "fermata/ingest/import.h"
#include "fermata/storage/archive.h"

namespace fermata::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string on_error = "abort";
  std::string encoding = "auto";
  std::string recipient, net_of, mapping;
  bool dry_run = false;
  bool replace = false;
  bool quiet = false;
};

// A one-line progress bar on stderr with the rate, only when a person is watching.
void progress(std::int64_t done, std::int64_t total) {
  if (total <= 0 || !isatty(STDERR_FILENO)) return;
  static auto started = std::chrono::steady_clock::now();
  if (done == 0) started = std::chrono::steady_clock::now();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto rate =
      seconds > 0 ? static_cast<std::int64_t>(static_cast<double>(done) / seconds) : 0;
  const std::int64_t width = 40, filled = width * done / total;
  std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << done << "/"
            << total << "  " << rate << "/s" << (done == total ? "\n" : "") << std::flush;
}

// Reading a streamed file: MB and sales lines per second.
void read_progress(std::int64_t done, std::int64_t total, std::int64_t lines) {
  if (total <= 0 || !isatty(STDERR_FILENO)) return;
  static auto started = std::chrono::steady_clock::now();
  if (done == 0) started = std::chrono::steady_clock::now();  // A new file.
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double mb = static_cast<double>(done) / 1e6;
  const std::int64_t width = 40, filled = width * done / total;
  std::cerr << "\rreading [" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(width - filled), ' ') << "] "
            << static_cast<std::int64_t>(mb) << "/" << total / 1000000 << " MB  "
            << static_cast<std::int64_t>(seconds > 0 ? mb / seconds : 0) << " MB/s  " << lines
            << " sales lines  "
            << static_cast<std::int64_t>(seconds > 0 ? static_cast<double>(lines) / seconds : 0)
            << " lines/s" << (done == total ? "\n" : "") << std::flush;
}

int run_import(Context& ctx, const ImportArgs& args) {
  Result<ImportFormat> format = parse_import_format(args.format);
  if (!format) return fail(format.error());
  Result<TextEncoding> encoding = parse_text_encoding(args.encoding);
  if (!encoding) return fail(encoding.error());
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<OnError> on_error = parse_on_error(args.on_error);
  if (!on_error) return fail(on_error.error());
  ImportOptions options;
  options.format = *format;
  options.encoding = *encoding;
  options.on_error = *on_error;
  options.dry_run = args.dry_run;
  options.replace = args.replace;
  options.recipient = args.recipient;
  options.net_of = args.net_of;
  options.mapping_path = args.mapping;
  options.archive_directory = SourceArchive::for_database(ctx.db_path).directory();
  if (args.files.size() > 1) {
    options.stock_books = make_stock_book_cache();
    options.catalogs = make_catalog_cache();
  }
  if (!args.quiet) {
    options.progress = progress;
    options.read_progress = read_progress;
  }
  nlohmann::json all = nlohmann::json::array();
  int exit_code = 0;
  for (const std::string& file : args.files) {
    Result<std::vector<ImportReport>> reports =
        import_file(*books->database, *books->ledger, file, options);
    if (!reports) return fail(reports.error());
    for (const ImportReport& report : *reports) {
      if (ctx.json) {
        all.push_back(import_report_json(report));
      } else if (!args.quiet || !report.rejected.empty()) {
        print_import_report(report, args.dry_run);
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
      "Import files (sales reports, remittances, ERN, stock movements, catalog and journal CSV; "
      "plain, .gz or .zip); each file commits whole or not at all");
  // Files are required unless a subcommand (status, void) is given; checked
  // in the callback, since CLI11 cannot make a positional conditional.
  cmd->add_option("files", args->files, "Files to import")->check(CLI::ExistingFile);
  cmd->require_subcommand(0, 1);
  add_import_admin_commands(*cmd, ctx);
  cmd->add_option("--format", args->format,
                  "auto (from content; default), catalog, journal, dsr, ern, apple, bandcamp, "
                  "distrokid, physical, remittance, mapped, stock");
  cmd->add_option("--mapping", args->mapping, "Mapping file for --format mapped");
  cmd->add_option("--on-error", args->on_error,
                  "abort: import nothing from a file with an invalid row and list them all "
                  "(default); quarantine: import the valid rows and keep the rest in the "
                  "import's rejects (`import rejects ID`)")
      ->check(CLI::IsMember({"abort", "quarantine", "skip"}));
  cmd->add_flag("--replace", args->replace,
                "A corrected report: reverse the live import with the same report identity "
                "and post this file, in one unit of work");
  cmd->add_option("--recipient", args->recipient,
                  "Whose books sales land in (default: the report's recipient, else the only "
                  "distributor)");
  cmd->add_option("--net-of", args->net_of,
                  "Chain position: the party whose fee these amounts are already net of");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar and no per-file summary");
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
