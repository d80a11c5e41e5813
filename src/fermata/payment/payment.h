// Payment: paying each licensor what its statements say it is due, from the
// money held for it in trust, with the tax the law requires withheld.
//
// Three steps, with the bank and a person in between:
//   propose  For each distribution agreement and currency: what the latest
//            statement due on the day (period end + the agreement's days to
//            pay) says the licensor is due, less what was paid since; and how
//            much of it is actually held in its trust account once what it
//            owes the accounting party (fees, tax on fees) is settled from
//            it. The payment is the smaller, in whole minor units (a
//            fraction of a cent stays in trust and rolls forward). Below the
//            agreement's threshold, or without a payee record and bank
//            account, nothing is paid and the reason is given. Tax is
//            withheld at the payee's rate on the day (agreement/payee.h),
//            rounded half up to the minor unit.
//   export   The proposed payments become a numbered batch (PAY-000001),
//            written as a bank file (CSV, or ISO 20022 pain.001.001.03) and
//            recorded with its CSV; its lines are not proposed again while the
//            batch is open.
//   record   The bank's confirmation (the batch CSV, with value dates and
//            bank references filled in and unpaid lines removed) is checked
//            line by line against the batch as exported and posted, each
//            line its own transaction (key "pay:<batch>:<line>"):
//              fee settled S:  L:payable/D +S, L:trust -S, D:receivable/L -S, D:cash +S
//              withheld W:     L:trust -W, L:expense/WHT +W, D:cash +W, D:payable/WHT -W
//              paid N:         L:trust -N, L:cash +N
//            (L the licensor, D the payer). The batch is then closed.
// Under an agreement with exchange terms, a currency other than its payout
// currency reaches payment converted by the royalty run (royalty/convert.h):
// its statement balance is zero and the payout currency's holds it. Recording
// a payment in the payout currency settles the conversions of the statement
// it pays, posting the exchange difference between the period end's rate and
// the value date's to whoever the agreement says bears it (exchange.h). A
// statement shows the payments whose value date falls in its period
// (statement/).
//
// Thread safety: functions over a Database and Ledger used by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fermata/agreement/payee.h"
#include "fermata/base/result.h"
#include "fermata/ledger/ledger.h"
#include "fermata/storage/storage.h"

namespace fermata {

// The counterparty of withholding-tax accounts: the authority it is owed to.
inline constexpr const char* kWithholdingAuthority = "WHT";

struct PaymentProposal {
  std::string agreement_id, payee, payee_name, payer, currency;
  std::string statement_period, statement_date;  // The latest statement due.
  Decimal due;          // Its closing, less payments dated after its period.
  Decimal held;         // The payee's trust balance on the day.
  Decimal fee_settled;  // What it owes the payer, settled from trust first.
  Decimal gross, withheld, net, withholding_rate;
  std::string withholding_reason;
  bool withholding_flagged = false;
  BankAccount bank;
  // "pay", or why not: "below threshold 50.00", "nothing held in trust yet",
  // "no payee record", "no bank account on file", "in batch PAY-000001",
  // "nothing due".
  std::string status;
  bool payable() const { return status == "pay"; }
};

// Every agreement's proposal for each currency it has a statement balance
// in, on `on_date` (ISO), by agreement and currency. Writes nothing.
// Errors: as the statements and the ledger's balances.
Result<std::vector<PaymentProposal>> propose_payments(Database& database, Ledger& ledger,
                                                      const std::string& on_date);

// The batch CSV (docs/FORMATS.md §12): one line per payable proposal.
std::string payment_batch_csv(const std::string& batch_id, const std::string& on_date,
                              const std::vector<PaymentProposal>& proposals);

struct PainParty {
  std::string name;
  BankAccount bank;
};

// The batch as an ISO 20022 pain.001.001.03 credit-transfer initiation: one
// payment information block per payer and currency, the debtor being the
// payer's account in `debtors` (by party), amounts at the currency's minor
// unit, end-to-end ids "<batch>-<line>". `created_at` is the message time
// (ISO, UTC). Errors: field_missing when a payer is not in `debtors` or a
// creditor has no bank account; field_invalid when nothing is payable or
// the lines are paid by more than one payer (one initiating party a file).
Result<std::string> payment_batch_pain001(const std::string& batch_id, const std::string& on_date,
                                          const std::string& created_at,
                                          const std::map<std::string, PainParty>& debtors,
                                          const std::vector<PaymentProposal>& proposals);

// Records a batch of the payable proposals (numbered, with its CSV) and
// returns it. REQUIRES: inside Ledger::begin_write(). Errors: field_invalid
// when none is payable.
Result<PaymentBatch> record_batch(Database& database, const std::string& on_date,
                                  const std::string& format,
                                  const std::vector<PaymentProposal>& proposals,
                                  const std::string& created_at, const std::string& actor);

struct RecordOutcome {
  std::string batch_id;
  std::vector<PaymentRecord> payments;
  bool already_recorded = false;  // The same confirmation was recorded before.
  // Conversions the payments settled (exchange.h), posted now.
  std::vector<ExchangeDifferenceRecord> exchange_differences;
};

// Records the confirmation `csv` (read from `file_name`) of an open batch:
// every line must match the batch as exported except value_date and
// bank_reference; a value date must be on or after the batch's day and not
// inside a period whose statement has been issued; the trust account must
// hold the line's money. All or nothing. REQUIRES: inside
// Ledger::begin_write(). Errors name the file, line and field: parse_error,
// field_missing, field_invalid, exists_with_different_content (a batch
// recorded before with other lines).
Result<RecordOutcome> record_payments(Database& database, Ledger& ledger, std::string_view csv,
                                      const std::string& file_name, const std::string& recorded_at);

// What is owed to one payee under one agreement in one currency, by age:
// each run period's net movement (before payments) is owed from its
// statement date; payments and negative periods settle the oldest first.
struct AgingRow {
  std::string agreement_id, payee, currency;
  // "current" (not yet due), then days past the statement date: "1-30",
  // "31-60", "61-90", "91-180", "181-365", "365+".
  std::map<std::string, Decimal> buckets;
  Decimal total;
  std::string oldest_unpaid;  // "ST-000003 (2026-Q1, due 2026-06-29)", or "".
};
inline constexpr const char* kAgingBuckets[] = {"current", "1-30",    "31-60", "61-90",
                                                "91-180",  "181-365", "365+"};

// Errors: as the statements.
Result<std::vector<AgingRow>> payment_aging(Database& database, const std::string& as_of);

}  // namespace fermata
