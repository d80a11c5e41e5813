// Bank identifiers: the codes a payment file needs, checked before any money
// is sent to them.
//
// As identifiers.h: each function takes text as written, checks it against
// the published rules and returns the normalised form (spaces removed,
// letters upper-cased); errors are identifier_invalid with a message that
// says exactly what is wrong, and where.value holds the raw input.
//
// Thread safety: pure functions over immutable tables.
#pragma once

#include <string>
#include <string_view>

#include "fermata/base/result.h"

namespace fermata {

// IBAN (ISO 13616): country code, two check digits, the national account
// (BBAN); the length fixed per country (SWIFT's IBAN registry, for the
// countries in its table; others 15..34 characters) and the whole number
// mod 97 equal to 1. "GB82 WEST 1234 5698 7654 32" -> "GB82WEST12345698765432".
Result<std::string> validate_iban(std::string_view text);

// BIC (ISO 9362): 4 letters (institution), an ISO 3166 country, 2 letters
// or digits (location), optionally 3 letters or digits (branch).
Result<std::string> validate_bic(std::string_view text);

// ABA routing transit number (US): 9 digits whose weighted sum
// 3,7,1,3,7,1,3,7,1 is a multiple of 10.
Result<std::string> validate_aba_routing(std::string_view text);

// A domestic account number (where there is no IBAN): 4..17 digits.
Result<std::string> validate_account_number(std::string_view text);

}  // namespace fermata
