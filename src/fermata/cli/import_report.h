// What `fermata import` (and the commands that compose a document and
// import it, such as `fermata stock`) print about one imported document.
#pragma once

#include <nlohmann/json.hpp>

#include "fermata/ingest/import.h"

namespace fermata::cli {

// Everything the report says, for --json.
nlohmann::json import_report_json(const ImportReport& report);

// The report for people: rejected rows and warnings on stderr, the outcome on
// stdout. `dry_run`: the import was a dry run.
void print_import_report(const ImportReport& report, bool dry_run);

}  // namespace fermata::cli
