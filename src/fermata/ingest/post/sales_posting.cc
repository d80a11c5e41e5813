#include "fermata/ingest/post/sales_posting.h"

#include <chrono>
#include <cstdio>

#include "fermata/ingest/post/sales_aggregate.h"

namespace fermata {

Result<SalesParties> resolve_sales_parties(const SalesReport& report, const CatalogIndex& catalog,
                                           const std::string& recipient_override) {
  SalesParties parties;
  std::optional<std::string> holder;
  if (!recipient_override.empty()) {
    holder = catalog.resolve_party(recipient_override);
    if (!holder) {
      return make_error(ErrorCode::kPartyUnknown,
                        "--recipient '" + recipient_override + "' is not a party in the catalog");
    }
  } else {
    holder = catalog.resolve_party(report.recipient);
    if (!holder) holder = catalog.sole_distributor();
  }
  if (!holder) {
    return make_error(ErrorCode::kPartyUnknown,
                      "cannot tell whose books this report belongs to: its recipient '" +
                          report.recipient +
                          "' is not a catalog party and the catalog has no single distributor; "
                          "pass --recipient PARTY",
                      {"", 0, "recipient", report.recipient});
  }
  parties.holder = *holder;
  std::optional<std::string> payer = catalog.resolve_party(report.payer);
  if (!payer) payer = catalog.resolve_party(report.payer_name);
  parties.payer_known = payer.has_value();
  parties.payer = payer.value_or(report.payer.empty() ? report.payer_name : report.payer);
  if (parties.payer.empty()) {
    return make_error(ErrorCode::kFieldMissing, "the report does not say who pays it",
                      {"", 0, "payer", ""});
  }
  return parties;
}

namespace {

std::string memo_of(const SalesReport& report, const SalesAggregate& agg) {
  std::string memo = report.format + " ";
  memo.append(agg.store).append(" ").append(sales_channel_name(agg.channel)).append(" ");
  memo.append(agg.territory.empty() ? "-" : agg.territory).append(" ").append(agg.sale_start);
  memo.append("..").append(agg.sale_end).append(": ");
  const SaleMatch& match = *agg.match;
  if (match.matched) {
    memo += match.release_id + (match.isrc.empty() ? "" : " " + match.isrc);
  } else {
    memo += "UNMATCHED " + match.via + " " + match.identifier + " (" + match.reason + ")";
  }
  return memo + ", " + agg.units.to_string() + " units, " + std::to_string(agg.lines) + " lines";
}

NewTransaction to_transaction(const SalesReport& report, const SalesAggregate& agg,
                              const std::string& sha256, std::size_t index,
                              const SalesParties& parties) {
  char key[96];
  std::snprintf(key, sizeof key, "sale:%s:%06zu", sha256.substr(0, 32).c_str(), index);
  NewTransaction txn;
  txn.idempotency_key = key;
  txn.effective_date = report.period_end.empty() ? std::string(agg.sale_end) : report.period_end;
  txn.memo = memo_of(report, agg);
  txn.source =
      SourceLink{sha256, report.grouped ? line_selector(agg) : line_ranges(agg.line_numbers)};
  const std::string& owner = agg.match->matched ? agg.match->owner : parties.holder;
  const AccountKind income = agg.match->matched ? AccountKind::kExternal : AccountKind::kSuspense;
  const std::string currency(agg.currency);
  txn.postings.push_back(Posting{
      AccountRef{owner, AccountKind::kReceivable, currency, "", parties.payer}, agg.amount});
  txn.postings.push_back(
      Posting{AccountRef{owner, income, currency, "", parties.payer}, -agg.amount});
  return txn;
}

UnmatchedRecord unmatched_record(const SalesAggregate& agg, std::int64_t import_id,
                                 std::int64_t seq, const NewTransaction& txn,
                                 const SalesParties& parties) {
  return UnmatchedRecord{0,
                         import_id,
                         seq,
                         agg.match->via,
                         agg.match->identifier,
                         std::string(agg.title),
                         std::string(agg.artist),
                         std::string(agg.store),
                         std::string(agg.territory),
                         std::string(agg.sale_end),
                         std::string(agg.currency),
                         agg.units,
                         agg.amount,
                         txn.source.line_ranges,
                         parties.holder,
                         parties.payer,
                         0,
                         std::string(sales_channel_name(agg.channel))};
}

EarningRecord earning_record(const SalesAggregate& agg, std::int64_t import_id, std::int64_t seq,
                             const std::string& reported_on) {
  return EarningRecord{0,
                       import_id,
                       seq,
                       agg.match->owner,
                       agg.match->release_id,
                       agg.match->isrc,
                       std::string(agg.store),
                       std::string(sales_channel_name(agg.channel)),
                       std::string(agg.territory),
                       std::string(agg.sale_start),
                       std::string(agg.sale_end),
                       reported_on,
                       std::string(agg.currency),
                       agg.units,
                       agg.amount,
                       0,
                       std::string(agg.format)};
}

Status add_to_totals(SalesPosted& posted, const SalesAggregate& agg, std::int64_t import_id) {
  ReportTotal& total = posted.totals[std::string(agg.currency)];
  total.import_id = import_id;
  total.currency = agg.currency;
  total.lines += agg.lines;
  FERMATA_ASSIGN_OR_RETURN(total.reported, total.reported.checked_add(agg.amount));
  if (!agg.match->matched) {
    FERMATA_ASSIGN_OR_RETURN(total.unmatched, total.unmatched.checked_add(agg.amount));
  }
  return ok_status();
}

}  // namespace

Result<SalesPosted> post_sales(const SalesReport& report, const std::string& sha256,
                               std::int64_t import_id, const SalesParties& parties,
                               const CatalogIndex& catalog, Database& database, Ledger& ledger,
                               const PostingProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  FERMATA_ASSIGN_OR_RETURN(SalesAggregation aggregation,
                           aggregate_sales(report, catalog, report.period_end));
  const auto aggregated = std::chrono::steady_clock::now();
  SalesPosted posted;
  posted.aggregate_seconds = std::chrono::duration<double>(aggregated - start).count();
  posted.lines = aggregation.lines;
  posted.matched_lines = aggregation.matched_lines;
  posted.unmatched_lines = aggregation.unmatched_lines;
  const auto total = static_cast<std::int64_t>(aggregation.aggregates.size());
  for (std::size_t i = 0; i < aggregation.aggregates.size(); ++i) {
    if (progress && (i % 4096 == 0)) progress(static_cast<std::int64_t>(i), total);
    const SalesAggregate& agg = aggregation.aggregates[i];
    FERMATA_RETURN_IF_ERROR(add_to_totals(posted, agg, import_id));
    if (agg.amount.is_zero()) continue;
    const NewTransaction txn = to_transaction(report, agg, sha256, i, parties);
    Result<AppendOutcome> outcome = ledger.append(txn);
    if (!outcome) {
      Error error = outcome.error();
      if (error.where.file.empty()) error.where = {report.format, agg.first_line, "", ""};
      return error;
    }
    ++(outcome->status == AppendStatus::kAppended ? posted.transactions : posted.existing);
    if (!agg.match->matched) {
      FERMATA_RETURN_IF_ERROR(database.report_register().put_unmatched(
          unmatched_record(agg, import_id, outcome->seq, txn, parties)));
    } else if (outcome->status == AppendStatus::kAppended) {
      FERMATA_RETURN_IF_ERROR(database.report_register().put_earning(
          earning_record(agg, import_id, outcome->seq, txn.effective_date)));
    }
  }
  if (progress) progress(total, total);
  posted.post_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - aggregated).count();
  return posted;
}

}  // namespace fermata
