#include "fermata/statement/royalty_statement.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "fermata/base/assert.h"
#include "fermata/base/csv_field.h"
#include "fermata/base/date.h"
#include "fermata/base/sha256.h"
#include "fermata/royalty/period.h"
#include "fermata/royalty/records.h"
#include "fermata/royalty/run.h"
#include "fermata/royalty/split.h"

namespace fermata {
namespace {

// Adds one register line to the totals of its currency.
void add_line(StatementTotals& t, const RoyaltyLine& line) {
  if (line.kind == "fee") t.fees += line.amount;
  if (line.kind == "upstream_fee") t.upstream_fees += line.amount;
  if (line.kind == "fee_tax") t.fee_tax += line.amount;
  if (line.kind == "reserve") t.reserves_held += line.amount;
  if (line.kind == "reserve_release") t.reserves_released += line.amount;
  if (line.kind == "reserve_applied") t.reserves_applied += line.amount;
  if (line.kind == "royalty") t.royalties += line.amount;
  if (line.kind == "recoupment") t.recouped += line.amount;
}

Decimal movement(const StatementTotals& t) {
  return t.earnings + t.adjustments - t.upstream_fees - t.fees - t.fee_tax - t.reserves_held +
         t.reserves_released + t.reserves_applied + t.royalties - t.recouped + t.converted +
         t.exchange_differences - t.withheld - t.paid;
}

bool within(const std::string& date, const RoyaltyPeriodRecord& period) {
  return period.period_start <= date && date <= period.period_end;
}

// Everything an agreement's statements are built from, read once.
struct AgreementRecords {
  std::vector<AgreementVersion> versions;
  std::vector<RoyaltyPeriodRecord> periods;
  std::vector<RoyaltyLine> lines;
  std::vector<EarningRecord> earnings;
  std::vector<PaymentRecord> payments;
  bool split = false;  // A split agreement: the label's earnings are the base, not the payee's.
  std::vector<ExchangeDifferenceRecord> differences;  // At payment, by value date.
  // The earnings each run period took (earnings_taken), by period end, as
  // they are first asked for: a statement needs its period's several times.
  mutable std::map<std::string, std::vector<EarningRecord>> taken;
};

// The earnings run period `period` of `r` took.
const std::vector<EarningRecord>& taken_by_period(const AgreementRecords& r,
                                                  const RoyaltyPeriodRecord& period) {
  auto found = r.taken.find(period.period_end);
  if (found == r.taken.end()) {
    found = r.taken.emplace(period.period_end, earnings_taken(r.earnings, r.periods, period)).first;
  }
  return found->second;
}

// The exchange differences the licensor bears with a value date in `period`.
std::vector<const ExchangeDifferenceRecord*> licensor_differences(
    const AgreementRecords& r, const RoyaltyPeriodRecord& period) {
  std::vector<const ExchangeDifferenceRecord*> out;
  if (r.differences.empty()) return out;
  const AgreementVersion* v = version_on(r.versions, period.period_end);
  if (!v) return out;
  for (const ExchangeDifferenceRecord& d : r.differences) {
    if (within(d.value_date, period) && d.borne_by == v->party_id("licensor")) out.push_back(&d);
  }
  return out;
}

// One earlier or this period's figures, per currency.
std::map<std::string, StatementTotals> period_totals(const AgreementRecords& r,
                                                     const RoyaltyPeriodRecord& period) {
  std::map<std::string, StatementTotals> out;
  for (const PaymentRecord& p : r.payments) {
    if (!within(p.value_date, period)) continue;
    out[p.currency].withheld += p.withheld;
    out[p.currency].paid += p.net;
  }
  for (const ExchangeDifferenceRecord* d : licensor_differences(r, period))
    out[d->currency].exchange_differences += d->amount;
  const std::vector<EarningRecord> none;
  for (const EarningRecord& e : r.split ? none : taken_by_period(r, period)) {
    if (e.reverses != 0) {
      out[e.currency].adjustments += e.amount;
      continue;
    }
    out[e.currency].earnings += e.amount;
    if (e.reported_on < period.period_start) out[e.currency].late_earnings += e.amount;
  }
  for (const RoyaltyLine& l : r.lines) {
    if (l.period_end != period.period_end) continue;
    if (l.kind == "conversion") {
      out[l.base_currency].converted -= l.base;
      out[l.currency].converted += l.amount;
    } else {
      add_line(out[l.currency], l);
    }
  }
  return out;
}

void add_row(std::vector<StatementRow>& rows, std::string section, std::string item,
             const std::string& currency, std::optional<Decimal> amount, std::string detail) {
  rows.push_back(StatementRow{std::move(section), std::move(item), currency, amount,
                              amount ? money_text(*amount, currency) : "", std::move(detail)});
}

// The earnings of the run periods up to `target` (the last few), per currency.
void add_history(RoyaltyStatement& s, const AgreementRecords& r,
                 const RoyaltyPeriodRecord& target) {
  std::vector<const RoyaltyPeriodRecord*> shown;
  for (const RoyaltyPeriodRecord& p : r.periods) {
    if (p.period_end <= target.period_end) shown.push_back(&p);
  }
  if (shown.size() > RoyaltyStatement::kHistoryPeriods)
    shown.erase(shown.begin(), shown.end() - RoyaltyStatement::kHistoryPeriods);
  for (const RoyaltyPeriodRecord* p : shown) {
    const AgreementVersion* v = version_on(r.versions, p->period_end);
    const std::string name = period_containing(v->payment.period, p->period_end).name;
    std::map<std::string, Decimal> sums;
    if (r.split) {  // The payee's royalties.
      for (const RoyaltyLine& l : r.lines) {
        if (l.period_end == p->period_end && l.kind == "royalty") sums[l.currency] += l.amount;
      }
    } else {
      for (const EarningRecord& e : taken_by_period(r, *p)) sums[e.currency] += e.amount;
    }
    for (const auto& [currency, amount] : sums) s.history.push_back({name, currency, amount});
  }
}

// The versions of `agreement_id` on file (every agreement is parsed).
Result<std::vector<AgreementVersion>> versions_of(Database& database,
                                                  const std::string& agreement_id) {
  FERMATA_ASSIGN_OR_RETURN(auto agreements, load_agreements(database));
  const auto found = agreements.find(agreement_id);
  if (found == agreements.end()) return std::vector<AgreementVersion>();
  return std::move(found->second);
}

Result<AgreementRecords> read_records(Database& database, const std::string& agreement_id,
                                      const std::vector<AgreementVersion>& versions) {
  if (versions.empty()) {
    return make_error(ErrorCode::kFieldInvalid, "no agreement " + agreement_id + " on file",
                      {"", 0, "agreement", agreement_id});
  }
  AgreementRecords r;
  r.versions = versions;
  FERMATA_ASSIGN_OR_RETURN(r.periods, database.royalty_register().periods(agreement_id));
  FERMATA_ASSIGN_OR_RETURN(r.lines, database.royalty_register().lines(agreement_id));
  FERMATA_ASSIGN_OR_RETURN(r.earnings, agreement_earnings(database, r.versions));
  FERMATA_ASSIGN_OR_RETURN(r.payments, database.payment_register().payments(agreement_id));
  r.split = is_split_agreement(versions.back());
  FERMATA_ASSIGN_OR_RETURN(r.differences,
                           database.payment_register().exchange_differences(agreement_id));
  return r;
}

// The name of the period that took earning `id`, or "".
std::string period_that_took(const AgreementRecords& r, std::int64_t id) {
  const auto e = std::find_if(r.earnings.begin(), r.earnings.end(),
                              [id](const EarningRecord& x) { return x.id == id; });
  if (e == r.earnings.end()) return "";
  for (const RoyaltyPeriodRecord& p : r.periods) {
    if (e->id <= p.earnings_through && e->reported_on <= p.period_end) {
      const AgreementVersion* v = version_on(r.versions, p.period_end);
      return v ? period_containing(v->payment.period, p.period_end).name : "";
    }
  }
  return "";
}

// The period's earnings by dimension, its adjustments, lines and payments.
void add_detail(RoyaltyStatement& s, const AgreementRecords& r, const RoyaltyPeriodRecord& target) {
  for (const EarningRecord& e : taken_by_period(r, target)) {
    if (r.split) {  // The base: the label's earnings the agreement covers.
      const AgreementVersion* v = version_on(r.versions, e.reported_on);
      if (!v || !covers_earning(*v, e)) continue;
    }
    if (e.reverses != 0) {
      s.adjustments.push_back({e, period_that_took(r, e.reverses)});
      continue;
    }
    s.earnings_by["channel"][{e.channel, e.currency}] += e.amount;
    s.earnings_by["store"][{e.store, e.currency}] += e.amount;
    s.earnings_by["territory"][{e.territory.empty() ? "-" : e.territory, e.currency}] += e.amount;
    s.earnings_by["release"][{e.release_id, e.currency}] += e.amount;
  }
  for (const RoyaltyLine& l : r.lines) {
    if (l.period_end == target.period_end) s.lines.push_back(l);
  }
  for (const PaymentRecord& p : r.payments) {
    if (within(p.value_date, target)) s.payments.push_back(p);
  }
  for (const ExchangeDifferenceRecord* d : licensor_differences(r, target))
    s.exchange_differences.push_back(*d);
  add_history(s, r, target);
}

// The licensor's units over the statement's period, valued at PPD.
Status add_inventory(Database& database, RoyaltyStatement& s) {
  StockRegister& stock = database.stock_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<StockMovementRecord> movements,
                           stock.movements(s.licensor, s.period_end));
  s.inventory = inventory_flow(movements, s.licensor, s.period_start, s.period_end);
  if (s.inventory.empty()) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(std::vector<PriceRecord> prices, stock.prices());
  const PriceList list(prices);
  for (const InventoryFlowRow& row : s.inventory) {
    std::optional<Price> ppd = list.find(row.sku, PriceKind::kPpd, s.period_end);
    if (ppd) s.inventory_ppd.emplace(row.sku, *ppd);
  }
  return ok_status();
}

}  // namespace

Result<RoyaltyStatement> build_royalty_statement(Database& database,
                                                 const std::string& agreement_id,
                                                 const std::string& period_name) {
  FERMATA_ASSIGN_OR_RETURN(auto versions, versions_of(database, agreement_id));
  return build_royalty_statement(database, agreement_id, versions, period_name);
}

Result<RoyaltyStatement> build_royalty_statement(Database& database,
                                                 const std::string& agreement_id,
                                                 const std::vector<AgreementVersion>& versions,
                                                 const std::string& period_name) {
  FERMATA_ASSIGN_OR_RETURN(AgreementRecords r, read_records(database, agreement_id, versions));
  const RoyaltyPeriodRecord* target = nullptr;
  const AgreementVersion* version = nullptr;
  for (const RoyaltyPeriodRecord& p : r.periods) {
    const AgreementVersion* v = version_on(r.versions, p.period_end);
    if (v && period_containing(v->payment.period, p.period_end).name == period_name) {
      target = &p;
      version = v;
    }
  }
  if (!target) {
    return make_error(ErrorCode::kFieldInvalid,
                      "agreement " + agreement_id + " has no run period " + period_name +
                          " (run `fermata run --through` its last day first)",
                      {"", 0, "period", period_name});
  }
  RoyaltyStatement s{agreement_id,
                     period_name,
                     target->period_start,
                     target->period_end,
                     version->party_id("licensor"),
                     version->accounting_party(),
                     {},
                     {},
                     {}};
  if (r.split) s.payee = version->splits.front().payee;
  s.statement_date = add_days(s.period_end, version->payment.days_after_period);
  if (version->payment.objection_days > 0)
    s.objection_deadline = add_days(s.statement_date, version->payment.objection_days);
  for (const RoyaltyPeriodRecord& p : r.periods) {
    if (p.period_end >= target->period_end) continue;
    for (const auto& [currency, t] : period_totals(r, p)) s.totals[currency].opening += movement(t);
  }
  for (const auto& [currency, t] : period_totals(r, *target)) {
    StatementTotals& out = s.totals[currency];
    const Decimal opening = out.opening;
    out = t;
    out.opening = opening;
  }
  add_detail(s, r, *target);
  if (s.payee.empty()) FERMATA_RETURN_IF_ERROR(add_inventory(database, s));
  for (auto& [currency, t] : s.totals) t.closing = t.opening + movement(t);
  return s;
}

Result<std::vector<PeriodFigures>> agreement_period_figures(Database& database,
                                                            const std::string& agreement_id) {
  FERMATA_ASSIGN_OR_RETURN(auto versions, versions_of(database, agreement_id));
  return agreement_period_figures(database, agreement_id, versions);
}

Result<std::vector<PeriodFigures>> agreement_period_figures(
    Database& database, const std::string& agreement_id,
    const std::vector<AgreementVersion>& versions) {
  FERMATA_ASSIGN_OR_RETURN(AgreementRecords r, read_records(database, agreement_id, versions));
  std::vector<PeriodFigures> out;
  std::map<std::string, Decimal> balance;
  for (const RoyaltyPeriodRecord& p : r.periods) {
    const AgreementVersion* v = version_on(r.versions, p.period_end);
    FERMATA_ASSERT(v != nullptr);
    PeriodFigures f{agreement_id,
                    v->party_id("licensor"),
                    v->accounting_party(),
                    period_containing(v->payment.period, p.period_end).name,
                    p.period_start,
                    p.period_end,
                    add_days(p.period_end, v->payment.days_after_period),
                    period_totals(r, p)};
    for (const auto& [currency, opening] : balance) f.totals[currency].opening = opening;
    for (auto& [currency, t] : f.totals) {
      t.closing = t.opening + movement(t);
      balance[currency] = t.closing;
    }
    out.push_back(std::move(f));
  }
  return out;
}

bool statement_adds_up(const RoyaltyStatement& s) {
  for (const auto& [currency, t] : s.totals) {
    if (t.opening + t.earnings + t.adjustments - t.upstream_fees - t.fees - t.fee_tax -
            t.reserves_held + t.reserves_released + t.reserves_applied + t.royalties - t.recouped +
            t.converted + t.exchange_differences - t.withheld - t.paid !=
        t.closing)
      return false;
  }
  return true;
}

namespace {

// Whether the statement has conversions or exchange differences: only then
// does it print their summary rows, so every other statement reads as before.
bool has_exchange(const RoyaltyStatement& s) {
  return std::any_of(s.totals.begin(), s.totals.end(), [](const auto& entry) {
    return !entry.second.converted.is_zero() || !entry.second.exchange_differences.is_zero();
  });
}

void add_header_rows(std::vector<StatementRow>& rows, const RoyaltyStatement& s) {
  add_row(rows, "statement", "agreement", "", std::nullopt, s.agreement_id);
  add_row(rows, "statement", "period", "", std::nullopt,
          s.period_name + " " + s.period_start + ".." + s.period_end);
  add_row(rows, "statement", "licensor", "", std::nullopt, s.licensor);
  if (s.payee.empty()) {
    add_row(rows, "statement", "accounting_party", "", std::nullopt, s.accounting_party);
  } else {
    add_row(rows, "statement", "payee", "", std::nullopt, s.payee);
  }
  add_row(rows, "statement", "number", "", std::nullopt,
          s.number > 0 ? statement_number_text(s.number) : "not issued (preview)");
  add_row(rows, "statement", "date", "", std::nullopt, s.statement_date);
  add_row(rows, "statement", "objection_deadline", "", std::nullopt,
          s.objection_deadline.empty() ? "none in the agreement" : s.objection_deadline);
}

// The summary rows of one currency; upstream fees, conversions and exchange
// differences only where the statement has them.
void add_summary_rows(std::vector<StatementRow>& rows, const std::string& c,
                      const StatementTotals& t, bool exchange) {
  add_row(rows, "summary", "opening", c, t.opening, "previous statement's closing");
  add_row(rows, "summary", "earnings", c, t.earnings,
          t.late_earnings.is_zero()
              ? ""
              : "of which reported in earlier periods " + money_text(t.late_earnings, c));
  add_row(rows, "summary", "prior_period_adjustments", c, t.adjustments,
          t.adjustments.is_zero() ? "" : "earnings of earlier periods reversed (import voided)");
  if (!t.upstream_fees.is_zero())
    add_row(rows, "summary", "upstream_fees", c, -t.upstream_fees,
            "kept by the aggregator that paid, before the distributor's fee");
  add_row(rows, "summary", "fees", c, -t.fees, "");
  add_row(rows, "summary", "tax_on_fees", c, -t.fee_tax, "self-billed");
  add_row(rows, "summary", "reserves_held", c, -t.reserves_held, "");
  add_row(rows, "summary", "reserves_released", c, t.reserves_released, "");
  if (!t.reserves_applied.is_zero())
    add_row(rows, "summary", "returns_charged_to_reserves", c, t.reserves_applied,
            "returns of invoiced units covered by reserves held earlier");
  if (exchange) {
    add_row(rows, "summary", "converted", c, t.converted,
            "into (+) or out of (-) this currency at the period end's rate");
    add_row(rows, "summary", "exchange_differences", c, t.exchange_differences,
            "rate at payment against the rate at conversion");
  }
  add_row(rows, "summary", "withheld", c, -t.withheld, "tax withheld from payments");
  add_row(rows, "summary", "paid", c, -t.paid, "");
  add_row(rows, "summary", "closing", c, t.closing,
          std::string("opening + earnings + adjustments - ") +
              (t.upstream_fees.is_zero() ? "" : "upstream fees - ") +
              "fees - tax - reserves held + released " +
              (exchange ? "+- converted +- exchange differences - withheld - paid"
                        : "- withheld - paid"));
}

// A split agreement's payee: its royalties, less what was recouped.
void add_split_summary_rows(std::vector<StatementRow>& rows, const std::string& c,
                            const StatementTotals& t) {
  add_row(rows, "summary", "opening", c, t.opening, "previous statement's closing");
  add_row(rows, "summary", "royalties", c, t.royalties, "your share of the label's income");
  add_row(rows, "summary", "recouped", c, -t.recouped, "advances and costs recovered");
  add_row(rows, "summary", "withheld", c, -t.withheld, "tax withheld from payments");
  add_row(rows, "summary", "paid", c, -t.paid, "");
  add_row(rows, "summary", "closing", c, t.closing,
          "opening + royalties - recouped - withheld - paid: what the label owes you");
}

// A register line's row: conversions say what was converted at which rate;
// a payee's royalties, recoupables and recoupment say what they are.
void add_line_row(std::vector<StatementRow>& rows, const RoyaltyLine& l) {
  const std::string item = "v" + std::to_string(l.version) + " §" + l.clause;
  const std::string txn = "; txn " + std::to_string(l.txn_seq);
  if (l.kind == "conversion") {
    add_row(rows, "conversion", item + " " + l.base_currency + "/" + l.currency, l.currency,
            l.amount,
            l.base_currency + " " + money_text(l.base, l.base_currency) + " at " +
                l.rate.to_string() + " (" + l.detail + ")" + txn);
  } else if (l.kind == "royalty") {
    add_row(rows, l.kind, item, l.currency, l.amount,
            percent_text(l.rate) + " " + l.detail + " " + money_text(l.base, l.currency) + txn);
  } else if (l.kind == "recoupable") {
    add_row(rows, l.kind, item, l.currency, l.amount,
            l.detail + "; paid to you, recoverable from your royalties only" + txn);
  } else if (l.kind == "recoupment") {
    add_row(rows, l.kind, item, l.currency, -l.amount,
            l.detail + " (outstanding before " + money_text(l.base, l.currency) + ")" + txn);
  } else if (l.kind == "reserve_applied") {
    add_row(rows, l.kind, item, l.currency, l.amount,
            "returns of invoiced units " + money_text(l.base, l.currency) +
                " charged to the reserve " + l.detail + txn);
  } else {
    const bool credit = l.kind == "reserve_release";
    add_row(rows, l.kind, item, l.currency, credit ? l.amount : -l.amount,
            percent_text(l.rate) + " of " + money_text(l.base, l.currency) +
                (l.detail.empty() ? "" : " (" + l.detail + ")") + txn);
  }
}

// One SKU at one location: the closing units, the flows in the detail.
void add_inventory_row(std::vector<StatementRow>& rows, const RoyaltyStatement& s,
                       const InventoryFlowRow& f) {
  std::string detail = "opening " + f.opening.to_string() + "; received " + f.received.to_string() +
                       "; shipped " + f.shipped.to_string() + "; sold " + f.sold.to_string() +
                       "; returned " + f.returned.to_string() + "; destroyed " +
                       f.destroyed.to_string() + "; other " + f.other.to_string() + "; closing " +
                       f.closing.to_string();
  auto ppd = s.inventory_ppd.find(f.sku);
  if (ppd != s.inventory_ppd.end()) {
    const Price& p = ppd->second;
    Result<Decimal> value = p.amount.checked_mul(f.closing);
    if (value) {
      detail += "; at PPD " + money_text(p.amount, p.currency) + " " + p.currency + ": " +
                money_text(*value, p.currency) + " " + p.currency;
    }
  }
  rows.push_back(StatementRow{"inventory", f.sku + "@" + f.location, "units", f.closing,
                              f.closing.to_string(), std::move(detail)});
}

}  // namespace

std::vector<StatementRow> statement_rows(const RoyaltyStatement& s) {
  std::vector<StatementRow> rows;
  add_header_rows(rows, s);
  const bool exchange = has_exchange(s);
  for (const auto& [c, t] : s.totals) {
    if (s.payee.empty()) {
      add_summary_rows(rows, c, t, exchange);
    } else {
      add_split_summary_rows(rows, c, t);
    }
  }
  for (const EarningsHistoryPoint& h : s.history)
    add_row(rows, "earnings_history", h.period_name, h.currency, h.earnings, "");
  for (const auto& [dimension, sums] : s.earnings_by) {
    for (const auto& [key, amount] : sums)
      add_row(rows, "earnings_by_" + dimension, key.first, key.second, amount, "");
  }
  for (const RoyaltyLine& l : s.lines) add_line_row(rows, l);
  for (const InventoryFlowRow& f : s.inventory) add_inventory_row(rows, s, f);
  std::map<std::tuple<std::int64_t, std::string, std::string, std::string>, Decimal> reversed;
  for (const RoyaltyStatement::Adjustment& a : s.adjustments) {
    const EarningRecord& e = a.reversal;
    reversed[{e.import_id, e.currency, e.sale_start + ".." + e.sale_end, a.original_period}] +=
        e.amount;
  }
  for (const auto& [key, amount] : reversed) {
    const auto& [import_id, currency, sale, original] = key;
    add_row(rows, "prior_period_adjustment", "import " + std::to_string(import_id) + " voided",
            currency, amount, "earnings of sales " + sale + " reversed; taken in " + original);
  }
  for (const PaymentRecord& p : s.payments) {
    add_row(rows, "payment", p.batch_id + "/" + std::to_string(p.line), p.currency, -p.net,
            "value date " + p.value_date + "; withheld " + money_text(p.withheld, p.currency) +
                " (" + percent_text(p.withholding_rate) + ")" +
                (p.bank_reference.empty() ? "" : "; bank reference " + p.bank_reference) +
                "; txn " + std::to_string(p.txn_seq));
  }
  for (const ExchangeDifferenceRecord& d : s.exchange_differences) {
    add_row(rows, "exchange_difference", d.batch_id + "/" + std::to_string(d.line), d.currency,
            d.amount,
            d.base_currency + " " + money_text(d.base, d.base_currency) + " converted at " +
                d.recognised_rate.to_string() + " = " + money_text(d.recognised, d.currency) +
                ", paid at " + d.paid_rate.to_string() + " (" + d.rate_source + ", value date " +
                d.value_date + ") = " + money_text(d.paid, d.currency) + "; txn " +
                std::to_string(d.txn_seq));
  }
  return rows;
}

std::string royalty_statement_csv(const RoyaltyStatement& s) {
  std::string out = "section,item,currency,amount,detail\n";
  for (const StatementRow& r : statement_rows(s)) {
    out += csv_field(r.section) + "," + csv_field(r.item) + "," + r.currency + "," + r.text + "," +
           csv_field(r.detail) + "\n";
  }
  return out;
}

std::string statement_number_text(std::int64_t number) {
  std::string digits = std::to_string(number);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "ST-" + digits;
}

namespace {

// Issues or reprints; `versions` null: read them only when the statement is
// built (a reprint needs none).
Result<IssueOutcome> issue(Database& database, const std::string& agreement_id,
                           const std::vector<AgreementVersion>* versions,
                           const std::string& period_name, const std::string& issued_at,
                           const std::string& actor) {
  RoyaltyRegister& reg = database.royalty_register();
  FERMATA_ASSIGN_OR_RETURN(std::optional<IssuedStatement> issued,
                           reg.find_statement(agreement_id, period_name));
  if (issued) {
    if (sha256_hex(issued->csv) != issued->csv_sha256) {
      return make_error(
          ErrorCode::kStorageError,
          statement_number_text(issued->number) + " no longer matches the hash it was issued with",
          {"", 0, "statement", statement_number_text(issued->number)});
    }
    return IssueOutcome{*issued, true};
  }
  std::vector<AgreementVersion> read;
  if (!versions) {
    FERMATA_ASSIGN_OR_RETURN(read, versions_of(database, agreement_id));
    versions = &read;
  }
  FERMATA_ASSIGN_OR_RETURN(RoyaltyStatement statement,
                           build_royalty_statement(database, agreement_id, *versions, period_name));
  FERMATA_ASSERT(statement_adds_up(statement));
  FERMATA_ASSIGN_OR_RETURN(statement.number, reg.next_statement_number());
  const std::string csv = royalty_statement_csv(statement);
  // Filed under its addressee: the licensor, or a split agreement's payee.
  const std::string& addressee = statement.payee.empty() ? statement.licensor : statement.payee;
  const IssuedStatement record{statement.number, agreement_id, period_name, addressee, csv,
                               sha256_hex(csv),  issued_at,    actor};
  FERMATA_RETURN_IF_ERROR(reg.put_statement(record));
  return IssueOutcome{record, false};
}

}  // namespace

Result<IssueOutcome> issue_royalty_statement(Database& database, const std::string& agreement_id,
                                             const std::string& period_name,
                                             const std::string& issued_at,
                                             const std::string& actor) {
  return issue(database, agreement_id, nullptr, period_name, issued_at, actor);
}

Result<IssueOutcome> issue_royalty_statement(Database& database, const std::string& agreement_id,
                                             const std::vector<AgreementVersion>& versions,
                                             const std::string& period_name,
                                             const std::string& issued_at,
                                             const std::string& actor) {
  return issue(database, agreement_id, &versions, period_name, issued_at, actor);
}

Result<std::vector<StatementRow>> parse_statement_csv(std::string_view csv) {
  std::vector<StatementRow> rows;
  std::int64_t line_number = 0;
  std::size_t at = 0;
  while (at < csv.size()) {
    ++line_number;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (; at < csv.size(); ++at) {
      const char c = csv[at];
      if (quoted && c == '"' && at + 1 < csv.size() && csv[at + 1] == '"') {
        fields.back() += '"';
        ++at;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        fields.emplace_back();
      } else if (!quoted && c == '\n') {
        ++at;
        break;
      } else {
        fields.back() += c;
      }
    }
    if (fields.size() != 5) {
      return make_error(ErrorCode::kParseError, "a statement row has 5 fields",
                        {"statement.csv", line_number, "", std::to_string(fields.size())});
    }
    if (line_number == 1) continue;  // The header.
    std::optional<Decimal> amount;
    if (!fields[3].empty()) {
      Result<Decimal> parsed = Decimal::parse(fields[3]);
      if (!parsed) {
        return make_error(ErrorCode::kParseError,
                          "a statement amount is a decimal: " + parsed.error().message,
                          {"statement.csv", line_number, "amount", fields[3]});
      }
      amount = *parsed;
    }
    rows.push_back(StatementRow{fields[0], fields[1], fields[2], amount, fields[3], fields[4]});
  }
  return rows;
}

}  // namespace fermata
