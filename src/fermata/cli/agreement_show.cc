// fermata agreement show: the version of an agreement in force on a day,
// every term with its clause.
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/base/date.h"
#include "fermata/cli/cli.h"

namespace fermata::cli {
namespace {

nlohmann::json territories_json(const Territories& t) {
  return {{"include", t.include}, {"exclude", t.exclude}};
}

nlohmann::json scope_json(const Scope& s) {
  return {{"all", s.all}, {"labels", s.labels}, {"releases", s.releases}, {"products", s.products}};
}

nlohmann::json money_terms_json(const AgreementVersion& a) {
  nlohmann::json fees = nlohmann::json::array();
  for (const FeeRule& f : a.fees) {
    fees.push_back({{"clause", f.clause},
                    {"rate", percent_text(f.rate)},
                    {"base", fee_base_name(f.base)},
                    {"channels", f.channels},
                    {"territories", territories_json(f.territories)},
                    {"formats", f.formats},
                    {"from", f.from},
                    {"to", f.to}});
  }
  nlohmann::json splits = nlohmann::json::array();
  for (const Split& s : a.splits) {
    splits.push_back({{"clause", s.clause},
                      {"payee", s.payee},
                      {"kind", split_kind_name(s.kind)},
                      {"share", percent_text(s.share)},
                      {"base", fee_base_name(s.base)},
                      {"scope", scope_json(s.scope)},
                      {"pool", s.pool}});
  }
  nlohmann::json recoupables = nlohmann::json::array();
  for (const Recoupable& r : a.recoupables) {
    recoupables.push_back({{"clause", r.clause},
                           {"id", r.id},
                           {"payee", r.payee},
                           {"kind", recoupable_kind_name(r.kind)},
                           {"amount", r.amount.to_string()},
                           {"currency", r.currency},
                           {"date", r.date},
                           {"pool", r.pool}});
  }
  return {{"fees", fees}, {"splits", splits}, {"recoupables", recoupables}};
}

nlohmann::json agreement_json(const AgreementVersion& a) {
  nlohmann::json parties = nlohmann::json::object();
  for (const AgreementParty& p : a.parties) parties[p.role] = p.party_id;
  nlohmann::json out = {{"id", a.id},
                        {"version", a.version},
                        {"effective_from", a.effective_from},
                        {"title", a.title},
                        {"parties", parties},
                        {"term",
                         {{"start", a.term.start},
                          {"end", a.term.end.value_or("")},
                          {"renewal_months", a.term.renewal_months},
                          {"notice_days", a.term.notice_days}}},
                        {"territories", territories_json(a.territories)},
                        {"scope", scope_json(a.scope)},
                        {"exchange_borne_by", a.exchange_borne_by}};
  out.update(money_terms_json(a));
  if (a.fee_tax) {
    out["fee_tax"] = {{"clause", a.fee_tax->clause},
                      {"name", a.fee_tax->name},
                      {"rate", percent_text(a.fee_tax->rate)}};
  }
  if (a.reserve) {
    nlohmann::json schedule = nlohmann::json::array();
    for (Decimal share : a.reserve->release_schedule) schedule.push_back(percent_text(share));
    out["reserve"] = {{"clause", a.reserve->clause},
                      {"rate", percent_text(a.reserve->rate)},
                      {"basis", reserve_basis_name(a.reserve->basis)},
                      {"channels", a.reserve->channels},
                      {"release", schedule}};
    if (a.reserve->on == ReserveOn::kInvoices) out["reserve"]["on"] = "invoices";
    if (a.reserve->release_periods != 0)
      out["reserve"]["release_periods"] = a.reserve->release_periods;
  }
  if (a.stock) {
    out["stock"] = {{"clause", a.stock->clause},
                    {"title", a.stock->title == StockTitle::kPurchase ? "purchase" : "consignment"},
                    {"negative_stock", a.stock->negative_stock}};
  }
  const PaymentTerms& p = a.payment;
  out["payment"] = {{"clause", p.clause},
                    {"period", statement_period_name(p.period)},
                    {"days_after_period", p.days_after_period},
                    {"currency", p.currency},
                    {"threshold", p.threshold.to_string()},
                    {"objection_days", p.objection_days}};
  return out;
}

void print_terms(const AgreementVersion& a) {
  std::cout << a.id << " version " << a.version << " (in force from " << a.effective_from << ")"
            << (a.title.empty() ? "" : "  " + a.title) << "\n  parties:";
  for (const AgreementParty& p : a.parties) std::cout << " " << p.role << "=" << p.party_id;
  std::cout << "\n  term: " << a.term.start << " to " << a.term.end.value_or("(until notice)")
            << ", renews by " << a.term.renewal_months << " months, notice " << a.term.notice_days
            << " days\n";
  for (const FeeRule& f : a.fees) {
    std::cout << "  fee §" << f.clause << ": " << percent_text(f.rate) << " of "
              << fee_base_name(f.base)
              << (f.channels.empty() ? "" : " on " + nlohmann::json(f.channels).dump()) << "\n";
  }
  if (a.fee_tax) {
    std::cout << "  " << a.fee_tax->name << " on the fee §" << a.fee_tax->clause << ": "
              << percent_text(a.fee_tax->rate) << " (self-billing)\n";
  }
  if (a.reserve) {
    std::cout << "  reserve §" << a.reserve->clause << ": " << percent_text(a.reserve->rate) << " "
              << reserve_basis_name(a.reserve->basis)
              << (a.reserve->on == ReserveOn::kInvoices ? " on invoiced shipments" : "")
              << ", released over " << a.reserve->release_schedule.size() << " periods\n";
  }
  if (a.stock) {
    std::cout << "  stock §" << a.stock->clause << ": "
              << (a.stock->title == StockTitle::kPurchase
                      ? "the distributor buys the stock"
                      : "consigned; title stays with the licensor until sold")
              << (a.stock->negative_stock ? ", may go negative" : "") << "\n";
  }
  for (const Split& s : a.splits) {
    std::cout << "  split §" << s.clause << ": " << s.payee << " " << percent_text(s.share) << " ("
              << split_kind_name(s.kind) << " of " << fee_base_name(s.base) << ")\n";
  }
  for (const Recoupable& r : a.recoupables) {
    std::cout << "  " << recoupable_kind_name(r.kind) << " §" << r.clause << " " << r.id << ": "
              << r.amount.to_string() << " " << r.currency << " to " << r.payee << ", pool "
              << r.pool << "\n";
  }
  const PaymentTerms& p = a.payment;
  std::cout << "  payment §" << p.clause << ": " << statement_period_name(p.period) << ", "
            << p.days_after_period << " days after the period, in " << p.currency << ", threshold "
            << p.threshold.to_string() << "\n";
}

}  // namespace

int run_agreement_show(Context& ctx, const std::string& id, const std::string& on) {
  if (!on.empty() && !is_iso_date(on)) {
    return fail(make_error(ErrorCode::kDateInvalid, "--on must be YYYY-MM-DD", {"", 0, "on", on}));
  }
  const std::string day = on.empty() ? utc_now_micros().substr(0, 10) : on;
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<StoredAgreement>> stored = books->database->agreements();
  if (!stored) return fail(stored.error());
  std::vector<AgreementVersion> versions;
  for (const StoredAgreement& s : *stored) {
    if (s.id != id) continue;
    Result<AgreementVersion> a = parse_agreement(s.text, s.file);
    if (!a) return fail(a.error());
    versions.push_back(std::move(*a));
  }
  const AgreementVersion* in_force = version_on(versions, day);
  if (in_force == nullptr) {
    return fail(make_error(ErrorCode::kUsage,
                           versions.empty() ? "no agreement '" + id + "'"
                                            : "agreement '" + id + "' is not in force on " + day,
                           {"", 0, "id", id}));
  }
  if (ctx.json) {
    std::cout << agreement_json(*in_force).dump(2) << "\n";
  } else {
    print_terms(*in_force);
  }
  return 0;
}

}  // namespace fermata::cli
