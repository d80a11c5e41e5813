// SqlitePaymentRegister: the payment register over the database's own
// connection (internal), so its rows share the ledger's storage transaction.
#pragma once

#include "fermata/storage/payment_register.h"
#include "fermata/storage/sqlite/sqlite_db.h"

namespace fermata::sqlite {

class SqlitePaymentRegister final : public PaymentRegister {
 public:
  explicit SqlitePaymentRegister(Connection& connection) : connection_(connection) {}

  Result<std::int64_t> next_batch_number() override;
  Status put_batch(const PaymentBatch& batch) override;
  Result<std::vector<PaymentBatch>> batches() override;
  Status put_batch_recorded(const std::string& batch_id, const std::string& recorded_at,
                            const std::string& actor) override;
  Status put_payment(const PaymentRecord& payment) override;
  Result<std::vector<PaymentRecord>> payments(const std::string& agreement_id) override;
  Status put_exchange_difference(const ExchangeDifferenceRecord& difference) override;
  Result<std::vector<ExchangeDifferenceRecord>> exchange_differences(
      const std::string& agreement_id) override;

 private:
  Connection& connection_;
};

}  // namespace fermata::sqlite
