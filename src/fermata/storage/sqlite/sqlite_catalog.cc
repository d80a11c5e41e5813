// The catalog half of SqliteDatabase. Catalog rows are keyed by their
// stable ids; a put is idempotent for identical content and a conflict for
// different content, mirroring the ledger's idempotency rule.
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {
namespace {

Error conflict(std::string_view what, const std::string& id) {
  return make_error(ErrorCode::kExistsWithDifferentContent,
                    std::string(what) + " '" + id + "' already exists with different content",
                    {"", 0, "id", id});
}

}  // namespace

Result<std::optional<Party>> SqliteDatabase::find_party(const std::string& id) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT id, name, kind, ddex_party_id FROM party "
                                                "WHERE id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, id).step());
  if (!found) return std::optional<Party>();
  Party party{stmt->text(0), stmt->text(1), PartyKind::kLabel, std::nullopt};
  FERMATA_ASSIGN_OR_RETURN(party.kind, parse_party_kind(stmt->text(2)));
  if (!stmt->is_null(3)) party.ddex_party_id = stmt->text(3);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return std::optional<Party>(std::move(party));
}

Result<std::vector<Party>> SqliteDatabase::parties() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT id FROM party ORDER BY id"));
  std::vector<std::string> ids;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    ids.push_back(stmt->text(0));
  }
  std::vector<Party> parties;
  for (const std::string& id : ids) {
    FERMATA_ASSIGN_OR_RETURN(std::optional<Party> party, find_party(id));
    parties.push_back(std::move(*party));
  }
  return parties;
}

Result<PutStatus> SqliteDatabase::put_party(const Party& party) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<Party> existing, find_party(party.id));
  if (existing) {
    if (*existing == party) return PutStatus::kUnchanged;
    return conflict("party", party.id);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO party VALUES (?, ?, ?, ?)"));
  stmt->bind(1, party.id).bind(2, party.name).bind(3, party_kind_name(party.kind));
  if (party.ddex_party_id) {
    stmt->bind(4, *party.ddex_party_id);
  } else {
    stmt->bind_null(4);
  }
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return PutStatus::kInserted;
}

Result<std::optional<Release>> SqliteDatabase::find_release(const std::string& id) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->prepare("SELECT title, icpn FROM release WHERE id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->bind(1, id).step());
  if (!found) return std::optional<Release>();
  Release release{id, find->text(0), find->text(1)};
  FERMATA_RETURN_IF_ERROR(find->run());
  return std::optional<Release>(std::move(release));
}

Result<PutStatus> SqliteDatabase::put_release(const Release& release) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->prepare("SELECT title, icpn FROM release WHERE id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->bind(1, release.id).step());
  if (found) {
    const bool same = find->text(0) == release.title && find->text(1) == release.icpn;
    FERMATA_RETURN_IF_ERROR(find->run());
    if (same) return PutStatus::kUnchanged;
    return conflict("release", release.id);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO release VALUES (?, ?, ?)"));
  stmt->bind(1, release.id).bind(2, release.title);
  if (release.icpn.empty()) {
    stmt->bind_null(3);
  } else {
    stmt->bind(3, release.icpn);
  }
  Status inserted = stmt->run();
  if (!inserted && inserted.error().code == ErrorCode::kExistsWithDifferentContent) {
    // The id is new (checked above), so the unique index that failed is the ICPN's.
    return make_error(ErrorCode::kExistsWithDifferentContent,
                      "ICPN " + release.icpn + " already belongs to another release",
                      {"", 0, "icpn", release.icpn});
  }
  if (!inserted) return inserted.error();
  return PutStatus::kInserted;
}

Result<PutStatus> SqliteDatabase::put_recording(const Recording& recording) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->prepare("SELECT title, artist, duration_seconds FROM "
                                                "recording WHERE isrc = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->bind(1, recording.isrc).step());
  if (found) {
    const bool same = find->text(0) == recording.title && find->text(1) == recording.artist &&
                      find->integer(2) == recording.duration_seconds;
    FERMATA_RETURN_IF_ERROR(find->run());
    if (same) return PutStatus::kUnchanged;
    return conflict("recording", recording.isrc);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO recording VALUES (?, ?, ?, ?)"));
  stmt->bind(1, recording.isrc).bind(2, recording.title).bind(3, recording.artist);
  FERMATA_RETURN_IF_ERROR(stmt->bind(4, recording.duration_seconds).run());
  return PutStatus::kInserted;
}

Result<PutStatus> SqliteDatabase::put_release_track(const ReleaseTrack& track) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->prepare("SELECT isrc FROM release_track WHERE "
                                                "release_id = ? AND sequence = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found,
                           find->bind(1, track.release_id).bind(2, track.sequence).step());
  if (found) {
    const bool same = find->text(0) == track.isrc;
    FERMATA_RETURN_IF_ERROR(find->run());
    if (same) return PutStatus::kUnchanged;
    return conflict("track", track.release_id + "#" + std::to_string(track.sequence));
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO release_track VALUES (?, ?, ?)"));
  FERMATA_RETURN_IF_ERROR(
      stmt->bind(1, track.release_id).bind(2, track.sequence).bind(3, track.isrc).run());
  return PutStatus::kInserted;
}

Result<PutStatus> SqliteDatabase::put_product(const Product& product) {
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->prepare("SELECT kind, format, release_id, catalog_number, "
                                                "coalesce(upc, '') FROM product WHERE sku = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, find->bind(1, product.sku).step());
  if (found) {
    const bool same = find->text(0) == product_kind_name(product.kind) &&
                      find->text(1) == product_format_name(product.format) &&
                      find->text(2) == product.release_id &&
                      find->text(3) == product.catalog_number &&
                      find->text(4) == product.upc.value_or("");
    FERMATA_RETURN_IF_ERROR(find->run());
    if (same) return PutStatus::kUnchanged;
    return conflict("product", product.sku);
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO product VALUES (?, ?, ?, ?, ?, ?)"));
  stmt->bind(1, product.sku).bind(2, product_kind_name(product.kind));
  stmt->bind(3, product_format_name(product.format)).bind(4, product.release_id);
  stmt->bind(5, product.catalog_number);
  if (product.upc) {
    stmt->bind(6, *product.upc);
  } else {
    stmt->bind_null(6);
  }
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return PutStatus::kInserted;
}

Result<std::vector<Relation>> SqliteDatabase::relations_of(const std::string& release_id) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT kind, release_id, party_id, valid_from, "
                                                "valid_to FROM relation WHERE release_id = ? "
                                                "ORDER BY id"));
  stmt->bind(1, release_id);
  std::vector<Relation> relations;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    Relation relation;
    FERMATA_ASSIGN_OR_RETURN(relation.kind, parse_relation_kind(stmt->text(0)));
    relation.release_id = stmt->text(1);
    relation.party_id = stmt->text(2);
    relation.valid_from = stmt->text(3);
    if (!stmt->is_null(4)) relation.valid_to = stmt->text(4);
    relations.push_back(std::move(relation));
  }
  return relations;
}

Result<PutStatus> SqliteDatabase::put_relation(const Relation& relation) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<Relation> existing, relations_of(relation.release_id));
  for (const Relation& stored : existing) {
    if (stored == relation) return PutStatus::kUnchanged;
  }
  FERMATA_RETURN_IF_ERROR(check_no_overlap(existing, relation));
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("INSERT INTO relation (kind, release_id, "
                                                "party_id, valid_from, valid_to) "
                                                "VALUES (?, ?, ?, ?, ?)"));
  stmt->bind(1, relation_kind_name(relation.kind)).bind(2, relation.release_id);
  stmt->bind(3, relation.party_id).bind(4, relation.valid_from);
  if (relation.valid_to) {
    stmt->bind(5, *relation.valid_to);
  } else {
    stmt->bind_null(5);
  }
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return PutStatus::kInserted;
}

}  // namespace fermata::sqlite
