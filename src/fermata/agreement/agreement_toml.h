// The agreement text format: TOML (docs/FORMATS.md §9), read with toml++.
//
// One file is one version of one agreement. Rates, shares and amounts are
// written as text ("25%", "0.25", "5000.00"): a TOML number with a fraction
// is binary floating point and is refused. Every key is known: a misspelt
// key is an error, never a silently missing term. Errors name the file, the
// line and the key path (e.g. "fee[2].rate").
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fermata/agreement/agreement.h"
#include "fermata/base/result.h"

namespace fermata {

// Parses and validates (validate_agreement) one agreement version.
// `file_name` is used in errors. Errors: parse_error (TOML syntax),
// field_missing, field_invalid, identifier_invalid, date_invalid.
Result<AgreementVersion> parse_agreement(std::string_view text, std::string_view file_name);

// The line of a key path ("fee[2].rate", "version") in an agreement's
// text, or of its nearest present parent; 0 when the text does not parse.
// For errors found after parsing (e.g. by check_amendment).
std::int64_t agreement_key_line(std::string_view text, std::string_view path);

// The format version this build reads (the file's `fermata_agreement` key).
inline constexpr int kAgreementFormat = 1;

}  // namespace fermata
