// Format detection from content, never from the file name.
#pragma once

#include <string_view>

#include "fermata/ingest/import.h"

namespace fermata {

// DSR: the first record is HEAD (or legacy FHEA). ERN: XML whose root is in
// a http://ddex.net/xml/ern/ namespace (or any XML: the ERN parser then
// explains what it is not). Store reports and remittances: by header set.
// Journal: a header with effective_date and amount. Otherwise a catalog table.
ImportFormat detect_format(std::string_view text);

}  // namespace fermata
