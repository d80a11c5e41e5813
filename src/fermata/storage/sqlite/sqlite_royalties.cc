#include "fermata/storage/sqlite/sqlite_royalties.h"

namespace fermata::sqlite {

Status SqliteRoyaltyRegister::put_period(const RoyaltyPeriodRecord& p) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO royalty_period (agreement_id, period_start, period_end, "
                          "earnings_through, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, p.agreement_id).bind(2, p.period_start).bind(3, p.period_end);
  return stmt->bind(4, p.earnings_through).bind(5, p.recorded_at).bind(6, p.actor).run();
}

Result<std::vector<RoyaltyPeriodRecord>> SqliteRoyaltyRegister::periods(
    const std::string& agreement_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT agreement_id, period_start, period_end, earnings_through, "
                          "recorded_at, actor FROM royalty_period WHERE agreement_id = ? "
                          "ORDER BY period_end"));
  stmt->bind(1, agreement_id);
  return read_all<RoyaltyPeriodRecord>(stmt, [](Statement& s) {
    return RoyaltyPeriodRecord{s.text(0), s.text(1), s.text(2), s.integer(3), s.text(4), s.text(5)};
  });
}

Status SqliteRoyaltyRegister::put_line(const RoyaltyLine& l) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO royalty_line (agreement_id, version, clause, kind, "
                          "period_start, period_end, party, counterparty, currency, base, rate, "
                          "amount, detail, txn_seq, base_currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, l.agreement_id).bind(2, l.version).bind(3, l.clause).bind(4, l.kind);
  stmt->bind(5, l.period_start).bind(6, l.period_end).bind(7, l.party).bind(8, l.counterparty);
  stmt->bind(9, l.currency).bind(10, l.base).bind(11, l.rate).bind(12, l.amount);
  return stmt->bind(13, l.detail).bind(14, l.txn_seq).bind(15, l.base_currency).run();
}

Result<std::vector<RoyaltyLine>> SqliteRoyaltyRegister::lines(const std::string& agreement_id) {
  // Two statements: `? = '' OR agreement_id = ?` cannot use the agreement
  // index, and the run and statements read one agreement's lines at a time.
  constexpr const char* kColumns =
      "SELECT id, agreement_id, version, clause, kind, period_start, period_end, party, "
      "counterparty, currency, base, rate, amount, detail, txn_seq, base_currency FROM "
      "royalty_line ";
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(std::string(kColumns) + (agreement_id.empty()
                                                       ? "ORDER BY id"
                                                       : "WHERE agreement_id = ? ORDER BY id")));
  if (!agreement_id.empty()) stmt->bind(1, agreement_id);
  return read_all<RoyaltyLine>(stmt, [](Statement& s) {
    return RoyaltyLine{s.integer(0), s.text(1),  s.integer(2),  s.text(3),
                       s.text(4),    s.text(5),  s.text(6),     s.text(7),
                       s.text(8),    s.text(9),  s.amount(10),  s.amount(11),
                       s.amount(12), s.text(13), s.integer(14), s.text(15)};
  });
}

Result<std::int64_t> SqliteRoyaltyRegister::next_statement_number() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt, connection_.prepare("SELECT coalesce(max(number), 0) + 1 FROM statement"));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
  const std::int64_t next = row ? stmt->integer(0) : 1;
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return next;
}

Status SqliteRoyaltyRegister::put_statement(const IssuedStatement& s) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<IssuedStatement> issued,
                           find_statement(s.agreement_id, s.period_name));
  if (issued) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "statement for " + s.agreement_id + " " + s.period_name +
                          " was issued before; it is reprinted, never issued again",
                      {"", 0, "period", s.period_name});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO statement (number, agreement_id, period_name, licensor, "
                          "csv, csv_sha256, issued_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, s.number).bind(2, s.agreement_id).bind(3, s.period_name).bind(4, s.licensor);
  return stmt->bind(5, s.csv).bind(6, s.csv_sha256).bind(7, s.issued_at).bind(8, s.actor).run();
}

Result<std::optional<IssuedStatement>> SqliteRoyaltyRegister::find_statement(
    const std::string& agreement_id, const std::string& period_name) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT number, agreement_id, period_name, licensor, csv, csv_sha256, "
                          "issued_at, actor FROM statement WHERE agreement_id = ? AND "
                          "period_name = ?"));
  stmt->bind(1, agreement_id).bind(2, period_name);
  FERMATA_ASSIGN_OR_RETURN(auto rows, read_all<IssuedStatement>(stmt, [](Statement& r) {
                             return IssuedStatement{r.integer(0), r.text(1), r.text(2), r.text(3),
                                                    r.text(4),    r.text(5), r.text(6), r.text(7)};
                           }));
  if (rows.empty()) return std::optional<IssuedStatement>();
  return std::optional<IssuedStatement>(std::move(rows.front()));
}

Status SqliteRoyaltyRegister::put_close(const ClosedPeriod& c) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO royalty_close (agreement_id, period_end, closed_at, actor) "
                          "VALUES (?, ?, ?, ?)"));
  stmt->bind(1, c.agreement_id).bind(2, c.period_end).bind(3, c.closed_at).bind(4, c.actor);
  return stmt->run();
}

Result<std::vector<ClosedPeriod>> SqliteRoyaltyRegister::closed_periods(
    const std::string& agreement_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT agreement_id, period_end, closed_at, actor FROM royalty_close "
                          "WHERE ? = '' OR agreement_id = ? ORDER BY agreement_id, period_end"));
  stmt->bind(1, agreement_id).bind(2, agreement_id);
  return read_all<ClosedPeriod>(stmt, [](Statement& s) {
    return ClosedPeriod{s.text(0), s.text(1), s.text(2), s.text(3)};
  });
}

}  // namespace fermata::sqlite
