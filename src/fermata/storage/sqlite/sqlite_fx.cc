// SqliteDatabase: exchange rates (table fx_rate, append-only).
#include "fermata/money/money.h"
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {

Result<PutStatus> SqliteDatabase::put_fx_rate(const StoredFxRate& r) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * find,
      connection_->prepare("SELECT valid_to, rate, source FROM fx_rate WHERE base = ? AND quote "
                           "= ? AND valid_from = ?"));
  find->bind(1, r.base).bind(2, r.quote).bind(3, r.from);
  FERMATA_ASSIGN_OR_RETURN(bool found, find->step());
  const bool same =
      found && find->text(0) == r.to && find->amount(1) == r.rate && find->text(2) == r.source;
  const std::string earlier = found ? find->amount(1).to_string() + " (" + find->text(2) + ")" : "";
  FERMATA_RETURN_IF_ERROR(find->run());
  if (same) return PutStatus::kUnchanged;
  if (found) {
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      r.base + "/" + r.quote + " from " + r.from + " is on file at " + earlier +
                          "; a rate on file is never changed",
                      {r.file, 0, "rate", r.rate.to_string()});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * insert,
      connection_->prepare("INSERT INTO fx_rate (base, quote, valid_from, valid_to, rate, source, "
                           "file, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  insert->bind(1, r.base).bind(2, r.quote).bind(3, r.from).bind(4, r.to).bind(5, r.rate);
  FERMATA_RETURN_IF_ERROR(
      insert->bind(6, r.source).bind(7, r.file).bind(8, r.recorded_at).bind(9, r.actor).run());
  return PutStatus::kInserted;
}

Result<std::vector<StoredFxRate>> SqliteDatabase::fx_rates() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT base, quote, valid_from, valid_to, rate, source, file, "
                           "recorded_at, actor FROM fx_rate ORDER BY base, quote, valid_from"));
  return read_all<StoredFxRate>(stmt, [](Statement& s) {
    return StoredFxRate{s.text(0), s.text(1), s.text(2), s.text(3), s.amount(4),
                        s.text(5), s.text(6), s.text(7), s.text(8)};
  });
}

}  // namespace fermata::sqlite
