#include "fermata/ingest/post/remittance_posting.h"

#include <map>

#include "fermata/base/date.h"
#include "fermata/ingest/post/receivables.h"

namespace fermata {
namespace {

// The [first, last] days a `pays` period names: YYYY, YYYY-MM or YYYY-Qn.
std::optional<std::pair<std::string, std::string>> period_bounds(const std::string& text) {
  if (text.size() == 7 && text[4] == '-' && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4') {
    const int quarter = text[6] - '0';
    const std::string year = text.substr(0, 4);
    const auto month = [&](int m) { return year + (m < 10 ? "-0" : "-") + std::to_string(m); };
    return std::pair(first_day_of(month(quarter * 3 - 2)), last_day_of(month(quarter * 3)));
  }
  if (text.size() == 4 || text.size() == 7) return std::pair(first_day_of(text), last_day_of(text));
  return std::nullopt;
}

bool pays_report(const std::string& pays, const ReportRecord& report) {
  if (pays.find('|') != std::string::npos) return pays == report.identity;
  if (pays.starts_with("import:")) return pays == "import:" + std::to_string(report.import_id);
  const auto bounds = period_bounds(pays);
  return bounds && bounds->first <= report.period_start && report.period_end <= bounds->second;
}

struct LineTargets {
  std::vector<ReportReceivable*> reports;
  std::string unmatched_pays;  // A `pays` entry that names no report.
};

LineTargets targets_of(const RemittanceLine& line, const std::string& payer,
                       std::vector<ReportReceivable>& receivables) {
  LineTargets targets;
  std::vector<bool> used(line.pays.size(), false);
  for (ReportReceivable& r : receivables) {
    if (r.report.payer != payer || r.currency != line.currency) continue;
    bool named = line.pays.empty();
    for (std::size_t i = 0; i < line.pays.size(); ++i) {
      if (pays_report(line.pays[i], r.report)) named = used[i] = true;
    }
    if (named) targets.reports.push_back(&r);
  }
  for (std::size_t i = 0; i < line.pays.size(); ++i) {
    if (!used[i]) targets.unmatched_pays = line.pays[i];
  }
  return targets;
}

struct LinePosting {
  std::map<std::string, Posting> postings;  // By account name, merged.
  std::vector<Settlement> settlements;
  void add(const AccountRef& account, Decimal amount) {
    auto [it, inserted] = postings.try_emplace(account.name(), Posting{account, Decimal()});
    it->second.amount += amount;
  }
};

// Settles up to `*remaining` of one report, split over its owners.
Status settle_report(ReportReceivable& r, const RemittanceLine& line, Decimal* remaining,
                     LinePosting& out) {
  std::vector<std::string> owners;
  std::vector<Decimal> shares;
  for (const auto& [owner, amount] : r.outstanding_by_owner) {
    if (amount.sign() > 0) {
      owners.push_back(owner);
      shares.push_back(amount);
    }
  }
  if (owners.empty()) return ok_status();
  const Decimal outstanding = r.outstanding();
  const Decimal take = *remaining < outstanding ? *remaining : outstanding;
  FERMATA_ASSIGN_OR_RETURN(std::vector<Decimal> parts, allocate(take, shares, 12));
  const std::string& payer = r.report.payer;
  for (std::size_t i = 0; i < owners.size(); ++i) {
    if (parts[i].is_zero()) continue;
    const bool suspense = owners[i] == r.report.recipient;
    out.add(AccountRef{owners[i], suspense ? AccountKind::kEscrow : AccountKind::kTrust,
                       line.currency, "", suspense ? payer : ""},
            parts[i]);
    out.add(AccountRef{owners[i], AccountKind::kReceivable, line.currency, "", payer}, -parts[i]);
    r.outstanding_by_owner[owners[i]] -= parts[i];
    out.settlements.push_back(Settlement{0, line.line_number, r.report.import_id, owners[i], payer,
                                         line.currency, line.date, line.bank_reference, parts[i],
                                         0});
  }
  r.received += take;
  *remaining -= take;
  return ok_status();
}

}  // namespace

namespace {

struct RemittanceContext {
  const std::string& sha256;
  std::int64_t import_id;
  const std::string& file;
  const CatalogIndex& catalog;
  const std::string& holder_override;
  std::vector<ReportReceivable>& receivables;
};

Result<std::string> holder_for(const RemittanceContext& ctx, const LineTargets& targets,
                               const std::string& payer, const RemittanceLine& line) {
  if (!ctx.holder_override.empty()) {
    std::optional<std::string> holder = ctx.catalog.resolve_party(ctx.holder_override);
    if (!holder) {
      return make_error(ErrorCode::kPartyUnknown,
                        "--recipient '" + ctx.holder_override + "' is not a party in the catalog",
                        {ctx.file, line.line_number, "recipient", ctx.holder_override});
    }
    return *holder;
  }
  if (!targets.reports.empty()) return targets.reports.front()->report.recipient;
  for (const ReportReceivable& r : ctx.receivables) {
    if (r.report.payer == payer) return r.report.recipient;
  }
  std::optional<std::string> sole = ctx.catalog.sole_distributor();
  if (sole) return *sole;
  return make_error(ErrorCode::kPartyUnknown,
                    "cannot tell whose books receive this payment: pass --recipient",
                    {ctx.file, line.line_number, "payer", line.payer});
}

Result<LinePosting> settle_line(const RemittanceContext& ctx, const RemittanceLine& line,
                                RemittancePosted& posted) {
  const std::string payer = ctx.catalog.resolve_party(line.payer).value_or(line.payer);
  LineTargets targets = targets_of(line, payer, ctx.receivables);
  if (!targets.unmatched_pays.empty()) {
    return make_error(ErrorCode::kFieldInvalid,
                      "pays '" + targets.unmatched_pays + "' names no live report of payer " +
                          payer + " in " + line.currency,
                      {ctx.file, line.line_number, "pays", targets.unmatched_pays});
  }
  LinePosting out;
  Decimal remaining = line.amount;
  for (ReportReceivable* r : targets.reports) {
    if (remaining.sign() <= 0) break;
    const Decimal before = remaining;
    FERMATA_RETURN_IF_ERROR(settle_report(*r, line, &remaining, out));
    if (remaining != before) ++posted.reports_settled;
  }
  if (remaining.sign() > 0) {
    FERMATA_ASSIGN_OR_RETURN(std::string holder, holder_for(ctx, targets, payer, line));
    out.add(AccountRef{holder, AccountKind::kEscrow, line.currency, "", payer}, remaining);
    out.add(AccountRef{holder, AccountKind::kPayable, line.currency, "", payer}, -remaining);
    out.settlements.push_back(Settlement{0, line.line_number, 0, holder, payer, line.currency,
                                         line.date, line.bank_reference, remaining, 0});
    posted.on_account += remaining;
  }
  return out;
}

NewTransaction line_transaction(const RemittanceContext& ctx, const RemittanceLine& line,
                                const LinePosting& posting) {
  NewTransaction txn;
  txn.idempotency_key =
      "remit:" + ctx.sha256.substr(0, 32) + ":" + std::to_string(line.line_number);
  txn.effective_date = line.date;
  txn.memo = "remittance from " + line.payer + " " + line.amount.to_string() + " " + line.currency +
             (line.bank_reference.empty() ? "" : " ref " + line.bank_reference);
  txn.source = SourceLink{ctx.sha256, std::to_string(line.line_number)};
  for (const auto& [name, p] : posting.postings) {
    if (!p.amount.is_zero()) txn.postings.push_back(p);
  }
  return txn;
}

}  // namespace

Result<RemittancePosted> post_remittance(const Remittance& remittance, const std::string& sha256,
                                         std::int64_t import_id, const std::string& file,
                                         const std::string& holder_override, Database& database,
                                         Ledger& ledger) {
  FERMATA_ASSIGN_OR_RETURN(CatalogSnapshot snapshot, database.catalog_snapshot());
  const CatalogIndex catalog(snapshot);
  FERMATA_ASSIGN_OR_RETURN(std::vector<ReportReceivable> receivables,
                           report_receivables(database, ledger));
  RemittanceContext ctx{sha256, import_id, file, catalog, holder_override, receivables};
  RemittancePosted posted;
  for (const RemittanceLine& line : remittance.lines) {
    FERMATA_ASSIGN_OR_RETURN(LinePosting posting, settle_line(ctx, line, posted));
    const NewTransaction txn = line_transaction(ctx, line, posting);
    Result<AppendOutcome> outcome = ledger.append(txn);
    if (!outcome) {
      Error error = outcome.error();
      if (error.where.file.empty()) error.where = {file, line.line_number, "", ""};
      return error;
    }
    ++(outcome->status == AppendStatus::kAppended ? posted.transactions : posted.existing);
    for (Settlement settlement : posting.settlements) {
      settlement.remittance_import = import_id;
      settlement.txn_seq = outcome->seq;
      FERMATA_RETURN_IF_ERROR(database.report_register().put_settlement(settlement));
    }
  }
  return posted;
}

}  // namespace fermata
