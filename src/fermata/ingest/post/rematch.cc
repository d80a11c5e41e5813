#include "fermata/ingest/post/rematch.h"

#include <set>

#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/post/receivables.h"

namespace fermata {

Result<std::vector<UnmatchedRecord>> open_unmatched(Database& database) {
  ReportRegister& reg = database.report_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<UnmatchedRecord> all, reg.unmatched());
  FERMATA_ASSIGN_OR_RETURN(auto superseded, superseded_imports(reg));
  std::vector<UnmatchedRecord> open;
  for (UnmatchedRecord& record : all) {
    if (record.rematched_by == 0 && !superseded.contains(record.import_id)) {
      open.push_back(std::move(record));
    }
  }
  return open;
}

namespace {

SaleLine line_of(const UnmatchedRecord& record) {
  SaleLine line;
  if (record.identifier_kind == "isrc") line.isrc = record.identifier;
  if (record.identifier_kind == "icpn") line.icpn = record.identifier;
  if (record.identifier_kind == "catalog_number") line.catalog_number = record.identifier;
  if (record.identifier_kind == "proprietary_id") line.proprietary_id = record.identifier;
  line.sale_end = record.sale_date;
  return line;
}

// The channel an entry was sold on, as far as the product format cares: a
// physical sale or another (rows from before schema 4 have no channel).
SalesChannel channel_of(const UnmatchedRecord& record) {
  return record.channel == sales_channel_name(SalesChannel::kPhysical) ? SalesChannel::kPhysical
                                                                       : SalesChannel::kOther;
}

// What the payer still owes the holder on the entry's report, in its currency.
Decimal holder_outstanding(std::vector<ReportReceivable>& receivables,
                           const UnmatchedRecord& record) {
  for (ReportReceivable& r : receivables) {
    if (r.report.import_id == record.import_id && r.currency == record.currency) {
      return r.outstanding_by_owner[record.holder];
    }
  }
  return Decimal();
}

NewTransaction move_transaction(const UnmatchedRecord& u, const SaleMatch& match,
                                Decimal from_receivable, const std::string& today,
                                const StoredTransaction& original) {
  NewTransaction txn;
  txn.idempotency_key = "rematch:" + std::to_string(u.id);
  txn.effective_date = today;
  txn.memo = "rematch " + u.identifier_kind + " " + u.identifier + " to " + match.owner + " (" +
             match.release_id + ") from suspense of transaction " + std::to_string(u.txn_seq);
  txn.source = original.content.source;
  const Decimal from_escrow = u.amount - from_receivable;
  auto add = [&](const std::string& party, AccountKind kind, const std::string& counterparty,
                 Decimal amount) {
    if (!amount.is_zero()) {
      txn.postings.push_back(
          Posting{AccountRef{party, kind, u.currency, "", counterparty}, amount});
    }
  };
  add(u.holder, AccountKind::kSuspense, u.payer, u.amount);
  add(match.owner, AccountKind::kExternal, u.payer, -u.amount);
  add(u.holder, AccountKind::kReceivable, u.payer, -from_receivable);
  add(match.owner, AccountKind::kReceivable, u.payer, from_receivable);
  add(u.holder, AccountKind::kEscrow, u.payer, -from_escrow);
  add(match.owner, AccountKind::kTrust, "", from_escrow);
  return txn;
}

}  // namespace

Result<RematchOutcome> rematch(Database& database, Ledger& ledger, const std::string& today) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<UnmatchedRecord> open, open_unmatched(database));
  FERMATA_ASSIGN_OR_RETURN(CatalogSnapshot snapshot, database.catalog_snapshot());
  const CatalogIndex catalog(snapshot);
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportReceivable> receivables,
                           report_receivables(database, ledger));
  RematchOutcome outcome;
  for (const UnmatchedRecord& u : open) {
    const SaleMatch match = catalog.match(line_of(u), u.sale_date);
    if (!match.matched) {
      ++outcome.still_unmatched;
      continue;
    }
    Decimal owed = holder_outstanding(receivables, u);
    Decimal from_receivable = u.amount;
    if (u.amount.sign() > 0)
      from_receivable = owed.sign() <= 0 ? Decimal() : std::min(owed, u.amount);
    FERMATA_ASSIGN_OR_RETURN(StoredTransaction original, ledger.get(u.txn_seq));
    FERMATA_ASSIGN_OR_RETURN(
        AppendOutcome appended,
        ledger.append(move_transaction(u, match, from_receivable, today, original)));
    FERMATA_RETURN_IF_ERROR(database.report_register().put_rematch(u.id, appended.seq));
    FERMATA_RETURN_IF_ERROR(database.report_register().put_earning(
        EarningRecord{0, u.import_id, appended.seq, match.owner, match.release_id, match.isrc,
                      u.store, u.channel, u.territory, u.sale_date, u.sale_date, today, u.currency,
                      u.units, u.amount, 0, std::string(sale_format(match, channel_of(u)))}));
    for (ReportReceivable& r : receivables) {
      if (r.report.import_id == u.import_id && r.currency == u.currency) {
        r.outstanding_by_owner[u.holder] -= from_receivable;
        r.outstanding_by_owner[match.owner] += from_receivable;
      }
    }
    ++outcome.moved;
    outcome.moves.emplace_back(u, match.owner);
  }
  return outcome;
}

}  // namespace fermata
