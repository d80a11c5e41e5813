#include "fermata/ingest/stock/stock_csv.h"

#include <array>

#include "fermata/catalog/catalog.h"
#include "fermata/ingest/stores/store_fields.h"

namespace fermata {
namespace {

using stores::RowCheck;
using stores::SourceRow;

constexpr std::array<std::string_view, 5> kRequired = {"movement", "date", "sku", "units", "owner"};

// What each movement kind needs besides the required columns.
struct Needs {
  bool document = false, from = false, to = false, store = false, reason = false;
};

Needs needs_of(MovementKind kind) {
  switch (kind) {
    case MovementKind::kReceipt:
      return {.document = true, .to = true};
    case MovementKind::kPress:
    case MovementKind::kPurchase:
    case MovementKind::kArrive:
      return {.to = true};
    case MovementKind::kOrder:
      return {.document = true, .from = true, .store = true};
    case MovementKind::kShip:
      return {.document = true, .from = true, .store = true};
    case MovementKind::kReturn:
      return {.document = true, .to = true, .store = true};
    case MovementKind::kTransfer:
      return {.from = true, .to = true};
    case MovementKind::kPurchaseOrder:
    case MovementKind::kCancelOrder:
      return {.document = true};
    case MovementKind::kDestroy:
    case MovementKind::kPromo:
      return {.document = true, .from = true, .reason = true};
    case MovementKind::kAdjust:
    case MovementKind::kDamage:
      return {.from = true, .reason = true};
    default:
      return {.from = true};
  }
}

std::string party_field(RowCheck& check, std::string_view field, std::string_view text) {
  const std::string value(stores::trim(text));
  if (value.empty()) return value;
  Status valid = validate_record_id(field, value);
  if (!valid) check.fail(valid.error().code, field, value, valid.error().message);
  return value;
}

void check_needs(RowCheck& check, const Movement& m) {
  const Needs needs = needs_of(m.kind);
  const std::string what = "a " + std::string(movement_kind_name(m.kind)) + " needs ";
  const auto require = [&](bool needed, const std::string& value, std::string_view field,
                           const char* meaning) {
    if (needed && value.empty()) {
      check.fail(ErrorCode::kFieldMissing, field, "", what + meaning);
    }
  };
  require(needs.document, m.document, "document",
          m.kind == MovementKind::kReceipt  ? "its delivery note number"
          : m.kind == MovementKind::kShip   ? "its invoice or delivery number"
          : m.kind == MovementKind::kOrder  ? "the store's order number"
          : m.kind == MovementKind::kReturn ? "its return authorisation number"
          : m.kind == MovementKind::kPurchaseOrder || m.kind == MovementKind::kCancelOrder
              ? "the purchase order number"
              : "the owner's written instruction (its reference)");
  require(needs.from, m.from, "from", "the location the units leave");
  require(needs.to, m.to, "to", "the location the units reach");
  require(needs.store, m.store, "store", "the store");
  require(needs.reason, m.reason, "reason", "a reason");
  if (m.kind == MovementKind::kPurchaseOrder && m.buyer.empty()) {
    check.fail(ErrorCode::kFieldMissing, "buyer", "", what + "the buyer (the distributor)");
  }
  if ((m.kind == MovementKind::kPurchase || m.kind == MovementKind::kPurchaseOrder) &&
      m.price.has_value() != !m.currency.empty()) {
    check.fail(ErrorCode::kFieldMissing, m.price ? "currency" : "price", "",
               "a purchase price needs both price and currency");
  }
}

void read_terms(RowCheck& check, const CsvHeader& header, const CsvRow& csv, Movement& m) {
  const std::string_view terms = stores::trim(header.get(csv, "terms"));
  if (terms.empty() || terms == "sale") {
    m.terms = ShipTerms::kSale;
  } else if (terms == "consignment") {
    m.terms = ShipTerms::kConsignment;
  } else {
    check.fail(ErrorCode::kFieldInvalid, "terms", terms, "expected sale or consignment");
  }
  const std::string_view condition = stores::trim(header.get(csv, "condition"));
  if (condition.empty() || condition == "restock") {
    m.condition = Condition::kRestock;
  } else if (condition == "damaged") {
    m.condition = Condition::kDamaged;
  } else {
    check.fail(ErrorCode::kFieldInvalid, "condition", condition, "expected restock or damaged");
  }
}

void read_price(RowCheck& check, const CsvHeader& header, const CsvRow& csv, Movement& m) {
  const std::string_view price = stores::trim(header.get(csv, "price"));
  if (!price.empty()) {
    const Decimal value = check.decimal("price", price);
    if (value.is_negative()) check.fail(ErrorCode::kFieldInvalid, "price", price, "is negative");
    m.price = value;
  }
  if (!stores::trim(header.get(csv, "currency")).empty()) {
    m.currency = check.currency("currency", header.get(csv, "currency"));
  }
}

void read_units(RowCheck& check, std::string_view text, Movement& m) {
  m.units = check.units("units", text);
  if (!check.ok()) return;
  if (m.kind == MovementKind::kAdjust) {
    if (m.units.is_zero()) check.fail(ErrorCode::kFieldInvalid, "units", text, "must not be 0");
  } else if (m.units.is_negative() || m.units.is_zero()) {
    check.fail(ErrorCode::kFieldInvalid, "units", text,
               "must be more than 0 (only an adjust is signed)");
  }
}

void parse_row(const CsvHeader& header, const SourceRow& row, std::string_view file_name,
               StockFile& file) {
  RowCheck check(file_name, row.line_number);
  if (!stores::has_header_width(header, row, check, file.errors, file.rejected_text)) return;
  const CsvRow csv{row.line_number, row.fields};
  const auto get = [&](std::string_view name) { return stores::trim(header.get(csv, name)); };
  Movement m;
  m.line_number = row.line_number;
  Result<MovementKind> kind = parse_movement_kind(get("movement"));
  if (!kind) {
    check.fail(kind.error().code, "movement", get("movement"), kind.error().message);
  } else {
    m.kind = *kind;
  }
  // A cancellation names only its order.
  const bool cancel = kind && *kind == MovementKind::kCancelOrder;
  m.date = check.iso_date("date", get("date"));
  m.sku = party_field(check, "sku", get("sku"));
  if (m.sku.empty() && !cancel)
    check.fail(ErrorCode::kFieldMissing, "sku", "", "a SKU is required");
  m.owner = party_field(check, "owner", get("owner"));
  if (m.owner.empty() && !cancel) {
    check.fail(ErrorCode::kFieldMissing, "owner", "", "the owner is required");
  }
  m.from = party_field(check, "from", get("from"));
  m.to = party_field(check, "to", get("to"));
  m.store = party_field(check, "store", get("store"));
  m.buyer = party_field(check, "buyer", get("buyer"));
  m.document = std::string(get("document"));
  m.order = std::string(get("order"));
  m.reason = std::string(get("reason"));
  if (!cancel) read_units(check, get("units"), m);
  read_terms(check, header, csv, m);
  read_price(check, header, csv, m);
  if (kind) check_needs(check, m);
  if (!check.ok()) {
    stores::reject_row(check, row.raw, file.errors, file.rejected_text);
    return;
  }
  file.movements.push_back(std::move(m));
}

}  // namespace

StockFile parse_stock_csv(std::string_view text, std::string_view file_name) {
  StockFile file;
  const std::vector<SourceRow> rows = stores::read_rows(
      text, file_name, ',', stores::Quoting::kRfc4180, file.errors, file.rejected_text);
  std::optional<CsvHeader> header =
      stores::read_header(rows, kRequired, "movement", file_name, file.errors, file.rejected_text);
  if (!header) return file;
  file.movements.reserve(rows.size() - 1);  // Movements are large: no regrowth.
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ++file.rows;
    parse_row(*header, rows[i], file_name, file);
  }
  return file;
}

bool looks_like_stock_csv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text.starts_with("movement,") || text.starts_with("\"movement\",");
}

}  // namespace fermata
