// The `fermata` command line: a thin shell over the services.
//
// Each command parses its arguments (CLI11), opens the database, calls one
// service, renders the result as a table or --json, and maps an Error to its
// documented exit code (base/error.cc). No business logic lives here.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "fermata/base/result.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata::cli {

// Options every command shares, filled in by CLI11 before a command runs.
struct Context {
  std::string db_path;  // --db, FERMATA_DB, default ./fermata.db.
  bool json = false;    // --json where a person would otherwise read a table.
  int exit_code = 0;    // Set by the command that ran.
};

// An open database and a ledger over it.
struct Books {
  std::unique_ptr<Database> database;
  std::unique_ptr<Ledger> ledger;
};

// Opens the books at ctx.db_path. The actor is FERMATA_ACTOR or the OS user.
Result<Books> open_books(const Context& ctx, bool create = false);
// Opens the books for a command that only reads, under one read snapshot
// held until they close: every balance, price and register row it reports
// is of the same moment, even while another process imports.
Result<Books> open_books_to_read(const Context& ctx);

// Prints an error to stderr and returns its exit code.
int fail(const Error& error);

// A whole file's bytes. Errors: io_error naming the path.
Result<std::string> read_text_file(const std::string& path);

// Each adds its subcommands to `app`.
void add_import_command(CLI::App& app, Context& ctx);
void add_balance_commands(CLI::App& app, Context& ctx);
void add_journal_commands(CLI::App& app, Context& ctx);
void add_admin_commands(CLI::App& app, Context& ctx);
void add_export_command(CLI::App& app, Context& ctx);
void add_catalog_commands(CLI::App& app, Context& ctx);
void add_dsr_commands(CLI::App& app, Context& ctx);
void add_agreement_commands(CLI::App& app, Context& ctx);
void add_payee_commands(CLI::App& app, Context& ctx);
void add_royalty_commands(CLI::App& app, Context& ctx);
// close --through.
void add_close_command(CLI::App& app, Context& ctx);
// pay propose|export|record, aging.
void add_payment_commands(CLI::App& app, Context& ctx);
// rates import|list.
void add_rates_commands(CLI::App& app, Context& ctx);
// prices import|list, insurance import|list, inventory.
void add_inventory_commands(CLI::App& app, Context& ctx);
// receivables, unmatched, rematch.
void add_sales_commands(CLI::App& app, Context& ctx);
// stock MOVEMENT (one movement as a command), stock movements|orders.
void add_stock_commands(CLI::App& app, Context& ctx);
// `stock movements` and `stock orders`, under the stock command.
void add_stock_register_commands(CLI::App& stock, Context& ctx);
// reclaim: a label's units held by others, and their return (--confirm).
void add_reclaim_command(CLI::App& app, Context& ctx);
// count import|show|approve.
void add_count_commands(CLI::App& app, Context& ctx);
// `import status` and `import void`, under the import command.
void add_import_admin_commands(CLI::App& import, Context& ctx);

}  // namespace fermata::cli
