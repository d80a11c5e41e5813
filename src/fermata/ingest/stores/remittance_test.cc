// Goal: parse_remittance reads payment advices with what each pays, and names
// every bad row. Method: the synthetic fixtures in tests/data/stores/.
#include <gtest/gtest.h>

#include "fermata/ingest/stores/stores.h"
#include "fermata/ingest/stores/stores_test_util.h"

namespace fermata {
namespace {

using stores_test::error_list;
using stores_test::read_fixture;

TEST(Remittance, ReadsFixture) {
  const Remittance r = parse_remittance(read_fixture("remittance.csv"), "r.csv");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].to_string());
  EXPECT_EQ(r.rows, 5);
  ASSERT_EQ(r.lines.size(), 5u);
  EXPECT_EQ(r.lines[0].payer, "Apple");
  EXPECT_EQ(r.lines[0].date, "2026-03-05");
  EXPECT_EQ(r.lines[0].amount.to_string(), "36.44");
  EXPECT_EQ(r.lines[0].currency, "EUR");
  EXPECT_EQ(r.lines[0].pays, (std::vector<std::string>{"apple|80012345|2026-01|EUR"}));
  EXPECT_EQ(r.lines[0].bank_reference, "APPLE EU 20260305");
  EXPECT_EQ(r.lines[1].pays, (std::vector<std::string>{"2025-12", "2026-01"}));
  EXPECT_EQ(r.lines[2].pays, (std::vector<std::string>{"import:42"}));
  EXPECT_EQ(r.lines[2].bank_reference, "SEPA KLANG, Jan 2026");
  EXPECT_TRUE(r.lines[3].pays.empty());
  EXPECT_EQ(r.lines[4].pays, (std::vector<std::string>{"2026-Q1", "2026"}));
  EXPECT_EQ(r.lines[4].line_number, 6);
}

TEST(Remittance, CollectsEveryBadRow) {
  const Remittance r = parse_remittance(read_fixture("remittance_bad.csv"), "rb.csv");
  EXPECT_EQ(r.rows, 4);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(error_list(r.errors), (std::vector<std::string>{
                                      "rb.csv:2 date='2026-02-30' date_invalid",
                                      "rb.csv:3 amount='0' field_invalid",
                                      "rb.csv:4 payer='' field_missing",
                                      "rb.csv:4 amount='-5.00' field_invalid",
                                      "rb.csv:4 currency='eur' currency_unknown",
                                      "rb.csv:4 pays='January' field_invalid",
                                      "rb.csv:4 pays='import:x' field_invalid",
                                      "rb.csv:4 pays='2026-13' field_invalid",
                                  }));
  ASSERT_EQ(r.rejected_text.size(), 8u);
  EXPECT_EQ(r.rejected_text[7], ",2026-03-20,-5.00,eur,January;import:x;2026-13,C");
}

TEST(DetectStoreFormat, Remittance) {
  EXPECT_EQ(detect_store_format(read_fixture("remittance.csv")), "remittance");
}

}  // namespace
}  // namespace fermata
