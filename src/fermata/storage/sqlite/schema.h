// Versioned schema migrations for the SQLite storage (internal).
//
// The schema version lives in PRAGMA user_version. Each migration is a SQL
// script that moves version N-1 to N inside one transaction, so a crash
// mid-upgrade leaves the old version intact. Migrations are append-only: a
// shipped migration is never edited, a fix is a new one.
#pragma once

#include <string>
#include <vector>

#include "fermata/storage/sqlite/sqlite_db.h"

namespace fermata::sqlite {

// The version this build writes.
int latest_schema_version();

// The names of the triggers that make ledger tables append-only.
std::vector<std::string> append_only_trigger_names();

// Migrates from the current version up to `target` (0 = latest).
// Errors: schema_too_new (the file was written by a newer Fermata).
Status migrate(Connection& connection, int target);

}  // namespace fermata::sqlite
