// SqliteRoyaltyRegister: the royalty register over the database's own
// connection (internal), so its rows share the ledger's storage transaction.
#pragma once

#include "fermata/storage/royalty_register.h"
#include "fermata/storage/sqlite/sqlite_db.h"

namespace fermata::sqlite {

class SqliteRoyaltyRegister final : public RoyaltyRegister {
 public:
  explicit SqliteRoyaltyRegister(Connection& connection) : connection_(connection) {}

  Status put_period(const RoyaltyPeriodRecord& period) override;
  Result<std::vector<RoyaltyPeriodRecord>> periods(const std::string& agreement_id) override;
  Status put_line(const RoyaltyLine& line) override;
  Result<std::vector<RoyaltyLine>> lines(const std::string& agreement_id) override;
  Result<std::int64_t> next_statement_number() override;
  Status put_statement(const IssuedStatement& statement) override;
  Result<std::optional<IssuedStatement>> find_statement(const std::string& agreement_id,
                                                        const std::string& period_name) override;
  Status put_close(const ClosedPeriod& closed) override;
  Result<std::vector<ClosedPeriod>> closed_periods(const std::string& agreement_id) override;

 private:
  Connection& connection_;
};

}  // namespace fermata::sqlite
