// Identifiers: validation and normalisation of the codes a music catalog uses.
//
// Each Validate* function takes text as a user or a report wrote it, checks it
// against the identifier's published rules (formats.md section 4) and returns
// the normalised form that Fermata stores and compares: separators removed,
// letters upper-cased, UPC-A widened to EAN-13. On failure the error code is
// identifier_invalid (date_invalid for dates), the message says exactly what
// is wrong ("check digit is 3, expected 7"), and where.value holds the raw
// input; callers add the file, line and field.
//
// Thread safety: pure functions over immutable tables; safe from any thread.
//
//   Result<std::string> icpn = validate_icpn("036000291452");  // "0036000291452"
//   Result<std::string> isrc = validate_isrc("us-rc1-76-07839");  // "USRC17607839"
#pragma once

#include <string>
#include <string_view>

#include "fermata/base/result.h"

namespace fermata {

// ICPN (the release barcode): a UPC-A of 12 digits or an EAN-13 of 13 digits
// with a GS1 mod-10 check digit. Spaces and '-' are ignored. Returns the
// 13-digit EAN-13 (a UPC-A gains a leading 0). GTIN-8 and GTIN-14 are not
// release codes and are rejected. Errors: identifier_invalid.
Result<std::string> validate_icpn(std::string_view text);

// ISRC (ISO 3901): CC-XXX-YY-NNNNN. Spaces and '-' are ignored and letters
// upper-cased; the 12 remaining characters are a country code (ISO 3166-1
// alpha-2, a withdrawn code still found on old recordings, or an ISRC agency
// code such as QM or QZ), a 3-character alphanumeric registrant, a 2-digit
// year and a 5-digit designation. ISRC has no check digit.
// Errors: identifier_invalid.
Result<std::string> validate_isrc(std::string_view text);

// DDEX party id (DPID): "PADPIDA" + 8 digits (the allocation date) + 2-digit
// sequence + an ISO 7064 Mod 37,36 check character over the whole string.
// Spaces and '-' are ignored and letters upper-cased. Errors:
// identifier_invalid.
Result<std::string> validate_ddex_party_id(std::string_view text);

// ISO 3166-1 alpha-2 country code among the 249 current codes (GB, not UK).
// Letters are upper-cased. Errors: identifier_invalid.
Result<std::string> validate_country(std::string_view text);

// A calendar date written YYYY-MM-DD (Gregorian, years 0001..9999, leap years
// honoured). Returns the text unchanged; ISO dates order correctly as text.
// Errors: date_invalid.
Result<std::string> validate_iso_date(std::string_view text);

// True for an EAN-13 in GS1's restricted-circulation range 020..029 (a UPC-A
// starting with 2): in-store numbers that are not unique across retailers, so
// they cannot identify a release in a store report.
// REQUIRES: `ean13` is a normalised ICPN (13 digits).
bool is_restricted_circulation_upc(std::string_view ean13);

// The GS1 mod-10 check digit ('0'..'9') for `digits` (the code without its
// check digit): weights 3,1,3,... from the right.
// REQUIRES: `digits` is non-empty and all ASCII digits.
char gs1_check_digit(std::string_view digits);

// The ISO 7064 Mod 37,36 check character ('0'..'9', 'A'..'Z') for `text`.
// REQUIRES: `text` is all ASCII digits and upper-case letters.
char mod3736_check_char(std::string_view text);

}  // namespace fermata
