// The whole catalog in one read, for matching sales lines.
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {
namespace {

template <typename T, typename Read>
Status read_rows(Connection& connection, const std::string& sql, std::vector<T>& out, Read read) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, connection.prepare(sql));
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    FERMATA_ASSIGN_OR_RETURN(T value, read(*stmt));
    out.push_back(std::move(value));
  }
  return ok_status();
}

Result<Product> read_product(Statement& s) {
  Product product;
  product.sku = s.text(0);
  FERMATA_ASSIGN_OR_RETURN(product.kind, parse_product_kind(s.text(1)));
  FERMATA_ASSIGN_OR_RETURN(product.format, parse_product_format(s.text(2)));
  product.release_id = s.text(3);
  product.catalog_number = s.text(4);
  if (!s.is_null(5)) product.upc = s.text(5);
  return product;
}

Result<Relation> read_relation(Statement& s) {
  Relation relation;
  FERMATA_ASSIGN_OR_RETURN(relation.kind, parse_relation_kind(s.text(0)));
  relation.release_id = s.text(1);
  relation.party_id = s.text(2);
  relation.valid_from = s.text(3);
  if (!s.is_null(4)) relation.valid_to = s.text(4);
  return relation;
}

}  // namespace

Result<CatalogSnapshot> SqliteDatabase::catalog_snapshot() {
  CatalogSnapshot snapshot;
  Connection& c = *connection_;
  FERMATA_ASSIGN_OR_RETURN(snapshot.parties, parties());
  FERMATA_RETURN_IF_ERROR(read_rows<Release>(c, "SELECT id, title, icpn FROM release ORDER BY id",
                                             snapshot.releases,
                                             [](Statement& s) -> Result<Release> {
                                               return Release{s.text(0), s.text(1), s.text(2)};
                                             }));
  FERMATA_RETURN_IF_ERROR(read_rows<ReleaseTrack>(
      c, "SELECT release_id, sequence, isrc FROM release_track ORDER BY release_id, sequence",
      snapshot.tracks, [](Statement& s) -> Result<ReleaseTrack> {
        return ReleaseTrack{s.text(0), s.integer(1), s.text(2)};
      }));
  FERMATA_RETURN_IF_ERROR(read_rows<Product>(
      c, "SELECT sku, kind, format, release_id, catalog_number, upc FROM product ORDER BY sku",
      snapshot.products, read_product));
  FERMATA_RETURN_IF_ERROR(read_rows<Relation>(
      c, "SELECT kind, release_id, party_id, valid_from, valid_to FROM relation ORDER BY id",
      snapshot.relations, read_relation));
  return snapshot;
}

Result<std::string> SqliteDatabase::catalog_revision() {
  return connection_->one_text(
      "SELECT (SELECT count(*) FROM party) || ':' || (SELECT count(*) FROM release) || ':' || "
      "(SELECT count(*) FROM release_track) || ':' || (SELECT count(*) FROM product) || ':' || "
      "(SELECT count(*) FROM relation)");
}

}  // namespace fermata::sqlite
