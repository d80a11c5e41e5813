// Fuzz target: parse_agreement and parse_payee (TOML through toml++) must
// never crash or assert on any bytes. Invariants: every error names the file
// and a line within it; whatever parses is valid by its own validator, and
// validating a parsed payee again changes nothing (normalisation is stable).
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/agreement/payee.h"
#include "fermata/base/assert.h"

namespace {

void check_error(const fermata::Error& e, std::int64_t max_line) {
  FERMATA_ASSERT(e.where.file == "fuzz.toml");
  FERMATA_ASSERT(e.where.line_number >= 0 && e.where.line_number <= max_line);
  FERMATA_ASSERT(!e.message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto max_line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  fermata::Result<fermata::AgreementVersion> agreement =
      fermata::parse_agreement(text, "fuzz.toml");
  if (agreement) {
    FERMATA_ASSERT(fermata::validate_agreement(*agreement).has_value());
  } else {
    check_error(agreement.error(), max_line);
  }
  fermata::Result<fermata::Payee> payee = fermata::parse_payee(text, "fuzz.toml");
  if (payee) {
    fermata::Payee again = *payee;
    FERMATA_ASSERT(fermata::validate_payee(again).has_value());
    FERMATA_ASSERT(again == *payee);
  } else {
    check_error(payee.error(), max_line);
  }
  return 0;
}
