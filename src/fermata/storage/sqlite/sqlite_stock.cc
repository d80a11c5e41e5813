// SqliteStockRegister: tables stock_movement, price, location_insurance,
// purchase_order_line and purchase_order_cancel (schema version 8).
#include "fermata/storage/sqlite/sqlite_stock.h"

#include <nlohmann/json.hpp>

namespace fermata::sqlite {
namespace {

void bind_optional(Statement& stmt, int index, const std::optional<Decimal>& value) {
  if (value) {
    stmt.bind(index, *value);
  } else {
    stmt.bind_null(index);
  }
}

std::optional<Decimal> optional_amount(const Statement& stmt, int column) {
  if (stmt.is_null(column)) return std::nullopt;
  return stmt.amount(column);
}

}  // namespace

Status SqliteStockRegister::put_movement(const StockMovementRecord& m) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(
          "INSERT INTO stock_movement (import_id, line, txn_seq, kind, effective_date, document, "
          "order_number, sku, owner, from_location, to_location, store, buyer, terms, condition, "
          "reason, units, price, currency, firm, consigned, unexplained) VALUES (?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, m.import_id).bind(2, m.line).bind(3, m.txn_seq).bind(4, m.kind).bind(5, m.date);
  stmt->bind(6, m.document).bind(7, m.order).bind(8, m.sku).bind(9, m.owner).bind(10, m.from);
  stmt->bind(11, m.to).bind(12, m.store).bind(13, m.buyer).bind(14, m.terms);
  stmt->bind(15, m.condition).bind(16, m.reason).bind(17, m.units);
  bind_optional(*stmt, 18, m.price);
  stmt->bind(19, m.currency).bind(20, m.firm).bind(21, m.consigned).bind(22, m.unexplained);
  return stmt->run();
}

Result<std::vector<StockMovementRecord>> SqliteStockRegister::movements(const std::string& owner,
                                                                        const std::string& as_of) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(
          "SELECT id, import_id, line, txn_seq, kind, effective_date, document, order_number, "
          "sku, owner, from_location, to_location, store, buyer, terms, condition, reason, units, "
          "price, currency, firm, consigned, unexplained FROM stock_movement WHERE (?1 = '' OR "
          "owner = ?1) AND (?2 = '' OR effective_date <= ?2) ORDER BY id"));
  stmt->bind(1, owner).bind(2, as_of);
  return read_all<StockMovementRecord>(stmt, [](Statement& s) {
    StockMovementRecord m;
    m.id = s.integer(0);
    m.import_id = s.integer(1);
    m.line = s.integer(2);
    m.txn_seq = s.integer(3);
    m.kind = s.text(4);
    m.date = s.text(5);
    m.document = s.text(6);
    m.order = s.text(7);
    m.sku = s.text(8);
    m.owner = s.text(9);
    m.from = s.text(10);
    m.to = s.text(11);
    m.store = s.text(12);
    m.buyer = s.text(13);
    m.terms = s.text(14);
    m.condition = s.text(15);
    m.reason = s.text(16);
    m.units = s.amount(17);
    m.price = optional_amount(s, 18);
    m.currency = s.text(19);
    m.firm = s.amount(20);
    m.consigned = s.amount(21);
    m.unexplained = s.amount(22);
    return m;
  });
}

Status SqliteStockRegister::put_price(const PriceRecord& p) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_.prepare("SELECT amount FROM price WHERE sku = ? AND kind = "
                                               "? AND currency = ? AND valid_from = ?"));
  find->bind(1, p.sku).bind(2, p.kind).bind(3, p.currency).bind(4, p.from);
  FERMATA_ASSIGN_OR_RETURN(bool found, find->step());
  const Decimal earlier = found ? find->amount(0) : Decimal();
  FERMATA_RETURN_IF_ERROR(find->run());
  if (found && earlier == p.amount) return ok_status();
  if (found) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "the " + p.kind + " of " + p.sku + " from " + p.from + " is on file at " +
                          earlier.to_string() + " " + p.currency +
                          "; a price on file is never changed (add one from a later day)",
                      {p.file, 0, "amount", p.amount.to_string()});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * insert,
      connection_.prepare("INSERT INTO price (sku, kind, currency, valid_from, amount, file, "
                          "recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  insert->bind(1, p.sku).bind(2, p.kind).bind(3, p.currency).bind(4, p.from).bind(5, p.amount);
  return insert->bind(6, p.file).bind(7, p.recorded_at).bind(8, p.actor).run();
}

namespace {

constexpr const char* kPriceColumns =
    "SELECT sku, kind, currency, valid_from, amount, file, recorded_at, actor FROM price ";

PriceRecord price_of_row(Statement& s) {
  return PriceRecord{s.text(0),   s.text(1), s.text(2), s.text(3),
                     s.amount(4), s.text(5), s.text(6), s.text(7)};
}

}  // namespace

Result<std::vector<PriceRecord>> SqliteStockRegister::prices() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(std::string(kPriceColumns) + "ORDER BY sku, kind, currency, valid_from"));
  return read_all<PriceRecord>(stmt, price_of_row);
}

Result<std::vector<PriceRecord>> SqliteStockRegister::prices_of(const std::set<std::string>& skus) {
  // One statement for every SKU (a JSON array of them), each one range of
  // the unique (sku, kind, currency, valid_from) index: a label holding a
  // hundred SKUs asks once, not a hundred times.
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& sku : skus) list.push_back(sku);
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_.prepare(std::string(kPriceColumns) +
                                               "WHERE sku IN (SELECT value FROM json_each(?)) "
                                               "ORDER BY sku, kind, currency, valid_from"));
  return read_all<PriceRecord>(&stmt->bind(1, list.dump()), price_of_row);
}

Status SqliteStockRegister::put_insurance(const InsuranceRecord& r) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * find,
      connection_.prepare("SELECT basis, currency, sum_insured FROM location_insurance WHERE "
                          "location = ? AND valid_from = ?"));
  find->bind(1, r.location).bind(2, r.from);
  FERMATA_ASSIGN_OR_RETURN(bool found, find->step());
  const bool same = found && find->text(0) == r.basis && find->text(1) == r.currency &&
                    find->amount(2) == r.sum_insured;
  FERMATA_RETURN_IF_ERROR(find->run());
  if (same) return ok_status();
  if (found) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "the insurance of " + r.location + " from " + r.from +
                          " is on file with other terms; add one from a later day",
                      {r.file, 0, "location", r.location});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * insert,
      connection_.prepare("INSERT INTO location_insurance (location, basis, currency, "
                          "valid_from, sum_insured, file, recorded_at, actor) VALUES (?, ?, ?, ?, "
                          "?, ?, ?, ?)"));
  insert->bind(1, r.location).bind(2, r.basis).bind(3, r.currency).bind(4, r.from);
  insert->bind(5, r.sum_insured).bind(6, r.file).bind(7, r.recorded_at).bind(8, r.actor);
  return insert->run();
}

Result<std::vector<InsuranceRecord>> SqliteStockRegister::insurance() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT location, basis, currency, valid_from, sum_insured, file, "
                          "recorded_at, actor FROM location_insurance ORDER BY location, "
                          "valid_from"));
  return read_all<InsuranceRecord>(stmt, [](Statement& s) {
    return InsuranceRecord{s.text(0),   s.text(1), s.text(2), s.text(3),
                           s.amount(4), s.text(5), s.text(6), s.text(7)};
  });
}

Status SqliteStockRegister::put_purchase_order_line(const PurchaseOrderLine& l) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO purchase_order_line (number, order_date, buyer, label, "
                          "sku, units, price, currency, import_id, line) VALUES (?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?)"));
  stmt->bind(1, l.number).bind(2, l.date).bind(3, l.buyer).bind(4, l.label).bind(5, l.sku);
  stmt->bind(6, l.units);
  bind_optional(*stmt, 7, l.price);
  return stmt->bind(8, l.currency).bind(9, l.import_id).bind(10, l.line).run();
}

Status SqliteStockRegister::put_purchase_order_cancel(const PurchaseOrderCancel& c) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO purchase_order_cancel (number, cancel_date, reason, "
                          "import_id, line) VALUES (?, ?, ?, ?, ?)"));
  stmt->bind(1, c.number).bind(2, c.date).bind(3, c.reason).bind(4, c.import_id);
  return stmt->bind(5, c.line).run();
}

Result<std::vector<PurchaseOrderLine>> SqliteStockRegister::purchase_order_lines() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT number, order_date, buyer, label, sku, units, price, currency, "
                          "import_id, line FROM purchase_order_line ORDER BY id"));
  return read_all<PurchaseOrderLine>(stmt, [](Statement& s) {
    return PurchaseOrderLine{s.text(0),
                             s.text(1),
                             s.text(2),
                             s.text(3),
                             s.text(4),
                             s.amount(5),
                             optional_amount(s, 6),
                             s.text(7),
                             s.integer(8),
                             s.integer(9)};
  });
}

Result<std::vector<PurchaseOrderCancel>> SqliteStockRegister::purchase_order_cancels() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_.prepare("SELECT number, cancel_date, reason, import_id, "
                                               "line FROM purchase_order_cancel ORDER BY id"));
  return read_all<PurchaseOrderCancel>(stmt, [](Statement& s) {
    return PurchaseOrderCancel{s.text(0), s.text(1), s.text(2), s.integer(3), s.integer(4)};
  });
}

}  // namespace fermata::sqlite
