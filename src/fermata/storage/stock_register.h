// StockRegister: what stock files said beyond their ledger transactions.
//
// Each movement a stock file (or a physical sales report) posted is kept as
// a row with its documents (delivery note, invoice, return authorisation,
// the owner's instruction), its transaction and its import, so a label's
// title can be proved document by document and an inventory statement can
// say what was received, shipped, sold, returned and destroyed. Price lists
// (PPD, the label's unit cost, SRP) and each location's insured basis are
// effective-dated rows; purchase orders are their lines plus cancellations
// (their status is derived from the units received against them). Rows are
// written in the storage transaction of the import that made them.
// Append-only.
//
// Thread safety: as Database.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata {

struct StockMovementRecord {
  std::int64_t id = 0;  // Ascending in the order recorded.
  std::int64_t import_id = 0;
  std::int64_t line = 0;     // Source line.
  std::int64_t txn_seq = 0;  // The units' transaction (0: none, e.g. a purchase order).
  std::string kind;          // movement_kind_name().
  std::string date, document, order, sku, owner, from, to, store, buyer;
  std::string terms, condition, reason;
  Decimal units;
  std::optional<Decimal> price;
  std::string currency;
  // Sell-through: units taken from the store's own (firm) units, from the
  // owner's consigned units, and beyond both (to unit suspense).
  Decimal firm, consigned, unexplained;
};

// One price of one product from `from` on (until the next row of the same
// sku, kind and currency). kind: "ppd", "cost" or "srp".
struct PriceRecord {
  std::string sku, kind, currency, from;
  Decimal amount;
  std::string file, recorded_at, actor;
};

// How a location's stock is insured from `from` on: the basis the insurer
// values units at ("cost", "ppd" or "srp") and the sum insured.
struct InsuranceRecord {
  std::string location, basis, currency, from;
  Decimal sum_insured;
  std::string file, recorded_at, actor;
};

// One line of a purchase order from `buyer` (the distributor) to `label`.
struct PurchaseOrderLine {
  std::string number, date, buyer, label, sku;
  Decimal units;
  std::optional<Decimal> price;
  std::string currency;
  std::int64_t import_id = 0, line = 0;
};

struct PurchaseOrderCancel {
  std::string number, date, reason;
  std::int64_t import_id = 0, line = 0;
};

class StockRegister {
 public:
  virtual ~StockRegister() = default;

  virtual Status put_movement(const StockMovementRecord& movement) = 0;
  // Movements of `owner` ("" = everyone) dated on or before `as_of` ("" =
  // all), in the order recorded.
  virtual Result<std::vector<StockMovementRecord>> movements(const std::string& owner,
                                                             const std::string& as_of) = 0;

  // kUnchanged-style idempotency is the importer's (file hashes); a second
  // row for the same (sku, kind, currency, from) with another amount is
  // exists_with_different_content.
  virtual Status put_price(const PriceRecord& price) = 0;
  virtual Result<std::vector<PriceRecord>> prices() = 0;
  // The prices of these SKUs only, in the order of prices(): one label's
  // valuation reads its own products', not the whole list.
  virtual Result<std::vector<PriceRecord>> prices_of(const std::set<std::string>& skus) = 0;
  virtual Status put_insurance(const InsuranceRecord& insurance) = 0;
  virtual Result<std::vector<InsuranceRecord>> insurance() = 0;

  virtual Status put_purchase_order_line(const PurchaseOrderLine& line) = 0;
  virtual Status put_purchase_order_cancel(const PurchaseOrderCancel& cancel) = 0;
  virtual Result<std::vector<PurchaseOrderLine>> purchase_order_lines() = 0;
  virtual Result<std::vector<PurchaseOrderCancel>> purchase_order_cancels() = 0;
};

}  // namespace fermata
