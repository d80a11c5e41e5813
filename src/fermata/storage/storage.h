// Storage: where Fermata's books live. The embedded default is one SQLite
// file (WAL journal, synchronous=FULL, foreign keys on); server mode will add
// PostgreSQL behind the same interfaces.
//
// A Database gives the ledger its LedgerStorage (declared by ledger/), keeps
// the catalog's records, and remembers every imported file by content hash so
// the same file twice changes nothing. All writes of one command happen in one
// storage transaction (Ledger::begin_write/Commit), which is durable when
// Commit returns.
//
// Thread safety: a Database is used by one thread. A second process that
// writes concurrently waits up to busy_timeout_ms, then gets storage_busy.
//
//   auto db = Database::open("fermata.db", {.create = true});
//   Ledger ledger((*db)->ledger_storage(), {.actor = "ana"});
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/catalog/catalog.h"
#include "fermata/catalog/deal.h"
#include "fermata/ledger/ledger_storage.h"
#include "fermata/storage/count_register.h"
#include "fermata/storage/payment_register.h"
#include "fermata/storage/report_register.h"
#include "fermata/storage/royalty_register.h"
#include "fermata/storage/stock_register.h"

namespace fermata {

struct OpenOptions {
  // Create the file when it does not exist. Default false: a mistyped --db
  // path is an error, not a new empty ledger.
  bool create = false;
  // How long a writer waits for another writer's lock. Default 5 s.
  int busy_timeout_ms = 5000;
  // Migrate only up to this version (tests of upgrades). Default 0 = latest.
  int schema_version = 0;
};

// What a catalog put did: new row, identical row already there.
enum class PutStatus { kInserted, kUnchanged };

// Everything sales lines are matched against, read in one go.
struct CatalogSnapshot {
  std::vector<Party> parties;
  std::vector<Release> releases;
  std::vector<ReleaseTrack> tracks;
  std::vector<Product> products;
  std::vector<Relation> relations;
};

// A file that was imported, remembered by the SHA-256 of its bytes.
struct ImportRecord {
  std::int64_t id = 0;
  std::string sha256;
  std::string path;
  std::string format;
  std::string recorded_at;
  std::string actor;
  std::int64_t rows = 0;
  std::int64_t transactions = 0;
  // The SHA-256 of the text the source archive keeps (decoded to UTF-8,
  // redacted where personal data was removed); transactions link to it.
  std::string archived_sha256;
};

// One version of an agreement as it was added: its text (agreement/ reads it)
// and what identifies it. Versions are never changed or removed: an
// amendment is a new version.
struct StoredAgreement {
  std::string id;
  std::int64_t version = 0;
  std::string effective_from;  // ISO date.
  std::string file;            // The file name it was added from.
  std::string sha256;          // Of `text`.
  std::string text;
  std::string recorded_at;
  std::string actor;
};

// A payee's master data as added: the file's text (agreement/payee.h reads
// it). Adding a new file for the same party records a new row; the latest
// row is the payee's current record, earlier ones stay on file.
struct StoredPayee {
  std::int64_t id = 0;  // Ascending in the order added.
  std::string party;
  std::string file;    // The file name it was added from.
  std::string sha256;  // Of `text`.
  std::string text;
  std::string recorded_at;
  std::string actor;
};

// An exchange rate as imported (fx/ reads these into its RateTable): one
// `base` is worth `rate` of `quote` on every day from `from` through `to`.
struct StoredFxRate {
  std::string base, quote, from, to;
  Decimal rate;
  std::string source;
  std::string file;  // The file name it was imported from.
  std::string recorded_at, actor;
};

class Database {
 public:
  // Errors: io_error (cannot open), schema_too_new, storage_error.
  static Result<std::unique_ptr<Database>> open(const std::string& path, OpenOptions options);
  virtual ~Database() = default;

  virtual LedgerStorage& ledger_storage() = 0;
  // What sales reports and remittances said beyond their transactions.
  virtual ReportRegister& report_register() = 0;
  // What royalty runs posted and which periods they have run.
  virtual RoyaltyRegister& royalty_register() = 0;
  // Payment batches as exported and payments as the bank confirmed them.
  virtual PaymentRegister& payment_register() = 0;
  // Stock movements with their documents, prices, insured bases, purchase orders.
  virtual StockRegister& stock_register() = 0;
  // Stock counts, their lines and the adjustments approved from them.
  virtual CountRegister& count_register() = 0;
  virtual Result<int> schema_version() = 0;

  // A read snapshot: every read from begin_read() until end_read() sees the
  // books as they were at the first of them, so a report's balances, prices
  // and insured bases come from one moment even while another process
  // imports (and the reads share one lock instead of taking one each).
  // REQUIRES: no write or read snapshot open. Errors: storage_error.
  virtual Status begin_read() = 0;
  virtual void end_read() = 0;

  // Catalog records. A put of an id that exists with other content is
  // exists_with_different_content; with the same content it is kUnchanged.
  // Relations are checked for overlap with the stored ones (relation_overlaps).
  virtual Result<PutStatus> put_party(const Party& party) = 0;
  virtual Result<PutStatus> put_release(const Release& release) = 0;
  virtual Result<PutStatus> put_recording(const Recording& recording) = 0;
  virtual Result<PutStatus> put_release_track(const ReleaseTrack& track) = 0;
  virtual Result<PutStatus> put_product(const Product& product) = 0;
  virtual Result<PutStatus> put_relation(const Relation& relation) = 0;
  // ERN deals, kept as delivered (one row per distinct deal and release).
  virtual Result<PutStatus> put_deal(const Deal& deal) = 0;
  virtual Result<std::vector<Deal>> deals_of(const std::string& release_id) = 0;
  // A PurgeReleaseMessage retired the release: kept, marked, never deleted.
  virtual Result<PutStatus> retire_release(const std::string& release_id,
                                           const std::string& message_id) = 0;
  virtual Result<std::vector<Party>> parties() = 0;
  virtual Result<std::optional<Release>> find_release(const std::string& id) = 0;
  virtual Result<std::optional<Party>> find_party(const std::string& id) = 0;
  virtual Result<std::vector<Relation>> relations_of(const std::string& release_id) = 0;
  virtual Result<std::int64_t> count_rows(const std::string& table) = 0;
  // The catalog as matching needs it (no recording titles), ordered by key.
  virtual Result<CatalogSnapshot> catalog_snapshot() = 0;
  // Changes whenever what catalog_snapshot() reads changes (catalog rows are
  // only ever added: their numbers are the revision), by this connection or
  // another: a snapshot taken at a revision still equal is current.
  virtual Result<std::string> catalog_revision() = 0;

  // Agreement versions. A put of an (id, version) already stored with the
  // same text is kUnchanged; with other text, exists_with_different_content.
  virtual Result<PutStatus> put_agreement(const StoredAgreement& agreement) = 0;
  // Every stored version, by id then version.
  virtual Result<std::vector<StoredAgreement>> agreements() = 0;

  // Payee records. kUnchanged when the party's latest record has the same text.
  virtual Result<PutStatus> put_payee(const StoredPayee& payee) = 0;
  // Every record ever added, by id (the last of a party is its current one).
  virtual Result<std::vector<StoredPayee>> payees() = 0;
  // Exchange rates. A put of a (base, quote, from) already stored with the
  // same to, rate and source is kUnchanged; otherwise
  // exists_with_different_content. Overlapping days are the fx module's to
  // refuse (it reads every rate first).
  virtual Result<PutStatus> put_fx_rate(const StoredFxRate& rate) = 0;
  // Every rate, by base, quote and first day.
  virtual Result<std::vector<StoredFxRate>> fx_rates() = 0;
  // Imported files.
  virtual Result<std::optional<ImportRecord>> find_import(const std::string& sha256) = 0;
  virtual Result<std::int64_t> record_import(const ImportRecord& record) = 0;
  // Sets the final row and transaction counts of an import recorded earlier
  // in the same storage transaction (imports that post after registering,
  // because their register rows point at the import).
  virtual Status complete_import(std::int64_t id, std::int64_t rows, std::int64_t transactions) = 0;
  // Every imported file, oldest first.
  virtual Result<std::vector<ImportRecord>> imports() = 0;
  // Sequence numbers of the transactions whose source is the document with
  // this SHA-256 and that reverse nothing themselves, ascending.
  virtual Result<std::vector<std::int64_t>> transactions_from(const std::string& sha256) = 0;

  // An online backup to `path` (SQLite backup API; readers and writers may
  // continue). The copy is a complete database; callers verify it.
  virtual Status backup_to(const std::string& path) = 0;

  // Replaces this database's whole content with the database at `path`, in
  // one storage transaction: readers see the old books or the restored ones,
  // never a mix, and committed data of the old books is not lost if the copy
  // fails. Callers verify `path` first. Errors: io_error, storage_busy.
  virtual Status restore_from(const std::string& path) = 0;
};

}  // namespace fermata
