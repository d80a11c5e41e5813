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
  std::vector<StoredAgreement> out;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    out.push_back(StoredAgreement{stmt->text(0), stmt->integer(1), stmt->text(2), stmt->text(3),
                                  stmt->text(4), stmt->text(5), stmt->text(6), stmt->text(7)});
  }
  return out;
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
  std::vector<StoredPayee> out;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    out.push_back(StoredPayee{stmt->integer(0), stmt->text(1), stmt->text(2), stmt->text(3),
                              stmt->text(4), stmt->text(5), stmt->text(6)});
  }
  return out;
}

}  // namespace fermata::sqlite
