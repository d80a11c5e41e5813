#include "fermata/ingest/csv/journal_csv.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

constexpr std::string_view kHeader =
    "key,effective_date,memo,party,kind,commodity,location,counterparty,amount\n";

std::vector<std::string> texts(const JournalBatch& batch) {
  std::vector<std::string> out;
  for (const Error& e : batch.errors) out.push_back(e.to_string());
  return out;
}

Decimal d(std::string_view text) {
  return *Decimal::parse(text);
}

TEST(JournalCsvTest, GroupsConsecutiveRows) {
  const std::string text = std::string(kHeader) +
                           "T1,2024-01-01,Opening balance,L0001,cash,EUR,,,100.00\n"
                           "T1,2024-01-01,,L0001,external,EUR,,,-100.00\n"
                           "S1,2024-02-01,Pressing,L0001,inventory,SKU:CD-001,W0001,,500\n"
                           "S1,2024-02-01,Pressing,M0001,external,SKU:CD-001,,,-500\n"
                           "S1,2024-02-01,,L0001,payable,EUR,,M0001,-1250.5\n";
  const JournalBatch batch = parse_journal_csv(text, "j.csv");
  EXPECT_EQ(texts(batch), std::vector<std::string>{});
  ASSERT_EQ(batch.entries.size(), 2u);
  const JournalEntry& t1 = batch.entries[0];
  EXPECT_EQ(t1.key, "T1");
  EXPECT_EQ(t1.effective_date, "2024-01-01");
  EXPECT_EQ(t1.memo, "Opening balance");
  EXPECT_EQ(t1.first_line_number, 2);
  EXPECT_EQ(t1.last_line_number, 3);
  ASSERT_EQ(t1.postings.size(), 2u);
  EXPECT_EQ(t1.postings[0], (JournalPosting{"L0001", "cash", "EUR", "", "", d("100.00"), 2}));
  EXPECT_EQ(t1.postings[1], (JournalPosting{"L0001", "external", "EUR", "", "", d("-100"), 3}));
  const JournalEntry& s1 = batch.entries[1];
  EXPECT_EQ(s1.first_line_number, 4);
  EXPECT_EQ(s1.last_line_number, 6);
  ASSERT_EQ(s1.postings.size(), 3u);
  EXPECT_EQ(s1.postings[0],
            (JournalPosting{"L0001", "inventory", "SKU:CD-001", "W0001", "", d("500"), 4}));
  EXPECT_EQ(s1.postings[2],
            (JournalPosting{"L0001", "payable", "EUR", "", "M0001", d("-1250.5"), 6}));
}

TEST(JournalCsvTest, ReportsEveryBadRow) {
  const std::string text = std::string(kHeader) +
                           "A,2024-01-01,x,L0001,cash,EUR,,,1\n"
                           "A,2024-01-01,x,L0001,wallet,EUR,,,-1\n"
                           "B,2024-02-30,y,L0001,cash,EUR,,,1\n"
                           "B,2024-02-30,y,L0001,external,EUR,,,-1\n"
                           "C,2024-03-01,z,L0001,cash,XYZ,,,1\n"
                           "C,2024-03-01,z,L0001,inventory,EUR,,,1\n"
                           "C,2024-03-01,z,L0001,cash,SKU:CD-001,,,1\n"
                           "C,2024-03-01,z,L0001,inventory,SKU:CD-001,,,1.5\n"
                           "C,2024-03-02,w,L0001,cash,EUR,,,1\n"
                           "D,2024-03-01,single,L0001,cash,EUR,,,1\n"
                           "A,2024-04-01,again,L0001,cash,EUR,,,1\n"
                           "A,2024-04-01,again,L0001,cash,EUR,,,-1\n";
  const JournalBatch batch = parse_journal_csv(text, "j.csv");
  EXPECT_TRUE(batch.entries.empty());
  EXPECT_EQ(
      texts(batch),
      (std::vector<std::string>{
          "j.csv:3: field 'kind' = 'wallet': is not an account kind [field_invalid]",
          "j.csv:4: field 'effective_date' = '2024-02-30': date: day 30 is not 1..29 for "
          "2024-02 [date_invalid]",
          "j.csv:6: field 'commodity' = 'XYZ': is neither an ISO 4217 currency code nor "
          "SKU:<sku> [currency_unknown]",
          "j.csv:7: field 'commodity' = 'EUR': an inventory account holds only SKU:<sku> units "
          "[field_invalid]",
          "j.csv:8: field 'commodity' = 'SKU:CD-001': a SKU commodity needs an inventory, "
          "external, suspense or claim account, not cash [field_invalid]",
          "j.csv:9: field 'amount' = '1.5': units of a SKU must be whole [units_not_whole]",
          "j.csv:10: field 'effective_date' = '2024-03-02': differs from the transaction's "
          "first row (2024-03-01) [field_invalid]",
          "j.csv:11: field 'key' = 'D': transaction has only 1 row; it needs at least 2 "
          "[field_invalid]",
          "j.csv:12: field 'key' = 'A': transaction key was already used by the rows starting "
          "on line 2; rows of a transaction must be consecutive [field_invalid]"}));
}

TEST(JournalCsvTest, BadAmountAndHeader) {
  const std::string text = std::string(kHeader) +
                           "A,2024-01-01,x,L0001,cash,EUR,,,1x\n"
                           "A,2024-01-01,x,L0001,cash,EUR,,,-1\n";
  const JournalBatch batch = parse_journal_csv(text, "j.csv");
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].code, ErrorCode::kDecimalSyntax);
  EXPECT_EQ(batch.errors[0].where.line_number, 2);
  EXPECT_EQ(batch.errors[0].where.field, "amount");
  EXPECT_EQ(texts(parse_journal_csv("key,effective_date,memo,party,kind,amount\n", "j.csv")),
            (std::vector<std::string>{"j.csv:1: field 'commodity': header lacks required "
                                      "column(s) commodity [field_missing]"}));
  // location and counterparty columns may be left out.
  const JournalBatch short_header = parse_journal_csv(
      "key,effective_date,memo,party,kind,commodity,amount\n"
      "A,2024-01-01,x,L0001,cash,USD,5\nA,2024-01-01,,L0002,cash,USD,-5\n",
      "j.csv");
  EXPECT_TRUE(short_header.errors.empty());
  ASSERT_EQ(short_header.entries.size(), 1u);
  EXPECT_EQ(short_header.entries[0].postings[1].party, "L0002");
}

}  // namespace
}  // namespace fermata

namespace fermata {
namespace {

// A row that cannot be read (wrong width) inside a transaction drops the
// whole transaction: without it the remaining rows could still balance and
// post something the file never said.
TEST(JournalCsvTest, UnreadableRowDropsItsTransaction) {
  const std::string text =
      "key,effective_date,memo,party,kind,commodity,amount\n"
      "A,2024-03-01,Split,L1,cash,EUR,10\n"
      "A,2024-03-01,,L1,cash,EUR\n"
      "A,2024-03-01,,L1,equity,EUR,-10\n"
      "B,2024-03-02,Fine,L1,cash,EUR,1\n"
      "B,2024-03-02,,L1,equity,EUR,-1\n";
  const JournalBatch batch = parse_journal_csv(text, "j.csv");
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0].key, "B");
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].where.line_number, 3);
  EXPECT_EQ(batch.rows, 5);
}

}  // namespace
}  // namespace fermata
