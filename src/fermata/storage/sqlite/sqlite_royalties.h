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

 private:
  Connection& connection_;
};

}  // namespace fermata::sqlite
