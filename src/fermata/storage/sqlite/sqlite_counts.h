// SqliteCountRegister: the count register over the database's own
// connection (internal), so its rows share the ledger's storage transaction.
#pragma once

#include "fermata/storage/count_register.h"
#include "fermata/storage/sqlite/sqlite_db.h"

namespace fermata::sqlite {

class SqliteCountRegister final : public CountRegister {
 public:
  explicit SqliteCountRegister(Connection& connection) : connection_(connection) {}

  Status put_count(const CountRecord& count, const std::vector<CountLineRecord>& lines) override;
  Result<std::optional<CountRecord>> find_count(const std::string& id) override;
  Result<std::optional<CountRecord>> find_count_of_file(const std::string& sha256) override;
  Result<std::vector<CountLineRecord>> count_lines(const std::string& id) override;
  Result<std::vector<CountedBin>> bins_of(const std::string& owner,
                                          const std::string& as_of) override;
  Status put_approval(const CountApprovalRecord& approval) override;
  Result<std::vector<CountApprovalRecord>> approvals(const std::string& count_id) override;

 private:
  Result<std::optional<CountRecord>> find_by(const std::string& column, const std::string& value);

  Connection& connection_;
};

}  // namespace fermata::sqlite
