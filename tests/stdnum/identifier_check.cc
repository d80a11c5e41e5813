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

fermata::Result<std::string> Check(const std::string& type, const std::string& value) {
  if (type == "ICPN") return fermata::ValidateIcpn(value);
  if (type == "ISRC") return fermata::ValidateIsrc(value);
  if (type == "DPID") return fermata::ValidateDdexPartyId(value);
  if (type == "COUNTRY") return fermata::ValidateCountry(value);
  if (type == "DATE") return fermata::ValidateIsoDate(value);
  return fermata::MakeError(fermata::ErrorCode::kUsage, "unknown type " + type);
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    const size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    fermata::Result<std::string> result = Check(type, value);
    if (result) {
      std::cout << "VALID " << *result << '\n';
    } else {
      std::cout << "INVALID\n";
    }
  }
  return 0;
}
