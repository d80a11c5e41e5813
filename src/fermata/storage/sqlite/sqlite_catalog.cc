// The catalog half of SqliteDatabase. Catalog rows are keyed by their
// stable ids; a put is idempotent for identical content and a conflict for
// different content, mirroring the ledger's idempotency rule.
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {
namespace {

Error Conflict(std::string_view what, const std::string& id) {
  return MakeError(ErrorCode::kExistsWithDifferentContent,
                   std::string(what) + " '" + id + "' already exists with different content",
                   {"", 0, "id", id});
}

}  // namespace

Result<std::optional<Party>> SqliteDatabase::FindParty(const std::string& id) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT id, name, kind, ddex_party_id FROM party "
                                                "WHERE id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->Bind(1, id).Step());
  if (!found) return std::optional<Party>();
  Party party{stmt->Text(0), stmt->Text(1), PartyKind::kLabel, std::nullopt};
  FERMATA_ASSIGN_OR_RETURN(party.kind, ParsePartyKind(stmt->Text(2)));
  if (!stmt->IsNull(3)) party.ddex_party_id = stmt->Text(3);
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return std::optional<Party>(std::move(party));
}

Result<std::vector<Party>> SqliteDatabase::Parties() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT id FROM party ORDER BY id"));
  std::vector<std::string> ids;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    ids.push_back(stmt->Text(0));
  }
  std::vector<Party> parties;
  for (const std::string& id : ids) {
    FERMATA_ASSIGN_OR_RETURN(std::optional<Party> party, FindParty(id));
    parties.push_back(std::move(*party));
  }
  return parties;
}

Result<PutStatus> SqliteDatabase::PutParty(const Party& party) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<Party> existing, FindParty(party.id));
  if (existing) {
    if (*existing == party) return PutStatus::kUnchanged;
    return Conflict("party", party.id);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO party VALUES (?, ?, ?, ?)"));
  stmt->Bind(1, party.id).Bind(2, party.name).Bind(3, PartyKindName(party.kind));
  if (party.ddex_party_id) {
    stmt->Bind(4, *party.ddex_party_id);
  } else {
    stmt->BindNull(4);
  }
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return PutStatus::kInserted;
}

Result<PutStatus> SqliteDatabase::PutRelease(const Release& release) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->Prepare("SELECT title, icpn FROM release WHERE id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->Bind(1, release.id).Step());
  if (found) {
    const bool same = find->Text(0) == release.title && find->Text(1) == release.icpn;
    FERMATA_RETURN_IF_ERROR(find->Run());
    if (same) return PutStatus::kUnchanged;
    return Conflict("release", release.id);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO release VALUES (?, ?, ?)"));
  Status inserted = stmt->Bind(1, release.id).Bind(2, release.title).Bind(3, release.icpn).Run();
  if (!inserted) {
    return MakeError(ErrorCode::kExistsWithDifferentContent,
                     "ICPN " + release.icpn + " already belongs to another release",
                     {"", 0, "icpn", release.icpn});
  }
  return PutStatus::kInserted;
}

Result<PutStatus> SqliteDatabase::PutRecording(const Recording& recording) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->Prepare("SELECT title, artist, duration_seconds FROM "
                                                "recording WHERE isrc = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->Bind(1, recording.isrc).Step());
  if (found) {
    const bool same = find->Text(0) == recording.title && find->Text(1) == recording.artist &&
                      find->Int(2) == recording.duration_seconds;
    FERMATA_RETURN_IF_ERROR(find->Run());
    if (same) return PutStatus::kUnchanged;
    return Conflict("recording", recording.isrc);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO recording VALUES (?, ?, ?, ?)"));
  stmt->Bind(1, recording.isrc).Bind(2, recording.title).Bind(3, recording.artist);
  FERMATA_RETURN_IF_ERROR(stmt->Bind(4, recording.duration_seconds).Run());
  return PutStatus::kInserted;
}

Result<PutStatus> SqliteDatabase::PutReleaseTrack(const ReleaseTrack& track) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->Prepare("SELECT isrc FROM release_track WHERE "
                                                "release_id = ? AND sequence = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->Bind(1, track.release_id).Bind(2, track.sequence).Step());
  if (found) {
    const bool same = find->Text(0) == track.isrc;
    FERMATA_RETURN_IF_ERROR(find->Run());
    if (same) return PutStatus::kUnchanged;
    return Conflict("track", track.release_id + "#" + std::to_string(track.sequence));
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO release_track VALUES (?, ?, ?)"));
  FERMATA_RETURN_IF_ERROR(
      stmt->Bind(1, track.release_id).Bind(2, track.sequence).Bind(3, track.isrc).Run());
  return PutStatus::kInserted;
}

Result<PutStatus> SqliteDatabase::PutProduct(const Product& product) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->Prepare("SELECT kind, format, release_id, catalog_number, "
                                                "coalesce(upc, '') FROM product WHERE sku = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->Bind(1, product.sku).Step());
  if (found) {
    const bool same = find->Text(0) == ProductKindName(product.kind) &&
                      find->Text(1) == ProductFormatName(product.format) &&
                      find->Text(2) == product.release_id &&
                      find->Text(3) == product.catalog_number &&
                      find->Text(4) == product.upc.value_or("");
    FERMATA_RETURN_IF_ERROR(find->Run());
    if (same) return PutStatus::kUnchanged;
    return Conflict("product", product.sku);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO product VALUES (?, ?, ?, ?, ?, ?)"));
  stmt->Bind(1, product.sku).Bind(2, ProductKindName(product.kind));
  stmt->Bind(3, ProductFormatName(product.format)).Bind(4, product.release_id);
  stmt->Bind(5, product.catalog_number);
  if (product.upc) {
    stmt->Bind(6, *product.upc);
  } else {
    stmt->BindNull(6);
  }
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return PutStatus::kInserted;
}

Result<std::vector<Relation>> SqliteDatabase::RelationsOf(const std::string& release_id) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT kind, release_id, party_id, valid_from, "
                                                "valid_to FROM relation WHERE release_id = ? "
                                                "ORDER BY id"));
  stmt->Bind(1, release_id);
  std::vector<Relation> relations;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    Relation relation;
    FERMATA_ASSIGN_OR_RETURN(relation.kind, ParseRelationKind(stmt->Text(0)));
    relation.release_id = stmt->Text(1);
    relation.party_id = stmt->Text(2);
    relation.valid_from = stmt->Text(3);
    if (!stmt->IsNull(4)) relation.valid_to = stmt->Text(4);
    relations.push_back(std::move(relation));
  }
  return relations;
}

Result<PutStatus> SqliteDatabase::PutRelation(const Relation& relation) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<Relation> existing, RelationsOf(relation.release_id));
  for (const Relation& stored : existing) {
    if (stored == relation) return PutStatus::kUnchanged;
  }
  FERMATA_RETURN_IF_ERROR(CheckNoOverlap(existing, relation));
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("INSERT INTO relation (kind, release_id, "
                                                "party_id, valid_from, valid_to) "
                                                "VALUES (?, ?, ?, ?, ?)"));
  stmt->Bind(1, RelationKindName(relation.kind)).Bind(2, relation.release_id);
  stmt->Bind(3, relation.party_id).Bind(4, relation.valid_from);
  if (relation.valid_to) {
    stmt->Bind(5, *relation.valid_to);
  } else {
    stmt->BindNull(5);
  }
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return PutStatus::kInserted;
}

}  // namespace fermata::sqlite
