// Payees: the format read field by field and normalised; withholding from
// the tax form on file, by day; each kind of mistake refused with its file,
// line and key.
#include "fermata/agreement/payee.h"

#include <gtest/gtest.h>

#include <string>

namespace fermata {
namespace {

constexpr char kLabel[] = R"toml(fermata_payee = 1
party = "L001"
legal_name = "Saltmarsh Music Ltd"
address = ["12 Harbour Row", "Whitstable CT5 1AB"]
country = "gb"

[statements]
email = "accounts@saltmarsh.example"

[bank]
iban = "GB82 WEST 1234 5698 7654 32"
bic = "nwbkgb2l"
name = "Westminster Bank"

[tax_form]
kind = "W-8BEN-E"
received = 2025-03-01
treaty_rate = "0%"
)toml";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

std::string error_of(const std::string& text) {
  Result<Payee> r = parse_payee(text, "payee.toml");
  return r ? "ok" : r.error().to_string();
}

TEST(Payee, ReadsAndNormalises) {
  Result<Payee> p = parse_payee(kLabel, "payee.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->party, "L001");
  EXPECT_EQ(p->country, "GB");
  EXPECT_EQ(p->address, (std::vector<std::string>{"12 Harbour Row", "Whitstable CT5 1AB"}));
  EXPECT_EQ(p->statement_email, "accounts@saltmarsh.example");
  ASSERT_TRUE(p->bank);
  EXPECT_EQ(p->bank->iban, "GB82WEST12345698765432");
  EXPECT_EQ(p->bank->bic, "NWBKGB2L");
  ASSERT_TRUE(p->tax_form);
  EXPECT_EQ(tax_form_expiry(*p->tax_form), "2028-12-31");  // The IRS default.
}

TEST(Payee, WithholdingFollowsTheFormOnTheDay) {
  const Payee p = *parse_payee(kLabel, "payee.toml");
  const Withholding before = withholding_on(p, "2025-02-28");
  EXPECT_EQ(before.rate, *Decimal::parse("0.30"));
  EXPECT_TRUE(before.flagged);
  EXPECT_EQ(before.reason, "W-8BEN-E not received until 2025-03-01: default 30%");
  const Withholding valid = withholding_on(p, "2026-06-30");
  EXPECT_EQ(valid.rate, Decimal());
  EXPECT_FALSE(valid.flagged);
  EXPECT_EQ(valid.reason, "W-8BEN-E treaty rate");
  const Withholding expired = withholding_on(p, "2029-01-01");
  EXPECT_EQ(expired.reason, "W-8BEN-E expired on 2028-12-31: default 30%");
  EXPECT_TRUE(expired.flagged);

  Payee us = p;
  us.country = "US";
  us.tax_form.reset();
  const Withholding none = withholding_on(us, "2026-06-30");
  EXPECT_EQ(none.rate, *Decimal::parse("0.24"));
  EXPECT_EQ(none.reason, "no tax form on file: backup withholding 24%");
  us.tax_form = TaxForm{TaxFormKind::kW9, "2024-01-10", "", std::nullopt};
  EXPECT_EQ(withholding_on(us, "2030-01-01").rate, Decimal());  // A W-9 does not expire.
}

TEST(Payee, RefusesMistakesNamingFileLineAndKey) {
  EXPECT_EQ(error_of(replaced(kLabel, "GB82 WEST", "GB83 WEST")),
            "payee.toml:11: field 'bank.iban' = 'GB83 WEST 1234 5698 7654 32': IBAN: check "
            "digits 83 do not match (mod 97) [identifier_invalid]");
  EXPECT_EQ(error_of(replaced(kLabel, "bic = \"nwbkgb2l\"\n", "")),
            "payee.toml:10: field 'bank.bic': an IBAN needs its BIC [field_missing]");
  EXPECT_EQ(error_of(replaced(kLabel, "treaty_rate = \"0%\"", "treaty_rate = \"35%\"")),
            "payee.toml:18: field 'tax_form.treaty_rate' = '0.35': must be between 0% and 30% "
            "[field_invalid]");
  EXPECT_EQ(error_of(replaced(kLabel, "name = \"Westminster Bank\"", "sort_code = \"1\"")),
            "payee.toml:13: field 'bank.sort_code': is not a key of the payee format "
            "[field_invalid]");
  EXPECT_EQ(error_of(replaced(kLabel, "kind = \"W-8BEN-E\"", "kind = \"W-8\"")),
            "payee.toml:16: field 'tax_form.kind' = 'W-8': must be one of W-9, W-8BEN, W-8BEN-E "
            "[field_invalid]");
}

TEST(Payee, AccountAndRoutingForUsBanks) {
  const std::string us = replaced(replaced(kLabel, "iban = \"GB82 WEST 1234 5698 7654 32\"",
                                           "account = \"0001-2345-678\"\nrouting = \"021000021\""),
                                  "bic = \"nwbkgb2l\"\n", "");
  Result<Payee> p = parse_payee(us, "us.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->bank->account, "00012345678");
  EXPECT_EQ(error_of(replaced(us, "021000021", "021000022")),
            "payee.toml:12: field 'bank.routing' = '021000022': routing number: checksum fails "
            "(weights 3-7-1) [identifier_invalid]");
}

}  // namespace
}  // namespace fermata
