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

// Each period's movement before payments, oldest first, with what settles
// it (payments, periods that took money back) taken from the oldest.
std::vector<Owed> settle_oldest_first(const std::vector<PeriodFigures>& figures,
                                      const std::string& currency, const std::string& as_of) {
  std::vector<Owed> owed;
  Decimal credits;
  for (const PeriodFigures& f : figures) {
    if (f.start > as_of) break;
    const auto t = f.totals.find(currency);
    if (t == f.totals.end()) continue;
    const Decimal movement = t->second.closing - t->second.opening;
    const Decimal before_payments = movement + t->second.withheld + t->second.paid;
    credits += t->second.withheld + t->second.paid;
    if (before_payments.sign() > 0) {
      owed.push_back({&f, before_payments});
    } else {
      credits -= before_payments;
    }
  }
  for (Owed& o : owed) {
    const Decimal take = credits < o.amount ? credits : o.amount;
    o.amount -= take;
    credits -= take;
  }
  return owed;
}

Status age_agreement(Database& database, const std::string& agreement_id, const std::string& as_of,
                     std::vector<AgingRow>& out) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<PeriodFigures> figures,
                           agreement_period_figures(database, agreement_id));
  if (figures.empty()) return ok_status();
  std::set<std::string> currencies;
  for (const PeriodFigures& f : figures) {
    for (const auto& [currency, t] : f.totals) currencies.insert(currency);
  }
  for (const std::string& currency : currencies) {
    AgingRow row{agreement_id, figures.front().licensor, currency, {}, {}, ""};
    for (const Owed& o : settle_oldest_first(figures, currency, as_of)) {
      if (o.amount.sign() <= 0) continue;
      row.buckets[bucket_of(days_between(o.period->statement_date, as_of))] += o.amount;
      row.total += o.amount;
      if (!row.oldest_unpaid.empty()) continue;
      FERMATA_ASSIGN_OR_RETURN(
          auto issued, database.royalty_register().find_statement(agreement_id, o.period->name));
      row.oldest_unpaid = (issued ? statement_number_text(issued->number) + " " : "") + "(" +
                          o.period->name + ", due " + o.period->statement_date + ")";
    }
    if (!row.total.is_zero()) out.push_back(std::move(row));
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
    FERMATA_RETURN_IF_ERROR(age_agreement(database, id, as_of, out));
  }
  return out;
}

}  // namespace fermata
