#include "fermata/ingest/post/receivables.h"

#include <algorithm>
#include <set>

namespace fermata {

Decimal ReportReceivable::outstanding() const {
  Decimal sum;
  for (const auto& [owner, amount] : outstanding_by_owner) sum += amount;
  return sum;
}

Result<std::vector<std::string>> import_documents(Database& database, std::int64_t import_id) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<ImportRecord> imports, database.imports());
  std::vector<std::string> shas;
  for (const ImportRecord& r : imports) {
    if (r.id == import_id) shas.push_back(r.archived_sha256.empty() ? r.sha256 : r.archived_sha256);
  }
  if (shas.empty()) {
    return make_error(ErrorCode::kTransactionNotFound, "no import " + std::to_string(import_id),
                      {"", 0, "import", std::to_string(import_id)});
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<PendingPart> parts,
                           database.report_register().pending_parts());
  for (const PendingPart& part : parts) {
    if (part.posted_by_import == import_id && part.sha256 != shas.front()) {
      shas.push_back(part.sha256);
    }
  }
  return shas;
}

Result<std::map<std::int64_t, std::string>> superseded_imports(ReportRegister& reg) {
  std::map<std::int64_t, std::string> superseded;
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::int64_t> voided, reg.voided_imports());
  for (std::int64_t id : voided) superseded[id] = "voided";
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> reports, reg.reports());
  for (const ReportRecord& r : reports) {
    if (r.replaces_import != 0) superseded[r.replaces_import] = "replaced";
  }
  return superseded;
}

std::string period_label(const std::string& start, const std::string& end) {
  const std::string a = start.substr(0, 7), b = end.substr(0, 7);
  return a == b ? a : a + ".." + b;
}

namespace {

// The settlements that still count, each against the report that now stands
// for the one it paid: settlements of a voided remittance are dropped; one
// that paid a report later replaced (--replace) counts for the replacement;
// one that paid a report since voided is money on account (report 0).
Result<std::vector<Settlement>> live_settlements(ReportRegister& reg,
                                                 const std::vector<ReportRecord>& reports) {
  std::map<std::int64_t, std::int64_t> replaced_by;
  for (const ReportRecord& r : reports) {
    if (r.replaces_import != 0) replaced_by[r.replaces_import] = r.import_id;
  }
  FERMATA_ASSIGN_OR_RETURN(auto superseded, superseded_imports(reg));
  FERMATA_ASSIGN_OR_RETURN(std::vector<Settlement> all, reg.settlements());
  std::vector<Settlement> live;
  for (Settlement& s : all) {
    if (superseded.contains(s.remittance_import)) continue;
    for (auto it = replaced_by.find(s.report_import); it != replaced_by.end();
         it = replaced_by.find(s.report_import)) {
      s.report_import = it->second;
    }
    if (superseded.contains(s.report_import)) s.report_import = 0;
    live.push_back(std::move(s));
  }
  return live;
}

// Owner -> receivable from the report's payer, per currency, from the ledger.
Result<std::map<std::string, std::map<std::string, Decimal>>> owner_shares(
    Database& database, Ledger& ledger, const ReportRecord& report) {
  std::map<std::string, std::map<std::string, Decimal>> shares;  // currency -> owner -> amount
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> documents,
                           import_documents(database, report.import_id));
  for (const std::string& sha256 : documents) {
    FERMATA_ASSIGN_OR_RETURN(std::vector<std::int64_t> seqs, database.transactions_from(sha256));
    for (std::int64_t seq : seqs) {
      FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, ledger.get(seq));
      for (const Posting& p : txn.content.postings) {
        if (p.account.kind != AccountKind::kReceivable) continue;
        if (p.account.counterparty != report.payer) continue;
        shares[p.account.commodity][p.account.party] += p.amount;
      }
    }
  }
  return shares;
}

}  // namespace

Result<std::vector<ReportReceivable>> report_receivables(Database& database, Ledger& ledger) {
  ReportRegister& reg = database.report_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> reports, reg.reports());
  FERMATA_ASSIGN_OR_RETURN(auto superseded, superseded_imports(reg));
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportTotal> totals, reg.totals());
  FERMATA_ASSIGN_OR_RETURN(std::vector<Settlement> settlements, live_settlements(reg, reports));
  std::vector<ReportReceivable> out;
  for (const ReportRecord& report : reports) {
    if (report.kind != "sales" || superseded.contains(report.import_id)) continue;
    FERMATA_ASSIGN_OR_RETURN(auto shares, owner_shares(database, ledger, report));
    for (const ReportTotal& total : totals) {
      if (total.import_id != report.import_id) continue;
      ReportReceivable r{report, total.currency, total.reported, Decimal(), shares[total.currency]};
      for (const Settlement& s : settlements) {
        if (s.report_import != report.import_id || s.currency != total.currency) continue;
        r.received += s.amount;
        r.outstanding_by_owner[s.owner] -= s.amount;
      }
      out.push_back(std::move(r));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ReportReceivable& a, const ReportReceivable& b) {
                     return a.report.period_end < b.report.period_end;
                   });
  return out;
}

Result<std::vector<PayerReceivable>> payer_receivables(Database& database, Ledger& ledger) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportReceivable> reports,
                           report_receivables(database, ledger));
  std::map<std::tuple<std::string, std::string, std::string>, PayerReceivable> rows;
  for (const ReportReceivable& r : reports) {
    const std::string period = period_label(r.report.period_start, r.report.period_end);
    PayerReceivable& row = rows[{r.report.payer, period, r.currency}];
    row.payer = r.report.payer;
    row.period = period;
    row.currency = r.currency;
    row.reported += r.reported;
    row.received += r.received;
    row.outstanding += r.reported - r.received;
  }
  ReportRegister& reg = database.report_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportRecord> records, reg.reports());
  FERMATA_ASSIGN_OR_RETURN(std::vector<Settlement> settlements, live_settlements(reg, records));
  for (const Settlement& s : settlements) {
    if (s.report_import != 0) continue;
    PayerReceivable& row = rows[{s.payer, "on account", s.currency}];
    row.payer = s.payer;
    row.period = "on account";
    row.currency = s.currency;
    row.received += s.amount;
    row.outstanding -= s.amount;
  }
  std::vector<PayerReceivable> out;
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

}  // namespace fermata
