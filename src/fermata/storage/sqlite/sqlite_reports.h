// SqliteReportRegister: the report register over the database's own
// connection (internal), so its rows share the ledger's storage transaction.
#pragma once

#include "fermata/storage/report_register.h"
#include "fermata/storage/sqlite/sqlite_db.h"

namespace fermata::sqlite {

class SqliteReportRegister final : public ReportRegister {
 public:
  explicit SqliteReportRegister(Connection& connection) : connection_(connection) {}

  Status put_report(const ReportRecord& report) override;
  Result<std::vector<ReportRecord>> reports() override;
  Result<std::optional<ReportRecord>> find_live_report(const std::string& identity) override;
  Status put_void(std::int64_t import_id, const std::string& reason) override;
  Result<bool> is_voided(std::int64_t import_id) override;
  Result<std::vector<std::int64_t>> voided_imports() override;
  Status put_total(const ReportTotal& total) override;
  Result<std::vector<ReportTotal>> totals() override;
  Result<std::int64_t> put_unmatched(const UnmatchedRecord& record) override;
  Status put_rematch(std::int64_t unmatched_id, std::int64_t txn_seq) override;
  Result<std::vector<UnmatchedRecord>> unmatched() override;
  Status put_earning(const EarningRecord& record) override;
  Result<std::vector<EarningRecord>> earnings(const std::string& owner) override;
  Result<std::vector<EarningRecord>> earnings_of_import(std::int64_t import_id) override;
  Status put_reject(const RejectRecord& record) override;
  Result<std::vector<RejectRecord>> rejects(std::int64_t import_id) override;
  Status put_pending(const PendingPart& part) override;
  Status put_pending_posted(const std::string& identity, std::int64_t import_id) override;
  Result<std::vector<PendingPart>> pending_parts() override;
  Status put_settlement(const Settlement& settlement) override;
  Result<std::vector<Settlement>> settlements() override;

 private:
  Result<std::vector<ReportRecord>> read_reports(Statement* stmt);

  Connection& connection_;
};

}  // namespace fermata::sqlite
