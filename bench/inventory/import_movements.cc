// A diagnostic of the stock import benchmark (bench/inventory/README.md): the
// import `fermata import` does, in process, with the ledger's automatic
// checkpoints configurable, and the time of each file.
//
// Opens DB (made by `fermata init` and the catalog's import), builds the
// Ledger as the CLI does (LedgerOptions: actor, and `--checkpoint-every N`
// postings, default 100,000 as the CLI; 0 = none), and imports each FILE in
// order with import_file and the CLI's options (abort on error, the source
// archive beside the database). Timed: each import_file call (reading,
// checking, planning, posting, archiving, the commit and its fsync).
// Prints one JSON object: per file seconds, transactions and movements, and
// the total. Exits 1 when a file is not committed.
//
// Usage: fermata_bench_import_movements --db PATH [--checkpoint-every N] FILE...
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/ingest/import.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/archive.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

struct Args {
  std::string db;
  std::int64_t checkpoint_every = 100'000;
  std::vector<std::string> files;
};

int run(const Args& args) {
  Result<std::unique_ptr<Database>> db = Database::open(args.db, {});
  if (!db) {
    std::fprintf(stderr, "import_movements: %s\n", db.error().to_string().c_str());
    return 1;
  }
  Ledger ledger((*db)->ledger_storage(),
                {.actor = "bench", .checkpoint_every_postings = args.checkpoint_every});
  ImportOptions options;
  options.archive_directory = SourceArchive::for_database(args.db).directory();
  options.stock_books = make_stock_book_cache();  // As `fermata import` of several files.
  double total = 0;
  std::printf("{\"checkpoint_every\": %lld, \"files\": [\n",
              static_cast<long long>(args.checkpoint_every));
  for (std::size_t i = 0; i < args.files.size(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    Result<std::vector<ImportReport>> reports = import_file(**db, ledger, args.files[i], options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!reports || reports->empty() || !reports->front().committed) {
      std::fprintf(stderr, "import_movements: %s not committed: %s\n", args.files[i].c_str(),
                   !reports ? reports.error().to_string().c_str()
                   : reports->empty() || reports->front().rejected.empty()
                       ? "(no rejected row)"
                       : reports->front().rejected.front().to_string().c_str());
      return 1;
    }
    total += seconds;
    const ImportReport& report = reports->front();
    std::printf(
        "  {\"file\": \"%s\", \"seconds\": %.3f, \"transactions\": %lld, "
        "\"movements\": %lld}%s\n",
        args.files[i].c_str(), seconds, static_cast<long long>(report.transactions_appended),
        static_cast<long long>(report.movements), i + 1 < args.files.size() ? "," : "");
    std::fflush(stdout);
  }
  std::printf("], \"seconds\": %.3f}\n", total);
  return 0;
}

}  // namespace
}  // namespace fermata

int main(int argc, char** argv) {
  fermata::Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      args.db = argv[++i];
    } else if (arg == "--checkpoint-every" && i + 1 < argc) {
      args.checkpoint_every = std::strtoll(argv[++i], nullptr, 10);
    } else {
      args.files.emplace_back(arg);
    }
  }
  if (args.db.empty() || args.files.empty()) {
    std::fprintf(stderr,
                 "usage: fermata_bench_import_movements --db PATH [--checkpoint-every N] "
                 "FILE...\n");
    return 64;
  }
  return fermata::run(args);
}
