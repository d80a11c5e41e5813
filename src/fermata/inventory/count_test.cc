// Goal: a stock count is read exactly as FORMATS §14.2 says, compared with
// the books per owner × SKU at its location (on hand plus allocated, nothing
// else), and an approved discrepancy plans a balanced adjust that makes the
// books agree with the count at the cut-off. Method: hand-built count files
// and balances with the expected figures worked out by hand.
#include "fermata/inventory/count.h"

#include <gtest/gtest.h>

#include "fermata/inventory/count_csv.h"

namespace fermata {
namespace {

Decimal u(std::int64_t units) {
  return Decimal::from_units(units);
}

AccountBalance held(const std::string& owner, AccountKind kind, const std::string& sku,
                    const std::string& location, std::int64_t units,
                    const std::string& counterparty = "") {
  return {unit_account(owner, kind, sku, location, counterparty), u(units)};
}

constexpr std::string_view kHeader = "count,location,cutoff,sku,owner,units,bin\n";

// --- The file -------------------------------------------------------------

TEST(CountCsvTest, ReadsOneCountWithOptionalOwnerAndBins) {
  const std::string text = std::string(kHeader) +
                           "C1,W1,2026-03-31T18:00,CD-1,L1,695,A-01\n"
                           "C1,W1,2026-03-31T18:00,CD-1,L1,5,A-02\n"
                           "C1,W1,2026-03-31T18:00,LP-1,,12,\n";
  const CountFile file = parse_count_csv(text, "c1.csv");
  ASSERT_TRUE(file.ok()) << file.errors.front().to_string();
  EXPECT_EQ(file.rows, 3);
  EXPECT_EQ(file.count.id, "C1");
  EXPECT_EQ(file.count.location, "W1");
  EXPECT_EQ(file.count.cutoff, "2026-03-31T18:00");
  EXPECT_EQ(file.count.cutoff_date, "2026-03-31");
  ASSERT_EQ(file.count.lines.size(), 3u);
  EXPECT_EQ(file.count.lines[1].line_number, 3);
  EXPECT_EQ(file.count.lines[1].bin, "A-02");
  EXPECT_EQ(file.count.lines[1].units, u(5));
  EXPECT_TRUE(file.count.lines[0].owner_given);
  EXPECT_FALSE(file.count.lines[2].owner_given);
  EXPECT_EQ(file.count.lines[2].owner, "");
}

TEST(CountCsvTest, OwnerAndBinColumnsMayBeAbsent) {
  const CountFile file =
      parse_count_csv("count,location,cutoff,sku,units\nC2,W1,2026-03-31,CD-1,0\n", "c2.csv");
  ASSERT_TRUE(file.ok()) << file.errors.front().to_string();
  ASSERT_EQ(file.count.lines.size(), 1u);
  EXPECT_TRUE(file.count.lines[0].units.is_zero());
  EXPECT_EQ(file.count.cutoff_date, "2026-03-31");
}

TEST(CountCsvTest, EveryBadRowIsNamedByFileLineAndField) {
  const std::string text = std::string(kHeader) +
                           "C1,W1,2026-03-31,CD-1,L1,1,\n"       // 2: fine
                           "C1,W2,2026-03-31,CD-1,L1,1,B\n"      // 3: another location
                           "C1,W1,2026-02-30,CD-2,L1,1,\n"       // 4: no such day
                           "C1,W1,2026-03-31,CD-3,L1,-1,\n"      // 5: negative
                           "C1,W1,2026-03-31,CD-4,L1,1.5,\n"     // 6: not whole
                           "C1,W1,2026-03-31,CD-1,L1,3,\n"       // 7: same SKU, owner, bin as 2
                           "C2,W1,2026-03-31T09:00,CD-5,,1,\n";  // 8: another count and cut-off
  const CountFile file = parse_count_csv(text, "bad.csv");
  ASSERT_EQ(file.errors.size(), 7u);
  const auto expect = [&](std::size_t i, std::int64_t line, const char* field, ErrorCode code) {
    EXPECT_EQ(file.errors[i].where.file, "bad.csv") << i;
    EXPECT_EQ(file.errors[i].where.line_number, line) << i;
    EXPECT_EQ(file.errors[i].where.field, field) << i;
    EXPECT_EQ(file.errors[i].code, code) << i;
  };
  expect(0, 3, "location", ErrorCode::kFieldInvalid);
  expect(1, 4, "cutoff", ErrorCode::kDateInvalid);
  expect(2, 5, "units", ErrorCode::kFieldInvalid);
  expect(3, 6, "units", ErrorCode::kUnitsNotWhole);
  expect(4, 7, "sku", ErrorCode::kFieldInvalid);
  expect(5, 8, "count", ErrorCode::kFieldInvalid);
  expect(6, 8, "cutoff", ErrorCode::kFieldInvalid);
  EXPECT_NE(file.errors[4].message.find("counted on line 2 too"), std::string::npos);
  EXPECT_NE(file.errors[0].message.find("line 2 says 'W1'"), std::string::npos);
  EXPECT_EQ(file.errors[1].where.value, "2026-02-30");
  EXPECT_EQ(file.count.lines.size(), 1u);  // Only line 2 passed.
}

TEST(CountCsvTest, HeaderWithoutRequiredColumnOrRowsIsRefused) {
  const CountFile no_units =
      parse_count_csv("count,location,cutoff,sku\nC1,W1,2026-03-31,X\n", "f");
  ASSERT_EQ(no_units.errors.size(), 1u);
  EXPECT_EQ(no_units.errors[0].code, ErrorCode::kFieldMissing);
  EXPECT_EQ(no_units.errors[0].where.field, "units");
  const CountFile empty = parse_count_csv(kHeader, "f");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].code, ErrorCode::kFieldMissing);
}

TEST(CountCsvTest, CutoffIsADayOrADayAndAMinute) {
  EXPECT_EQ(*parse_count_cutoff("2026-03-31"), "2026-03-31");
  EXPECT_EQ(*parse_count_cutoff("2028-02-29T23:59"), "2028-02-29");
  for (const char* bad : {"2026-03-31T24:00", "2026-03-31T12:60", "2026-03-31 12:00",
                          "2026-03-31T12", "31/03/2026", "2026-03-31T12:00:00", ""}) {
    Result<std::string> day = parse_count_cutoff(bad);
    ASSERT_FALSE(day) << bad;
    EXPECT_EQ(day.error().code, ErrorCode::kDateInvalid) << bad;
    EXPECT_EQ(day.error().where.field, "cutoff") << bad;
  }
}

// --- What the books hold --------------------------------------------------

TEST(CountTest, ExpectsOnHandAndAllocatedAtTheLocationOnly) {
  const std::vector<AccountBalance> balances = {
      held("L1", AccountKind::kInventory, "CD-1", "W1", 600),
      held("L1", AccountKind::kAllocated, "CD-1", "W1", 100, "S1"),
      held("L1", AccountKind::kDamaged, "CD-1", "W1", 7),      // kept apart
      held("L1", AccountKind::kInTransit, "CD-1", "W1", 50),   // not there yet
      held("L1", AccountKind::kInventory, "CD-1", "W2", 900),  // elsewhere
      held("L1", AccountKind::kConsigned, "CD-1", "S1", 30),
      held("L2", AccountKind::kInventory, "CD-1", "W1", 40),
      {AccountRef{"L1", AccountKind::kCash, "USD", "", ""}, u(5)},
  };
  const std::vector<AccountBalance> counted = counted_accounts(balances, "W1");
  EXPECT_EQ(counted.size(), 3u);
  const std::map<OwnerSku, Decimal> expected = expected_units(counted);
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_EQ(expected.at({"L1", "CD-1"}), u(700));
  EXPECT_EQ(expected.at({"L2", "CD-1"}), u(40));
}

CountCatalog catalog() {
  return {{"CD-1", "CD-2", "LP-1"}, {"L1", "L2", "W1", "S1"}};
}

Count count_of(std::vector<CountLine> lines) {
  return Count{"C1", "W1", "2026-03-31", "2026-03-31", std::move(lines)};
}

CountLine line(std::int64_t number, const std::string& sku, const std::string& owner,
               std::int64_t units, const std::string& bin = "") {
  return {number, sku, owner, !owner.empty(), u(units), bin};
}

TEST(CountTest, MissingOwnerIsTheOneHolderElseTheLineIsRefused) {
  const std::map<OwnerSku, Decimal> expected = {{{"L1", "CD-1"}, u(10)},
                                                {{"L1", "LP-1"}, u(3)},
                                                {{"L2", "LP-1"}, u(4)},
                                                {{"L2", "CD-1"}, u(0)}};
  Count count = count_of({line(2, "CD-1", "", 9), line(3, "LP-1", "", 7), line(4, "CD-2", "", 1),
                          line(5, "XX-9", "", 1), line(6, "CD-1", "L9", 1)});
  const std::vector<Error> errors = resolve_count(count, catalog(), expected, "c.csv");
  EXPECT_EQ(count.lines[0].owner, "L1");  // L2's account of CD-1 is empty: not a holder.
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].where.line_number, 3);
  EXPECT_EQ(errors[0].where.field, "owner");
  EXPECT_EQ(errors[0].code, ErrorCode::kFieldMissing);
  EXPECT_NE(errors[0].message.find("held for L1 and L2 at W1"), std::string::npos);
  EXPECT_EQ(errors[1].where.line_number, 4);
  EXPECT_NE(errors[1].message.find("nobody holds CD-2 at W1"), std::string::npos);
  EXPECT_EQ(errors[2].where.line_number, 5);
  EXPECT_EQ(errors[2].where.field, "sku");
  EXPECT_EQ(errors[2].code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(errors[3].where.field, "owner");
  EXPECT_EQ(errors[3].code, ErrorCode::kPartyUnknown);
  EXPECT_EQ(errors[3].where.file, "c.csv");
}

TEST(CountTest, UnknownLocationIsRefused) {
  Count count = count_of({line(2, "CD-1", "L1", 1)});
  count.location = "W9";
  const std::vector<Error> errors = resolve_count(count, catalog(), {}, "c.csv");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.field, "location");
  EXPECT_EQ(errors[0].code, ErrorCode::kPartyUnknown);
}

// --- Discrepancies --------------------------------------------------------

TEST(CountTest, ShortageSurplusAndASkuTheCountDoesNotList) {
  const std::map<OwnerSku, Decimal> expected = {
      {{"L1", "CD-1"}, u(700)}, {{"L1", "CD-2"}, u(40)}, {{"L1", "LP-1"}, u(10)}};
  const Count count =
      count_of({line(2, "CD-1", "L1", 690, "A-01"), line(3, "CD-1", "L1", 5, "A-02"),
                line(4, "LP-1", "L1", 12), line(5, "LP-1", "L2", 0)});
  const std::vector<Discrepancy> rows = compare_count(count, expected);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].sku, "CD-1");
  EXPECT_EQ(rows[0].counted, u(695));
  EXPECT_EQ(rows[0].expected, u(700));
  EXPECT_EQ(rows[0].difference, u(-5));
  EXPECT_EQ(rows[0].lines, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(rows[0].bins, (std::vector<std::string>{"A-01", "A-02"}));
  EXPECT_EQ(rows[1].sku, "CD-2");  // On the books, not in the count: counted 0.
  EXPECT_FALSE(rows[1].listed());
  EXPECT_TRUE(rows[1].counted.is_zero());
  EXPECT_EQ(rows[1].difference, u(-40));
  EXPECT_EQ(rows[2].sku, "LP-1");
  EXPECT_EQ(rows[2].difference, u(2));
  EXPECT_EQ(rows[3].owner, "L2");  // Counted 0, held 0: agrees.
  EXPECT_TRUE(rows[3].difference.is_zero());
}

TEST(CountTest, ApprovedAdjustmentsReadAsBeforeAndLeaveNothingOutstanding) {
  // The books after a -40 adjustment of CD-2 and +2 of LP-1.
  const std::map<OwnerSku, Decimal> books = {{{"L1", "CD-2"}, u(0)}, {{"L1", "LP-1"}, u(12)}};
  const std::map<OwnerSku, Decimal> adjusted = {{{"L1", "CD-2"}, u(-40)}, {{"L1", "LP-1"}, u(2)}};
  const std::vector<Discrepancy> rows =
      compare_count(count_of({line(4, "LP-1", "L1", 12)}), books, adjusted);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].sku, "CD-2");
  EXPECT_EQ(rows[0].expected, u(40));
  EXPECT_EQ(rows[0].difference, u(-40));
  EXPECT_TRUE(rows[0].outstanding().is_zero());
  EXPECT_EQ(rows[1].expected, u(10));
  EXPECT_TRUE(rows[1].outstanding().is_zero());
}

// --- Adjustments ----------------------------------------------------------

// Applies `postings` to `balances` and compares again: nothing may be outstanding.
void expect_books_agree(const Count& count, std::vector<AccountBalance> balances,
                        const std::vector<Posting>& postings) {
  for (const Posting& p : postings) {
    bool found = false;
    for (AccountBalance& b : balances) {
      if (b.account == p.account) {
        b.balance += p.amount;
        found = true;
      }
    }
    if (!found) balances.push_back({p.account, p.amount});
  }
  for (const Discrepancy& d :
       compare_count(count, expected_units(counted_accounts(balances, count.location)))) {
    EXPECT_TRUE(d.outstanding().is_zero()) << d.owner << " " << d.sku;
  }
}

TEST(CountTest, SurplusComesInOnHandFromExternal) {
  const std::vector<AccountBalance> balances = {
      held("L1", AccountKind::kInventory, "LP-1", "W1", 10)};
  const Count count = count_of({line(4, "LP-1", "L1", 12)});
  const Discrepancy d = compare_count(count, expected_units(balances)).front();
  Result<CountAdjustment> a = plan_count_adjustment(count, d, balances, "ab12", "found in bay 4");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->txn.idempotency_key, "count:ab12:L1:LP-1");
  EXPECT_EQ(a->txn.effective_date, "2026-03-31");
  EXPECT_EQ(a->txn.source.document_sha256, "ab12");
  EXPECT_EQ(a->txn.source.line_ranges, "4");
  EXPECT_EQ(a->txn.memo,
            "adjust 2 LP-1 from W1 doc C1 (count at the 2026-03-31 cut-off: books 10, counted "
            "12): found in bay 4");
  ASSERT_EQ(a->txn.postings.size(), 2u);
  EXPECT_EQ(a->txn.postings[0].account.name(), "L1:external:SKU:LP-1");
  EXPECT_EQ(a->txn.postings[0].amount, u(-2));
  EXPECT_EQ(a->txn.postings[1].account.name(), "L1:inventory:SKU:LP-1@W1");
  EXPECT_EQ(a->txn.postings[1].amount, u(2));
  EXPECT_EQ(a->movement.kind, MovementKind::kAdjust);
  EXPECT_EQ(a->movement.document, "C1");
  EXPECT_EQ(a->movement.units, u(2));
  EXPECT_EQ(a->movement.reason, "found in bay 4");
  expect_books_agree(count, balances, a->txn.postings);
}

TEST(CountTest, ShortageBeyondFreeStockTakesTheAllocationToo) {
  const std::vector<AccountBalance> balances = {
      held("L1", AccountKind::kInventory, "CD-1", "W1", 3),
      held("L1", AccountKind::kAllocated, "CD-1", "W1", 4, "S1"),
      held("L2", AccountKind::kInventory, "CD-1", "W1", 9)};  // Another owner: untouched.
  const Count count = count_of({line(2, "CD-1", "L1", 1), line(3, "CD-1", "L2", 9)});
  const Discrepancy d = compare_count(count, expected_units(balances)).front();
  ASSERT_EQ(d.difference, u(-6));
  Result<CountAdjustment> a = plan_count_adjustment(count, d, balances, "ab12", "shrinkage");
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_EQ(a->txn.postings.size(), 3u);
  EXPECT_EQ(a->txn.postings[0].account.name(), "L1:inventory:SKU:CD-1@W1");
  EXPECT_EQ(a->txn.postings[0].amount, u(-3));
  EXPECT_EQ(a->txn.postings[1].account.name(), "L1:allocated:SKU:CD-1@W1/S1");
  EXPECT_EQ(a->txn.postings[1].amount, u(-3));
  EXPECT_EQ(a->txn.postings[2].account.name(), "L1:external:SKU:CD-1");
  EXPECT_EQ(a->txn.postings[2].amount, u(6));
  expect_books_agree(count, balances, a->txn.postings);
}

TEST(CountTest, ShortageWithinFreeStockIsPlainAdjust) {
  const std::vector<AccountBalance> balances = {
      held("L1", AccountKind::kInventory, "CD-1", "W1", 600),
      held("L1", AccountKind::kAllocated, "CD-1", "W1", 100, "S1")};
  const Count count = count_of({line(2, "CD-1", "L1", 695)});
  const Discrepancy d = compare_count(count, expected_units(balances)).front();
  Result<CountAdjustment> a = plan_count_adjustment(count, d, balances, "ab12", "shrinkage");
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_EQ(a->txn.postings.size(), 2u);
  EXPECT_EQ(a->txn.postings[0].account.name(), "L1:inventory:SKU:CD-1@W1");
  EXPECT_EQ(a->txn.postings[0].amount, u(-5));
  EXPECT_EQ(a->txn.postings[1].account.name(), "L1:external:SKU:CD-1");
  EXPECT_EQ(a->txn.postings[1].amount, u(5));
  expect_books_agree(count, balances, a->txn.postings);
}

TEST(CountTest, ASkuMissingFromTheCountLinksToEveryLineAndNeedsAReason) {
  const std::vector<AccountBalance> balances = {
      held("L1", AccountKind::kInventory, "CD-2", "W1", 40)};
  const Count count =
      count_of({line(2, "CD-1", "L1", 1), line(3, "LP-1", "L1", 0), line(5, "LP-1", "L2", 0)});
  const std::vector<Discrepancy> rows = compare_count(count, expected_units(balances));
  ASSERT_EQ(rows[1].sku, "CD-2");
  Result<CountAdjustment> a = plan_count_adjustment(count, rows[1], balances, "ab12", "lost");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->txn.source.line_ranges, "2-3,5");
  EXPECT_EQ(a->movement.line_number, 0);
  EXPECT_EQ(a->movement.units, u(-40));
  Result<CountAdjustment> no_reason = plan_count_adjustment(count, rows[1], balances, "ab12", "");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, ErrorCode::kFieldMissing);
  EXPECT_EQ(no_reason.error().where.field, "reason");
}

TEST(CountTest, LineRanges) {
  EXPECT_EQ(line_ranges({7, 2, 3, 4, 9, 10, 3}), "2-4,7,9-10");
  EXPECT_EQ(line_ranges({}), "");
}

}  // namespace
}  // namespace fermata
