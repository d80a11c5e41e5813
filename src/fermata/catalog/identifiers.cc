#include "fermata/catalog/identifiers.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "fermata/base/assert.h"

namespace fermata {
namespace {

// SourceRef without file and line: the caller that knows them fills them in.
SourceRef FieldRef(std::string field, std::string value = "") {
  SourceRef where;
  where.field = std::move(field);
  where.value = std::move(value);
  return where;
}

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

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), IsDigit);
}
bool AllUpperAlnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || IsUpper(c); });
}

char ToUpper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Removes the separators people type inside codes and upper-cases letters.
std::string Compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    out.push_back(ToUpper(c));
  }
  return out;
}

Error Invalid(std::string_view what, std::string message, std::string_view raw) {
  return MakeError(ErrorCode::kIdentifierInvalid, std::string(what) + ": " + std::move(message),
                   FieldRef("", std::string(raw)));
}

bool IsIsoCountry(std::string_view code) {
  return std::binary_search(kIsoCountries.begin(), kIsoCountries.end(), code);
}

bool IsIsrcCountry(std::string_view code) {
  return IsIsoCountry(code) || std::find(kIsrcExtraCountries.begin(), kIsrcExtraCountries.end(),
                                         code) != kIsrcExtraCountries.end();
}

int Mod3736Remainder(std::string_view text) {
  int c = 18;
  for (char ch : text) {
    const auto index = static_cast<int>(kMod3736Alphabet.find(ch));
    c = (((c == 0 ? 36 : c) * 2) % 37 + index) % 36;
  }
  return c;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && leap) return 29;
  return kDays[static_cast<size_t>(month - 1)];
}

int ParseDigits(std::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

char Gs1CheckDigit(std::string_view digits) {
  FERMATA_ASSERT(!digits.empty());
  FERMATA_ASSERT(AllDigits(digits));
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += weight * (*it - '0');
    weight = 4 - weight;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

char Mod3736CheckChar(std::string_view text) {
  FERMATA_ASSERT(AllUpperAlnum(text));
  const int c = Mod3736Remainder(text);
  const int check = ((1 - ((c == 0 ? 36 : c) * 2) % 37) % 36 + 36) % 36;
  return kMod3736Alphabet[static_cast<size_t>(check)];
}

Result<std::string> ValidateIcpn(std::string_view text) {
  std::string code = Compact(text);
  if (code.empty()) return Invalid("ICPN", "is empty", text);
  if (!AllDigits(code)) return Invalid("ICPN", "must contain only digits", text);
  if (code.size() != 12 && code.size() != 13) {
    return Invalid("ICPN",
                   "must have 12 (UPC-A) or 13 (EAN-13) digits, got " + std::to_string(code.size()),
                   text);
  }
  const char expected = Gs1CheckDigit(std::string_view(code).substr(0, code.size() - 1));
  if (code.back() != expected) {
    return Invalid("ICPN", std::string("check digit is ") + code.back() + ", expected " + expected,
                   text);
  }
  if (code.size() == 12) code.insert(code.begin(), '0');
  return code;
}

Result<std::string> ValidateIsrc(std::string_view text) {
  const std::string code = Compact(text);
  if (code.size() != 12) {
    return Invalid("ISRC",
                   "must have 12 characters without hyphens, got " + std::to_string(code.size()),
                   text);
  }
  const std::string_view view = code;
  const std::string_view country = view.substr(0, 2);
  if (!IsUpper(country[0]) || !IsUpper(country[1])) {
    return Invalid("ISRC", "country code '" + std::string(country) + "' must be two letters", text);
  }
  if (!IsIsrcCountry(country)) {
    return Invalid("ISRC", "country code '" + std::string(country) + "' is not allocated", text);
  }
  if (!AllUpperAlnum(view.substr(2, 3))) {
    return Invalid(
        "ISRC",
        "registrant code '" + std::string(view.substr(2, 3)) + "' must be 3 letters or digits",
        text);
  }
  if (!AllDigits(view.substr(5, 2))) {
    return Invalid("ISRC", "year '" + std::string(view.substr(5, 2)) + "' must be 2 digits", text);
  }
  if (!AllDigits(view.substr(7, 5))) {
    return Invalid("ISRC", "designation '" + std::string(view.substr(7, 5)) + "' must be 5 digits",
                   text);
  }
  return code;
}

Result<std::string> ValidateDdexPartyId(std::string_view text) {
  const std::string code = Compact(text);
  if (code.size() != 18) {
    return Invalid("DDEX party id", "must have 18 characters, got " + std::to_string(code.size()),
                   text);
  }
  const std::string_view view = code;
  if (!view.starts_with(kDpidPrefix)) {
    return Invalid("DDEX party id", "must start with PADPIDA", text);
  }
  if (!AllDigits(view.substr(7, 10))) {
    return Invalid("DDEX party id", "characters 8 to 17 must be digits (date and sequence)", text);
  }
  const char expected = Mod3736CheckChar(view.substr(0, 17));
  if (code.back() != expected) {
    return Invalid("DDEX party id",
                   std::string("check character is ") + code.back() + ", expected " + expected,
                   text);
  }
  return code;
}

Result<std::string> ValidateCountry(std::string_view text) {
  std::string code;
  for (char c : text) code.push_back(ToUpper(c));
  if (code.size() != 2 || !IsUpper(code[0]) || !IsUpper(code[1])) {
    return Invalid("country", "must be two letters (ISO 3166-1 alpha-2)", text);
  }
  if (!IsIsoCountry(code)) {
    return Invalid("country", "'" + code + "' is not an ISO 3166-1 alpha-2 code", text);
  }
  return code;
}

Result<std::string> ValidateIsoDate(std::string_view text) {
  auto invalid = [&](std::string message) {
    return MakeError(ErrorCode::kDateInvalid, "date: " + std::move(message),
                     FieldRef("", std::string(text)));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !AllDigits(text.substr(0, 4)) ||
      !AllDigits(text.substr(5, 2)) || !AllDigits(text.substr(8, 2))) {
    return invalid("must be written YYYY-MM-DD");
  }
  const int year = ParseDigits(text.substr(0, 4));
  const int month = ParseDigits(text.substr(5, 2));
  const int day = ParseDigits(text.substr(8, 2));
  if (year == 0) return invalid("year 0000 does not exist");
  if (month < 1 || month > 12) return invalid("month " + std::to_string(month) + " is not 1..12");
  const int days = DaysInMonth(year, month);
  if (day < 1 || day > days) {
    return invalid("day " + std::to_string(day) + " is not 1.." + std::to_string(days) + " for " +
                   std::string(text.substr(0, 7)));
  }
  return std::string(text);
}

bool IsRestrictedCirculationUpc(std::string_view ean13) {
  FERMATA_ASSERT(ean13.size() == 13);
  FERMATA_ASSERT(AllDigits(ean13));
  return ean13[0] == '0' && ean13[1] == '2';
}

}  // namespace fermata
