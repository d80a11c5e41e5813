#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "fermata/cli/cli.h"

namespace fermata::cli {
namespace {

std::string actor() {
  if (const char* actor = std::getenv("FERMATA_ACTOR"); actor != nullptr && *actor != '\0') {
    return actor;
  }
  if (const passwd* user = getpwuid(getuid()); user != nullptr) return user->pw_name;
  return "uid-" + std::to_string(getuid());
}

}  // namespace

Result<Books> open_books(const Context& ctx, bool create) {
  FERMATA_ASSIGN_OR_RETURN(std::unique_ptr<Database> database,
                           Database::open(ctx.db_path, {.create = create}));
  Books books;
  books.ledger =
      std::make_unique<Ledger>(database->ledger_storage(), LedgerOptions{.actor = actor()});
  books.database = std::move(database);
  return books;
}

Result<Books> open_books_to_read(const Context& ctx) {
  FERMATA_ASSIGN_OR_RETURN(Books books, open_books(ctx));
  FERMATA_RETURN_IF_ERROR(books.database->begin_read());
  return books;
}

int fail(const Error& error) {
  std::cerr << "fermata: " << error.to_string() << "\n";
  return exit_code_for(error.code);
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIoError, "cannot read '" + path + "'", {path, 0, "", ""});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace fermata::cli
