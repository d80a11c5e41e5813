#include "fermata/catalog/identifiers.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "fermata/base/assert.h"

namespace fermata {
namespace {

// Current ISO 3166-1 alpha-2 codes, from Debian iso-codes 4.15 (iso_3166-1.json),
// sorted so lookups can binary-search.
constexpr std::array<std::string_view, 249> kIsoCountries = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};

// Country prefixes an ISRC may carry besides current ISO codes: withdrawn ISO
// codes still printed on old recordings (AN, CS, YU), and codes the
// International ISRC Agency allocates itself (QM, QN, QT, QZ for US
// registrants after US ran out, CP and DG reserved for overflow, ZZ for the
// agency).
constexpr std::array<std::string_view, 10> kIsrcExtraCountries = {"AN", "CP", "CS", "DG", "QM",
                                                                  "QN", "QT", "QZ", "YU", "ZZ"};

constexpr std::string_view kDpidPrefix = "PADPIDA";
constexpr std::string_view kMod3736Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_digit);
}
bool all_upper_alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || is_upper(c); });
}

char to_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Removes the separators people type inside codes and upper-cases letters.
std::string compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    out.push_back(to_upper(c));
  }
  return out;
}

Error invalid(std::string_view what, std::string message, std::string_view raw) {
  return make_error(ErrorCode::kIdentifierInvalid, std::string(what) + ": " + std::move(message),
                    field_ref("", std::string(raw)));
}

bool is_iso_country(std::string_view code) {
  return std::binary_search(kIsoCountries.begin(), kIsoCountries.end(), code);
}

bool is_isrc_country(std::string_view code) {
  return is_iso_country(code) || std::find(kIsrcExtraCountries.begin(), kIsrcExtraCountries.end(),
                                           code) != kIsrcExtraCountries.end();
}

int mod3736_remainder(std::string_view text) {
  int c = 18;
  for (char ch : text) {
    const auto index = static_cast<int>(kMod3736Alphabet.find(ch));
    c = (((c == 0 ? 36 : c) * 2) % 37 + index) % 36;
  }
  return c;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && leap) return 29;
  return kDays[static_cast<size_t>(month - 1)];
}

int parse_digits(std::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

char gs1_check_digit(std::string_view digits) {
  FERMATA_ASSERT(!digits.empty());
  FERMATA_ASSERT(all_digits(digits));
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += weight * (*it - '0');
    weight = 4 - weight;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

char mod3736_check_char(std::string_view text) {
  FERMATA_ASSERT(all_upper_alnum(text));
  const int c = mod3736_remainder(text);
  const int check = ((1 - ((c == 0 ? 36 : c) * 2) % 37) % 36 + 36) % 36;
  return kMod3736Alphabet[static_cast<size_t>(check)];
}

Result<std::string> validate_icpn(std::string_view text) {
  std::string code = compact(text);
  if (code.empty()) return invalid("ICPN", "is empty", text);
  if (!all_digits(code)) return invalid("ICPN", "must contain only digits", text);
  if (code.size() != 12 && code.size() != 13) {
    return invalid("ICPN",
                   "must have 12 (UPC-A) or 13 (EAN-13) digits, got " + std::to_string(code.size()),
                   text);
  }
  const char expected = gs1_check_digit(std::string_view(code).substr(0, code.size() - 1));
  if (code.back() != expected) {
    return invalid("ICPN", std::string("check digit is ") + code.back() + ", expected " + expected,
                   text);
  }
  if (code.size() == 12) code.insert(code.begin(), '0');
  return code;
}

Result<std::string> validate_isrc(std::string_view text) {
  const std::string code = compact(text);
  if (code.size() != 12) {
    return invalid("ISRC",
                   "must have 12 characters without hyphens, got " + std::to_string(code.size()),
                   text);
  }
  const std::string_view view = code;
  const std::string_view country = view.substr(0, 2);
  if (!is_upper(country[0]) || !is_upper(country[1])) {
    return invalid("ISRC", "country code '" + std::string(country) + "' must be two letters", text);
  }
  if (!is_isrc_country(country)) {
    return invalid("ISRC", "country code '" + std::string(country) + "' is not allocated", text);
  }
  if (!all_upper_alnum(view.substr(2, 3))) {
    return invalid(
        "ISRC",
        "registrant code '" + std::string(view.substr(2, 3)) + "' must be 3 letters or digits",
        text);
  }
  if (!all_digits(view.substr(5, 2))) {
    return invalid("ISRC", "year '" + std::string(view.substr(5, 2)) + "' must be 2 digits", text);
  }
  if (!all_digits(view.substr(7, 5))) {
    return invalid("ISRC", "designation '" + std::string(view.substr(7, 5)) + "' must be 5 digits",
                   text);
  }
  return code;
}

Result<std::string> validate_ddex_party_id(std::string_view text) {
  const std::string code = compact(text);
  if (code.size() != 18) {
    return invalid("DDEX party id", "must have 18 characters, got " + std::to_string(code.size()),
                   text);
  }
  const std::string_view view = code;
  if (!view.starts_with(kDpidPrefix)) {
    return invalid("DDEX party id", "must start with PADPIDA", text);
  }
  if (!all_digits(view.substr(7, 10))) {
    return invalid("DDEX party id", "characters 8 to 17 must be digits (date and sequence)", text);
  }
  const char expected = mod3736_check_char(view.substr(0, 17));
  if (code.back() != expected) {
    return invalid("DDEX party id",
                   std::string("check character is ") + code.back() + ", expected " + expected,
                   text);
  }
  return code;
}

Result<std::string> validate_country(std::string_view text) {
  std::string code;
  for (char c : text) code.push_back(to_upper(c));
  if (code.size() != 2 || !is_upper(code[0]) || !is_upper(code[1])) {
    return invalid("country", "must be two letters (ISO 3166-1 alpha-2)", text);
  }
  if (!is_iso_country(code)) {
    return invalid("country", "'" + code + "' is not an ISO 3166-1 alpha-2 code", text);
  }
  return code;
}

Result<std::string> validate_iso_date(std::string_view text) {
  auto invalid = [&](std::string message) {
    return make_error(ErrorCode::kDateInvalid, "date: " + std::move(message),
                      field_ref("", std::string(text)));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return invalid("must be written YYYY-MM-DD");
  }
  const int year = parse_digits(text.substr(0, 4));
  const int month = parse_digits(text.substr(5, 2));
  const int day = parse_digits(text.substr(8, 2));
  if (year == 0) return invalid("year 0000 does not exist");
  if (month < 1 || month > 12) return invalid("month " + std::to_string(month) + " is not 1..12");
  const int days = days_in_month(year, month);
  if (day < 1 || day > days) {
    return invalid("day " + std::to_string(day) + " is not 1.." + std::to_string(days) + " for " +
                   std::string(text.substr(0, 7)));
  }
  return std::string(text);
}

bool is_restricted_circulation_upc(std::string_view ean13) {
  FERMATA_ASSERT(ean13.size() == 13);
  FERMATA_ASSERT(all_digits(ean13));
  return ean13[0] == '0' && ean13[1] == '2';
}

}  // namespace fermata
