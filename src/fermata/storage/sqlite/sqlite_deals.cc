// ERN deals and retired releases. A deal is stored as one line of JSON in a
// fixed key order, so the same deal delivered twice is one row.
#include <nlohmann/json.hpp>

#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {
namespace {

std::string deal_body(const Deal& d) {
  nlohmann::ordered_json body = {{"sku", d.sku},
                                 {"commercial_models", d.commercial_models},
                                 {"use_types", d.use_types},
                                 {"territories", d.territories},
                                 {"excluded_territories", d.excluded_territories},
                                 {"valid_from", d.valid_from},
                                 {"valid_to", d.valid_to.value_or("")},
                                 {"takedown", d.takedown},
                                 {"price_tier", d.price_tier}};
  return body.dump();
}

Deal deal_from(const std::string& release_id, const std::string& text) {
  const nlohmann::json body = nlohmann::json::parse(text);
  Deal d;
  d.release_id = release_id;
  d.sku = body.at("sku").get<std::string>();
  d.commercial_models = body.at("commercial_models").get<std::vector<std::string>>();
  d.use_types = body.at("use_types").get<std::vector<std::string>>();
  d.territories = body.at("territories").get<std::vector<std::string>>();
  d.excluded_territories = body.at("excluded_territories").get<std::vector<std::string>>();
  d.valid_from = body.at("valid_from").get<std::string>();
  const std::string to = body.at("valid_to").get<std::string>();
  if (!to.empty()) d.valid_to = to;
  d.takedown = body.at("takedown").get<bool>();
  d.price_tier = body.at("price_tier").get<std::string>();
  return d;
}

}  // namespace

Result<PutStatus> SqliteDatabase::put_deal(const Deal& deal) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("INSERT OR IGNORE INTO deal (release_id, body) VALUES (?, ?)"));
  FERMATA_RETURN_IF_ERROR(stmt->bind(1, deal.release_id).bind(2, deal_body(deal)).run());
  return sqlite3_changes(connection_->handle()) == 1 ? PutStatus::kInserted : PutStatus::kUnchanged;
}

Result<std::vector<Deal>> SqliteDatabase::deals_of(const std::string& release_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT body FROM deal WHERE release_id = ? ORDER BY id"));
  stmt->bind(1, release_id);
  std::vector<Deal> deals;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    deals.push_back(deal_from(release_id, stmt->text(0)));
  }
  return deals;
}

Result<PutStatus> SqliteDatabase::retire_release(const std::string& release_id,
                                                 const std::string& message_id) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare(
          "INSERT OR IGNORE INTO release_retired (release_id, message_id) VALUES (?, ?)"));
  FERMATA_RETURN_IF_ERROR(stmt->bind(1, release_id).bind(2, message_id).run());
  return sqlite3_changes(connection_->handle()) == 1 ? PutStatus::kInserted : PutStatus::kUnchanged;
}

}  // namespace fermata::sqlite
