// parse_agreement: the TOML tables of docs/FORMATS.md §9 to an
// AgreementVersion, section by section, each through a TomlReader that
// refuses keys it does not know.
#include "fermata/agreement/agreement_toml.h"

#include <cstdlib>

#include "fermata/agreement/toml_reader.h"
#include "fermata/catalog/catalog.h"

namespace fermata {
namespace {

using agreement_internal::line_of;
using agreement_internal::parse_toml;
using agreement_internal::TomlReader;

Result<Territories> read_territories(TomlReader& parent, std::string_view key) {
  Territories out;
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, parent.table(key));
  if (!r) return out;
  FERMATA_ASSIGN_OR_RETURN(out.include, r->texts("include"));
  FERMATA_ASSIGN_OR_RETURN(out.exclude, r->texts("exclude"));
  FERMATA_RETURN_IF_ERROR(r->finish());
  return out;
}

Result<Scope> read_scope(TomlReader& parent, std::string_view key) {
  Scope out;
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, parent.table(key));
  if (!r) return out;
  FERMATA_ASSIGN_OR_RETURN(out.all, r->boolean("all", false));
  FERMATA_ASSIGN_OR_RETURN(out.labels, r->texts("labels"));
  FERMATA_ASSIGN_OR_RETURN(out.releases, r->texts("releases"));
  FERMATA_ASSIGN_OR_RETURN(out.products, r->texts("products"));
  FERMATA_RETURN_IF_ERROR(r->finish());
  if (out.all && !(out.labels.empty() && out.releases.empty() && out.products.empty())) {
    return parent.error(ErrorCode::kFieldInvalid, key, "all = true lists nothing else");
  }
  return out;
}

Result<FeeBase> read_base(TomlReader& r, FeeBase fallback) {
  FERMATA_ASSIGN_OR_RETURN(int base,
                           r.choice("base", {"gross", "ppd", "net"}, static_cast<int>(fallback)));
  return static_cast<FeeBase>(base);
}

Status read_parties(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("parties"));
  if (!r) return top.error(ErrorCode::kFieldMissing, "parties", "is required");
  for (std::string_view role :
       {"licensor", "distributor", "aggregator", "artist", "producer", "payee"}) {
    FERMATA_ASSIGN_OR_RETURN(std::string id, r->text(role, false));
    if (!id.empty()) out.parties.push_back(AgreementParty{std::string(role), id});
  }
  return r->finish();
}

Status read_term(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("term"));
  if (!r) return top.error(ErrorCode::kFieldMissing, "term", "is required");
  FERMATA_ASSIGN_OR_RETURN(out.term.start, r->date("start", true));
  FERMATA_ASSIGN_OR_RETURN(std::string end, r->date("end", false));
  if (!end.empty()) out.term.end = end;
  FERMATA_ASSIGN_OR_RETURN(std::int64_t renewal, r->integer("renewal_months", false, 0));
  FERMATA_ASSIGN_OR_RETURN(std::int64_t notice, r->integer("notice_days", false, 0));
  out.term.renewal_months = static_cast<int>(renewal);
  out.term.notice_days = static_cast<int>(notice);
  return r->finish();
}

// A fee rule's formats are catalog product formats: a misspelt one ("Cd")
// would match no sale, silently, so it is refused.
Status check_formats(TomlReader& r, const std::vector<std::string>& formats) {
  for (const std::string& format : formats) {
    if (!parse_product_format(format)) {
      return r.error(ErrorCode::kFieldInvalid, "formats",
                     "is not a product format (CD, LP, cassette, digital_release, "
                     "digital_track)",
                     format);
    }
  }
  return ok_status();
}

Status read_fees(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<TomlReader> entries, top.tables("fee"));
  for (TomlReader& r : entries) {
    FeeRule fee;
    FERMATA_ASSIGN_OR_RETURN(fee.clause, r.text("clause", true));
    FERMATA_ASSIGN_OR_RETURN(fee.rate, r.decimal("rate", true, true));
    FERMATA_ASSIGN_OR_RETURN(fee.base, read_base(r, FeeBase::kGross));
    FERMATA_ASSIGN_OR_RETURN(fee.channels, r.texts("channels"));
    FERMATA_ASSIGN_OR_RETURN(fee.territories, read_territories(r, "territories"));
    FERMATA_ASSIGN_OR_RETURN(fee.formats, r.texts("formats"));
    FERMATA_RETURN_IF_ERROR(check_formats(r, fee.formats));
    FERMATA_ASSIGN_OR_RETURN(fee.from, r.date("from", false));
    FERMATA_ASSIGN_OR_RETURN(fee.to, r.date("to", false));
    FERMATA_RETURN_IF_ERROR(r.finish());
    out.fees.push_back(std::move(fee));
  }
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> tax, top.table("fee_tax"));
  if (tax) {
    FeeTax fee_tax;
    FERMATA_ASSIGN_OR_RETURN(fee_tax.clause, tax->text("clause", true));
    FERMATA_ASSIGN_OR_RETURN(fee_tax.name, tax->text("name", true));
    FERMATA_ASSIGN_OR_RETURN(fee_tax.rate, tax->decimal("rate", true, true));
    FERMATA_RETURN_IF_ERROR(tax->finish());
    out.fee_tax = std::move(fee_tax);
  }
  return ok_status();
}

Status read_reserve(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("reserve"));
  if (!r) return ok_status();
  ReserveRule reserve;
  FERMATA_ASSIGN_OR_RETURN(reserve.clause, r->text("clause", true));
  FERMATA_ASSIGN_OR_RETURN(reserve.rate, r->decimal("rate", true, true));
  FERMATA_ASSIGN_OR_RETURN(int basis, r->choice("basis", {"before_fee", "after_fee"}, 1));
  reserve.basis = static_cast<ReserveBasis>(basis);
  FERMATA_ASSIGN_OR_RETURN(int on, r->choice("on", {"sales", "invoices"}, 0));
  reserve.on = static_cast<ReserveOn>(on);
  FERMATA_ASSIGN_OR_RETURN(reserve.channels, r->texts("channels"));
  if (reserve.channels.empty()) reserve.channels = {"physical"};
  FERMATA_ASSIGN_OR_RETURN(reserve.release_schedule, r->percents("release"));
  FERMATA_ASSIGN_OR_RETURN(std::int64_t periods, r->integer("release_periods", false, 0));
  if (periods != 0) {
    if (!reserve.release_schedule.empty() || periods < 1 || periods > 24) {
      return r->error(ErrorCode::kFieldInvalid, "release_periods",
                      "must be 1 to 24, and not given with release");
    }
    reserve.release_periods = static_cast<int>(periods);
    FERMATA_ASSIGN_OR_RETURN(Decimal share,
                             Decimal::from_units(1).checked_div(Decimal::from_units(periods)));
    reserve.release_schedule.assign(static_cast<std::size_t>(periods), share);
  }
  FERMATA_RETURN_IF_ERROR(r->finish());
  out.reserve = std::move(reserve);
  return ok_status();
}

Status read_stock(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("stock"));
  if (!r) return ok_status();
  StockTerms stock;
  FERMATA_ASSIGN_OR_RETURN(stock.clause, r->text("clause", true));
  FERMATA_ASSIGN_OR_RETURN(int title, r->choice("title", {"consignment", "purchase"}, 0));
  stock.title = static_cast<StockTitle>(title);
  FERMATA_ASSIGN_OR_RETURN(stock.negative_stock, r->boolean("negative_stock", false));
  FERMATA_RETURN_IF_ERROR(r->finish());
  out.stock = std::move(stock);
  return ok_status();
}

Status read_payment(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("payment"));
  if (!r) return top.error(ErrorCode::kFieldMissing, "payment", "is required");
  PaymentTerms& p = out.payment;
  FERMATA_ASSIGN_OR_RETURN(p.clause, r->text("clause", true));
  FERMATA_ASSIGN_OR_RETURN(
      int period, r->choice("period", {"monthly", "quarterly", "semiannual", "annual"}, 1));
  p.period = static_cast<StatementPeriod>(period);
  FERMATA_ASSIGN_OR_RETURN(std::int64_t days, r->integer("days_after_period", true, 0));
  FERMATA_ASSIGN_OR_RETURN(std::int64_t objection, r->integer("objection_days", false, 0));
  p.days_after_period = static_cast<int>(days);
  p.objection_days = static_cast<int>(objection);
  FERMATA_ASSIGN_OR_RETURN(p.currency, r->text("currency", true));
  FERMATA_ASSIGN_OR_RETURN(p.threshold, r->decimal("threshold", false, false));
  return r->finish();
}

Status read_splits(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<TomlReader> entries, top.tables("split"));
  for (TomlReader& r : entries) {
    Split split;
    FERMATA_ASSIGN_OR_RETURN(split.clause, r.text("clause", true));
    FERMATA_ASSIGN_OR_RETURN(split.payee, r.text("payee", true));
    FERMATA_ASSIGN_OR_RETURN(int kind, r.choice("kind", {"royalty_rate", "profit_share"}, 0));
    split.kind = static_cast<SplitKind>(kind);
    FERMATA_ASSIGN_OR_RETURN(split.share, r.decimal("share", true, true));
    FERMATA_ASSIGN_OR_RETURN(split.base, read_base(r, FeeBase::kNet));
    FERMATA_ASSIGN_OR_RETURN(split.scope, read_scope(r, "scope"));
    FERMATA_ASSIGN_OR_RETURN(split.pool, r.text("pool", false));
    FERMATA_RETURN_IF_ERROR(r.finish());
    out.splits.push_back(std::move(split));
  }
  return ok_status();
}

Status read_recoupables(TomlReader& top, AgreementVersion& out) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<TomlReader> entries, top.tables("recoupable"));
  for (TomlReader& r : entries) {
    Recoupable item;
    FERMATA_ASSIGN_OR_RETURN(item.clause, r.text("clause", true));
    FERMATA_ASSIGN_OR_RETURN(item.id, r.text("id", true));
    FERMATA_ASSIGN_OR_RETURN(item.payee, r.text("payee", true));
    FERMATA_ASSIGN_OR_RETURN(int kind, r.choice("kind", {"advance", "cost"}, 0));
    item.kind = static_cast<RecoupableKind>(kind);
    FERMATA_ASSIGN_OR_RETURN(item.amount, r.decimal("amount", true, false));
    FERMATA_ASSIGN_OR_RETURN(item.currency, r.text("currency", true));
    FERMATA_ASSIGN_OR_RETURN(item.date, r.date("date", true));
    FERMATA_ASSIGN_OR_RETURN(item.pool, r.text("pool", true));
    FERMATA_RETURN_IF_ERROR(r.finish());
    out.recoupables.push_back(std::move(item));
  }
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> exchange, top.table("exchange"));
  if (exchange) {
    out.exchange_terms = true;
    FERMATA_ASSIGN_OR_RETURN(out.exchange_borne_by, exchange->text("borne_by", true));
    FERMATA_RETURN_IF_ERROR(exchange->finish());
  }
  return ok_status();
}

Status read_header(TomlReader& top, AgreementVersion& out) {
  FERMATA_RETURN_IF_ERROR(top.format_version("fermata_agreement", kAgreementFormat));
  FERMATA_ASSIGN_OR_RETURN(out.id, top.text("id", true));
  FERMATA_ASSIGN_OR_RETURN(std::int64_t version, top.integer("version", true, 0));
  out.version = static_cast<int>(version);
  FERMATA_ASSIGN_OR_RETURN(out.effective_from, top.date("effective_from", true));
  FERMATA_ASSIGN_OR_RETURN(out.title, top.text("title", false));
  FERMATA_ASSIGN_OR_RETURN(out.territories, read_territories(top, "territories"));
  FERMATA_ASSIGN_OR_RETURN(out.scope, read_scope(top, "scope"));
  return ok_status();
}

}  // namespace

Result<AgreementVersion> parse_agreement(std::string_view text, std::string_view file_name) {
  const std::string file(file_name);
  FERMATA_ASSIGN_OR_RETURN(toml::table table, parse_toml(text, file));
  TomlReader top(table, "", file);
  AgreementVersion out;
  FERMATA_RETURN_IF_ERROR(read_header(top, out));
  FERMATA_RETURN_IF_ERROR(read_parties(top, out));
  FERMATA_RETURN_IF_ERROR(read_term(top, out));
  FERMATA_RETURN_IF_ERROR(read_fees(top, out));
  FERMATA_RETURN_IF_ERROR(read_reserve(top, out));
  FERMATA_RETURN_IF_ERROR(read_stock(top, out));
  FERMATA_RETURN_IF_ERROR(read_payment(top, out));
  FERMATA_RETURN_IF_ERROR(read_splits(top, out));
  FERMATA_RETURN_IF_ERROR(read_recoupables(top, out));
  FERMATA_RETURN_IF_ERROR(top.finish());
  FERMATA_RETURN_IF_ERROR(top.located(validate_agreement(out)));
  return out;
}

}  // namespace fermata

namespace fermata {

std::int64_t agreement_key_line(std::string_view text, std::string_view path) {
  try {
    const toml::table table = toml::parse(text);
    return line_of(table, path);
  } catch (const toml::parse_error&) {
    return 0;
  }
}

}  // namespace fermata
