// fermata export: the books in formats other tools read.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "fermata/cli/cli.h"
#include "fermata/export/export.h"

namespace fermata::cli {
namespace {

struct ExportArgs {
  std::string format;
  std::string output;
};

int run_export(Context& ctx, const ExportArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  // Write beside the target and rename, so a reader never sees half a file.
  const std::string staging = args.output + ".partial";
  std::ofstream out(staging, std::ios::binary | std::ios::trunc);
  if (!out) return fail(make_error(ErrorCode::kIoError, "cannot write '" + staging + "'"));
  LedgerStorage& storage = books->database->ledger_storage();
  Status written = args.format == "hledger"
                       ? write_hledger_journal(*books->ledger, storage, out)
                       : write_general_ledger_csv(*books->ledger, storage, out);
  out.close();
  if (!written) {
    std::filesystem::remove(staging);
    return fail(written.error());
  }
  if (!out) return fail(make_error(ErrorCode::kIoError, "writing '" + staging + "' failed"));
  std::filesystem::rename(staging, args.output);
  std::cout << "exported " << args.format << " to " << args.output << "\n";
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write the books as an hledger journal (with balance assertions) or GL CSV");
  cmd->add_option("--format", args->format, "hledger|csv")
      ->required()
      ->check(CLI::IsMember({"hledger", "csv"}));
  cmd->add_option("-o,--output", args->output, "Output file")->required();
  cmd->callback([&ctx, args] { ctx.exit_code = run_export(ctx, *args); });
}

}  // namespace fermata::cli
