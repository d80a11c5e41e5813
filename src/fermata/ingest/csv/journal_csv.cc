#include "fermata/ingest/csv/journal_csv.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <utility>

#include "fermata/catalog/catalog.h"
#include "fermata/catalog/identifiers.h"
#include "fermata/ingest/csv/csv_reader.h"

namespace fermata {
namespace {

// The ledger's account kinds, by name; the ledger module owns the enum.
constexpr std::array<std::string_view, 23> kAccountKinds = {
    "cash",           "receivable", "payable",    "trust",
    "escrow",         "reserve",    "fee_income", "expense",
    "suspense",       "rounding",   "external",   "inventory",
    "claim",          "equity",     "exchange",   "exchange_gain_loss",
    "royalty_income", "recoupable", "in_transit", "consigned",
    "allocated",      "damaged",    "returned"};
// The kinds that hold units only (ledger is_unit_account_kind()).
constexpr std::array<std::string_view, 6> kUnitKinds = {"inventory", "in_transit", "consigned",
                                                        "allocated", "damaged",    "returned"};

bool is_unit_kind(std::string_view kind) {
  return std::find(kUnitKinds.begin(), kUnitKinds.end(), kind) != kUnitKinds.end();
}

constexpr std::string_view kSkuPrefix = "SKU:";

constexpr std::array<std::string_view, 7> kRequiredColumns = {
    "key", "effective_date", "memo", "party", "kind", "commodity", "amount"};

Error row_error(ErrorCode code, std::string message, std::string_view field,
                std::string_view value) {
  SourceRef where;
  where.field = std::string(field);
  where.value = std::string(value);
  return make_error(code, std::move(message), std::move(where));
}

Status check_commodity(std::string_view kind, std::string_view commodity) {
  const bool sku = commodity.starts_with(kSkuPrefix);
  if (sku) {
    FERMATA_RETURN_IF_ERROR(validate_record_id("commodity", commodity.substr(kSkuPrefix.size())));
    // The same kinds the ledger lets hold units (ledger/validate.cc).
    if (!is_unit_kind(kind) && kind != "external" && kind != "suspense" && kind != "claim") {
      return row_error(
          ErrorCode::kFieldInvalid,
          "a SKU commodity needs an inventory, external, suspense or claim account, not " +
              std::string(kind),
          "commodity", commodity);
    }
    return ok_status();
  }
  if (is_unit_kind(kind)) {
    return row_error(ErrorCode::kFieldInvalid, "an inventory account holds only SKU:<sku> units",
                     "commodity", commodity);
  }
  Result<Currency> currency = lookup_currency(commodity);
  if (!currency) {
    return row_error(currency.error().code, "is neither an ISO 4217 currency code nor SKU:<sku>",
                     "commodity", commodity);
  }
  return ok_status();
}

Status require_field(std::string_view field, std::string_view value) {
  if (!value.empty()) return ok_status();
  return row_error(ErrorCode::kFieldMissing, "is required", field, "");
}

Result<JournalPosting> parse_posting(const CsvHeader& h, const CsvRow& row) {
  JournalPosting p;
  p.line_number = row.line_number;
  p.party = std::string(h.get(row, "party"));
  p.kind = std::string(h.get(row, "kind"));
  p.commodity = std::string(h.get(row, "commodity"));
  p.location = std::string(h.get(row, "location"));
  p.counterparty = std::string(h.get(row, "counterparty"));
  FERMATA_RETURN_IF_ERROR(validate_record_id("party", p.party));
  FERMATA_RETURN_IF_ERROR(require_field("kind", p.kind));
  if (!is_journal_account_kind(p.kind)) {
    return row_error(ErrorCode::kFieldInvalid, "is not an account kind", "kind", p.kind);
  }
  FERMATA_RETURN_IF_ERROR(require_field("commodity", p.commodity));
  FERMATA_RETURN_IF_ERROR(check_commodity(p.kind, p.commodity));
  if (!p.location.empty()) FERMATA_RETURN_IF_ERROR(validate_record_id("location", p.location));
  if (!p.counterparty.empty()) {
    FERMATA_RETURN_IF_ERROR(validate_record_id("counterparty", p.counterparty));
  }
  const std::string_view raw_amount = h.get(row, "amount");
  FERMATA_RETURN_IF_ERROR(require_field("amount", raw_amount));
  Result<Decimal> amount = Decimal::parse(raw_amount);
  if (!amount) {
    return row_error(amount.error().code, amount.error().message, "amount", raw_amount);
  }
  if (p.commodity.starts_with(kSkuPrefix) && !amount->is_whole()) {
    return row_error(ErrorCode::kUnitsNotWhole, "units of a SKU must be whole", "amount",
                     raw_amount);
  }
  p.amount = *amount;
  return p;
}

// The transaction being assembled from consecutive rows with one key.
struct OpenEntry {
  JournalEntry entry;
  bool has_bad_row = false;
};

class JournalParser {
 public:
  JournalParser(const CsvHeader& header, std::string_view file) : header_(header), file_(file) {}

  void add_row(const CsvRow& row);
  void finish() { close(); }
  JournalBatch& batch() { return batch_; }
  // A row that could not be read at all (bad CSV syntax, wrong width). It
  // may belong to the open transaction, so that transaction is dropped too:
  // importing it without the row could post a different transaction.
  void reject_unreadable_row(Error error) {
    batch_.errors.push_back(std::move(error));
    if (open_) open_->has_bad_row = true;
  }

 private:
  void start_entry(const CsvRow& row, std::string_view key);
  Status check_same_as_first(const CsvRow& row) const;
  void close();
  void report(Error error, std::int64_t line_number);

  const CsvHeader& header_;
  std::string_view file_;
  std::optional<OpenEntry> open_;
  std::map<std::string, std::int64_t, std::less<>> closed_keys_;  // key -> first line.
  JournalBatch batch_;
};

void JournalParser::report(Error error, std::int64_t line_number) {
  error.where.file = std::string(file_);
  error.where.line_number = line_number;
  batch_.errors.push_back(std::move(error));
}

void JournalParser::start_entry(const CsvRow& row, std::string_view key) {
  close();
  open_.emplace();
  JournalEntry& e = open_->entry;
  e.key = std::string(key);
  e.memo = std::string(header_.get(row, "memo"));
  e.first_line_number = row.line_number;
  auto date = validate_iso_date(header_.get(row, "effective_date"));
  if (!date) {
    Error error = date.error();
    error.where.field = "effective_date";
    report(std::move(error), row.line_number);
    open_->has_bad_row = true;
  } else {
    e.effective_date = *date;
  }
  auto previous = closed_keys_.find(key);
  if (previous != closed_keys_.end()) {
    report(row_error(ErrorCode::kFieldInvalid,
                     "transaction key was already used by the rows starting on line " +
                         std::to_string(previous->second) +
                         "; rows of a transaction must be "
                         "consecutive",
                     "key", key),
           row.line_number);
    open_->has_bad_row = true;
  }
}

Status JournalParser::check_same_as_first(const CsvRow& row) const {
  const JournalEntry& e = open_->entry;
  const std::string_view date = header_.get(row, "effective_date");
  if (!e.effective_date.empty() && date != e.effective_date) {
    return row_error(ErrorCode::kFieldInvalid,
                     "differs from the transaction's first row (" + e.effective_date + ")",
                     "effective_date", date);
  }
  const std::string_view memo = header_.get(row, "memo");
  if (!memo.empty() && memo != e.memo) {
    return row_error(ErrorCode::kFieldInvalid,
                     "differs from the transaction's first row; leave it empty or repeat it",
                     "memo", memo);
  }
  return ok_status();
}

void JournalParser::add_row(const CsvRow& row) {
  const std::string_view key = header_.get(row, "key");
  if (key.empty()) {
    report(row_error(ErrorCode::kFieldMissing, "is required", "key", ""), row.line_number);
    if (open_) open_->has_bad_row = true;
    return;
  }
  if (!open_ || open_->entry.key != key) {
    start_entry(row, key);
  } else if (Status same = check_same_as_first(row); !same) {
    report(same.error(), row.line_number);
    open_->has_bad_row = true;
  }
  open_->entry.last_line_number = row.line_number;
  Result<JournalPosting> posting = parse_posting(header_, row);
  if (!posting) {
    report(posting.error(), row.line_number);
    open_->has_bad_row = true;
    return;
  }
  open_->entry.postings.push_back(std::move(*posting));
}

void JournalParser::close() {
  if (!open_) return;
  JournalEntry& e = open_->entry;
  if (!open_->has_bad_row && e.postings.size() < 2) {
    report(row_error(ErrorCode::kFieldInvalid,
                     "transaction has only " + std::to_string(e.postings.size()) +
                         " row; it needs at least 2",
                     "key", e.key),
           e.first_line_number);
    open_->has_bad_row = true;
  }
  closed_keys_.emplace(e.key, e.first_line_number);
  if (!open_->has_bad_row) batch_.entries.push_back(std::move(e));
  open_.reset();
}

}  // namespace

bool is_journal_account_kind(std::string_view name) {
  return std::find(kAccountKinds.begin(), kAccountKinds.end(), name) != kAccountKinds.end();
}

JournalBatch parse_journal_csv(std::string_view buffer, std::string_view file_name) {
  CsvReader reader(buffer, std::string(file_name));
  CsvRow row;
  std::optional<CsvHeader> header;
  std::optional<JournalParser> parser;
  JournalBatch early;
  while (true) {
    Result<bool> more = reader.next(row);
    if (!more) {
      if (parser) {
        parser->reject_unreadable_row(more.error());
      } else {
        early.errors.push_back(more.error());
      }
      if (!header) return early;
      continue;
    }
    if (!*more) break;
    if (!header) {
      Result<CsvHeader> parsed = CsvHeader::parse(row, kRequiredColumns, file_name);
      if (!parsed) {
        early.errors.push_back(parsed.error());
        return early;
      }
      header = std::move(*parsed);
      parser.emplace(*header, file_name);
      continue;
    }
    ++parser->batch().rows;
    if (Status width = header->check_width(row, file_name); !width) {
      parser->reject_unreadable_row(width.error());
      continue;
    }
    parser->add_row(row);
  }
  if (!parser) {
    early.errors.push_back(make_error(ErrorCode::kParseError, "file has no header row"));
    early.errors.back().where.file = std::string(file_name);
    return early;
  }
  parser->finish();
  return std::move(parser->batch());
}

}  // namespace fermata
