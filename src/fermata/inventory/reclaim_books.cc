// load_reclaim() and confirm_return_to_owner(): reclaim.h against the books.
#include "fermata/inventory/reclaim_books.h"

#include <algorithm>
#include <utility>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/base/assert.h"
#include "fermata/base/date.h"
#include "fermata/inventory/movement.h"
#include "fermata/storage/archive.h"

namespace fermata {
namespace {

Result<std::map<std::string, std::vector<AgreementVersion>>> agreements_of(Database& database) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<StoredAgreement> stored, database.agreements());
  std::map<std::string, std::vector<AgreementVersion>> out;
  for (const StoredAgreement& s : stored) {
    FERMATA_ASSIGN_OR_RETURN(AgreementVersion version, parse_agreement(s.text, s.file));
    out[s.id].push_back(std::move(version));
  }
  return out;
}

Status check_location(Database& database, const std::string& location) {
  if (location.empty()) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(std::optional<Party> party, database.find_party(location));
  if (party) return ok_status();
  return make_error(ErrorCode::kPartyUnknown, "no party '" + location + "' in the catalog",
                    field_ref("--location", location));
}

// The earlier return filed under `document` for `label`, if any.
Result<std::optional<ReturnOutcome>> earlier_return(Database& database,
                                                    const ReturnRequest& request) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<StockMovementRecord> rows,
                           database.stock_register().movements(request.label, ""));
  ReturnOutcome earlier;
  earlier.already_confirmed = true;
  for (StockMovementRecord& row : rows) {
    if (row.kind != "return_to_owner" || row.document != request.document) continue;
    earlier.txn_seq = row.txn_seq;
    earlier.date = row.date;
    earlier.units += row.units;
    earlier.movements.push_back(std::move(row));
  }
  if (earlier.movements.empty()) return std::optional<ReturnOutcome>();
  return std::optional<ReturnOutcome>(std::move(earlier));
}

// The return takes the units held on its date; units that moved at those
// places after it would make the books disagree with the warehouse.
Status check_nothing_later(Ledger& ledger, const ReturnRequest& request,
                           const ReturnToOwner& plan) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> now,
                           ledger.balances(BalanceQuery{request.label, std::nullopt, "", ""}));
  UnitBook book;
  for (const AccountBalance& b : now) book.add(b.account, b.balance);
  for (const StockMovementRecord& m : plan.movements) {
    const AccountKind kind =
        m.condition == "damaged" ? AccountKind::kDamaged : AccountKind::kInventory;
    const AccountRef account = unit_account(m.owner, kind, m.sku, m.from);
    if (book.units(account) == m.units) continue;
    return make_error(ErrorCode::kFieldInvalid,
                      account.name() + " held " + m.units.to_string() + " unit(s) on " +
                          request.date + " but holds " + book.units(account).to_string() +
                          " after later movements: date the return on or after the last of them",
                      field_ref("--date", request.date));
  }
  return ok_status();
}

std::vector<std::string> allocated_left(const Reclaim& reclaim) {
  std::vector<std::string> left;
  for (const PickList& list : reclaim.pick_lists) {
    for (const PickLine& line : list.lines) {
      if (line.allocated.is_zero()) continue;
      left.push_back(line.allocated.to_string() + " unit(s) of " + line.product.sku + " at " +
                     list.location +
                     " are allocated to stores' orders and were not returned: ship or "
                     "release the orders first");
    }
  }
  return left;
}

// Registers the note, appends the transaction and files its rows.
Result<ReturnOutcome> write_return(Database& database, Ledger& ledger, const ReturnRequest& request,
                                   ReturnToOwner& plan) {
  const ImportRecord note{0,
                          plan.note_sha256,
                          "reclaim:" + request.label + ":" + request.document,
                          "stock",
                          utc_now_micros(),
                          ledger.actor(),
                          static_cast<std::int64_t>(plan.movements.size()),
                          1,
                          plan.note_sha256};
  FERMATA_ASSIGN_OR_RETURN(std::int64_t import_id, database.record_import(note));
  FERMATA_ASSIGN_OR_RETURN(AppendOutcome appended, ledger.append(plan.transaction));
  FERMATA_ASSERT(appended.status == AppendStatus::kAppended);
  ReturnOutcome outcome;
  outcome.txn_seq = appended.seq;
  outcome.date = request.date;
  outcome.note_sha256 = plan.note_sha256;
  outcome.units = plan.units;
  for (StockMovementRecord& m : plan.movements) {
    m.import_id = import_id;
    m.txn_seq = appended.seq;
    FERMATA_RETURN_IF_ERROR(database.stock_register().put_movement(m));
  }
  outcome.movements = plan.movements;
  if (!request.archive_directory.empty()) {
    FERMATA_RETURN_IF_ERROR(
        SourceArchive(request.archive_directory).put(plan.note_sha256, plan.note));
  }
  return outcome;
}

Result<ReturnOutcome> confirm_in_unit(Database& database, Ledger& ledger,
                                      const ReturnRequest& request) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<ReturnOutcome> earlier, earlier_return(database, request));
  if (earlier) return std::move(*earlier);
  FERMATA_ASSIGN_OR_RETURN(
      Reclaim reclaim, load_reclaim(database, ledger,
                                    ReclaimRequest{request.label, request.location, request.date}));
  FERMATA_ASSIGN_OR_RETURN(ReturnToOwner plan,
                           plan_return_to_owner(reclaim, request.document, request.date));
  FERMATA_RETURN_IF_ERROR(check_nothing_later(ledger, request, plan));
  FERMATA_ASSIGN_OR_RETURN(ReturnOutcome outcome, write_return(database, ledger, request, plan));
  outcome.warnings = allocated_left(reclaim);
  return outcome;
}

}  // namespace

BinMap counted_bins(const std::vector<CountedBin>& counted) {
  BinMap bins;
  // Rows come grouped by location and SKU, the latest count first: each
  // group keeps its first count's bins, each once.
  std::pair<std::string, std::string> key;
  std::string count_id;
  std::vector<std::string> named;
  for (const CountedBin& row : counted) {
    if (&row == &counted.front() || key != std::make_pair(row.sku, row.location)) {
      key = {row.sku, row.location};
      count_id = row.count_id;
      named.clear();
    }
    if (row.count_id != count_id) continue;  // An older count.
    if (std::find(named.begin(), named.end(), row.bin) != named.end()) continue;
    named.push_back(row.bin);
    std::string& bin = bins[key];
    bin += (bin.empty() ? "" : ", ") + row.bin;
  }
  return bins;
}

Result<Reclaim> load_reclaim(Database& database, Ledger& ledger, const ReclaimRequest& request) {
  FERMATA_ASSERT(!request.label.empty());
  FERMATA_ASSERT(is_iso_date(request.as_of));
  FERMATA_RETURN_IF_ERROR(check_location(database, request.location));
  ReclaimInput input;
  input.label = request.label;
  input.location = request.location;
  input.as_of = request.as_of;
  FERMATA_ASSIGN_OR_RETURN(std::vector<CountedBin> counted,
                           database.count_register().bins_of(request.label, request.as_of));
  input.bins = counted_bins(counted);
  FERMATA_ASSIGN_OR_RETURN(input.balances, ledger.balances(BalanceQuery{request.label, std::nullopt,
                                                                        request.as_of, ""}));
  FERMATA_ASSIGN_OR_RETURN(input.catalog, database.catalog_snapshot());
  FERMATA_ASSIGN_OR_RETURN(std::vector<PriceRecord> prices,
                           prices_held(database.stock_register(), input.balances));
  input.prices = PriceList(prices);
  FERMATA_ASSIGN_OR_RETURN(input.movements,
                           database.stock_register().movements(request.label, request.as_of));
  FERMATA_ASSIGN_OR_RETURN(input.agreements, agreements_of(database));
  return reclaim(input);
}

Result<ReturnOutcome> confirm_return_to_owner(Database& database, Ledger& ledger,
                                              const ReturnRequest& request) {
  FERMATA_ASSERT(!request.label.empty());
  if (!is_iso_date(request.date)) {
    return make_error(ErrorCode::kDateInvalid, "the return needs a date YYYY-MM-DD",
                      field_ref("--date", request.date));
  }
  if (request.document.empty()) {
    return make_error(ErrorCode::kFieldMissing, "the return needs its document (return note)",
                      field_ref("--document", ""));
  }
  FERMATA_RETURN_IF_ERROR(ledger.begin_write());
  Result<ReturnOutcome> outcome = confirm_in_unit(database, ledger, request);
  if (!outcome || outcome->already_confirmed) {
    ledger.rollback();
    return outcome;
  }
  FERMATA_RETURN_IF_ERROR(ledger.commit());
  return outcome;
}

}  // namespace fermata
