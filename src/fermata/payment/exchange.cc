#include "fermata/payment/exchange.h"

#include <set>

#include "fermata/fx/fx.h"
#include "fermata/royalty/records.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata {
namespace {

// The conversion lines into `currency` the line's statement covers and no
// payment settled yet, by id.
Result<std::vector<RoyaltyLine>> open_conversions(Database& database, const BatchLine& line) {
  const PaymentProposal& p = line.proposal;
  FERMATA_ASSIGN_OR_RETURN(std::vector<PeriodFigures> figures,
                           agreement_period_figures(database, p.agreement_id));
  std::string through;  // The paid statement's last day.
  for (const PeriodFigures& f : figures) through = f.name == p.statement_period ? f.end : through;
  FERMATA_ASSIGN_OR_RETURN(auto settled,
                           database.payment_register().exchange_differences(p.agreement_id));
  std::set<std::int64_t> done;
  for (const ExchangeDifferenceRecord& d : settled) done.insert(d.conversion_line);
  FERMATA_ASSIGN_OR_RETURN(std::vector<RoyaltyLine> lines,
                           database.royalty_register().lines(p.agreement_id));
  std::erase_if(lines, [&](const RoyaltyLine& l) {
    return l.kind != "conversion" || l.currency != p.currency || l.period_end > through ||
           done.contains(l.id);
  });
  return lines;
}

NewTransaction difference_transaction(const BatchLine& line, const ExchangeDifferenceRecord& d,
                                      const std::string& licensor) {
  const PaymentProposal& p = line.proposal;
  NewTransaction txn;
  txn.idempotency_key = "pay:" + line.batch_id + ":" + std::to_string(line.line) +
                        ":exchange:" + std::to_string(d.conversion_line);
  txn.effective_date = line.value_date;
  txn.memo = "Exchange difference borne by " + d.borne_by + " on payment " + line.batch_id + "/" +
             std::to_string(line.line) + " under " + p.agreement_id + ": " + d.base_currency + " " +
             money_text(d.base, d.base_currency) + " recognised at " +
             d.recognised_rate.to_string() + " = " + money_text(d.recognised, d.currency) +
             ", paid at " + d.paid_rate.to_string() + " (" + d.rate_source + ", " + d.value_date +
             ") = " + money_text(d.paid, d.currency) + " " + d.currency;
  const std::string& c = d.currency;
  if (d.borne_by == licensor) {
    txn.postings = {{{licensor, AccountKind::kTrust, c, "", ""}, d.amount},
                    {{licensor, AccountKind::kExchangeGainLoss, c, "", p.payer}, -d.amount}};
  } else {
    txn.postings = {{{d.borne_by, AccountKind::kCash, c, "", ""}, d.amount},
                    {{d.borne_by, AccountKind::kExchangeGainLoss, c, "", licensor}, -d.amount}};
  }
  return txn;
}

// The party bearing differences under the version in force on `day`.
Result<std::string> bearer(Database& database, const std::string& agreement_id,
                           const std::string& day) {
  FERMATA_ASSIGN_OR_RETURN(auto agreements, load_agreements(database));
  const auto found = agreements.find(agreement_id);
  const AgreementVersion* v = found == agreements.end() ? nullptr : version_on(found->second, day);
  if (!v) {
    return make_error(ErrorCode::kFieldInvalid, "agreement " + agreement_id + " is not in force",
                      {"", 0, "agreement", agreement_id});
  }
  return v->party_id(v->exchange_borne_by);
}

}  // namespace

Result<std::vector<ExchangeDifferenceRecord>> settle_conversions(Database& database, Ledger& ledger,
                                                                 const BatchLine& line,
                                                                 const std::string& file,
                                                                 std::int64_t payment_seq,
                                                                 const std::string& recorded_at) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<RoyaltyLine> open, open_conversions(database, line));
  std::vector<ExchangeDifferenceRecord> out;
  if (open.empty()) return out;
  const PaymentProposal& p = line.proposal;
  FERMATA_ASSIGN_OR_RETURN(std::string borne_by, bearer(database, p.agreement_id, line.value_date));
  FERMATA_ASSIGN_OR_RETURN(RateTable rates, load_rate_table(database));
  for (const RoyaltyLine& c : open) {
    Result<Conversion> paid =
        convert(rates, c.base, c.base_currency, c.currency, line.value_date,
                "value date of payment " + line.batch_id + "/" + std::to_string(line.line));
    if (!paid) {
      return Error{paid.error().code,
                   paid.error().message,
                   {file, line.line_number, "value_date", line.value_date}};
    }
    ExchangeDifferenceRecord d{c.id,
                               line.batch_id,
                               line.line,
                               p.agreement_id,
                               borne_by,
                               c.currency,
                               c.base_currency,
                               c.base,
                               c.rate,
                               paid->rate,
                               c.amount,
                               paid->converted,
                               paid->converted - c.amount,
                               line.value_date,
                               paid->source,
                               payment_seq,
                               recorded_at,
                               ledger.actor()};
    if (!d.amount.is_zero()) {
      FERMATA_ASSIGN_OR_RETURN(AppendOutcome outcome,
                               ledger.append(difference_transaction(line, d, p.payee)));
      d.txn_seq = outcome.seq;
    }
    FERMATA_RETURN_IF_ERROR(database.payment_register().put_exchange_difference(d));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace fermata
