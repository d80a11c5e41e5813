// propose_payments: what each licensor is due and what can be paid today.
#include <algorithm>

#include "fermata/payment/batch_csv.h"
#include "fermata/payment/payment.h"
#include "fermata/royalty/records.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata {
namespace {

// The balance of one account of `party` on `on_date`.
Result<Decimal> account_balance(Ledger& ledger, const AccountRef& account,
                                const std::string& on_date) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> balances,
                           ledger.balances({account.party, account.kind, on_date, ""}));
  Decimal sum;
  for (const AccountBalance& b : balances) {
    if (b.account == account) sum += b.balance;
  }
  return sum;
}

// Agreement and currency of every line in batches still open, by batch.
Result<std::map<std::pair<std::string, std::string>, std::string>> open_batch_lines(
    const std::vector<PaymentBatch>& batches) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  for (const PaymentBatch& b : batches) {
    if (!b.recorded_at.empty()) continue;
    FERMATA_ASSIGN_OR_RETURN(std::vector<BatchLine> lines, parse_batch_csv(b.csv, b.id));
    for (const BatchLine& l : lines) out[{l.proposal.agreement_id, l.proposal.currency}] = b.id;
  }
  return out;
}

// One minor unit of a currency with `digits` minor digits (0.01, or 1 for JPY).
Decimal minor_unit(int digits) {
  Decimal unit = Decimal::from_units(1);
  for (int i = 0; i < digits; ++i) unit = *unit.checked_div(Decimal::from_units(10));
  return unit;
}

struct ProposalContext {
  Ledger& ledger;
  const std::string& on_date;
  const std::map<std::string, Payee>& payees;
  const std::map<std::pair<std::string, std::string>, std::string>& in_batches;
};

// Fills the money of `p` from the ledger and the payee's tax form.
Status price(PaymentProposal& p, const ProposalContext& ctx, const Payee* payee) {
  FERMATA_ASSIGN_OR_RETURN(
      p.held,
      account_balance(ctx.ledger, {p.payee, AccountKind::kTrust, p.currency, "", ""}, ctx.on_date));
  FERMATA_ASSIGN_OR_RETURN(
      Decimal payable,
      account_balance(ctx.ledger, {p.payee, AccountKind::kPayable, p.currency, "", p.payer},
                      ctx.on_date));
  const Decimal owed = -payable;
  p.fee_settled = std::max(Decimal(), std::min(owed, p.held));
  const Decimal available = p.held - p.fee_settled;
  FERMATA_ASSIGN_OR_RETURN(Currency currency, lookup_currency(p.currency));
  FERMATA_ASSIGN_OR_RETURN(p.gross, std::max(Decimal(), std::min(p.due, available))
                                        .round_to(currency.minor_digits, RoundingMode::kDown));
  if (payee) {
    const Withholding w = withholding_on(*payee, ctx.on_date);
    p.withholding_rate = w.rate;
    p.withholding_reason = w.reason;
    p.withholding_flagged = w.flagged;
  }
  FERMATA_ASSIGN_OR_RETURN(Decimal tax, p.gross.checked_mul(p.withholding_rate));
  FERMATA_ASSIGN_OR_RETURN(p.withheld, tax.round_to(currency.minor_digits, RoundingMode::kHalfUp));
  p.net = p.gross - p.withheld;
  return ok_status();
}

// Why `p` is not paid, or "pay". `threshold` applies in the payout currency
// only (under exchange terms the run converts other currencies into it;
// otherwise, and for a balance from before conversion, each is paid as held).
std::string status_of(const PaymentProposal& p, const Payee* payee, Decimal threshold,
                      Decimal minor_unit, const ProposalContext& ctx) {
  const auto batch = ctx.in_batches.find({p.agreement_id, p.currency});
  if (batch != ctx.in_batches.end()) return "in batch " + batch->second;
  if (p.due < minor_unit) return "nothing due";
  if (p.gross.is_zero()) return "nothing held in trust yet";
  if (!payee) return "no payee record";
  if (!payee->bank) return "no bank account on file";
  if (p.gross < threshold)
    return "below threshold " + money_text(threshold, p.currency) + ", rolls forward";
  return "pay";
}

// The proposals of one agreement, from its latest statement due on the day.
Status propose_for(const std::string& agreement_id, const std::vector<AgreementVersion>& versions,
                   Database& database, const ProposalContext& ctx,
                   std::vector<PaymentProposal>& out) {
  const AgreementVersion* version = version_on(versions, ctx.on_date);
  if (!version || version->party_id("licensor").empty() || version->accounting_party().empty())
    return ok_status();
  FERMATA_ASSIGN_OR_RETURN(std::vector<PeriodFigures> figures,
                           agreement_period_figures(database, agreement_id, versions));
  const PeriodFigures* due = nullptr;
  for (const PeriodFigures& f : figures) {
    if (f.statement_date <= ctx.on_date) due = &f;
  }
  if (!due) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(auto payments, database.payment_register().payments(agreement_id));
  const auto payee = ctx.payees.find(due->licensor);
  const Payee* payee_record = payee == ctx.payees.end() ? nullptr : &payee->second;
  for (const auto& [currency, totals] : due->totals) {
    PaymentProposal p;
    p.agreement_id = agreement_id;
    p.payee = due->licensor;
    p.payer = due->accounting_party;
    p.currency = currency;
    p.statement_period = due->name;
    p.statement_date = due->statement_date;
    p.due = totals.closing;
    for (const PaymentRecord& r : payments) {
      if (r.currency == currency && r.value_date > due->end) p.due -= r.withheld + r.net;
    }
    FERMATA_RETURN_IF_ERROR(price(p, ctx, payee_record));
    if (payee_record) {
      p.payee_name = payee_record->legal_name;
      if (payee_record->bank) p.bank = *payee_record->bank;
    }
    FERMATA_ASSIGN_OR_RETURN(Currency c, lookup_currency(currency));
    const Decimal threshold =
        currency == version->payment.currency ? version->payment.threshold : Decimal();
    p.status = status_of(p, payee_record, threshold, minor_unit(c.minor_digits), ctx);
    out.push_back(std::move(p));
  }
  return ok_status();
}

}  // namespace

Result<std::vector<PaymentProposal>> propose_payments(Database& database, Ledger& ledger,
                                                      const std::string& on_date) {
  FERMATA_ASSIGN_OR_RETURN(auto agreements, load_agreements(database));
  FERMATA_ASSIGN_OR_RETURN(auto payees, load_payees(database));
  FERMATA_ASSIGN_OR_RETURN(auto batches, database.payment_register().batches());
  FERMATA_ASSIGN_OR_RETURN(auto in_batches, open_batch_lines(batches));
  const ProposalContext ctx{ledger, on_date, payees, in_batches};
  std::vector<PaymentProposal> out;
  for (const auto& [id, versions] : agreements)
    FERMATA_RETURN_IF_ERROR(propose_for(id, versions, database, ctx, out));
  return out;
}

}  // namespace fermata
