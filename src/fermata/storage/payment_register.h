// PaymentRegister: what was proposed to the bank and what the bank paid.
//
// A payment run has two steps with a human in between. `fermata pay export`
// writes a bank file for the proposed payments and records the batch here
// with the exact CSV of its lines (the record a confirmation is checked
// against). `fermata pay record` reads the confirmation back, posts each
// confirmed line to the ledger and records it here with the transaction that
// posts it; the batch is then recorded, and its lines that were not confirmed
// are free to be proposed again. Rows are written in the same storage
// transaction as the ledger transactions they describe. Append-only.
//
// Thread safety: as Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata {

// A batch as exported: its id ("PAY-000001"), the day it pays on, the bank
// file format it was written as, and the CSV of its lines as exported.
struct PaymentBatch {
  std::string id;
  std::string on_date;
  std::string format;  // "csv" or "pain001".
  std::string csv, csv_sha256;
  std::string created_at, actor;
  std::string recorded_at;  // When its confirmation was recorded; "" = open.
};

// One confirmed payment to one payee under one agreement, in one currency:
// `gross` leaves the payee's trust account, `withheld` of it goes to the tax
// authority, `net` to the payee's bank; `fee_settled` is what the payee owed
// the payer (fees, tax on fees), settled from trust in the same transaction.
struct PaymentRecord {
  std::string batch_id;
  std::int64_t line = 0;  // 1-based, as in the batch.
  std::string agreement_id, payee, payer, currency;
  Decimal gross, withheld, net, fee_settled, withholding_rate;
  std::string value_date, bank_reference;
  std::int64_t txn_seq = 0;
  std::string recorded_at, actor;
};

// A conversion of the royalty run (a register line of kind "conversion")
// settled by a payment: `base` of `base_currency` was recognised as
// `recognised` of `currency` at `recognised_rate` (the period end's rate),
// and is paid at `paid_rate`, the rate on the payment's value date, giving
// `paid`. `amount` = paid - recognised (+ a gain, - a loss) is borne by
// `borne_by` (the licensor or the accounting party, as the agreement's
// `[exchange] borne_by` says). `txn_seq` is the transaction posting the
// difference, or the payment's own when the difference is zero.
struct ExchangeDifferenceRecord {
  std::int64_t conversion_line = 0;  // The royalty_line id; settled once.
  std::string batch_id;
  std::int64_t line = 0;
  std::string agreement_id, borne_by, currency, base_currency;
  Decimal base, recognised_rate, paid_rate, recognised, paid, amount;
  std::string value_date, rate_source;
  std::int64_t txn_seq = 0;
  std::string recorded_at, actor;
};

class PaymentRegister {
 public:
  virtual ~PaymentRegister() = default;

  // The number the next batch gets (1, 2, ...).
  virtual Result<std::int64_t> next_batch_number() = 0;
  virtual Status put_batch(const PaymentBatch& batch) = 0;
  // Every batch, by id; `recorded_at` filled for recorded ones.
  virtual Result<std::vector<PaymentBatch>> batches() = 0;
  // Marks `batch_id` recorded. Errors: exists_with_different_content when it
  // was recorded before.
  virtual Status put_batch_recorded(const std::string& batch_id, const std::string& recorded_at,
                                    const std::string& actor) = 0;

  virtual Status put_payment(const PaymentRecord& payment) = 0;
  // Every payment under `agreement_id` ("" = all), by value date, batch, line.
  virtual Result<std::vector<PaymentRecord>> payments(const std::string& agreement_id) = 0;

  // Errors: exists_with_different_content when the conversion was settled
  // before.
  virtual Status put_exchange_difference(const ExchangeDifferenceRecord& difference) = 0;
  // Every exchange difference of `agreement_id`, by value date and
  // conversion line.
  virtual Result<std::vector<ExchangeDifferenceRecord>> exchange_differences(
      const std::string& agreement_id) = 0;
};

}  // namespace fermata
