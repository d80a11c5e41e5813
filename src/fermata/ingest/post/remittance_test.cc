// Goal: money that arrives settles what was reported: split over the owners'
// outstanding shares exactly (largest remainder), with settlement rows, the
// receivables views, on-account overpayments, the `pays` selectors, and the
// rematch that moves suspense to its owner once the catalog knows it.
// Method: a real SQLite database and Ledger; a Q4 2015 report of 11.50 USD
// from store S1 to distributor D1: 7.00 for label L1, 3.00 for label L2 and
// 1.50 in D1's suspense (an ISRC the catalog does not know). Every expected
// figure is computed by hand (allocations at 10^-12).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fermata/base/sha256.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/post/post_test_util.h"
#include "fermata/ingest/post/receivables.h"
#include "fermata/ingest/post/rematch.h"
#include "fermata/ingest/post/remittance_posting.h"
#include "fermata/ingest/post/sales_posting.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/sqlite/test_db.h"
#include "fermata/storage/storage.h"

namespace fermata {
namespace {

using testing::TempDir;

constexpr const char* kIsrc1 = testing::kTestIsrc1;  // R1, owned by L1.
constexpr const char* kIsrc2 = testing::kTestIsrc2;  // R2, owned by L2.
constexpr char kUnknown[] = "GBAYE0000009";          // Not in the catalog until a test adds it.

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

SaleLine sale(std::int64_t line_number, std::string isrc, const char* amount,
              std::string period_end = "2015-12-31") {
  SaleLine line;
  line.line_number = line_number;
  line.isrc = std::move(isrc);
  line.store = "Spotify";
  line.channel = SalesChannel::kStream;
  line.territory = "US";
  line.sale_start = period_end.substr(0, 7) == "2015-12" ? "2015-10-01" : "2016-01-01";
  line.sale_end = std::move(period_end);
  line.currency = "USD";
  line.units = dec("1");
  line.amount = dec(amount);
  return line;
}

SalesReport q4_report() {
  SalesReport report;
  report.format = "dsr";
  report.payer = "PADPIDA2014111801Y";
  report.recipient = "PADPIDA2013020802I";
  report.period_start = "2015-10-01";
  report.period_end = "2015-12-31";
  report.identity = "dsr|q4";
  report.lines = {sale(3, kIsrc1, "4.00"), sale(4, kIsrc1, "3.00"), sale(5, kIsrc2, "3.00"),
                  sale(7, kUnknown, "1.00"), sale(8, kUnknown, "0.50")};
  return report;
}

SalesReport jan_report() {
  SalesReport report = q4_report();
  report.period_start = "2016-01-01";
  report.period_end = "2016-01-31";
  report.identity = "dsr|jan";
  report.lines = {sale(2, kIsrc1, "2.00", "2016-01-31")};
  return report;
}

RemittanceLine pay(std::int64_t line_number, const char* amount, std::vector<std::string> pays = {},
                   std::string currency = "USD") {
  return RemittanceLine{line_number,
                        "Streamy",
                        "2016-01-15",
                        std::move(currency),
                        dec(amount),
                        std::move(pays),
                        "BANK-" + std::to_string(line_number)};
}

class RemittanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("books.db"), {.create = true});
    ASSERT_TRUE(db) << db.error().to_string();
    db_ = std::move(*db);
    ledger_ = std::make_unique<Ledger>(db_->ledger_storage(), LedgerOptions{.actor = "test"});
    testing::put_two_label_catalog(*db_);
  }

  void add_release(const std::string& id, const std::string& icpn, const std::string& isrc,
                   const std::string& owner) {
    ASSERT_TRUE(db_->put_recording(Recording{isrc, "Song " + id, "The Band", 180}));
    ASSERT_TRUE(db_->put_release(Release{id, "Release " + id, icpn}));
    ASSERT_TRUE(db_->put_release_track(ReleaseTrack{id, 1, isrc}));
    ASSERT_TRUE(
        db_->put_relation(Relation{RelationKind::kOwner, id, owner, "2015-01-01", std::nullopt}));
  }

  std::int64_t record(const std::string& sha, const std::string& path) {
    Result<std::int64_t> id = db_->record_import(
        ImportRecord{0, sha, path, "dsr", "2016-01-20T00:00:00Z", "test", 1, 0, sha});
    EXPECT_TRUE(id) << id.error().to_string();
    return id ? *id : 0;
  }

  // Imports a sales report as import_sales does: import row, postings,
  // report row and totals, in one unit. Returns the import id.
  std::int64_t import_report(const SalesReport& report, const std::string& name) {
    const std::string sha = sha256_hex(name);
    EXPECT_TRUE(ledger_->begin_write());
    const std::int64_t id = record(sha, name);
    const CatalogIndex catalog(*db_->catalog_snapshot());
    Result<SalesParties> parties = resolve_sales_parties(report, catalog, "");
    EXPECT_TRUE(parties) << parties.error().to_string();
    Result<SalesPosted> posted = post_sales(report, sha, id, *parties, catalog, *db_, *ledger_);
    EXPECT_TRUE(posted) << posted.error().to_string();
    ReportRegister& reg = db_->report_register();
    EXPECT_TRUE(reg.put_report(ReportRecord{id, "sales", "dsr", report.identity, parties->payer,
                                            parties->holder, report.period_start, report.period_end,
                                            "", "test", 0, sha}));
    for (const auto& [currency, total] : posted->totals) EXPECT_TRUE(reg.put_total(total));
    EXPECT_TRUE(ledger_->commit());
    return id;
  }

  // Posts a remittance in one unit (rolled back on error).
  Result<RemittancePosted> remit(std::vector<RemittanceLine> lines, const std::string& name,
                                 const std::string& holder_override = "") {
    remittance_sha_ = sha256_hex(name);
    Remittance remittance;
    remittance.lines = std::move(lines);
    return testing::in_unit(*ledger_, [&] {
      remittance_import_ = record(remittance_sha_, name);
      return post_remittance(remittance, remittance_sha_, remittance_import_, name, holder_override,
                             *db_, *ledger_);
    });
  }

  Result<RematchOutcome> run_rematch() {
    return testing::in_unit(*ledger_, [&] { return rematch(*db_, *ledger_, "2016-02-15"); });
  }

  std::map<std::string, Decimal> balances() { return testing::nonzero_balances(*ledger_); }

  static std::map<std::string, Decimal> postings_of(const StoredTransaction& txn) {
    std::map<std::string, Decimal> out;
    for (const Posting& p : txn.content.postings) out[p.account.name()] += p.amount;
    return out;
  }

  std::vector<Settlement> settlements() {
    auto rows = db_->report_register().settlements();
    EXPECT_TRUE(rows) << rows.error().to_string();
    return rows ? *rows : std::vector<Settlement>{};
  }

  std::vector<ReportReceivable> receivables() {
    auto rows = report_receivables(*db_, *ledger_);
    EXPECT_TRUE(rows) << rows.error().to_string();
    return rows ? *rows : std::vector<ReportReceivable>{};
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Ledger> ledger_;
  std::string remittance_sha_;
  std::int64_t remittance_import_ = 0;
};

using Shares = std::map<std::string, Decimal>;

TEST_F(RemittanceTest, ReceivablesBeforeAnyPayment) {
  const std::int64_t q4 = import_report(q4_report(), "q4.tsv");
  const std::vector<ReportReceivable> rows = receivables();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].report.import_id, q4);
  EXPECT_EQ(rows[0].report.payer, "S1");
  EXPECT_EQ(rows[0].report.recipient, "D1");
  EXPECT_EQ(rows[0].currency, "USD");
  EXPECT_EQ(rows[0].reported, dec("11.50"));
  EXPECT_EQ(rows[0].received, dec("0"));
  EXPECT_EQ(rows[0].outstanding_by_owner,
            (Shares{{"D1", dec("1.50")}, {"L1", dec("7.00")}, {"L2", dec("3.00")}}));
  EXPECT_EQ(rows[0].outstanding(), dec("11.50"));
  EXPECT_EQ(period_label("2015-10-01", "2015-12-31"), "2015-10..2015-12");
  EXPECT_EQ(period_label("2016-01-01", "2016-01-31"), "2016-01");
}

TEST_F(RemittanceTest, PaymentSplitsOverOwnersShares) {
  const std::int64_t q4 = import_report(q4_report(), "q4.tsv");
  Result<RemittancePosted> posted = remit({pay(2, "5.75")}, "remit.csv");
  ASSERT_TRUE(posted) << posted.error().to_string();
  EXPECT_EQ(posted->transactions, 1);
  EXPECT_EQ(posted->reports_settled, 1);
  EXPECT_EQ(posted->on_account, dec("0"));

  // 5.75 of 11.50 is half of every share: 0.75, 3.50, 1.50.
  auto txn = ledger_->get(4);
  ASSERT_TRUE(txn) << txn.error().to_string();
  EXPECT_EQ(txn->content.idempotency_key, "remit:" + remittance_sha_.substr(0, 32) + ":2");
  EXPECT_EQ(txn->content.effective_date, "2016-01-15");
  EXPECT_EQ(txn->content.source.document_sha256, remittance_sha_);
  EXPECT_EQ(txn->content.source.line_ranges, "2");
  EXPECT_EQ(txn->content.memo, "remittance from Streamy 5.75 USD ref BANK-2");
  EXPECT_EQ(postings_of(*txn), (Shares{{"D1:escrow:USD/S1", dec("0.75")},
                                       {"D1:receivable:USD/S1", dec("-0.75")},
                                       {"L1:receivable:USD/S1", dec("-3.50")},
                                       {"L1:trust:USD", dec("3.50")},
                                       {"L2:receivable:USD/S1", dec("-1.50")},
                                       {"L2:trust:USD", dec("1.50")}}));

  const std::vector<Settlement> rows = settlements();
  ASSERT_EQ(rows.size(), 3u);
  Shares by_owner;
  Decimal sum;
  for (const Settlement& s : rows) {
    EXPECT_EQ(s.remittance_import, remittance_import_);
    EXPECT_EQ(s.remittance_line, 2);
    EXPECT_EQ(s.report_import, q4);
    EXPECT_EQ(s.payer, "S1");
    EXPECT_EQ(s.currency, "USD");
    EXPECT_EQ(s.value_date, "2016-01-15");
    EXPECT_EQ(s.bank_reference, "BANK-2");
    EXPECT_EQ(s.txn_seq, 4);
    by_owner[s.owner] += s.amount;
    sum += s.amount;
  }
  EXPECT_EQ(by_owner, (Shares{{"D1", dec("0.75")}, {"L1", dec("3.50")}, {"L2", dec("1.50")}}));
  EXPECT_EQ(sum, dec("5.75"));

  const std::vector<ReportReceivable> after = receivables();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].received, dec("5.75"));
  EXPECT_EQ(after[0].outstanding_by_owner,
            (Shares{{"D1", dec("0.75")}, {"L1", dec("3.50")}, {"L2", dec("1.50")}}));
  EXPECT_EQ(after[0].outstanding(), dec("5.75"));

  auto payers = payer_receivables(*db_, *ledger_);
  ASSERT_TRUE(payers) << payers.error().to_string();
  ASSERT_EQ(payers->size(), 1u);
  const PayerReceivable& row = payers->front();
  EXPECT_EQ(row.payer, "S1");
  EXPECT_EQ(row.period, "2015-10..2015-12");
  EXPECT_EQ(row.currency, "USD");
  EXPECT_EQ(row.reported, dec("11.50"));
  EXPECT_EQ(row.received, dec("5.75"));
  EXPECT_EQ(row.outstanding, dec("5.75"));
}

// 1.00 of 11.50 = 0.0869565217391304...: truncated at 10^-12 the parts are
// 0.130434782608 + 0.608695652173 + 0.260869565217 = 0.999999999998; the two
// units left go to the largest remainders (L1 .913, D1 .696).
TEST_F(RemittanceTest, UnevenPaymentAllocatesByLargestRemainder) {
  import_report(q4_report(), "q4.tsv");
  ASSERT_TRUE(remit({pay(2, "1.00")}, "remit.csv"));
  Shares by_owner;
  Decimal sum;
  for (const Settlement& s : settlements()) {
    by_owner[s.owner] += s.amount;
    sum += s.amount;
  }
  EXPECT_EQ(by_owner, (Shares{{"D1", dec("0.130434782609")},
                              {"L1", dec("0.608695652174")},
                              {"L2", dec("0.260869565217")}}));
  EXPECT_EQ(sum, dec("1.00"));
  EXPECT_EQ(receivables()[0].outstanding(), dec("10.50"));
}

TEST_F(RemittanceTest, OverpaymentLandsOnAccount) {
  const std::int64_t q4 = import_report(q4_report(), "q4.tsv");
  Result<RemittancePosted> posted = remit({pay(2, "20.00")}, "remit.csv");
  ASSERT_TRUE(posted) << posted.error().to_string();
  EXPECT_EQ(posted->reports_settled, 1);
  EXPECT_EQ(posted->on_account, dec("8.50"));
  auto txn = ledger_->get(4);
  ASSERT_TRUE(txn);
  // D1's escrow holds its suspense share (1.50) and the excess (8.50).
  EXPECT_EQ(postings_of(*txn), (Shares{{"D1:escrow:USD/S1", dec("10.00")},
                                       {"D1:payable:USD/S1", dec("-8.50")},
                                       {"D1:receivable:USD/S1", dec("-1.50")},
                                       {"L1:receivable:USD/S1", dec("-7.00")},
                                       {"L1:trust:USD", dec("7.00")},
                                       {"L2:receivable:USD/S1", dec("-3.00")},
                                       {"L2:trust:USD", dec("3.00")}}));
  std::map<std::int64_t, Decimal> by_report;
  for (const Settlement& s : settlements()) by_report[s.report_import] += s.amount;
  EXPECT_EQ(by_report, (std::map<std::int64_t, Decimal>{{0, dec("8.50")}, {q4, dec("11.50")}}));

  auto payers = payer_receivables(*db_, *ledger_);
  ASSERT_TRUE(payers);
  ASSERT_EQ(payers->size(), 2u);
  EXPECT_EQ((*payers)[0].period, "2015-10..2015-12");
  EXPECT_EQ((*payers)[0].reported, dec("11.50"));
  EXPECT_EQ((*payers)[0].received, dec("11.50"));
  EXPECT_EQ((*payers)[0].outstanding, dec("0"));
  EXPECT_EQ((*payers)[1].payer, "S1");
  EXPECT_EQ((*payers)[1].period, "on account");
  EXPECT_EQ((*payers)[1].reported, dec("0"));
  EXPECT_EQ((*payers)[1].received, dec("8.50"));
  EXPECT_EQ((*payers)[1].outstanding, dec("-8.50"));
}

TEST_F(RemittanceTest, PaymentWithoutAnyReportGoesToTheSoleDistributor) {
  Result<RemittancePosted> posted = remit({pay(2, "4.00")}, "remit.csv");
  ASSERT_TRUE(posted) << posted.error().to_string();
  EXPECT_EQ(posted->on_account, dec("4.00"));
  EXPECT_EQ(postings_of(*ledger_->get(1)),
            (Shares{{"D1:escrow:USD/S1", dec("4.00")}, {"D1:payable:USD/S1", dec("-4.00")}}));
}

TEST_F(RemittanceTest, PaysSelectsReportsByIdentityImportAndPeriod) {
  const std::int64_t q4 = import_report(q4_report(), "q4.tsv");
  const std::int64_t jan = import_report(jan_report(), "jan.tsv");
  Result<RemittancePosted> posted =
      remit({pay(2, "1.00", {"2016-01"}), pay(3, "1.15", {"2015-Q4"}), pay(4, "0.20", {"2015"}),
             pay(5, "0.50", {"dsr|jan"}), pay(6, "0.30", {"import:" + std::to_string(q4)}),
             pay(7, "0.40")},
            "remit.csv");
  ASSERT_TRUE(posted) << posted.error().to_string();
  EXPECT_EQ(posted->transactions, 6);
  std::map<std::int64_t, std::set<std::int64_t>> reports_of_line;
  std::map<std::int64_t, Decimal> sum_of_line;
  for (const Settlement& s : settlements()) {
    reports_of_line[s.remittance_line].insert(s.report_import);
    sum_of_line[s.remittance_line] += s.amount;
  }
  using Reports = std::set<std::int64_t>;
  EXPECT_EQ(reports_of_line[2], Reports{jan});
  EXPECT_EQ(reports_of_line[3], Reports{q4});
  EXPECT_EQ(reports_of_line[4], Reports{q4});
  EXPECT_EQ(reports_of_line[5], Reports{jan});
  EXPECT_EQ(reports_of_line[6], Reports{q4});
  EXPECT_EQ(reports_of_line[7], Reports{q4});  // No `pays`: the oldest report first.
  EXPECT_EQ(sum_of_line[3], dec("1.15"));
  EXPECT_EQ(sum_of_line[7], dec("0.40"));

  auto payers = payer_receivables(*db_, *ledger_);
  ASSERT_TRUE(payers);
  ASSERT_EQ(payers->size(), 2u);
  EXPECT_EQ((*payers)[0].period, "2015-10..2015-12");
  EXPECT_EQ((*payers)[0].received, dec("2.05"));
  EXPECT_EQ((*payers)[0].outstanding, dec("9.45"));
  EXPECT_EQ((*payers)[1].period, "2016-01");
  EXPECT_EQ((*payers)[1].reported, dec("2.00"));
  EXPECT_EQ((*payers)[1].received, dec("1.50"));
  EXPECT_EQ((*payers)[1].outstanding, dec("0.50"));
}

TEST_F(RemittanceTest, QuarterCoversOnlyReportsInsideIt) {
  import_report(q4_report(), "q4.tsv");
  const std::int64_t jan = import_report(jan_report(), "jan.tsv");
  ASSERT_TRUE(remit({pay(2, "2.00", {"2016-Q1"})}, "remit.csv"));
  for (const Settlement& s : settlements()) EXPECT_EQ(s.report_import, jan);
  EXPECT_EQ(receivables()[1].received, dec("2.00"));
  EXPECT_EQ(receivables()[0].received, dec("0"));
}

TEST_F(RemittanceTest, PaysThatNamesNothingIsAnError) {
  import_report(q4_report(), "q4.tsv");
  struct Case {
    std::vector<std::string> pays;
    std::string currency, named;
  };
  for (const Case& c :
       {Case{{"2014"}, "USD", "2014"}, Case{{"import:99"}, "USD", "import:99"},
        Case{{"2015-12"}, "USD", "2015-12"},  // Q4 is not inside December.
        Case{{"dsr|q4"}, "EUR", "dsr|q4"}, Case{{"2015-Q4", "2013"}, "USD", "2013"}}) {
    Result<RemittancePosted> posted =
        remit({pay(2, "1.00"), pay(3, "1.00", c.pays, c.currency)}, "bad-" + c.named);
    ASSERT_FALSE(posted) << c.named;
    EXPECT_EQ(posted.error().code, ErrorCode::kFieldInvalid);
    EXPECT_EQ(posted.error().message,
              "pays '" + c.named + "' names no live report of payer S1 in " + c.currency);
    EXPECT_EQ(posted.error().where.file, "bad-" + c.named);
    EXPECT_EQ(posted.error().where.line_number, 3);
    EXPECT_EQ(posted.error().where.field, "pays");
    EXPECT_EQ(posted.error().where.value, c.named);
  }
  EXPECT_EQ(*db_->count_rows("txn"), 3);  // The report's only; nothing was kept.
  EXPECT_TRUE(settlements().empty());
}

// After 1.00 was paid, D1 had received 0.130434782609 of its 1.50 suspense
// share: that part moves escrow -> trust, the unpaid 1.369565217391 moves
// receivable -> receivable.
TEST_F(RemittanceTest, RematchSplitsPaidAndUnpaidParts) {
  const std::int64_t q4 = import_report(q4_report(), "q4.tsv");
  ASSERT_TRUE(remit({pay(2, "1.00")}, "remit.csv"));
  add_release("R3", "4012345000030", kUnknown, "L2");
  Result<RematchOutcome> outcome = run_rematch();
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->moved, 1);
  EXPECT_EQ(outcome->still_unmatched, 0);
  ASSERT_EQ(outcome->moves.size(), 1u);
  EXPECT_EQ(outcome->moves[0].second, "L2");
  EXPECT_EQ(outcome->moves[0].first.identifier, kUnknown);

  auto txn = ledger_->get(5);
  ASSERT_TRUE(txn) << txn.error().to_string();
  EXPECT_EQ(txn->content.idempotency_key, "rematch:1");
  EXPECT_EQ(txn->content.effective_date, "2016-02-15");
  EXPECT_EQ(txn->content.source.document_sha256, sha256_hex("q4.tsv"));
  EXPECT_EQ(txn->content.source.line_ranges, "7-8");
  EXPECT_EQ(postings_of(*txn), (Shares{{"D1:suspense:USD/S1", dec("1.50")},
                                       {"L2:external:USD/S1", dec("-1.50")},
                                       {"D1:receivable:USD/S1", dec("-1.369565217391")},
                                       {"L2:receivable:USD/S1", dec("1.369565217391")},
                                       {"D1:escrow:USD/S1", dec("-0.130434782609")},
                                       {"L2:trust:USD", dec("0.130434782609")}}));
  const Shares b = balances();
  EXPECT_FALSE(b.contains("D1:suspense:USD/S1"));
  EXPECT_FALSE(b.contains("D1:receivable:USD/S1"));
  EXPECT_FALSE(b.contains("D1:escrow:USD/S1"));
  EXPECT_EQ(b.at("L2:receivable:USD/S1"), dec("4.108695652174"));  // 3 - .260869565217 + 1.3695..
  EXPECT_EQ(b.at("L2:trust:USD"), dec("0.391304347826"));          // .260869565217 + .1304..
  EXPECT_EQ(b.at("L2:external:USD/S1"), dec("-4.50"));

  auto unmatched = db_->report_register().unmatched();
  ASSERT_TRUE(unmatched);
  ASSERT_EQ(unmatched->size(), 1u);
  EXPECT_EQ(unmatched->front().rematched_by, 5);
  EXPECT_TRUE(open_unmatched(*db_)->empty());

  const std::vector<ReportReceivable> after = receivables();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].report.import_id, q4);
  EXPECT_EQ(after[0].outstanding_by_owner.at("D1"), dec("0"));
  EXPECT_EQ(after[0].outstanding_by_owner.at("L1"), dec("6.391304347826"));
  EXPECT_EQ(after[0].outstanding_by_owner.at("L2"), dec("4.108695652174"));
  EXPECT_EQ(after[0].outstanding(), dec("10.50"));

  Result<RematchOutcome> again = run_rematch();
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->moved, 0);
  EXPECT_EQ(again->still_unmatched, 0);
  EXPECT_EQ(*db_->count_rows("txn"), 5);
  auto verify = ledger_->verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->problems.empty());
}

TEST_F(RemittanceTest, RematchOfUnpaidSuspenseMovesTheReceivableOnly) {
  import_report(q4_report(), "q4.tsv");
  add_release("R3", "4012345000030", kUnknown, "L1");
  Result<RematchOutcome> outcome = run_rematch();
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->moved, 1);
  EXPECT_EQ(postings_of(*ledger_->get(4)), (Shares{{"D1:suspense:USD/S1", dec("1.50")},
                                                   {"L1:external:USD/S1", dec("-1.50")},
                                                   {"D1:receivable:USD/S1", dec("-1.50")},
                                                   {"L1:receivable:USD/S1", dec("1.50")}}));
  EXPECT_EQ(receivables()[0].outstanding_by_owner,
            (Shares{{"D1", dec("0")}, {"L1", dec("8.50")}, {"L2", dec("3.00")}}));
}

TEST_F(RemittanceTest, RematchOfPaidSuspenseMovesEscrowToTrust) {
  import_report(q4_report(), "q4.tsv");
  ASSERT_TRUE(remit({pay(2, "11.50")}, "remit.csv"));
  add_release("R3", "4012345000030", kUnknown, "L1");
  Result<RematchOutcome> outcome = run_rematch();
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->moved, 1);
  EXPECT_EQ(postings_of(*ledger_->get(5)), (Shares{{"D1:suspense:USD/S1", dec("1.50")},
                                                   {"L1:external:USD/S1", dec("-1.50")},
                                                   {"D1:escrow:USD/S1", dec("-1.50")},
                                                   {"L1:trust:USD", dec("1.50")}}));
}

TEST_F(RemittanceTest, RematchLeavesWhatIsStillUnknown) {
  import_report(q4_report(), "q4.tsv");
  Result<RematchOutcome> outcome = run_rematch();
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->moved, 0);
  EXPECT_EQ(outcome->still_unmatched, 1);
  EXPECT_EQ(*db_->count_rows("txn"), 3);
  EXPECT_EQ(open_unmatched(*db_)->size(), 1u);
}

TEST_F(RemittanceTest, ImportDocumentsNamesTheFileOfAnImport) {
  const std::int64_t q4 = import_report(q4_report(), "q4.tsv");
  auto docs = import_documents(*db_, q4);
  ASSERT_TRUE(docs);
  EXPECT_EQ(*docs, std::vector<std::string>{sha256_hex("q4.tsv")});
  auto missing = import_documents(*db_, 99);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kTransactionNotFound);
}

}  // namespace
}  // namespace fermata
