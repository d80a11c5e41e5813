// Goal: price and insurance files are read exactly, every bad field of a file
// is reported with its file, line and field, and recording a file is all or
// nothing and idempotent. Method: small files in the real layout (docs/
// FORMATS.md §14.1), inline; each error checked by its full text; imports into
// a real SQLite file with a one-product catalog.
#include "fermata/inventory/prices_csv.h"

#include <gtest/gtest.h>

#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"

namespace fermata {
namespace {

Decimal d(const char* text) {
  return *Decimal::parse(text);
}

std::vector<std::string> messages(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.to_string());
  return out;
}

constexpr const char* kPrices =
    "sku,kind,currency,from,amount\n"
    "CD-1,ppd,USD,2026-01-01,9.00\n"
    "CD-1,cost,USD,2026-01-01,2.10\n"
    " CD-1 ,srp,USD,2026-01-01,14\n"
    "CD-1,ppd,USD,2026-07-01,0.000000000001\n";

TEST(PricesCsvTest, ReadsEveryPriceExactly) {
  ParsedFile<PriceLine> parsed = parse_prices_csv(kPrices, "prices.csv");
  ASSERT_TRUE(parsed.errors.empty()) << messages(parsed.errors)[0];
  ASSERT_EQ(parsed.lines.size(), 4u);
  const PriceLine& ppd = parsed.lines[0];
  EXPECT_EQ(ppd.line_number, 2);
  EXPECT_EQ(ppd.price.sku, "CD-1");
  EXPECT_EQ(ppd.price.kind, "ppd");
  EXPECT_EQ(ppd.price.currency, "USD");
  EXPECT_EQ(ppd.price.from, "2026-01-01");
  EXPECT_EQ(ppd.price.amount, d("9"));
  EXPECT_EQ(ppd.price.file, "prices.csv");
  EXPECT_EQ(parsed.lines[1].price.amount, d("2.1"));
  EXPECT_EQ(parsed.lines[2].price.sku, "CD-1");  // Surrounding spaces are not part of it.
  EXPECT_EQ(parsed.lines[3].price.amount, Decimal::from_raw(1));
}

TEST(PricesCsvTest, ReportsEveryBadFieldOfEveryRow) {
  ParsedFile<PriceLine> parsed = parse_prices_csv(
      "amount,sku,kind,from,currency,note\n"
      "9.00,CD-1,wholesale,2026-02-30,usd,x\n"
      "-1,,ppd,2026-01-01,USD,\n"
      "1.1e0,CD-1,srp,2026-01-01,USD,\n"
      "1.0000000000001,CD-1,srp,2026-01-01,USD,\n"
      "9.00,CD-1,ppd,2026-01-01\n",
      "p.csv");
  EXPECT_EQ(parsed.lines.size(), 0u);
  EXPECT_EQ(
      messages(parsed.errors),
      (std::vector<std::string>{
          "p.csv:2: field 'kind' = 'wholesale': unknown kind 'wholesale' (expected ppd, cost or "
          "srp) [field_invalid]",
          "p.csv:2: field 'currency' = 'usd': currency is not an ISO 4217 currency code (e.g. "
          "EUR) [currency_unknown]",
          "p.csv:2: field 'from' = '2026-02-30': from is not a date (YYYY-MM-DD) [date_invalid]",
          "p.csv:3: field 'sku': sku is empty [field_missing]",
          "p.csv:3: field 'amount' = '-1': amount must not be negative [field_invalid]",
          "p.csv:4: field 'amount' = '1.1e0': amount is not an exact decimal (write it as text, "
          "e.g. 9.00): invalid decimal '1.1e0': unexpected character [decimal_syntax]",
          "p.csv:5: field 'amount' = '1.0000000000001': amount is not an exact decimal (write it "
          "as text, e.g. 9.00): invalid decimal '1.0000000000001': more than 12 fractional "
          "digits [decimal_too_precise]",
          "p.csv:6: row has 4 fields, the header has 6 [parse_error]",
      }));
  EXPECT_EQ(parsed.errors[0].code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(parsed.errors[0].where.line_number, 2);
  EXPECT_EQ(parsed.errors[0].where.field, "kind");
}

TEST(PricesCsvTest, RefusesAFileWithoutColumnsOrRows) {
  EXPECT_EQ(
      messages(parse_prices_csv("", "p.csv").errors),
      (std::vector<std::string>{"p.csv:1: the file is empty (no header row) [field_missing]"}));
  EXPECT_EQ(
      messages(parse_prices_csv("sku,kind,currency,from\n", "p.csv").errors),
      (std::vector<std::string>{"p.csv:1: field 'amount': header lacks required column(s) amount "
                                "[field_missing]"}));
  EXPECT_EQ(messages(parse_prices_csv("sku,kind,currency,from,amount\n", "p.csv").errors),
            (std::vector<std::string>{"p.csv:2: the file lists no price [field_missing]"}));
}

TEST(InsuranceCsvTest, ReadsBasesWithAndWithoutASumInsured) {
  ParsedFile<InsuranceLine> parsed = parse_insurance_csv(
      "location,basis,currency,from,sum_insured\n"
      "W1,cost,USD,2026-01-01,500.00\n"
      "W2,ppd,EUR,2026-03-01,\n",
      "ins.csv");
  ASSERT_TRUE(parsed.errors.empty()) << messages(parsed.errors)[0];
  ASSERT_EQ(parsed.lines.size(), 2u);
  EXPECT_EQ(parsed.lines[0].line_number, 2);
  EXPECT_EQ(parsed.lines[0].insurance.location, "W1");
  EXPECT_EQ(parsed.lines[0].insurance.basis, "cost");
  EXPECT_EQ(parsed.lines[0].insurance.currency, "USD");
  EXPECT_EQ(parsed.lines[0].insurance.from, "2026-01-01");
  EXPECT_EQ(parsed.lines[0].insurance.sum_insured, d("500"));
  EXPECT_EQ(parsed.lines[1].insurance.basis, "ppd");
  EXPECT_TRUE(parsed.lines[1].insurance.sum_insured.is_zero());  // None stated.
}

TEST(InsuranceCsvTest, ErrorsNameFileLineAndField) {
  ParsedFile<InsuranceLine> parsed = parse_insurance_csv(
      "location,basis,currency,from,sum_insured\n"
      "W 1,sale,USD,2026-01-01,0\n"
      "W1,cost,XXX,,-5\n",
      "ins.csv");
  EXPECT_EQ(parsed.lines.size(), 0u);
  EXPECT_EQ(
      messages(parsed.errors),
      (std::vector<std::string>{
          "ins.csv:2: field 'location' = 'W 1': " +
              validate_record_id("location", "W 1").error().message + " [field_invalid]",
          "ins.csv:2: field 'basis' = 'sale': unknown basis 'sale' (expected ppd, cost or srp) "
          "[field_invalid]",
          "ins.csv:2: field 'sum_insured' = '0': sum_insured must be above zero (leave it empty "
          "when none) [field_invalid]",
          "ins.csv:3: field 'currency' = 'XXX': currency is not an ISO 4217 currency code (e.g. "
          "EUR) [currency_unknown]",
          "ins.csv:3: field 'from': from is empty [field_missing]",
          "ins.csv:3: field 'sum_insured' = '-5': sum_insured must be above zero (leave it empty "
          "when none) [field_invalid]",
      }));
}

// A database with one physical product CD-1 and the parties L1, W1.
class PriceImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().to_string();
    db_ = std::move(*db);
    ledger_ = std::make_unique<Ledger>(db_->ledger_storage(), LedgerOptions{.actor = "ana"});
    ASSERT_TRUE(ledger_->begin_write());
    ASSERT_TRUE(db_->put_party(testing::make_party("L1", PartyKind::kLabel)));
    ASSERT_TRUE(db_->put_party(testing::make_party("W1", PartyKind::kWarehouse)));
    ASSERT_TRUE(db_->put_release(Release{"R1", "First", "0029000000018"}));
    ASSERT_TRUE(db_->put_product(Product{"CD-1", ProductKind::kPhysical, ProductFormat::kCd, "R1",
                                         "LK-001", "0029000000018"}));
    ASSERT_TRUE(ledger_->commit());
  }

  Result<FileImport<PriceLine>> prices(const char* text, const char* file) {
    EXPECT_TRUE(ledger_->begin_write());
    auto imported = import_prices(*db_, text, file, "2026-04-01T00:00:00Z", "ana");
    if (imported && imported->errors.empty()) {
      EXPECT_TRUE(ledger_->commit());
    } else {
      ledger_->rollback();
    }
    return imported;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(PriceImportTest, RecordsOnceThenChangesNothing) {
  auto first = prices(kPrices, "in/prices.csv");
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_TRUE(first->errors.empty()) << messages(first->errors)[0];
  EXPECT_EQ(first->added.size(), 4u);
  auto stored = db_->stock_register().prices();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 4u);
  EXPECT_EQ((*stored)[0].sku, "CD-1");
  EXPECT_EQ((*stored)[0].kind, "cost");
  EXPECT_EQ((*stored)[0].amount, d("2.10"));
  EXPECT_EQ((*stored)[0].file, "prices.csv");
  EXPECT_EQ((*stored)[0].actor, "ana");
  auto again = prices(kPrices, "prices.csv");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->added.empty());
  EXPECT_EQ(again->unchanged.size(), 4u);
  EXPECT_EQ(db_->stock_register().prices()->size(), 4u);
}

TEST_F(PriceImportTest, AChangedPriceOrUnknownSkuRefusesTheWholeFile) {
  ASSERT_TRUE(prices(kPrices, "prices.csv"));
  auto bad = prices(
      "sku,kind,currency,from,amount\n"
      "CD-1,ppd,USD,2026-09-01,9.50\n"
      "CD-1,ppd,USD,2026-01-01,9.01\n"
      "CD-9,ppd,USD,2026-01-01,5\n"
      "CD-1,srp,EUR,2026-01-01,12\n"
      "CD-1,srp,EUR,2026-01-01,13\n",
      "bad.csv");
  ASSERT_TRUE(bad) << bad.error().to_string();
  EXPECT_EQ(messages(bad->errors),
            (std::vector<std::string>{
                "bad.csv:3: field 'amount' = '9.01': the ppd of CD-1 in USD from 2026-01-01 is on "
                "file at 9; a price on file is never changed (add one from a later day) "
                "[exists_with_different_content]",
                "bad.csv:4: field 'sku' = 'CD-9': no physical product with SKU 'CD-9' in the "
                "catalog [field_invalid]",
                "bad.csv:6: field 'amount' = '13': the srp of CD-1 in EUR from 2026-01-01 is on "
                "line 5 at 12; a price on file is never changed (add one from a later day) "
                "[exists_with_different_content]",
            }));
  EXPECT_EQ(db_->stock_register().prices()->size(), 4u);  // Not even line 2.
}

TEST_F(PriceImportTest, InsuranceIsIdempotentAndNeverChanged) {
  const char* file =
      "location,basis,currency,from,sum_insured\n"
      "W1,cost,USD,2026-01-01,500\n";
  ASSERT_TRUE(ledger_->begin_write());
  auto first = import_insurance(*db_, file, "ins.csv", "2026-04-01T00:00:00Z", "ana");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->added.size(), 1u);
  ASSERT_TRUE(ledger_->commit());
  auto again = import_insurance(*db_, file, "ins.csv", "2026-04-02T00:00:00Z", "ana");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged.size(), 1u);
  auto bad = import_insurance(*db_,
                              "location,basis,currency,from,sum_insured\n"
                              "W1,ppd,USD,2026-01-01,\n"
                              "X9,cost,USD,2026-01-01,1\n",
                              "ins2.csv", "2026-04-03T00:00:00Z", "ana");
  ASSERT_TRUE(bad);
  EXPECT_EQ(messages(bad->errors),
            (std::vector<std::string>{
                "ins2.csv:2: field 'location' = 'W1': the insurance of W1 from 2026-01-01 is on "
                "file with cost basis, sum insured 500 USD, not ppd basis, no sum insured; add "
                "one from a later day [exists_with_different_content]",
                "ins2.csv:3: field 'location' = 'X9': no party 'X9' in the catalog "
                "[party_unknown]",
            }));
  auto stored = db_->stock_register().insurance();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].basis, "cost");
  EXPECT_EQ((*stored)[0].sum_insured, d("500"));
}

}  // namespace
}  // namespace fermata
