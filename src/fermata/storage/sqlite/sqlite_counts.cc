// SqliteCountRegister: tables stock_count, stock_count_line and
// stock_count_approval (schema version 9).
#include "fermata/storage/sqlite/sqlite_counts.h"

#include "fermata/base/assert.h"

namespace fermata::sqlite {

Status SqliteCountRegister::put_count(const CountRecord& c,
                                      const std::vector<CountLineRecord>& lines) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<CountRecord> existing, find_count(c.id));
  if (existing) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "count '" + c.id + "' is on file from " + existing->file + " (sha256 " +
                          existing->sha256.substr(0, 16) + "...); give another count a new id",
                      {c.file, 0, "count", c.id});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * insert,
      connection_.prepare("INSERT INTO stock_count (id, import_id, location, cutoff, cutoff_date, "
                          "file, sha256, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  insert->bind(1, c.id).bind(2, c.import_id).bind(3, c.location).bind(4, c.cutoff);
  insert->bind(5, c.cutoff_date).bind(6, c.file).bind(7, c.sha256).bind(8, c.recorded_at);
  FERMATA_RETURN_IF_ERROR(insert->bind(9, c.actor).run());
  FERMATA_ASSIGN_OR_RETURN(
      Statement * line,
      connection_.prepare("INSERT INTO stock_count_line (count_id, line, sku, owner, owner_given, "
                          "units, bin) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  for (const CountLineRecord& l : lines) {
    line->bind(1, c.id).bind(2, l.line).bind(3, l.sku).bind(4, l.owner);
    line->bind(5, std::int64_t{l.owner_given ? 1 : 0}).bind(6, l.units).bind(7, l.bin);
    FERMATA_RETURN_IF_ERROR(line->run());
  }
  return ok_status();
}

Result<std::optional<CountRecord>> SqliteCountRegister::find_by(const std::string& column,
                                                                const std::string& value) {
  FERMATA_ASSERT(column == "id" || column == "sha256");
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT id, import_id, location, cutoff, cutoff_date, file, sha256, "
                          "recorded_at, actor FROM stock_count WHERE " +
                          column + " = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, value).step());
  if (!found) return std::optional<CountRecord>();
  CountRecord c{stmt->text(0), stmt->integer(1), stmt->text(2), stmt->text(3), stmt->text(4),
                stmt->text(5), stmt->text(6),    stmt->text(7), stmt->text(8)};
  FERMATA_RETURN_IF_ERROR(stmt->run());
  FERMATA_ASSERT(c.id == value || c.sha256 == value);
  return std::optional<CountRecord>(std::move(c));
}

Result<std::optional<CountRecord>> SqliteCountRegister::find_count(const std::string& id) {
  return find_by("id", id);
}

Result<std::optional<CountRecord>> SqliteCountRegister::find_count_of_file(
    const std::string& sha256) {
  return find_by("sha256", sha256);
}

Result<std::vector<CountLineRecord>> SqliteCountRegister::count_lines(const std::string& id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT line, sku, owner, owner_given, units, bin FROM "
                          "stock_count_line WHERE count_id = ? ORDER BY line, id"));
  stmt->bind(1, id);
  return read_all<CountLineRecord>(stmt, [](Statement& s) {
    return CountLineRecord{s.integer(0),      s.text(1),   s.text(2),
                           s.integer(3) != 0, s.amount(4), s.text(5)};
  });
}

Result<std::vector<CountedBin>> SqliteCountRegister::bins_of(const std::string& owner,
                                                             const std::string& as_of) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT c.location, l.sku, l.bin, c.cutoff, c.id, l.line FROM "
                          "stock_count_line l JOIN stock_count c ON c.id = l.count_id WHERE "
                          "l.owner = ? AND c.cutoff_date <= ? AND l.bin <> '' ORDER BY "
                          "c.location, l.sku, c.cutoff DESC, c.id DESC, l.line"));
  stmt->bind(1, owner).bind(2, as_of);
  return read_all<CountedBin>(stmt, [](Statement& s) {
    return CountedBin{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5)};
  });
}

Status SqliteCountRegister::put_approval(const CountApprovalRecord& a) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<CountApprovalRecord> earlier, approvals(a.count_id));
  for (const CountApprovalRecord& e : earlier) {
    if (e.owner != a.owner || e.sku != a.sku) continue;
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "the count " + a.count_id + " of " + a.sku + " (" + a.owner +
                          ") was approved before, in transaction " + std::to_string(e.txn_seq),
                      {"", 0, "sku", a.sku});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("INSERT INTO stock_count_approval (count_id, owner, sku, expected, "
                          "counted, units, reason, txn_seq, recorded_at, actor) VALUES (?, ?, ?, "
                          "?, ?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, a.count_id).bind(2, a.owner).bind(3, a.sku).bind(4, a.expected);
  stmt->bind(5, a.counted).bind(6, a.units).bind(7, a.reason).bind(8, a.txn_seq);
  return stmt->bind(9, a.recorded_at).bind(10, a.actor).run();
}

Result<std::vector<CountApprovalRecord>> SqliteCountRegister::approvals(
    const std::string& count_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_.prepare("SELECT count_id, owner, sku, expected, counted, units, reason, "
                          "txn_seq, recorded_at, actor FROM stock_count_approval WHERE count_id = "
                          "? ORDER BY id"));
  stmt->bind(1, count_id);
  return read_all<CountApprovalRecord>(stmt, [](Statement& s) {
    return CountApprovalRecord{s.text(0),   s.text(1), s.text(2),    s.amount(3), s.amount(4),
                               s.amount(5), s.text(6), s.integer(7), s.text(8),   s.text(9)};
  });
}

}  // namespace fermata::sqlite
