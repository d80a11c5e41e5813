// Agreement versions, kept as added: one row per (id, version); payee
// records, one row per file added.
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {

Result<PutStatus> SqliteDatabase::put_agreement(const StoredAgreement& a) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * find,
      connection_->prepare("SELECT sha256 FROM agreement WHERE id = ? AND version = ?"));
  find->bind(1, a.id).bind(2, a.version);
  FERMATA_ASSIGN_OR_RETURN(bool found, find->step());
  if (found) {
    if (find->text(0) == a.sha256) return PutStatus::kUnchanged;
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "agreement " + a.id + " version " + std::to_string(a.version) +
                          " is already recorded with other terms; an amendment is a new version",
                      {a.file, 0, "version", std::to_string(a.version)});
  }
  FERMATA_ASSIGN_OR_RETURN(
      Statement * insert,
      connection_->prepare("INSERT INTO agreement (id, version, effective_from, file, sha256, "
                           "body, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  FERMATA_RETURN_IF_ERROR(insert->bind(1, a.id)
                              .bind(2, a.version)
                              .bind(3, a.effective_from)
                              .bind(4, a.file)
                              .bind(5, a.sha256)
                              .bind(6, a.text)
                              .bind(7, a.recorded_at)
                              .bind(8, a.actor)
                              .run());
  return PutStatus::kInserted;
}

Result<std::vector<StoredAgreement>> SqliteDatabase::agreements() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT id, version, effective_from, file, sha256, body, recorded_at, "
                           "actor FROM agreement ORDER BY id, version"));
  return read_all<StoredAgreement>(stmt, [](Statement& s) {
    return StoredAgreement{s.text(0), s.integer(1), s.text(2), s.text(3),
                           s.text(4), s.text(5),    s.text(6), s.text(7)};
  });
}

Result<PutStatus> SqliteDatabase::put_payee(const StoredPayee& p) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * latest,
      connection_->prepare("SELECT sha256 FROM payee WHERE party = ? ORDER BY id DESC LIMIT 1"));
  latest->bind(1, p.party);
  FERMATA_ASSIGN_OR_RETURN(bool found, latest->step());
  const bool same = found && latest->text(0) == p.sha256;
  FERMATA_RETURN_IF_ERROR(latest->run());
  if (same) return PutStatus::kUnchanged;
  FERMATA_ASSIGN_OR_RETURN(
      Statement * insert,
      connection_->prepare("INSERT INTO payee (party, file, sha256, body, recorded_at, actor) "
                           "VALUES (?, ?, ?, ?, ?, ?)"));
  FERMATA_RETURN_IF_ERROR(insert->bind(1, p.party)
                              .bind(2, p.file)
                              .bind(3, p.sha256)
                              .bind(4, p.text)
                              .bind(5, p.recorded_at)
                              .bind(6, p.actor)
                              .run());
  return PutStatus::kInserted;
}

Result<std::vector<StoredPayee>> SqliteDatabase::payees() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT id, party, file, sha256, body, recorded_at, actor FROM payee "
                           "ORDER BY id"));
  return read_all<StoredPayee>(stmt, [](Statement& s) {
    return StoredPayee{s.integer(0), s.text(1), s.text(2), s.text(3),
                       s.text(4),    s.text(5), s.text(6)};
  });
}

}  // namespace fermata::sqlite
