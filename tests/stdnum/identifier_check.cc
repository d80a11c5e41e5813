// identifier_check: a line-oriented front end to Fermata's identifier
// validators, so an independent implementation (python-stdnum, see
// cross_check.py) can be compared against ours on thousands of cases.
//
// Reads "TYPE VALUE" lines from stdin, TYPE one of ICPN, ISRC, DPID, COUNTRY,
// DATE, and prints "VALID <normalised>" or "INVALID" per line, in order.
#include <iostream>
#include <string>

#include "fermata/catalog/identifiers.h"

namespace {

fermata::Result<std::string> check(const std::string& type, const std::string& value) {
  if (type == "ICPN") return fermata::validate_icpn(value);
  if (type == "ISRC") return fermata::validate_isrc(value);
  if (type == "DPID") return fermata::validate_ddex_party_id(value);
  if (type == "COUNTRY") return fermata::validate_country(value);
  if (type == "DATE") return fermata::validate_iso_date(value);
  return fermata::make_error(fermata::ErrorCode::kUsage, "unknown type " + type);
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    const size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    fermata::Result<std::string> result = check(type, value);
    if (result) {
      std::cout << "VALID " << *result << '\n';
    } else {
      std::cout << "INVALID\n";
    }
  }
  return 0;
}
