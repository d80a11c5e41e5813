#include "fermata/storage/sqlite/schema.h"

#include <array>
#include <string>

namespace fermata::sqlite {
namespace {

// Version 1: parties and the ledger. Every ledger table is append-only, and
// the triggers make that hold even for a program that ignores Fermata's code
// (anything but someone dropping the triggers, which Verify then detects).
constexpr const char* kVersion1 = R"sql(
CREATE TABLE party (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  ddex_party_id TEXT
);
CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES party(id),
  kind INTEGER NOT NULL,
  commodity TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  counterparty TEXT NOT NULL DEFAULT '',
  UNIQUE (party_id, kind, commodity, location, counterparty)
);
CREATE TABLE txn (
  seq INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  effective_date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  memo TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  source_lines TEXT NOT NULL,
  voids_seq INTEGER NOT NULL,
  content_sha256 TEXT NOT NULL,
  prev_sha256 TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX txn_recorded_at ON txn (recorded_at);
CREATE INDEX txn_voids ON txn (voids_seq) WHERE voids_seq <> 0;
CREATE TABLE posting (
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  posting_index INTEGER NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account(id),
  party_id TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  amount BLOB NOT NULL CHECK (length(amount) = 16),
  PRIMARY KEY (txn_seq, posting_index)
) WITHOUT ROWID;
CREATE INDEX posting_as_of ON posting (party_id, effective_date, account_id, amount);
CREATE INDEX posting_date ON posting (effective_date);
CREATE TABLE checkpoint (
  as_of TEXT PRIMARY KEY,
  through_seq INTEGER NOT NULL
);
CREATE TABLE checkpoint_balance (
  account_id INTEGER NOT NULL REFERENCES account(id),
  party_id TEXT NOT NULL,
  as_of TEXT NOT NULL REFERENCES checkpoint(as_of),
  through_seq INTEGER NOT NULL,
  balance BLOB NOT NULL CHECK (length(balance) = 16),
  PRIMARY KEY (account_id, as_of, through_seq)
);
CREATE INDEX checkpoint_balance_party ON checkpoint_balance (party_id, as_of, through_seq);
)sql";

// Version 2: the catalog beyond parties, and the register of imported files.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE release (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  icpn TEXT NOT NULL UNIQUE
);
CREATE TABLE recording (
  isrc TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  artist TEXT NOT NULL,
  duration_seconds INTEGER NOT NULL
);
CREATE TABLE release_track (
  release_id TEXT NOT NULL REFERENCES release(id),
  sequence INTEGER NOT NULL,
  isrc TEXT NOT NULL REFERENCES recording(isrc),
  PRIMARY KEY (release_id, sequence)
);
CREATE TABLE product (
  sku TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  release_id TEXT NOT NULL REFERENCES release(id),
  catalog_number TEXT NOT NULL,
  upc TEXT
);
CREATE TABLE relation (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  release_id TEXT NOT NULL REFERENCES release(id),
  party_id TEXT NOT NULL REFERENCES party(id),
  valid_from TEXT NOT NULL,
  valid_to TEXT
);
CREATE INDEX relation_release ON relation (release_id, kind);
CREATE TABLE import (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  rows INTEGER NOT NULL,
  transactions INTEGER NOT NULL
);
)sql";

// Version 3: what sales reports and remittances said beyond their ledger
// transactions (storage/report_register.h), and ERN deals. Written once,
// never updated: voids, rematches and posted parts are rows that point back.
// A release's ICPN becomes optional (NULL): an ERN release whose ICPN fails
// its check is kept under another id and never matched by ICPN. SQLite
// cannot drop NOT NULL in place, so the table is rebuilt; foreign keys from
// tracks, products and relations are checked at commit.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE import ADD COLUMN archived_sha256 TEXT NOT NULL DEFAULT '';
CREATE INDEX import_archived ON import (archived_sha256);
PRAGMA defer_foreign_keys = ON;
CREATE TABLE release_v3 (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  icpn TEXT UNIQUE
);
INSERT INTO release_v3 SELECT id, title, icpn FROM release;
DROP TABLE release;
ALTER TABLE release_v3 RENAME TO release;
CREATE TABLE report (
  import_id INTEGER PRIMARY KEY REFERENCES import(id),
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  identity TEXT NOT NULL,
  payer TEXT NOT NULL,
  recipient TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  chain_net_of TEXT NOT NULL,
  parser_version TEXT NOT NULL,
  replaces_import INTEGER NOT NULL,
  archived_sha256 TEXT NOT NULL
);
CREATE INDEX report_identity ON report (identity);
CREATE TABLE report_void (
  import_id INTEGER PRIMARY KEY REFERENCES import(id),
  reason TEXT NOT NULL
);
CREATE TABLE report_total (
  import_id INTEGER NOT NULL REFERENCES import(id),
  currency TEXT NOT NULL,
  reported BLOB NOT NULL CHECK (length(reported) = 16),
  unmatched BLOB NOT NULL CHECK (length(unmatched) = 16),
  lines INTEGER NOT NULL,
  PRIMARY KEY (import_id, currency)
);
CREATE TABLE unmatched (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES import(id),
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  identifier_kind TEXT NOT NULL,
  identifier TEXT NOT NULL,
  title TEXT NOT NULL,
  artist TEXT NOT NULL,
  store TEXT NOT NULL,
  territory TEXT NOT NULL,
  sale_date TEXT NOT NULL,
  currency TEXT NOT NULL,
  units BLOB NOT NULL CHECK (length(units) = 16),
  amount BLOB NOT NULL CHECK (length(amount) = 16),
  line_ranges TEXT NOT NULL,
  holder TEXT NOT NULL,
  payer TEXT NOT NULL
);
CREATE TABLE rematch (
  unmatched_id INTEGER PRIMARY KEY REFERENCES unmatched(id),
  txn_seq INTEGER NOT NULL REFERENCES txn(seq)
);
CREATE TABLE reject (
  import_id INTEGER NOT NULL REFERENCES import(id),
  line_number INTEGER NOT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL
);
CREATE INDEX reject_import ON reject (import_id, line_number);
CREATE TABLE pending_part (
  identity TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  part_count INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (identity, part_number, sha256)
);
CREATE TABLE pending_posted (
  identity TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES import(id),
  PRIMARY KEY (identity, import_id)
);
CREATE TABLE settlement (
  remittance_import INTEGER NOT NULL REFERENCES import(id),
  remittance_line INTEGER NOT NULL,
  report_import INTEGER NOT NULL,
  owner TEXT NOT NULL,
  payer TEXT NOT NULL,
  currency TEXT NOT NULL,
  value_date TEXT NOT NULL,
  bank_reference TEXT NOT NULL,
  amount BLOB NOT NULL CHECK (length(amount) = 16),
  txn_seq INTEGER NOT NULL REFERENCES txn(seq)
);
CREATE TABLE deal (
  id INTEGER PRIMARY KEY,
  release_id TEXT NOT NULL REFERENCES release(id),
  body TEXT NOT NULL,
  UNIQUE (release_id, body)
);
CREATE TABLE release_retired (
  release_id TEXT PRIMARY KEY REFERENCES release(id),
  message_id TEXT NOT NULL
);
)sql";

// Version 4: agreements, one row per version, as added; payee records; each owner's earnings
// (matched sales aggregates with their dimensions); what royalty runs posted,
// line by line and period by period. All append-only.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE unmatched ADD COLUMN channel TEXT NOT NULL DEFAULT '';
CREATE TABLE payee (
  id INTEGER PRIMARY KEY,
  party TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  body TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX payee_party ON payee (party, id);
CREATE TABLE earning (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES import(id),
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  owner TEXT NOT NULL,
  release_id TEXT NOT NULL,
  isrc TEXT NOT NULL,
  store TEXT NOT NULL,
  channel TEXT NOT NULL,
  territory TEXT NOT NULL,
  sale_start TEXT NOT NULL,
  sale_end TEXT NOT NULL,
  reported_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  units BLOB NOT NULL CHECK (length(units) = 16),
  amount BLOB NOT NULL CHECK (length(amount) = 16)
);
CREATE INDEX earning_owner ON earning (owner, reported_on);
CREATE TABLE royalty_period (
  agreement_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  earnings_through INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (agreement_id, period_end)
);
CREATE TABLE royalty_line (
  id INTEGER PRIMARY KEY,
  agreement_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  clause TEXT NOT NULL,
  kind TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  party TEXT NOT NULL,
  counterparty TEXT NOT NULL,
  currency TEXT NOT NULL,
  base BLOB NOT NULL CHECK (length(base) = 16),
  rate BLOB NOT NULL CHECK (length(rate) = 16),
  amount BLOB NOT NULL CHECK (length(amount) = 16),
  detail TEXT NOT NULL,
  txn_seq INTEGER NOT NULL REFERENCES txn(seq)
);
CREATE INDEX royalty_line_agreement ON royalty_line (agreement_id, kind, period_end);
CREATE TABLE statement (
  number INTEGER PRIMARY KEY,
  agreement_id TEXT NOT NULL,
  period_name TEXT NOT NULL,
  licensor TEXT NOT NULL,
  csv TEXT NOT NULL,
  csv_sha256 TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (agreement_id, period_name)
);
CREATE TABLE agreement (
  id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  effective_from TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  body TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
)sql";

// Version 5: earnings that reverse the earnings of a voided import; payment
// batches as exported and their confirmations, payments as recorded, and
// closed royalty periods. All append-only.
constexpr const char* kVersion5 = R"sql(
ALTER TABLE earning ADD COLUMN reverses INTEGER NOT NULL DEFAULT 0;
CREATE INDEX earning_import ON earning (import_id);
CREATE TABLE payment_batch (
  id TEXT PRIMARY KEY,
  on_date TEXT NOT NULL,
  format TEXT NOT NULL,
  csv TEXT NOT NULL,
  csv_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE TABLE payment_batch_recorded (
  batch_id TEXT PRIMARY KEY REFERENCES payment_batch(id),
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE TABLE payment (
  batch_id TEXT NOT NULL REFERENCES payment_batch(id),
  line INTEGER NOT NULL,
  agreement_id TEXT NOT NULL,
  payee TEXT NOT NULL,
  payer TEXT NOT NULL,
  currency TEXT NOT NULL,
  gross BLOB NOT NULL CHECK (length(gross) = 16),
  withheld BLOB NOT NULL CHECK (length(withheld) = 16),
  net BLOB NOT NULL CHECK (length(net) = 16),
  fee_settled BLOB NOT NULL CHECK (length(fee_settled) = 16),
  withholding_rate BLOB NOT NULL CHECK (length(withholding_rate) = 16),
  value_date TEXT NOT NULL,
  bank_reference TEXT NOT NULL,
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (batch_id, line)
);
CREATE INDEX payment_agreement ON payment (agreement_id, value_date);
CREATE TABLE royalty_close (
  agreement_id TEXT NOT NULL,
  period_end TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (agreement_id, period_end)
);
)sql";

// Version 6: the product format of each earning (report_register.h
// EarningRecord::format), for fee rules by format; earlier rows sold no
// named product as far as the run knows, so they read ''.
constexpr const char* kVersion6 = R"sql(
ALTER TABLE earning ADD COLUMN format TEXT NOT NULL DEFAULT '';
)sql";

// Version 7: exchange rates (one per pair and first day; the fx module
// refuses overlapping days), the currency of a conversion line's base, and
// the exchange differences payments settled. All append-only.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE fx_rate (
  id INTEGER PRIMARY KEY,
  base TEXT NOT NULL,
  quote TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL CHECK (valid_to >= valid_from),
  rate BLOB NOT NULL CHECK (length(rate) = 16),
  source TEXT NOT NULL,
  file TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (base, quote, valid_from)
);
ALTER TABLE royalty_line ADD COLUMN base_currency TEXT NOT NULL DEFAULT '';
CREATE TABLE exchange_difference (
  conversion_line INTEGER PRIMARY KEY REFERENCES royalty_line(id),
  batch_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  agreement_id TEXT NOT NULL,
  borne_by TEXT NOT NULL,
  currency TEXT NOT NULL,
  base_currency TEXT NOT NULL,
  base BLOB NOT NULL CHECK (length(base) = 16),
  recognised_rate BLOB NOT NULL CHECK (length(recognised_rate) = 16),
  paid_rate BLOB NOT NULL CHECK (length(paid_rate) = 16),
  recognised BLOB NOT NULL CHECK (length(recognised) = 16),
  paid BLOB NOT NULL CHECK (length(paid) = 16),
  amount BLOB NOT NULL CHECK (length(amount) = 16),
  value_date TEXT NOT NULL,
  rate_source TEXT NOT NULL,
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX exchange_difference_agreement ON exchange_difference (agreement_id, value_date);
)sql";

// Version 8: inventory. Every movement a stock file or a physical sales
// report posted (with its documents), effective-dated prices and insured
// bases, purchase order lines and cancellations. All append-only.
constexpr const char* kVersion8 = R"sql(
CREATE TABLE stock_movement (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES import(id),
  line INTEGER NOT NULL,
  txn_seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  document TEXT NOT NULL,
  order_number TEXT NOT NULL,
  sku TEXT NOT NULL,
  owner TEXT NOT NULL,
  from_location TEXT NOT NULL,
  to_location TEXT NOT NULL,
  store TEXT NOT NULL,
  buyer TEXT NOT NULL,
  terms TEXT NOT NULL,
  condition TEXT NOT NULL,
  reason TEXT NOT NULL,
  units BLOB NOT NULL CHECK (length(units) = 16),
  price BLOB CHECK (price IS NULL OR length(price) = 16),
  currency TEXT NOT NULL,
  firm BLOB NOT NULL CHECK (length(firm) = 16),
  consigned BLOB NOT NULL CHECK (length(consigned) = 16),
  unexplained BLOB NOT NULL CHECK (length(unexplained) = 16)
);
CREATE INDEX stock_movement_owner ON stock_movement (owner, effective_date);
CREATE TABLE price (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ppd', 'cost', 'srp')),
  currency TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  amount BLOB NOT NULL CHECK (length(amount) = 16),
  file TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (sku, kind, currency, valid_from)
);
CREATE TABLE location_insurance (
  id INTEGER PRIMARY KEY,
  location TEXT NOT NULL,
  basis TEXT NOT NULL CHECK (basis IN ('ppd', 'cost', 'srp')),
  currency TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  sum_insured BLOB NOT NULL CHECK (length(sum_insured) = 16),
  file TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (location, valid_from)
);
CREATE TABLE purchase_order_line (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  order_date TEXT NOT NULL,
  buyer TEXT NOT NULL,
  label TEXT NOT NULL,
  sku TEXT NOT NULL,
  units BLOB NOT NULL CHECK (length(units) = 16),
  price BLOB CHECK (price IS NULL OR length(price) = 16),
  currency TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES import(id),
  line INTEGER NOT NULL
);
CREATE TABLE purchase_order_cancel (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  cancel_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES import(id),
  line INTEGER NOT NULL
);
)sql";

// Version 9: stock counts. A count (one location, one cut-off, from one
// imported file), its lines with each owner as resolved, and the
// adjustments approved from it (one per count, owner and SKU, naming the
// transaction posted). All append-only.
constexpr const char* kVersion9 = R"sql(
CREATE TABLE stock_count (
  id TEXT PRIMARY KEY,
  import_id INTEGER NOT NULL UNIQUE REFERENCES import(id),
  location TEXT NOT NULL REFERENCES party(id),
  cutoff TEXT NOT NULL,
  cutoff_date TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE TABLE stock_count_line (
  id INTEGER PRIMARY KEY,
  count_id TEXT NOT NULL REFERENCES stock_count(id),
  line INTEGER NOT NULL,
  sku TEXT NOT NULL,
  owner TEXT NOT NULL REFERENCES party(id),
  owner_given INTEGER NOT NULL CHECK (owner_given IN (0, 1)),
  units BLOB NOT NULL CHECK (length(units) = 16),
  bin TEXT NOT NULL
);
CREATE INDEX stock_count_line_count ON stock_count_line (count_id, line);
CREATE TABLE stock_count_approval (
  id INTEGER PRIMARY KEY,
  count_id TEXT NOT NULL REFERENCES stock_count(id),
  owner TEXT NOT NULL,
  sku TEXT NOT NULL,
  expected BLOB NOT NULL CHECK (length(expected) = 16),
  counted BLOB NOT NULL CHECK (length(counted) = 16),
  units BLOB NOT NULL CHECK (length(units) = 16),
  reason TEXT NOT NULL CHECK (reason <> ''),
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (count_id, owner, sku)
);
)sql";

// Version 10: checkpoint rows read from their indexes alone, in the order
// readers want them. By date: the whole book at a checkpoint (a checkpoint,
// a stock import's unit book) is one range instead of every checkpoint's
// rows. By party (replacing version 1's, which lacked the account and the
// balance): one label's rows without a table lookup each, scattered over
// the whole table among every other party's.
constexpr const char* kVersion10 = R"sql(
CREATE INDEX checkpoint_balance_as_of
  ON checkpoint_balance (as_of, account_id, through_seq, balance);
DROP INDEX checkpoint_balance_party;
CREATE INDEX checkpoint_balance_party
  ON checkpoint_balance (party_id, as_of, account_id, through_seq, balance);
)sql";

// Version 11: checkpoint rows keyed by date, then account. Version 1's key
// began with the account, so each checkpoint put its row beside every
// earlier checkpoint's row of the same account and rewrote nearly every
// page of that index: in a book of hundreds of thousands of accounts (stock)
// the largest cost of appending. Now a checkpoint's rows go to the end of
// the table, which is its own date index (WITHOUT ROWID: version 10's date
// index goes with the old table); the party index stays. Columns keep their
// order; the append-only guards are made again for the new table.
constexpr const char* kVersion11 = R"sql(
ALTER TABLE checkpoint_balance RENAME TO checkpoint_balance_v10;
CREATE TABLE checkpoint_balance (
  account_id INTEGER NOT NULL REFERENCES account(id),
  party_id TEXT NOT NULL,
  as_of TEXT NOT NULL REFERENCES checkpoint(as_of),
  through_seq INTEGER NOT NULL,
  balance BLOB NOT NULL CHECK (length(balance) = 16),
  PRIMARY KEY (as_of, account_id, through_seq)
) WITHOUT ROWID;
INSERT INTO checkpoint_balance
  SELECT account_id, party_id, as_of, through_seq, balance FROM checkpoint_balance_v10
  ORDER BY as_of, account_id, through_seq;
DROP TABLE checkpoint_balance_v10;
CREATE INDEX checkpoint_balance_party
  ON checkpoint_balance (party_id, as_of, account_id, through_seq, balance);
)sql";

constexpr std::array kMigrations = {kVersion1, kVersion2,  kVersion3, kVersion4,
                                    kVersion5, kVersion6,  kVersion7, kVersion8,
                                    kVersion9, kVersion10, kVersion11};

constexpr std::array kAppendOnlyTables = {"account", "txn", "posting", "checkpoint",
                                          "checkpoint_balance"};
// Register tables added in version 3 are append-only too.
constexpr std::array kAppendOnlyRegisterTables = {"report",       "report_void",    "report_total",
                                                  "unmatched",    "rematch",        "reject",
                                                  "pending_part", "pending_posted", "settlement"};

constexpr std::array kAppendOnlyAgreementTables = {"agreement", "payee"};
constexpr std::array kAppendOnlyRoyaltyTables = {"earning", "royalty_period", "royalty_line",
                                                 "statement"};
constexpr std::array kAppendOnlyPaymentTables = {"payment_batch", "payment_batch_recorded",
                                                 "payment", "royalty_close"};
constexpr std::array kAppendOnlyFxTables = {"fx_rate", "exchange_difference"};
constexpr std::array kAppendOnlyStockTables = {"stock_movement", "price", "location_insurance",
                                               "purchase_order_line", "purchase_order_cancel"};
constexpr std::array kAppendOnlyCountTables = {"stock_count", "stock_count_line",
                                               "stock_count_approval"};
// A ledger table made anew by version 11 (its guards went with the old one).
constexpr std::array kRebuiltIn11 = {"checkpoint_balance"};

template <typename Tables>
std::string append_only_triggers(const Tables& tables, const char* noun,
                                 const char* remedy = "post a reversing entry instead") {
  std::string sql;
  for (const char* table : tables) {
    for (const char* verb : {"UPDATE", "DELETE"}) {
      sql += std::string("CREATE TRIGGER IF NOT EXISTS ") + table + "_no_" + verb + " BEFORE " +
             verb + " ON " + table + " BEGIN SELECT RAISE(ABORT, '" + noun + " " + table +
             " is append-only: " + remedy + "'); END;\n";
    }
  }
  return sql;
}

}  // namespace

std::vector<std::string> append_only_trigger_names() {
  std::vector<std::string> names;
  const auto add = [&names](const auto& tables) {
    for (const char* table : tables) {
      for (const char* verb : {"UPDATE", "DELETE"})
        names.push_back(std::string(table) + "_no_" + verb);
    }
  };
  add(kAppendOnlyTables);
  add(kAppendOnlyRegisterTables);
  add(kAppendOnlyAgreementTables);
  add(kAppendOnlyRoyaltyTables);
  add(kAppendOnlyPaymentTables);
  add(kAppendOnlyFxTables);
  add(kAppendOnlyStockTables);
  add(kAppendOnlyCountTables);
  return names;
}

namespace {

Result<int> current_version(Connection& connection) {
  FERMATA_ASSIGN_OR_RETURN(std::int64_t version, connection.one_integer("PRAGMA user_version"));
  return static_cast<int>(version);
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

Status migrate(Connection& connection, int target) {
  if (target == 0) target = latest_schema_version();
  FERMATA_ASSERT(target <= latest_schema_version());
  FERMATA_ASSIGN_OR_RETURN(int version, current_version(connection));
  if (version > latest_schema_version()) {
    return make_error(ErrorCode::kSchemaTooNew,
                      "database schema version " + std::to_string(version) +
                          " is newer than this fermata understands (" +
                          std::to_string(latest_schema_version()) + "); upgrade fermata");
  }
  while (version < target) {
    std::string script = "BEGIN IMMEDIATE;\n";
    script += kMigrations[static_cast<std::size_t>(version)];
    if (version == 0) script += append_only_triggers(kAppendOnlyTables, "ledger table");
    if (version == 2) script += append_only_triggers(kAppendOnlyRegisterTables, "register table");
    if (version == 3) {
      script += append_only_triggers(kAppendOnlyAgreementTables, "agreement table",
                                     "an amendment is a new version");
      script += append_only_triggers(kAppendOnlyRoyaltyTables, "register table",
                                     "post a reversing entry instead");
    }
    if (version == 4)
      script += append_only_triggers(kAppendOnlyPaymentTables, "register table",
                                     "record a correcting entry instead");
    if (version == 6)
      script += append_only_triggers(kAppendOnlyFxTables, "register table",
                                     "a rate on file stays; record a correcting entry instead");
    if (version == 7)
      script += append_only_triggers(kAppendOnlyStockTables, "register table",
                                     "record a correcting movement instead");
    if (version == 8)
      script += append_only_triggers(kAppendOnlyCountTables, "register table",
                                     "record a new count instead");
    if (version == 10) script += append_only_triggers(kRebuiltIn11, "ledger table");
    script += "PRAGMA user_version = " + std::to_string(version + 1) + ";\nCOMMIT;";
    Status status = connection.exec(script);
    if (!status) {
      (void)connection.exec("ROLLBACK");
      return status;
    }
    ++version;
  }
  return ok_status();
}

}  // namespace fermata::sqlite
