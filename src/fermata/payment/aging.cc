// payment_aging: what is owed to each payee, by how long it has been due.
#include <set>

#include "fermata/base/date.h"
#include "fermata/payment/payment.h"
#include "fermata/royalty/records.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata {
namespace {

std::string bucket_of(int days_past_due) {
  if (days_past_due <= 0) return "current";
  if (days_past_due <= 30) return "1-30";
  if (days_past_due <= 60) return "31-60";
  if (days_past_due <= 90) return "61-90";
  if (days_past_due <= 180) return "91-180";
  if (days_past_due <= 365) return "181-365";
  return "365+";
}

struct Owed {
  const PeriodFigures* period;
  Decimal amount;
};

// What settles what is owed in `currency` by `as_of`: every payment (tax
// withheld and paid) with a value date by then, in any period, run or not.
Decimal paid_by(const std::vector<PaymentRecord>& payments, const std::string& currency,
                const std::string& as_of) {
  Decimal sum;
  for (const PaymentRecord& p : payments) {
    if (p.currency == currency && p.value_date <= as_of) sum += p.withheld + p.net;
  }
  return sum;
}

// Each period's movement before payments, oldest first, with what settles
// it (payments, periods that took money back) taken from the oldest. What
// is left of a period below one minor unit cannot be paid yet (payments are
// whole units): it moves to the latest period owed, where it rolls forward.
Result<std::vector<Owed>> settle_oldest_first(const std::vector<PeriodFigures>& figures,
                                              const std::string& currency, Decimal credits,
                                              const std::string& as_of) {
  std::vector<Owed> owed;
  for (const PeriodFigures& f : figures) {
    if (f.start > as_of) break;
    const auto t = f.totals.find(currency);
    if (t == f.totals.end()) continue;
    const StatementTotals& totals = t->second;
    const Decimal before_payments = totals.closing - totals.opening + totals.withheld + totals.paid;
    if (before_payments.sign() > 0) {
      owed.push_back({&f, before_payments});
    } else {
      credits -= before_payments;
    }
  }
  FERMATA_ASSIGN_OR_RETURN(Currency c, lookup_currency(currency));
  Decimal residue;
  for (Owed& o : owed) {
    const Decimal take = credits < o.amount ? credits : o.amount;
    o.amount -= take;
    credits -= take;
    FERMATA_ASSIGN_OR_RETURN(Decimal whole, o.amount.round_to(c.minor_digits, RoundingMode::kDown));
    residue += o.amount - whole;
    o.amount = whole;
  }
  if (!owed.empty()) owed.back().amount += residue;
  return owed;
}

// The threshold below which the agreement rolls a balance in `currency`
// forward, or 0 (a threshold is in the payout currency).
Decimal threshold_for(const std::vector<AgreementVersion>& versions, const std::string& currency,
                      const std::string& as_of) {
  const AgreementVersion* v = version_on(versions, as_of);
  if (!v) v = &versions.back();
  return v->payment.currency == currency ? v->payment.threshold : Decimal();
}

Status age_currency(Database& database, const std::vector<PeriodFigures>& figures,
                    const std::vector<PaymentRecord>& payments, AgingRow row, Decimal threshold,
                    const std::string& as_of, std::vector<AgingRow>& out) {
  FERMATA_ASSIGN_OR_RETURN(
      std::vector<Owed> owed,
      settle_oldest_first(figures, row.currency, paid_by(payments, row.currency, as_of), as_of));
  for (const Owed& o : owed) {
    if (o.amount.sign() <= 0) continue;
    row.buckets[bucket_of(days_between(o.period->statement_date, as_of))] += o.amount;
    row.total += o.amount;
    if (!row.oldest_unpaid.empty()) continue;
    FERMATA_ASSIGN_OR_RETURN(
        auto issued, database.royalty_register().find_statement(row.agreement_id, o.period->name));
    row.oldest_unpaid = (issued ? statement_number_text(issued->number) + " " : "") + "(" +
                        o.period->name + ", due " + o.period->statement_date + ")";
  }
  FERMATA_ASSIGN_OR_RETURN(Currency c, lookup_currency(row.currency));
  FERMATA_ASSIGN_OR_RETURN(Decimal payable,
                           row.total.round_to(c.minor_digits, RoundingMode::kDown));
  if (payable.is_zero()) return ok_status();  // Less than one minor unit: nothing to pay.
  if (payable < threshold) {
    // Not overdue: the agreement rolls it forward until it reaches the threshold.
    row.buckets = {{"current", row.total}};
    row.oldest_unpaid =
        "below threshold " + money_text(threshold, row.currency) + ", rolls forward";
  }
  out.push_back(std::move(row));
  return ok_status();
}

Status age_agreement(Database& database, const std::string& agreement_id,
                     const std::vector<AgreementVersion>& versions, const std::string& as_of,
                     std::vector<AgingRow>& out) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<PeriodFigures> figures,
                           agreement_period_figures(database, agreement_id, versions));
  if (figures.empty()) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(auto payments, database.payment_register().payments(agreement_id));
  std::set<std::string> currencies;
  for (const PeriodFigures& f : figures) {
    for (const auto& [currency, t] : f.totals) currencies.insert(currency);
  }
  for (const std::string& currency : currencies) {
    const AgingRow row{agreement_id, figures.front().licensor, currency, {}, {}, ""};
    FERMATA_RETURN_IF_ERROR(age_currency(database, figures, payments, row,
                                         threshold_for(versions, currency, as_of), as_of, out));
  }
  return ok_status();
}

}  // namespace

Result<std::vector<AgingRow>> payment_aging(Database& database, const std::string& as_of) {
  FERMATA_ASSIGN_OR_RETURN(auto agreements, load_agreements(database));
  std::vector<AgingRow> out;
  for (const auto& [id, versions] : agreements) {
    const AgreementVersion* v = versions.empty() ? nullptr : &versions.back();
    if (!v || v->party_id("licensor").empty() || v->accounting_party().empty()) continue;
    FERMATA_RETURN_IF_ERROR(age_agreement(database, id, versions, as_of, out));
  }
  return out;
}

}  // namespace fermata
