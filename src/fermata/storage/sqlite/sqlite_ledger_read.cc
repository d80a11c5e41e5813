// Reads behind balances and verification, and the account registry.
#include <climits>

#include "fermata/storage/sqlite/schema.h"
#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {

Result<std::vector<PostingRow>> SqliteDatabase::read_postings(Statement* stmt) {
  std::vector<PostingRow> rows;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    rows.push_back(PostingRow{stmt->integer(0), stmt->integer(1), stmt->text(2), stmt->amount(3)});
  }
  return rows;
}

Result<std::vector<CheckpointRow>> SqliteDatabase::read_checkpoint_rows(Statement* stmt) {
  std::vector<CheckpointRow> rows;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    CheckpointRow next{stmt->integer(0), stmt->text(1), stmt->integer(2), stmt->amount(3)};
    // Rows arrive ordered by account, then seq: keep the latest per account.
    if (!rows.empty() && rows.back().account_id == next.account_id) {
      rows.back() = std::move(next);
    } else {
      rows.push_back(std::move(next));
    }
  }
  return rows;
}

Result<std::vector<CheckpointRow>> SqliteDatabase::checkpoint_rows(const std::string& party,
                                                                   const std::string& as_of,
                                                                   std::int64_t seq_bound) {
  std::string sql =
      "SELECT account_id, as_of, through_seq, balance FROM checkpoint_balance "
      "WHERE as_of = ?1 AND through_seq <= ?2 ";
  if (!party.empty()) sql += "AND party_id = ?3 ";
  sql += "ORDER BY account_id, through_seq";
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, connection_->prepare(sql));
  stmt->bind(1, as_of).bind(2, seq_bound);
  if (!party.empty()) stmt->bind(3, party);
  return read_checkpoint_rows(stmt);
}

Result<std::optional<CheckpointRow>> SqliteDatabase::latest_checkpoint_row(
    std::int64_t account_id, const std::string& as_of) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT account_id, as_of, through_seq, balance FROM "
                           "checkpoint_balance WHERE account_id = ? AND as_of = ? "
                           "ORDER BY through_seq DESC LIMIT 1"));
  stmt->bind(1, account_id).bind(2, as_of);
  FERMATA_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows, read_checkpoint_rows(stmt));
  if (rows.empty()) return std::optional<CheckpointRow>();
  return std::optional<CheckpointRow>(rows.front());
}

Result<std::int64_t> SqliteDatabase::count_checkpoint_rows(const std::string& as_of) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT count(*) FROM checkpoint_balance WHERE as_of = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->bind(1, as_of).step());
  FERMATA_ASSERT(row);
  const std::int64_t count = stmt->integer(0);
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return count;
}

Result<std::vector<CheckpointRow>> SqliteDatabase::all_checkpoint_rows() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT account_id, as_of, through_seq, balance FROM "
                           "checkpoint_balance ORDER BY as_of, through_seq, account_id"));
  std::vector<CheckpointRow> rows;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    rows.push_back(
        CheckpointRow{stmt->integer(0), stmt->text(1), stmt->integer(2), stmt->amount(3)});
  }
  return rows;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqliteDatabase::all_checkpoint_headers() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare("SELECT as_of, through_seq FROM checkpoint ORDER BY as_of"));
  std::vector<std::pair<std::string, std::int64_t>> headers;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    headers.emplace_back(stmt->text(0), stmt->integer(1));
  }
  return headers;
}

Result<std::vector<PostingRow>> SqliteDatabase::postings_between(const std::string& party,
                                                                 const std::string& from_exclusive,
                                                                 const std::string& to_inclusive,
                                                                 std::int64_t seq_bound) {
  std::string sql =
      "SELECT txn_seq, account_id, effective_date, amount FROM posting "
      "WHERE effective_date > ?1 AND effective_date <= ?2 AND txn_seq <= ?3";
  if (!party.empty()) sql += " AND party_id = ?4";
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, connection_->prepare(sql));
  stmt->bind(1, from_exclusive).bind(2, to_inclusive).bind(3, seq_bound);
  if (!party.empty()) stmt->bind(4, party);
  return read_postings(stmt);
}

Result<std::vector<PostingRow>> SqliteDatabase::account_postings_after(const std::string& party,
                                                                       std::int64_t account_id,
                                                                       const std::string& date) {
  // The owner's range of the date index, filtered on the account inside the
  // index: no table row is read.
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt, connection_->prepare("SELECT txn_seq, account_id, effective_date, amount "
                                             "FROM posting WHERE party_id = ?1 AND "
                                             "effective_date > ?2 AND account_id = ?3 "
                                             "ORDER BY effective_date"));
  stmt->bind(1, party).bind(2, date).bind(3, account_id);
  return read_postings(stmt);
}

Result<std::int64_t> SqliteDatabase::seq_known_at(const std::string& recorded_at_prefix) {
  // '~' sorts after every character of an ISO time, so "2026-11-25~" bounds
  // the whole day and "2026-11-25T10:00~" the whole minute.
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT seq FROM txn WHERE recorded_at <= ? "
                                                "ORDER BY recorded_at DESC, seq DESC LIMIT 1"));
  // Recorded times never decrease along the chain (ledger.cc), so the last
  // row by recorded time is the last by seq; this form walks the index
  // instead of scanning the table for max(seq).
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->bind(1, recorded_at_prefix + "~").step());
  const std::int64_t seq = row ? stmt->integer(0) : 0;
  FERMATA_RETURN_IF_ERROR(stmt->run());
  return seq;
}

Result<std::vector<std::pair<std::int64_t, std::string>>> SqliteDatabase::storage_findings() {
  std::vector<std::pair<std::int64_t, std::string>> findings;
  FERMATA_ASSIGN_OR_RETURN(
      Statement * copies,
      connection_->prepare("SELECT DISTINCT p.txn_seq FROM posting p "
                           "JOIN txn t ON t.seq = p.txn_seq JOIN account a ON a.id = p.account_id "
                           "WHERE p.effective_date <> t.effective_date OR p.party_id <> a.party_id "
                           "ORDER BY p.txn_seq"));
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, copies->step());
    if (!row) break;
    findings.emplace_back(copies->integer(0),
                          "a posting's owner or date disagrees with its account or transaction");
  }
  // Checkpoint rows copy their account's owner too (the party index serves
  // one label's balances); a wrong copy would hide a balance from its owner.
  FERMATA_ASSIGN_OR_RETURN(
      Statement * owners,
      connection_->prepare("SELECT c.as_of, c.account_id, c.party_id, a.party_id "
                           "FROM checkpoint_balance c JOIN account a ON a.id = c.account_id "
                           "WHERE c.party_id <> a.party_id ORDER BY c.as_of, c.account_id"));
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, owners->step());
    if (!row) break;
    findings.emplace_back(0, "checkpoint " + owners->text(0) + ": the row of account " +
                                 std::to_string(owners->integer(1)) + " names owner " +
                                 owners->text(2) + ", its account " + owners->text(3));
  }
  FERMATA_ASSIGN_OR_RETURN(Statement * trigger,
                           connection_->prepare("SELECT 1 FROM sqlite_master WHERE "
                                                "type = 'trigger' AND name = ?"));
  for (const std::string& name : append_only_trigger_names()) {
    FERMATA_ASSIGN_OR_RETURN(bool present, trigger->bind(1, name).step());
    FERMATA_RETURN_IF_ERROR(trigger->run());
    if (!present) findings.emplace_back(0, "append-only guard " + name + " is missing");
  }
  return findings;
}

Result<std::string> SqliteDatabase::max_effective_date() {
  return connection_->one_text("SELECT coalesce(max(effective_date), '') FROM posting");
}

Status SqliteDatabase::check_commodity_exists(const std::string& commodity) {
  if (!is_inventory_commodity(commodity)) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT 1 FROM product WHERE sku = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, commodity.substr(4)).step());
  FERMATA_RETURN_IF_ERROR(stmt->run());
  if (!found) {
    return make_error(ErrorCode::kCommodityUnknown,
                      "no product with SKU '" + commodity.substr(4) + "' in the catalog",
                      {"", 0, "commodity", commodity});
  }
  return ok_status();
}

Result<std::int64_t> SqliteDatabase::resolve_account(const AccountRef& ref, bool create) {
  auto cached = account_ids_.find(ref);
  if (cached != account_ids_.end()) return cached->second;
  if (!accounts_to_create_.contains(ref)) {
    FERMATA_ASSIGN_OR_RETURN(Statement * find,
                             connection_->prepare("SELECT id FROM account WHERE party_id = ? AND "
                                                  "kind = ? AND commodity = ? AND location = ? "
                                                  "AND counterparty = ?"));
    find->bind(1, ref.party).bind(2, static_cast<std::int64_t>(ref.kind)).bind(3, ref.commodity);
    FERMATA_ASSIGN_OR_RETURN(bool found,
                             find->bind(4, ref.location).bind(5, ref.counterparty).step());
    const std::int64_t id = found ? find->integer(0) : 0;
    FERMATA_RETURN_IF_ERROR(find->run());
    if (found) {
      remember_account(id, ref);
      return id;
    }
    FERMATA_RETURN_IF_ERROR(check_account_known(ref));
    if (!create) {
      accounts_to_create_.insert(ref);
      return std::int64_t{0};
    }
  }
  if (!create) return std::int64_t{0};
  FERMATA_ASSIGN_OR_RETURN(Statement * insert,
                           connection_->prepare("INSERT INTO account (party_id, kind, "
                                                "commodity, location, counterparty) "
                                                "VALUES (?, ?, ?, ?, ?)"));
  insert->bind(1, ref.party).bind(2, static_cast<std::int64_t>(ref.kind));
  insert->bind(3, ref.commodity).bind(4, ref.location).bind(5, ref.counterparty);
  FERMATA_RETURN_IF_ERROR(insert->run());
  const std::int64_t id = sqlite3_last_insert_rowid(connection_->handle());
  accounts_to_create_.erase(ref);
  remember_account(id, ref);
  return id;
}

// Owners and SKUs seen to exist are remembered (the catalog only grows), so
// a book of many new accounts asks once per party and product.
Status SqliteDatabase::check_account_known(const AccountRef& ref) {
  if (!known_owners_.contains(ref.party)) {
    FERMATA_ASSIGN_OR_RETURN(std::optional<Party> owner, find_party(ref.party));
    if (!owner) {
      return make_error(ErrorCode::kPartyUnknown, "no party '" + ref.party + "' in the catalog",
                        {"", 0, "party", ref.party});
    }
    known_owners_.insert(ref.party);
  }
  if (!known_commodities_.contains(ref.commodity)) {
    FERMATA_RETURN_IF_ERROR(check_commodity_exists(ref.commodity));
    known_commodities_.insert(ref.commodity);
  }
  return ok_status();
}

void SqliteDatabase::remember_account(std::int64_t id, const AccountRef& ref) {
  account_ids_.emplace(ref, id);
  accounts_by_id_.emplace(id, ref);
}

Result<AccountRef> SqliteDatabase::account_by_id(std::int64_t account_id) {
  FERMATA_ASSIGN_OR_RETURN(const AccountRef* ref, cached_account(account_id));
  return *ref;
}

Result<const AccountRef*> SqliteDatabase::cached_account(std::int64_t account_id) {
  auto cached = accounts_by_id_.find(account_id);
  if (cached != accounts_by_id_.end()) return &cached->second;
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->prepare("SELECT party_id, kind, commodity, location, "
                                                "counterparty FROM account WHERE id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->bind(1, account_id).step());
  if (!found) {
    return make_error(ErrorCode::kStorageError, "no account with id " + std::to_string(account_id));
  }
  AccountRef ref{stmt->text(0), static_cast<AccountKind>(stmt->integer(1)), stmt->text(2),
                 stmt->text(3), stmt->text(4)};
  FERMATA_RETURN_IF_ERROR(stmt->run());
  remember_account(account_id, ref);
  return &accounts_by_id_.at(account_id);
}

Status SqliteDatabase::scan_accounts(const std::string& party, const AccountVisitor& visit) {
  // A party: one range of the (party_id, kind, commodity, location,
  // counterparty) unique index, which holds every column: no table lookups.
  // Every party: one pass over the table.
  const std::string columns = "SELECT id, kind, commodity, location, counterparty, party_id ";
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->prepare(party.empty() ? columns + "FROM account"
                                         : columns + "FROM account WHERE party_id = ?"));
  if (!party.empty()) stmt->bind(1, party);
  AccountRef account;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    account.party = party.empty() ? stmt->text(5) : party;
    account.kind = static_cast<AccountKind>(stmt->integer(1));
    account.commodity = stmt->text(2);
    account.location = stmt->text(3);
    account.counterparty = stmt->text(4);
    if (Status visited = visit(stmt->integer(0), account); !visited) {
      stmt->reset();
      return visited;
    }
  }
  return ok_status();
}

}  // namespace fermata::sqlite
