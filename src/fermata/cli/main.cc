// fermata: exact books for independent music distribution.
#include <malloc.h>

#include <cstdlib>
#include <iostream>

#include "fermata/cli/cli.h"

int main(int argc, char** argv) {
  // A command builds vectors of thousands of rows: above glibc's mmap
  // threshold each growth maps fresh pages and unmaps the old, and every new
  // page costs a fault. Served from the heap and kept, freed memory is
  // reused (one command, one process: nothing to give back early).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  fermata::cli::Context ctx;
  CLI::App app{"fermata: exact, append-only books for labels, distributors and stores"};
  app.require_subcommand(1);
  const char* env_db = std::getenv("FERMATA_DB");
  ctx.db_path = env_db != nullptr ? env_db : "fermata.db";
  app.add_option("--db", ctx.db_path, "SQLite database file (default ./fermata.db, or FERMATA_DB)");
  fermata::cli::add_admin_commands(app, ctx);
  fermata::cli::add_import_command(app, ctx);
  fermata::cli::add_balance_commands(app, ctx);
  fermata::cli::add_journal_commands(app, ctx);
  fermata::cli::add_export_command(app, ctx);
  fermata::cli::add_catalog_commands(app, ctx);
  fermata::cli::add_agreement_commands(app, ctx);
  fermata::cli::add_royalty_commands(app, ctx);
  fermata::cli::add_close_command(app, ctx);
  fermata::cli::add_payment_commands(app, ctx);
  fermata::cli::add_payee_commands(app, ctx);
  fermata::cli::add_rates_commands(app, ctx);
  fermata::cli::add_inventory_commands(app, ctx);
  fermata::cli::add_dsr_commands(app, ctx);
  fermata::cli::add_sales_commands(app, ctx);
  fermata::cli::add_stock_commands(app, ctx);
  fermata::cli::add_reclaim_command(app, ctx);
  fermata::cli::add_count_commands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // CLI11 exits 0 for --help; every real usage error is EX_USAGE (64).
    return code == 0 ? 0 : 64;
  }
  return ctx.exit_code;
}
