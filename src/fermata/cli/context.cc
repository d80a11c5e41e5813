#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "fermata/cli/cli.h"

namespace fermata::cli {
namespace {

std::string Actor() {
  if (const char* actor = std::getenv("FERMATA_ACTOR"); actor != nullptr && *actor != '\0') {
    return actor;
  }
  if (const passwd* user = getpwuid(getuid()); user != nullptr) return user->pw_name;
  return "uid-" + std::to_string(getuid());
}

}  // namespace

Result<Books> OpenBooks(const Context& ctx, bool create) {
  FERMATA_ASSIGN_OR_RETURN(std::unique_ptr<Database> database,
                           Database::Open(ctx.db_path, {.create = create}));
  Books books;
  books.ledger = std::make_unique<Ledger>(database->ledger_storage(), LedgerOptions{.actor = Actor()});
  books.database = std::move(database);
  return books;
}

int Fail(const Error& error) {
  std::cerr << "fermata: " << error.ToString() << "\n";
  return ExitCodeFor(error.code);
}

}  // namespace fermata::cli
