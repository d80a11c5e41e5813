// SqliteStockRegister: the stock register over the database's own
// connection (internal), so its rows share the ledger's storage transaction.
#pragma once

#include "fermata/storage/sqlite/sqlite_db.h"
#include "fermata/storage/stock_register.h"

namespace fermata::sqlite {

class SqliteStockRegister final : public StockRegister {
 public:
  explicit SqliteStockRegister(Connection& connection) : connection_(connection) {}

  Status put_movement(const StockMovementRecord& movement) override;
  Result<std::vector<StockMovementRecord>> movements(const std::string& owner,
                                                     const std::string& as_of) override;
  Status put_price(const PriceRecord& price) override;
  Result<std::vector<PriceRecord>> prices() override;
  Result<std::vector<PriceRecord>> prices_of(const std::set<std::string>& skus) override;
  Status put_insurance(const InsuranceRecord& insurance) override;
  Result<std::vector<InsuranceRecord>> insurance() override;
  Status put_purchase_order_line(const PurchaseOrderLine& line) override;
  Status put_purchase_order_cancel(const PurchaseOrderCancel& cancel) override;
  Result<std::vector<PurchaseOrderLine>> purchase_order_lines() override;
  Result<std::vector<PurchaseOrderCancel>> purchase_order_cancels() override;

 private:
  Connection& connection_;
};

}  // namespace fermata::sqlite
