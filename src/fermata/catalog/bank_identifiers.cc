#include "fermata/catalog/bank_identifiers.h"

#include <algorithm>
#include <array>
#include <utility>

#include "fermata/catalog/identifiers.h"

namespace fermata {
namespace {

// IBAN lengths per country (SWIFT IBAN registry), ordered by code.
constexpr std::array<std::pair<std::string_view, int>, 40> kIbanLengths = {{
    {"AD", 24}, {"AE", 23}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"BR", 29}, {"CH", 21}, {"CY", 28},
    {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22},
    {"GR", 27}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IS", 26}, {"IT", 27}, {"LI", 21},
    {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28},
    {"PT", 25}, {"RO", 24}, {"SA", 24}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"TR", 26},
}};

Error invalid(std::string_view what, std::string message, std::string_view raw) {
  return make_error(ErrorCode::kIdentifierInvalid, std::string(what) + ": " + std::move(message),
                    SourceRef{"", 0, "", std::string(raw)});
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return c >= 'A' && c <= 'Z';
}

// Upper case without spaces (and, for account numbers, without '-').
std::string compact(std::string_view text, bool drop_hyphens) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || (drop_hyphens && c == '-')) continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

int expected_iban_length(std::string_view country) {
  const auto* it =
      std::lower_bound(kIbanLengths.begin(), kIbanLengths.end(), country,
                       [](const auto& entry, std::string_view c) { return entry.first < c; });
  return it != kIbanLengths.end() && it->first == country ? it->second : 0;
}

// The IBAN as a number (letters A=10..Z=35, first four characters moved to
// the end) mod 97, digit by digit.
int iban_mod97(const std::string& iban) {
  const std::string rearranged = iban.substr(4) + iban.substr(0, 4);
  int rest = 0;
  for (char c : rearranged) {
    const int value = is_digit(c) ? c - '0' : c - 'A' + 10;
    rest = (value >= 10 ? rest * 100 : rest * 10) + value;
    rest %= 97;
  }
  return rest;
}

}  // namespace

Result<std::string> validate_iban(std::string_view text) {
  const std::string iban = compact(text, false);
  if (iban.size() < 15 || iban.size() > 34)
    return invalid("IBAN", "must be 15 to 34 letters and digits", text);
  if (!std::all_of(iban.begin(), iban.end(), [](char c) { return is_digit(c) || is_letter(c); }))
    return invalid("IBAN", "may hold only letters and digits", text);
  if (!validate_country(iban.substr(0, 2)) || !is_digit(iban[2]) || !is_digit(iban[3]))
    return invalid("IBAN", "must start with a country code and two check digits", text);
  const int length = expected_iban_length(iban.substr(0, 2));
  if (length != 0 && static_cast<int>(iban.size()) != length) {
    return invalid("IBAN",
                   iban.substr(0, 2) + " IBANs have " + std::to_string(length) +
                       " characters, this one " + std::to_string(iban.size()),
                   text);
  }
  if (iban_mod97(iban) != 1)
    return invalid("IBAN", "check digits " + iban.substr(2, 2) + " do not match (mod 97)", text);
  return iban;
}

Result<std::string> validate_bic(std::string_view text) {
  const std::string bic = compact(text, false);
  if (bic.size() != 8 && bic.size() != 11)
    return invalid("BIC", "must be 8 or 11 characters", text);
  if (!std::all_of(bic.begin(), bic.begin() + 4, is_letter))
    return invalid("BIC", "must start with 4 letters (the institution)", text);
  if (!validate_country(bic.substr(4, 2)))
    return invalid("BIC", "'" + bic.substr(4, 2) + "' is not an ISO 3166 country", text);
  if (!std::all_of(bic.begin() + 6, bic.end(), [](char c) { return is_digit(c) || is_letter(c); }))
    return invalid("BIC", "location and branch must be letters or digits", text);
  return bic;
}

Result<std::string> validate_aba_routing(std::string_view text) {
  const std::string aba = compact(text, true);
  if (aba.size() != 9 || !std::all_of(aba.begin(), aba.end(), is_digit))
    return invalid("routing number", "must be 9 digits", text);
  constexpr std::array<int, 9> kWeights = {3, 7, 1, 3, 7, 1, 3, 7, 1};
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i) sum += (aba[i] - '0') * kWeights[i];
  if (sum % 10 != 0) return invalid("routing number", "checksum fails (weights 3-7-1)", text);
  return aba;
}

Result<std::string> validate_account_number(std::string_view text) {
  const std::string account = compact(text, true);
  if (account.size() < 4 || account.size() > 17 ||
      !std::all_of(account.begin(), account.end(), is_digit)) {
    return invalid("account number", "must be 4 to 17 digits", text);
  }
  return account;
}

}  // namespace fermata
