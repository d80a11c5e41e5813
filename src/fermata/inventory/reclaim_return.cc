// plan_return_to_owner(): every listed warehouse unit back to its label in
// one transaction, planned movement by movement as a stock file would be.
#include <set>

#include "fermata/base/csv_field.h"
#include "fermata/base/date.h"
#include "fermata/base/sha256.h"
#include "fermata/inventory/movement.h"
#include "fermata/inventory/reclaim.h"

namespace fermata {
namespace {

constexpr const char* kNoteHeader = "movement,date,document,sku,units,owner,from,to,condition\n";

Movement movement_of(const Reclaim& r, const PickList& list, const PickLine& line,
                     Condition condition, const std::string& document, const std::string& date) {
  Movement m;
  m.kind = MovementKind::kReturnToOwner;
  m.date = date;
  m.document = document;
  m.sku = line.product.sku;
  m.units = condition == Condition::kDamaged ? line.damaged : line.on_hand;
  m.owner = r.label;
  m.from = list.location;
  m.to = r.label;
  m.condition = condition;
  return m;
}

// The return_to_owner movements of the pick lists (on hand, then damaged,
// per SKU and location), and a book holding exactly their units.
std::vector<Movement> movements_of(const Reclaim& r, const std::string& document,
                                   const std::string& date, UnitBook& book) {
  std::vector<Movement> moves;
  for (const PickList& list : r.pick_lists) {
    for (const PickLine& line : list.lines) {
      for (const Condition condition : {Condition::kRestock, Condition::kDamaged}) {
        const bool damaged = condition == Condition::kDamaged;
        const Decimal units = damaged ? line.damaged : line.on_hand;
        if (!units.is_negative() && !units.is_zero()) {
          moves.push_back(movement_of(r, list, line, condition, document, date));
          book.add(unit_account(r.label, damaged ? AccountKind::kDamaged : AccountKind::kInventory,
                                line.product.sku, list.location),
                   units);
        }
      }
    }
  }
  return moves;
}

std::string note_row(const Movement& m) {
  return "return_to_owner," + m.date + "," + csv_field(m.document) + "," + csv_field(m.sku) + "," +
         m.units.to_string() + "," + csv_field(m.owner) + "," + csv_field(m.from) + "," +
         csv_field(m.to) + "," + (m.condition == Condition::kDamaged ? "damaged" : "") + "\n";
}

StockMovementRecord record_of(const Movement& m, std::int64_t line) {
  StockMovementRecord r;
  r.line = line;
  r.kind = std::string(movement_kind_name(m.kind));
  r.date = m.date;
  r.document = m.document;
  r.sku = m.sku;
  r.owner = m.owner;
  r.from = m.from;
  r.to = m.to;
  r.condition = m.condition == Condition::kDamaged ? "damaged" : "";
  r.units = m.units;
  return r;
}

// Adds `more` to `postings`, one posting per account.
void merge(std::vector<Posting>& postings, const std::vector<Posting>& more) {
  for (const Posting& p : more) {
    bool merged = false;
    for (Posting& q : postings) {
      if (q.account == p.account) {
        q.amount += p.amount;
        merged = true;
        break;
      }
    }
    if (!merged) postings.push_back(p);
  }
}

std::string memo_of(const Reclaim& r, const std::vector<Movement>& moves, Decimal units,
                    const std::string& document) {
  std::set<std::string> skus, locations;
  for (const Movement& m : moves) {
    skus.insert(m.sku);
    locations.insert(m.from);
  }
  std::string from;
  for (const std::string& location : locations) from += (from.empty() ? "" : ", ") + location;
  return "return_to_owner " + units.to_string() + " unit(s) of " + std::to_string(skus.size()) +
         " product(s) from " + from + " to " + r.label + " doc " + document;
}

}  // namespace

Result<ReturnToOwner> plan_return_to_owner(const Reclaim& reclaim, const std::string& document,
                                           const std::string& date) {
  if (!is_iso_date(date)) {
    return make_error(ErrorCode::kDateInvalid, "the return needs a date YYYY-MM-DD",
                      field_ref("--date", date));
  }
  if (document.empty()) {
    return make_error(ErrorCode::kFieldMissing, "the return needs its document (return note)",
                      field_ref("--document", ""));
  }
  UnitBook book;
  const std::vector<Movement> moves = movements_of(reclaim, document, date, book);
  if (moves.empty()) {
    return make_error(ErrorCode::kStockInsufficient,
                      "nothing to return: no units of " + reclaim.label +
                          " on hand or damaged at the warehouses on " + reclaim.as_of,
                      field_ref("--party", reclaim.label));
  }
  ReturnToOwner out;
  out.note = kNoteHeader;
  for (std::size_t i = 0; i < moves.size(); ++i) {
    const Movement& m = moves[i];
    FERMATA_ASSIGN_OR_RETURN(std::vector<Posting> postings, plan_movement(m, book));
    book.apply(postings, date);
    merge(out.transaction.postings, postings);
    out.note += note_row(m);
    out.movements.push_back(record_of(m, static_cast<std::int64_t>(i) + 2));
    out.units += m.units;
  }
  out.note_sha256 = sha256_hex(out.note);
  out.transaction.idempotency_key = "reclaim:" + reclaim.label + ":" + document;
  out.transaction.effective_date = date;
  out.transaction.memo = memo_of(reclaim, moves, out.units, document);
  const std::string last = std::to_string(moves.size() + 1);
  out.transaction.source = SourceLink{out.note_sha256, moves.size() == 1 ? "2" : "2-" + last};
  FERMATA_RETURN_IF_ERROR(validate_transaction(out.transaction));
  return out;
}

}  // namespace fermata
