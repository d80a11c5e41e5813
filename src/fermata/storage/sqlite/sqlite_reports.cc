#include "fermata/storage/sqlite/sqlite_reports.h"

namespace fermata::sqlite {
namespace {

constexpr const char* kReportColumns =
    "SELECT import_id, kind, format, identity, payer, recipient, period_start, period_end, "
    "chain_net_of, parser_version, replaces_import, archived_sha256 FROM report ";

}  // namespace

Status SqliteReportRegister::put_report(const ReportRecord& r) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO report (import_id, kind, format, identity, payer, "
                          "recipient, period_start, period_end, chain_net_of, parser_version, "
                          "replaces_import, archived_sha256) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, r.import_id).bind(2, r.kind).bind(3, r.format).bind(4, r.identity);
  stmt->bind(5, r.payer).bind(6, r.recipient).bind(7, r.period_start).bind(8, r.period_end);
  stmt->bind(9, r.chain_net_of).bind(10, r.parser_version).bind(11, r.replaces_import);
  stmt->bind(12, r.archived_sha256);
  return stmt->run();
}

Result<std::vector<ReportRecord>> SqliteReportRegister::read_reports(Statement* stmt) {
  return read_all<ReportRecord>(stmt, [](Statement& s) {
    return ReportRecord{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4),     s.text(5),
                        s.text(6),    s.text(7), s.text(8), s.text(9), s.integer(10), s.text(11)};
  });
}

Result<std::vector<ReportRecord>> SqliteReportRegister::reports() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_.prepare(std::string(kReportColumns) + "ORDER BY import_id"));
  return read_reports(stmt);
}

Result<std::optional<ReportRecord>> SqliteReportRegister::find_live_report(
    const std::string& identity) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(std::string(kReportColumns) +
                          "WHERE identity = ? AND kind = 'sales' "
                          "AND import_id NOT IN (SELECT import_id FROM report_void) "
                          "AND import_id NOT IN (SELECT replaces_import FROM report) "
                          "ORDER BY import_id DESC"));
  stmt->bind(1, identity);
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> rows, read_reports(stmt));
  if (rows.empty()) return std::optional<ReportRecord>();
  return std::optional<ReportRecord>(std::move(rows.front()));
}

Status SqliteReportRegister::put_void(std::int64_t import_id, const std::string& reason) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT OR IGNORE INTO report_void (import_id, reason) VALUES (?, ?)"));
  return stmt->bind(1, import_id).bind(2, reason).run();
}

Result<bool> SqliteReportRegister::is_voided(std::int64_t import_id) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_.prepare("SELECT 1 FROM report_void WHERE import_id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, import_id).step());
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return found;
}

Result<std::vector<std::int64_t>> SqliteReportRegister::voided_imports() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT import_id FROM report_void ORDER BY import_id"));
  return read_all<std::int64_t>(stmt, [](Statement& s) { return s.integer(0); });
}

Status SqliteReportRegister::put_total(const ReportTotal& t) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO report_total (import_id, currency, reported, unmatched, "
                          "lines) VALUES (?, ?, ?, ?, ?)"));
  stmt->bind(1, t.import_id).bind(2, t.currency).bind(3, t.reported).bind(4, t.unmatched);
  return stmt->bind(5, t.lines).run();
}

Result<std::vector<ReportTotal>> SqliteReportRegister::totals() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT import_id, currency, reported, unmatched, lines "
                          "FROM report_total ORDER BY import_id, currency"));
  return read_all<ReportTotal>(stmt, [](Statement& s) {
    return ReportTotal{s.integer(0), s.text(1), s.amount(2), s.amount(3), s.integer(4)};
  });
}

Result<std::int64_t> SqliteReportRegister::put_unmatched(const UnmatchedRecord& r) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO unmatched (import_id, txn_seq, identifier_kind, "
                          "identifier, title, artist, store, territory, sale_date, currency, "
                          "units, amount, line_ranges, holder, payer, channel) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, r.import_id).bind(2, r.txn_seq).bind(3, r.identifier_kind);
  stmt->bind(4, r.identifier).bind(5, r.title).bind(6, r.artist).bind(7, r.store);
  stmt->bind(8, r.territory).bind(9, r.sale_date).bind(10, r.currency).bind(11, r.units);
  stmt->bind(12, r.amount).bind(13, r.line_ranges).bind(14, r.holder).bind(15, r.payer);
  stmt->bind(16, r.channel);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return sqlite3_last_insert_rowid(connection_.handle());
}

Status SqliteReportRegister::put_rematch(std::int64_t unmatched_id, std::int64_t txn_seq) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO rematch (unmatched_id, txn_seq) VALUES (?, ?)"));
  return stmt->bind(1, unmatched_id).bind(2, txn_seq).run();
}

Result<std::vector<UnmatchedRecord>> SqliteReportRegister::unmatched() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(
          "SELECT u.id, u.import_id, u.txn_seq, identifier_kind, identifier, title, artist, "
          "store, territory, sale_date, currency, units, amount, line_ranges, holder, payer, "
          "coalesce(r.txn_seq, 0), channel FROM unmatched u LEFT JOIN rematch r ON r.unmatched_id "
          "= u.id "
          "ORDER BY u.id"));
  return read_all<UnmatchedRecord>(stmt, [](Statement& s) {
    return UnmatchedRecord{s.integer(0), s.integer(1),  s.integer(2), s.text(3),  s.text(4),
                           s.text(5),    s.text(6),     s.text(7),    s.text(8),  s.text(9),
                           s.text(10),   s.amount(11),  s.amount(12), s.text(13), s.text(14),
                           s.text(15),   s.integer(16), s.text(17)};
  });
}

Status SqliteReportRegister::put_earning(const EarningRecord& r) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO earning (import_id, txn_seq, owner, release_id, isrc, "
                          "store, channel, territory, sale_start, sale_end, reported_on, "
                          "currency, units, amount, reverses, format) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, r.import_id).bind(2, r.txn_seq).bind(3, r.owner).bind(4, r.release_id);
  stmt->bind(5, r.isrc).bind(6, r.store).bind(7, r.channel).bind(8, r.territory);
  stmt->bind(9, r.sale_start).bind(10, r.sale_end).bind(11, r.reported_on);
  stmt->bind(12, r.currency).bind(13, r.units).bind(14, r.amount).bind(15, r.reverses);
  stmt->bind(16, r.format);
  return stmt->run();
}

namespace {

constexpr const char* kEarningColumns =
    "SELECT id, import_id, txn_seq, owner, release_id, isrc, store, channel, territory, "
    "sale_start, sale_end, reported_on, currency, units, amount, reverses, format FROM earning ";

EarningRecord read_earning(Statement& s) {
  return EarningRecord{s.integer(0),  s.integer(1), s.integer(2), s.text(3),    s.text(4),
                       s.text(5),     s.text(6),    s.text(7),    s.text(8),    s.text(9),
                       s.text(10),    s.text(11),   s.text(12),   s.amount(13), s.amount(14),
                       s.integer(15), s.text(16)};
}

}  // namespace

Result<std::vector<EarningRecord>> SqliteReportRegister::earnings(const std::string& owner) {
  // Two statements: `? = '' OR owner = ?` cannot use the owner index, and
  // the royalty run and every statement read one owner's rows of millions.
  if (owner.empty()) {
    FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                             connection_.prepare(std::string(kEarningColumns) + "ORDER BY id"));
    return read_all<EarningRecord>(stmt, read_earning);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, connection_.prepare(std::string(kEarningColumns) +
                                                                 "WHERE owner = ? ORDER BY id"));
  stmt->bind(1, owner);
  return read_all<EarningRecord>(stmt, read_earning);
}

Result<std::vector<EarningRecord>> SqliteReportRegister::earnings_of_import(
    std::int64_t import_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(std::string(kEarningColumns) + "WHERE import_id = ? ORDER BY id"));
  stmt->bind(1, import_id);
  return read_all<EarningRecord>(stmt, read_earning);
}

Status SqliteReportRegister::put_reject(const RejectRecord& r) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO reject (import_id, line_number, field, reason, raw) "
                          "VALUES (?, ?, ?, ?, ?)"));
  stmt->bind(1, r.import_id).bind(2, r.line_number).bind(3, r.field).bind(4, r.reason);
  return stmt->bind(5, r.raw).run();
}

Result<std::vector<RejectRecord>> SqliteReportRegister::rejects(std::int64_t import_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT import_id, line_number, field, reason, raw FROM reject "
                          "WHERE import_id = ? ORDER BY line_number, rowid"));
  stmt->bind(1, import_id);
  return read_all<RejectRecord>(stmt, [](Statement& s) {
    return RejectRecord{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4)};
  });
}

Status SqliteReportRegister::put_pending(const PendingPart& p) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT OR IGNORE INTO pending_part (identity, part_number, "
                          "part_count, sha256, path, format, recorded_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, p.identity).bind(2, p.part_number).bind(3, p.part_count).bind(4, p.sha256);
  return stmt->bind(5, p.path).bind(6, p.format).bind(7, p.recorded_at).run();
}

Status SqliteReportRegister::put_pending_posted(const std::string& identity,
                                                std::int64_t import_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO pending_posted (identity, import_id) VALUES (?, ?)"));
  return stmt->bind(1, identity).bind(2, import_id).run();
}

Result<std::vector<PendingPart>> SqliteReportRegister::pending_parts() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare(
          "SELECT p.identity, part_number, part_count, sha256, path, format, recorded_at, "
          "coalesce((SELECT max(import_id) FROM pending_posted d WHERE d.identity = p.identity),"
          " 0) FROM pending_part p ORDER BY recorded_at, identity, part_number"));
  return read_all<PendingPart>(stmt, [](Statement& s) {
    return PendingPart{s.text(0), s.integer(1), s.integer(2), s.text(3),
                       s.text(4), s.text(5),    s.text(6),    s.integer(7)};
  });
}

Status SqliteReportRegister::put_settlement(const Settlement& t) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO settlement (remittance_import, remittance_line, "
                          "report_import, owner, payer, currency, value_date, bank_reference, "
                          "amount, txn_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, t.remittance_import).bind(2, t.remittance_line).bind(3, t.report_import);
  stmt->bind(4, t.owner).bind(5, t.payer).bind(6, t.currency).bind(7, t.value_date);
  stmt->bind(8, t.bank_reference).bind(9, t.amount).bind(10, t.txn_seq);
  return stmt->run();
}

Result<std::vector<Settlement>> SqliteReportRegister::settlements() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT remittance_import, remittance_line, report_import, owner, "
                          "payer, currency, value_date, bank_reference, amount, txn_seq "
                          "FROM settlement ORDER BY rowid"));
  return read_all<Settlement>(stmt, [](Statement& s) {
    return Settlement{s.integer(0), s.integer(1), s.integer(2), s.text(3),   s.text(4),
                      s.text(5),    s.text(6),    s.text(7),    s.amount(8), s.integer(9)};
  });
}

}  // namespace fermata::sqlite
