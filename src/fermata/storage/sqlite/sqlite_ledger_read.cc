// Reads behind balances and verification, and the account registry.
#include <climits>

#include "fermata/storage/sqlite/sqlite_database.h"

namespace fermata::sqlite {

Result<std::vector<PostingRow>> SqliteDatabase::ReadPostings(Statement* stmt) {
  std::vector<PostingRow> rows;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    rows.push_back(PostingRow{stmt->Int(0), stmt->Int(1), stmt->Text(2), stmt->Amount(3)});
  }
  return rows;
}

Result<std::vector<CheckpointRow>> SqliteDatabase::ReadCheckpointRows(Statement* stmt) {
  std::vector<CheckpointRow> rows;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    CheckpointRow next{stmt->Int(0), stmt->Text(1), stmt->Int(2), stmt->Amount(3)};
    // Rows arrive ordered by account, then seq: keep the latest per account.
    if (!rows.empty() && rows.back().account_id == next.account_id) {
      rows.back() = std::move(next);
    } else {
      rows.push_back(std::move(next));
    }
  }
  return rows;
}

Result<std::vector<CheckpointRow>> SqliteDatabase::CheckpointRows(const std::string& party,
                                                                  const std::string& as_of,
                                                                  std::int64_t seq_bound) {
  std::string sql =
      "SELECT account_id, as_of, through_seq, balance FROM checkpoint_balance "
      "WHERE as_of = ?1 AND through_seq <= ?2 ";
  if (!party.empty()) sql += "AND party_id = ?3 ";
  sql += "ORDER BY account_id, through_seq";
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, connection_->Prepare(sql));
  stmt->Bind(1, as_of).Bind(2, seq_bound);
  if (!party.empty()) stmt->Bind(3, party);
  return ReadCheckpointRows(stmt);
}

Result<std::optional<CheckpointRow>> SqliteDatabase::LatestCheckpointRow(
    std::int64_t account_id, const std::string& as_of) {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->Prepare("SELECT account_id, as_of, through_seq, balance FROM "
                           "checkpoint_balance WHERE account_id = ? AND as_of = ? "
                           "ORDER BY through_seq DESC LIMIT 1"));
  stmt->Bind(1, account_id).Bind(2, as_of);
  FERMATA_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows, ReadCheckpointRows(stmt));
  if (rows.empty()) return std::optional<CheckpointRow>();
  return std::optional<CheckpointRow>(rows.front());
}

Result<std::vector<CheckpointRow>> SqliteDatabase::AllCheckpointRows() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->Prepare("SELECT account_id, as_of, through_seq, balance FROM "
                           "checkpoint_balance ORDER BY as_of, through_seq, account_id"));
  std::vector<CheckpointRow> rows;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    rows.push_back(CheckpointRow{stmt->Int(0), stmt->Text(1), stmt->Int(2), stmt->Amount(3)});
  }
  return rows;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqliteDatabase::AllCheckpointHeaders() {
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->Prepare("SELECT as_of, through_seq FROM checkpoint ORDER BY as_of"));
  std::vector<std::pair<std::string, std::int64_t>> headers;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    headers.emplace_back(stmt->Text(0), stmt->Int(1));
  }
  return headers;
}

Result<std::vector<PostingRow>> SqliteDatabase::PostingsBetween(const std::string& party,
                                                                const std::string& from_exclusive,
                                                                const std::string& to_inclusive,
                                                                std::int64_t seq_bound) {
  std::string sql =
      "SELECT txn_seq, account_id, effective_date, amount FROM posting "
      "WHERE effective_date > ?1 AND effective_date <= ?2 AND txn_seq <= ?3";
  if (!party.empty()) sql += " AND party_id = ?4";
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt, connection_->Prepare(sql));
  stmt->Bind(1, from_exclusive).Bind(2, to_inclusive).Bind(3, seq_bound);
  if (!party.empty()) stmt->Bind(4, party);
  return ReadPostings(stmt);
}

Result<std::int64_t> SqliteDatabase::SeqKnownAt(const std::string& recorded_at_prefix) {
  // '~' sorts after every character of an ISO time, so "2026-11-25~" bounds
  // the whole day and "2026-11-25T10:00~" the whole minute.
  FERMATA_ASSIGN_OR_RETURN(
      Statement * stmt,
      connection_->Prepare("SELECT seq FROM txn WHERE recorded_at <= ? "
                           "ORDER BY recorded_at DESC, seq DESC LIMIT 1"));
  // Recorded times never decrease along the chain (ledger.cc), so the last
  // row by recorded time is the last by seq; this form walks the index
  // instead of scanning the table for max(seq).
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Bind(1, recorded_at_prefix + "~").Step());
  const std::int64_t seq = row ? stmt->Int(0) : 0;
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return seq;
}

Result<std::string> SqliteDatabase::MaxEffectiveDate() {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT coalesce(max(effective_date), '') "
                                                "FROM posting"));
  FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
  FERMATA_ASSERT(row);
  std::string date = stmt->Text(0);
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  return date;
}

Status SqliteDatabase::CheckCommodityExists(const std::string& commodity) {
  if (!IsInventoryCommodity(commodity)) return OkStatus();
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT 1 FROM product WHERE sku = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->Bind(1, commodity.substr(4)).Step());
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  if (!found) {
    return MakeError(ErrorCode::kCommodityUnknown,
                     "no product with SKU '" + commodity.substr(4) + "' in the catalog",
                     {"", 0, "commodity", commodity});
  }
  return OkStatus();
}

Result<std::int64_t> SqliteDatabase::ResolveAccount(const AccountRef& ref) {
  const std::string name = ref.Name();
  auto cached = account_ids_.find(name);
  if (cached != account_ids_.end()) return cached->second;
  FERMATA_ASSIGN_OR_RETURN(Statement * find,
                           connection_->Prepare("SELECT id FROM account WHERE party_id = ? AND "
                                                "kind = ? AND commodity = ? AND location = ? "
                                                "AND counterparty = ?"));
  find->Bind(1, ref.party).Bind(2, static_cast<std::int64_t>(ref.kind)).Bind(3, ref.commodity);
  FERMATA_ASSIGN_OR_RETURN(bool found, find->Bind(4, ref.location).Bind(5, ref.counterparty).Step());
  std::int64_t id = found ? find->Int(0) : 0;
  FERMATA_RETURN_IF_ERROR(find->Run());
  if (!found) {
    FERMATA_ASSIGN_OR_RETURN(std::optional<Party> owner, FindParty(ref.party));
    if (!owner) {
      return MakeError(ErrorCode::kPartyUnknown, "no party '" + ref.party + "' in the catalog",
                       {"", 0, "party", ref.party});
    }
    FERMATA_RETURN_IF_ERROR(CheckCommodityExists(ref.commodity));
    FERMATA_ASSIGN_OR_RETURN(Statement * insert,
                             connection_->Prepare("INSERT INTO account (party_id, kind, "
                                                  "commodity, location, counterparty) "
                                                  "VALUES (?, ?, ?, ?, ?)"));
    insert->Bind(1, ref.party).Bind(2, static_cast<std::int64_t>(ref.kind));
    insert->Bind(3, ref.commodity).Bind(4, ref.location).Bind(5, ref.counterparty);
    FERMATA_RETURN_IF_ERROR(insert->Run());
    id = sqlite3_last_insert_rowid(connection_->handle());
  }
  account_ids_.emplace(name, id);
  accounts_by_id_.emplace(id, ref);
  account_party_.emplace(id, ref.party);
  return id;
}

Result<AccountRef> SqliteDatabase::AccountById(std::int64_t account_id) {
  auto cached = accounts_by_id_.find(account_id);
  if (cached != accounts_by_id_.end()) return cached->second;
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT party_id, kind, commodity, location, "
                                                "counterparty FROM account WHERE id = ?"));
  FERMATA_ASSIGN_OR_RETURN(bool found, stmt->Bind(1, account_id).Step());
  if (!found) {
    return MakeError(ErrorCode::kStorageError,
                     "posting refers to missing account " + std::to_string(account_id));
  }
  AccountRef ref{stmt->Text(0), static_cast<AccountKind>(stmt->Int(1)), stmt->Text(2),
                 stmt->Text(3), stmt->Text(4)};
  FERMATA_RETURN_IF_ERROR(stmt->Run());
  accounts_by_id_.emplace(account_id, ref);
  account_ids_.emplace(ref.Name(), account_id);
  account_party_.emplace(account_id, ref.party);
  return ref;
}

Result<std::vector<std::int64_t>> SqliteDatabase::FindAccounts(const std::string& party,
                                                               std::optional<AccountKind> kind) {
  FERMATA_ASSIGN_OR_RETURN(Statement * stmt,
                           connection_->Prepare("SELECT id FROM account WHERE (?1 = '' OR "
                                                "party_id = ?1) AND (?2 = 0 OR kind = ?2) "
                                                "ORDER BY id"));
  stmt->Bind(1, party).Bind(2, kind ? static_cast<std::int64_t>(*kind) : 0);
  std::vector<std::int64_t> ids;
  while (true) {
    FERMATA_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    ids.push_back(stmt->Int(0));
  }
  return ids;
}

}  // namespace fermata::sqlite
