// Bank identifiers: published examples accepted and normalised, each kind of
// mistake refused with its reason.
#include "fermata/catalog/bank_identifiers.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

std::string message_of(const Result<std::string>& r) {
  return r ? "ok" : r.error().message;
}

TEST(Iban, AcceptsRegistryExamplesAndNormalises) {
  EXPECT_EQ(*validate_iban("GB82 WEST 1234 5698 7654 32"), "GB82WEST12345698765432");
  EXPECT_EQ(*validate_iban("de89370400440532013000"), "DE89370400440532013000");
  EXPECT_EQ(*validate_iban("NO9386011117947"), "NO9386011117947");
  EXPECT_EQ(*validate_iban("FR1420041010050500013M02606"), "FR1420041010050500013M02606");
}

TEST(Iban, RefusesEachMistakeWithItsReason) {
  EXPECT_EQ(message_of(validate_iban("GB83WEST12345698765432")),
            "IBAN: check digits 83 do not match (mod 97)");
  EXPECT_EQ(message_of(validate_iban("GB82WEST1234569876543")),
            "IBAN: GB IBANs have 22 characters, this one 21");
  EXPECT_EQ(message_of(validate_iban("XX82WEST12345698765432")),
            "IBAN: must start with a country code and two check digits");
  EXPECT_EQ(message_of(validate_iban("GB82-WEST-1234-5698-7654-32")),
            "IBAN: may hold only letters and digits");
  EXPECT_EQ(message_of(validate_iban("GB82")), "IBAN: must be 15 to 34 letters and digits");
}

TEST(Bic, AcceptsEightAndElevenCharacters) {
  EXPECT_EQ(*validate_bic("nwbkgb2l"), "NWBKGB2L");
  EXPECT_EQ(*validate_bic("DEUTDEFF500"), "DEUTDEFF500");
  EXPECT_EQ(message_of(validate_bic("DEUTDEFF50")), "BIC: must be 8 or 11 characters");
  EXPECT_EQ(message_of(validate_bic("DEUTXXFF")), "BIC: 'XX' is not an ISO 3166 country");
  EXPECT_EQ(message_of(validate_bic("DE1TDEFF")),
            "BIC: must start with 4 letters (the institution)");
}

TEST(AbaRouting, ChecksTheWeightedSum) {
  EXPECT_EQ(*validate_aba_routing("021000021"), "021000021");
  EXPECT_EQ(*validate_aba_routing("0110-0001-5"), "011000015");
  EXPECT_EQ(message_of(validate_aba_routing("021000022")),
            "routing number: checksum fails (weights 3-7-1)");
  EXPECT_EQ(message_of(validate_aba_routing("12345")), "routing number: must be 9 digits");
}

TEST(AccountNumber, DigitsOnly) {
  EXPECT_EQ(*validate_account_number("0000 1234 5678"), "000012345678");
  EXPECT_EQ(message_of(validate_account_number("12AB5678")),
            "account number: must be 4 to 17 digits");
}

}  // namespace
}  // namespace fermata
