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
#include <unordered_set>

#include "fermata/storage/sqlite/sqlite_counts.h"
#include "fermata/storage/sqlite/sqlite_db.h"
#include "fermata/storage/sqlite/sqlite_payments.h"
#include "fermata/storage/sqlite/sqlite_reports.h"
#include "fermata/storage/sqlite/sqlite_royalties.h"
#include "fermata/storage/sqlite/sqlite_stock.h"
#include "fermata/storage/storage.h"

namespace fermata::sqlite {

class SqliteDatabase final : public Database, public LedgerStorage {
 public:
  explicit SqliteDatabase(std::unique_ptr<Connection> connection)
      : connection_(std::move(connection)),
        reports_(*connection_),
        royalties_(*connection_),
        payments_(*connection_),
        stock_(*connection_),
        counts_(*connection_) {}

  // Database.
  LedgerStorage& ledger_storage() override { return *this; }
  ReportRegister& report_register() override { return reports_; }
  RoyaltyRegister& royalty_register() override { return royalties_; }
  PaymentRegister& payment_register() override { return payments_; }
  StockRegister& stock_register() override { return stock_; }
  CountRegister& count_register() override { return counts_; }
  Result<int> schema_version() override;
  Status begin_read() override;
  void end_read() override;
  Result<PutStatus> put_party(const Party& party) override;
  Result<PutStatus> put_release(const Release& release) override;
  Result<PutStatus> put_recording(const Recording& recording) override;
  Result<PutStatus> put_release_track(const ReleaseTrack& track) override;
  Result<PutStatus> put_product(const Product& product) override;
  Result<PutStatus> put_relation(const Relation& relation) override;
  Result<PutStatus> put_deal(const Deal& deal) override;
  Result<PutStatus> put_agreement(const StoredAgreement& agreement) override;
  Result<std::vector<StoredAgreement>> agreements() override;
  Result<PutStatus> put_payee(const StoredPayee& payee) override;
  Result<std::vector<StoredPayee>> payees() override;
  Result<PutStatus> put_fx_rate(const StoredFxRate& rate) override;
  Result<std::vector<StoredFxRate>> fx_rates() override;
  Result<std::vector<Deal>> deals_of(const std::string& release_id) override;
  Result<PutStatus> retire_release(const std::string& release_id,
                                   const std::string& message_id) override;
  Result<std::vector<Party>> parties() override;
  Result<std::optional<Release>> find_release(const std::string& id) override;
  Result<std::optional<Party>> find_party(const std::string& id) override;
  Result<std::vector<Relation>> relations_of(const std::string& release_id) override;
  Result<std::int64_t> count_rows(const std::string& table) override;
  Result<CatalogSnapshot> catalog_snapshot() override;
  Result<std::string> catalog_revision() override;
  Result<std::optional<ImportRecord>> find_import(const std::string& sha256) override;
  Result<std::int64_t> record_import(const ImportRecord& record) override;
  Status complete_import(std::int64_t id, std::int64_t rows, std::int64_t transactions) override;
  Result<std::vector<ImportRecord>> imports() override;
  Result<std::vector<std::int64_t>> transactions_from(const std::string& sha256) override;
  Status backup_to(const std::string& path) override;
  Status restore_from(const std::string& path) override;

  // LedgerStorage.
  Status begin() override;
  Status commit() override;
  void rollback() override;
  Result<ChainTip> tip() override;
  Result<std::optional<StoredTransaction>> find_by_key(const std::string& key) override;
  Result<StoredTransaction> find_by_seq(std::int64_t seq) override;
  Result<std::int64_t> resolve_account(const AccountRef& ref, bool create) override;
  Result<AccountRef> account_by_id(std::int64_t account_id) override;
  Status scan_accounts(const std::string& party, const AccountVisitor& visit) override;
  Status insert(const StoredTransaction& txn,
                const std::vector<std::int64_t>& account_ids) override;
  Status insert_checkpoint_header(const std::string& as_of, std::int64_t through_seq) override;
  Status insert_checkpoint_row(const CheckpointRow& row) override;
  Result<std::vector<std::string>> checkpoint_dates_from(const std::string& date) override;
  Result<std::optional<std::string>> latest_checkpoint_date(const std::string& as_of,
                                                            std::int64_t seq_bound) override;
  Result<std::vector<CheckpointRow>> checkpoint_rows(const std::string& party,
                                                     const std::string& as_of,
                                                     std::int64_t seq_bound) override;
  Result<std::vector<PostingRow>> postings_between(const std::string& party,
                                                   const std::string& from_exclusive,
                                                   const std::string& to_inclusive,
                                                   std::int64_t seq_bound) override;
  Result<std::vector<PostingRow>> account_postings_after(const std::string& party,
                                                         std::int64_t account_id,
                                                         const std::string& date) override;
  Result<std::optional<CheckpointRow>> latest_checkpoint_row(std::int64_t account_id,
                                                             const std::string& as_of) override;
  Result<std::int64_t> count_checkpoint_rows(const std::string& as_of) override;
  Result<std::vector<CheckpointRow>> all_checkpoint_rows() override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> all_checkpoint_headers() override;
  Result<std::int64_t> seq_known_at(const std::string& recorded_at_prefix) override;
  Result<std::string> max_effective_date() override;
  Result<std::vector<std::pair<std::int64_t, std::string>>> storage_findings() override;

 private:
  Result<std::vector<PostingRow>> read_postings(Statement* stmt);
  Result<std::vector<CheckpointRow>> read_checkpoint_rows(Statement* stmt);
  Status check_commodity_exists(const std::string& commodity);
  void remember_account(std::int64_t id, const AccountRef& ref);
  // The account with that id, from the cache (read from the account table
  // and cached on a miss). Valid until the caches are cleared: no copy for
  // callers that only read a field, such as each checkpoint row's owner.
  Result<const AccountRef*> cached_account(std::int64_t account_id);
  Status check_account_known(const AccountRef& ref);
  // After a rollback or restore: ids and names may be gone.
  void clear_account_caches();

  std::unique_ptr<Connection> connection_;
  SqliteReportRegister reports_;
  SqliteRoyaltyRegister royalties_;
  SqlitePaymentRegister payments_;
  SqliteStockRegister stock_;
  SqliteCountRegister counts_;
  // Account ids are immutable once created, so the cache never goes stale;
  // entries created in a rolled-back unit are dropped on Rollback.
  std::unordered_map<AccountRef, std::int64_t, AccountRefHash> account_ids_;
  std::unordered_map<std::int64_t, AccountRef> accounts_by_id_;
  // Accounts looked up without `create`, absent and valid (owner
  // and commodity known): the append that follows creates them without
  // asking again. Cleared with the caches.
  std::unordered_set<AccountRef, AccountRefHash> accounts_to_create_;
  // Parties and commodities an account was created or found valid for.
  std::unordered_set<std::string> known_owners_, known_commodities_;
  bool in_transaction_ = false;
  bool in_read_ = false;  // Inside begin_read()..end_read().
};

}  // namespace fermata::sqlite
