// SqliteDatabase: the embedded storage, one SQLite file (internal).
//
// Implements both Database (catalog, imports, backup) and LedgerStorage.
// The ledger half is in sqlite_ledger.cc, the catalog half in
// sqlite_catalog.cc, opening, imports and backup in sqlite_database.cc.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "fermata/storage/sqlite/sqlite_db.h"
#include "fermata/storage/storage.h"

namespace fermata::sqlite {

class SqliteDatabase final : public Database, public LedgerStorage {
 public:
  explicit SqliteDatabase(std::unique_ptr<Connection> connection)
      : connection_(std::move(connection)) {}

  // Database.
  LedgerStorage& ledger_storage() override { return *this; }
  Result<int> SchemaVersion() override;
  Result<PutStatus> PutParty(const Party& party) override;
  Result<PutStatus> PutRelease(const Release& release) override;
  Result<PutStatus> PutRecording(const Recording& recording) override;
  Result<PutStatus> PutReleaseTrack(const ReleaseTrack& track) override;
  Result<PutStatus> PutProduct(const Product& product) override;
  Result<PutStatus> PutRelation(const Relation& relation) override;
  Result<std::vector<Party>> Parties() override;
  Result<std::optional<Party>> FindParty(const std::string& id) override;
  Result<std::vector<Relation>> RelationsOf(const std::string& release_id) override;
  Result<std::int64_t> CountRows(const std::string& table) override;
  Result<std::optional<ImportRecord>> FindImport(const std::string& sha256) override;
  Result<std::int64_t> RecordImport(const ImportRecord& record) override;
  Status BackupTo(const std::string& path) override;

  // LedgerStorage.
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;
  Result<ChainTip> Tip() override;
  Result<std::optional<StoredTransaction>> FindByKey(const std::string& key) override;
  Result<StoredTransaction> FindBySeq(std::int64_t seq) override;
  Result<std::optional<std::int64_t>> FindVoiding(std::int64_t seq) override;
  Result<std::int64_t> ResolveAccount(const AccountRef& ref) override;
  Result<AccountRef> AccountById(std::int64_t account_id) override;
  Result<std::vector<std::int64_t>> FindAccounts(const std::string& party,
                                                 std::optional<AccountKind> kind) override;
  Status Insert(const StoredTransaction& txn,
                const std::vector<std::int64_t>& account_ids) override;
  Status InsertCheckpointHeader(const std::string& as_of, std::int64_t through_seq) override;
  Status InsertCheckpointRow(const CheckpointRow& row) override;
  Result<std::vector<std::string>> CheckpointDatesFrom(const std::string& date) override;
  Result<std::optional<std::string>> LatestCheckpointDate(const std::string& as_of,
                                                          std::int64_t seq_bound) override;
  Result<std::vector<CheckpointRow>> CheckpointRows(const std::string& party,
                                                    const std::string& as_of,
                                                    std::int64_t seq_bound) override;
  Result<std::vector<PostingRow>> PostingsBetween(const std::string& party,
                                                  const std::string& from_exclusive,
                                                  const std::string& to_inclusive,
                                                  std::int64_t seq_bound) override;
  Result<std::optional<CheckpointRow>> LatestCheckpointRow(std::int64_t account_id,
                                                           const std::string& as_of) override;
  Result<std::vector<CheckpointRow>> AllCheckpointRows() override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> AllCheckpointHeaders() override;
  Result<std::int64_t> SeqKnownAt(const std::string& recorded_at_prefix) override;
  Result<std::string> MaxEffectiveDate() override;

 private:
  Result<std::vector<PostingRow>> ReadPostings(Statement* stmt);
  Result<std::vector<CheckpointRow>> ReadCheckpointRows(Statement* stmt);
  Status CheckCommodityExists(const std::string& commodity);

  std::unique_ptr<Connection> connection_;
  // Account ids are immutable once created, so the cache never goes stale;
  // entries created in a rolled-back unit are dropped on Rollback.
  std::map<std::string, std::int64_t> account_ids_;
  std::unordered_map<std::int64_t, AccountRef> accounts_by_id_;
  std::unordered_map<std::int64_t, std::string> account_party_;
  bool in_transaction_ = false;
};

}  // namespace fermata::sqlite
