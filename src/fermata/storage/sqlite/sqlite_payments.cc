#include "fermata/storage/sqlite/sqlite_payments.h"

namespace fermata::sqlite {

Result<std::int64_t> SqlitePaymentRegister::next_batch_number() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_.prepare("SELECT count(*) + 1 FROM payment_batch"));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
  const std::int64_t next = row ? stmt->integer(0) : 1;
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return next;
}

Status SqlitePaymentRegister::put_batch(const PaymentBatch& b) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO payment_batch (id, on_date, format, csv, csv_sha256, "
                          "created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, b.id).bind(2, b.on_date).bind(3, b.format).bind(4, b.csv);
  return stmt->bind(5, b.csv_sha256).bind(6, b.created_at).bind(7, b.actor).run();
}

Result<std::vector<PaymentBatch>> SqlitePaymentRegister::batches() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT b.id, b.on_date, b.format, b.csv, b.csv_sha256, b.created_at, "
                          "b.actor, coalesce(r.recorded_at, '') FROM payment_batch b LEFT JOIN "
                          "payment_batch_recorded r ON r.batch_id = b.id ORDER BY b.id"));
  return read_all<PaymentBatch>(stmt, [](Statement& s) {
    return PaymentBatch{s.text(0), s.text(1), s.text(2), s.text(3),
                        s.text(4), s.text(5), s.text(6), s.text(7)};
  });
}

Status SqlitePaymentRegister::put_batch_recorded(const std::string& batch_id,
                                                 const std::string& recorded_at,
                                                 const std::string& actor) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * check,
      connection_.prepare("SELECT recorded_at FROM payment_batch_recorded WHERE batch_id = ?"));
  check->bind(1, batch_id);
  FERMATA_ASSIGN_OR_RETURN(bool found, check->step());
  const std::string earlier = found ? check->text(0) : "";
  FERMATA_RETURN_IF_ERROR(check->run());
  if (found) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "payment batch " + batch_id + " was recorded at " + earlier,
                      {"", 0, "batch", batch_id});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO payment_batch_recorded (batch_id, recorded_at, actor) "
                          "VALUES (?, ?, ?)"));
  return stmt->bind(1, batch_id).bind(2, recorded_at).bind(3, actor).run();
}

Status SqlitePaymentRegister::put_payment(const PaymentRecord& p) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO payment (batch_id, line, agreement_id, payee, payer, "
                          "currency, gross, withheld, net, fee_settled, withholding_rate, "
                          "value_date, bank_reference, txn_seq, recorded_at, actor) VALUES (?, ?, "
                          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, p.batch_id).bind(2, p.line).bind(3, p.agreement_id).bind(4, p.payee);
  stmt->bind(5, p.payer).bind(6, p.currency).bind(7, p.gross).bind(8, p.withheld);
  stmt->bind(9, p.net).bind(10, p.fee_settled).bind(11, p.withholding_rate);
  stmt->bind(12, p.value_date).bind(13, p.bank_reference).bind(14, p.txn_seq);
  return stmt->bind(15, p.recorded_at).bind(16, p.actor).run();
}

namespace {

constexpr const char* kPaymentColumns =
    "SELECT batch_id, line, agreement_id, payee, payer, currency, gross, withheld, net, "
    "fee_settled, withholding_rate, value_date, bank_reference, txn_seq, recorded_at, actor "
    "FROM payment ";

PaymentRecord read_payment(Statement& s) {
  return PaymentRecord{s.text(0),   s.integer(1),  s.text(2),    s.text(3),
                       s.text(4),   s.text(5),     s.amount(6),  s.amount(7),
                       s.amount(8), s.amount(9),   s.amount(10), s.text(11),
                       s.text(12),  s.integer(13), s.text(14),   s.text(15)};
}

}  // namespace

Result<std::vector<PaymentRecord>> SqlitePaymentRegister::payments(
    const std::string& agreement_id) {
  // Two statements: `? = '' OR agreement_id = ?` cannot use the
  // payment_agreement index, and payment proposals and aging read one
  // agreement's payments per agreement.
  if (agreement_id.empty()) {
    FERMATA_ASSIGN_OR_RETURN(
        Statement * stmt,
        connection_.prepare(std::string(kPaymentColumns) + "ORDER BY value_date, batch_id, line"));
    return read_all<PaymentRecord>(stmt, read_payment);
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(std::string(kPaymentColumns) +
                          "WHERE agreement_id = ? ORDER BY value_date, batch_id, line"));
  stmt->bind(1, agreement_id);
  return read_all<PaymentRecord>(stmt, read_payment);
}

}  // namespace fermata::sqlite

namespace fermata::sqlite {

Status SqlitePaymentRegister::put_exchange_difference(const ExchangeDifferenceRecord& d) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * check,
      connection_.prepare("SELECT batch_id, line FROM exchange_difference WHERE conversion_line = "
                          "?"));
  check->bind(1, d.conversion_line);
  FERMATA_ASSIGN_OR_RETURN(bool found, check->step());
  const std::string earlier = found ? check->text(0) + "/" + std::to_string(check->integer(1)) : "";
  FERMATA_RETURN_IF_ERROR(check->run());
  if (found) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "conversion line " + std::to_string(d.conversion_line) +
                          " was settled by payment " + earlier,
                      {"", 0, "conversion_line", std::to_string(d.conversion_line)});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(
          "INSERT INTO exchange_difference (conversion_line, batch_id, line, agreement_id, "
          "borne_by, currency, base_currency, base, recognised_rate, paid_rate, recognised, paid, "
          "amount, value_date, rate_source, txn_seq, recorded_at, actor) VALUES (?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, d.conversion_line).bind(2, d.batch_id).bind(3, d.line).bind(4, d.agreement_id);
  stmt->bind(5, d.borne_by).bind(6, d.currency).bind(7, d.base_currency).bind(8, d.base);
  stmt->bind(9, d.recognised_rate).bind(10, d.paid_rate).bind(11, d.recognised).bind(12, d.paid);
  stmt->bind(13, d.amount).bind(14, d.value_date).bind(15, d.rate_source).bind(16, d.txn_seq);
  return stmt->bind(17, d.recorded_at).bind(18, d.actor).run();
}

Result<std::vector<ExchangeDifferenceRecord>> SqlitePaymentRegister::exchange_differences(
    const std::string& agreement_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(
          "SELECT conversion_line, batch_id, line, agreement_id, borne_by, currency, "
          "base_currency, base, recognised_rate, paid_rate, recognised, paid, amount, value_date, "
          "rate_source, txn_seq, recorded_at, actor FROM exchange_difference WHERE agreement_id = "
          "? ORDER BY value_date, conversion_line"));
  stmt->bind(1, agreement_id);
  return read_all<ExchangeDifferenceRecord>(stmt, [](Statement& s) {
    return ExchangeDifferenceRecord{
        s.integer(0), s.text(1),   s.integer(2), s.text(3),     s.text(4),    s.text(5),
        s.text(6),    s.amount(7), s.amount(8),  s.amount(9),   s.amount(10), s.amount(11),
        s.amount(12), s.text(13),  s.text(14),   s.integer(15), s.text(16),   s.text(17)};
  });
}

}  // namespace fermata::sqlite
