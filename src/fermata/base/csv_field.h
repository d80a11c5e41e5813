// Writing one CSV field (RFC 4180), for every CSV Fermata writes: exports,
// statements, payment batches. Reading is ingest/csv/csv_reader.h.
#pragma once

#include <string>
#include <string_view>

namespace fermata {

// `text` as one CSV field: quoted (with '"' doubled) when it holds ',', '"',
// CR or LF; as it is otherwise.
std::string csv_field(std::string_view text);

}  // namespace fermata
