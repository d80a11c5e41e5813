// validate_agreement and the small helpers of agreement.h: one guard per rule,
// in the order of the text format.
#include "fermata/agreement/agreement.h"

#include <algorithm>
#include <set>

#include "fermata/catalog/catalog.h"
#include "fermata/catalog/identifiers.h"

namespace fermata {
namespace {

const Decimal kHundredPercent = Decimal::from_units(1);

Error invalid(std::string field, std::string message, std::string_view value = {}) {
  return make_error(ErrorCode::kFieldInvalid, std::move(message), field_ref(field, value));
}

Status check_date(const std::string& field, std::string_view date, bool required) {
  if (date.empty()) {
    if (!required) return ok_status();
    return make_error(ErrorCode::kFieldMissing, "is required", field_ref(field));
  }
  if (Result<std::string> checked = validate_iso_date(date); !checked) {
    return make_error(ErrorCode::kDateInvalid, checked.error().message, field_ref(field, date));
  }
  return ok_status();
}

// 0 <= rate <= 100 %.
Status check_rate(const std::string& field, Decimal rate) {
  if (rate.is_negative() || kHundredPercent < rate) {
    return invalid(field, "must be between 0% and 100%", rate.to_string());
  }
  return ok_status();
}

Status check_territory_list(const std::string& field, const std::vector<std::string>& codes) {
  for (const std::string& code : codes) {
    if (code == "Worldwide" || code == "XK") continue;
    Result<std::string> country = validate_country(code);
    if (!country || *country != code) {
      return make_error(ErrorCode::kIdentifierInvalid,
                        "is not Worldwide or an upper-case ISO 3166-1 alpha-2 code",
                        field_ref(field, code));
    }
  }
  return ok_status();
}

Status check_territories(const std::string& field, const Territories& t) {
  FERMATA_RETURN_IF_ERROR(check_territory_list(field + ".include", t.include));
  return check_territory_list(field + ".exclude", t.exclude);
}

Status check_channels(const std::string& field, const std::vector<std::string>& channels) {
  static const std::set<std::string, std::less<>> kChannels = {"physical", "download", "stream",
                                                               "ugc"};
  for (const std::string& channel : channels) {
    if (!kChannels.contains(channel)) {
      return invalid(field, "must be physical, download, stream or ugc", channel);
    }
  }
  return ok_status();
}

Status check_ids(const std::string& field, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) FERMATA_RETURN_IF_ERROR(validate_record_id(field, id));
  return ok_status();
}

Status check_scope(const std::string& field, const Scope& scope) {
  FERMATA_RETURN_IF_ERROR(check_ids(field + ".labels", scope.labels));
  FERMATA_RETURN_IF_ERROR(check_ids(field + ".releases", scope.releases));
  return check_ids(field + ".products", scope.products);
}

Status check_currency(const std::string& field, const std::string& code) {
  if (code.empty()) return make_error(ErrorCode::kFieldMissing, "is required", field_ref(field));
  if (!lookup_currency(code)) {
    return make_error(ErrorCode::kFieldInvalid, "is not an ISO 4217 currency code",
                      field_ref(field, code));
  }
  return ok_status();
}

std::string at(std::string_view list, std::size_t index) {
  return std::string(list) + "[" + std::to_string(index + 1) + "]";
}

Status check_clause(const std::string& field, const std::string& clause) {
  if (clause.empty()) {
    return make_error(ErrorCode::kFieldMissing,
                      "is required: every term that moves money names its clause",
                      field_ref(field + ".clause"));
  }
  return ok_status();
}

Status check_header(const AgreementVersion& a) {
  FERMATA_RETURN_IF_ERROR(validate_record_id("id", a.id));
  if (a.version < 1) return invalid("version", "must be 1 or more", std::to_string(a.version));
  FERMATA_RETURN_IF_ERROR(check_date("effective_from", a.effective_from, true));
  FERMATA_RETURN_IF_ERROR(check_date("term.start", a.term.start, true));
  if (a.term.end) {
    FERMATA_RETURN_IF_ERROR(check_date("term.end", *a.term.end, true));
    if (*a.term.end < a.term.start) return invalid("term.end", "is before term.start", *a.term.end);
  }
  if (a.term.renewal_months < 0 || a.term.notice_days < 0) {
    return invalid("term", "renewal and notice cannot be negative");
  }
  if (a.effective_from < a.term.start || (a.term.end && *a.term.end < a.effective_from)) {
    return invalid("effective_from", "is outside the term", a.effective_from);
  }
  return ok_status();
}

Status check_parties(const AgreementVersion& a) {
  if (a.parties.empty()) {
    return make_error(ErrorCode::kFieldMissing, "name the parties", field_ref("parties"));
  }
  std::set<std::string> roles;
  for (const AgreementParty& p : a.parties) {
    FERMATA_RETURN_IF_ERROR(validate_record_id("parties." + p.role, p.party_id));
    if (!roles.insert(p.role).second) return invalid("parties", "names a role twice", p.role);
  }
  if (a.party("licensor") == nullptr) {
    return make_error(ErrorCode::kFieldMissing, "an agreement has a licensor",
                      field_ref("parties.licensor"));
  }
  return ok_status();
}

Status check_fees(const AgreementVersion& a) {
  for (std::size_t i = 0; i < a.fees.size(); ++i) {
    const FeeRule& fee = a.fees[i];
    const std::string field = at("fee", i);
    FERMATA_RETURN_IF_ERROR(check_clause(field, fee.clause));
    FERMATA_RETURN_IF_ERROR(check_rate(field + ".rate", fee.rate));
    FERMATA_RETURN_IF_ERROR(check_channels(field + ".channels", fee.channels));
    FERMATA_RETURN_IF_ERROR(check_territories(field + ".territories", fee.territories));
    FERMATA_RETURN_IF_ERROR(check_date(field + ".from", fee.from, false));
    FERMATA_RETURN_IF_ERROR(check_date(field + ".to", fee.to, false));
    if (!fee.from.empty() && !fee.to.empty() && fee.to < fee.from) {
      return invalid(field + ".to", "is before from", fee.to);
    }
  }
  if (a.fee_tax) {
    FERMATA_RETURN_IF_ERROR(check_clause("fee_tax", a.fee_tax->clause));
    FERMATA_RETURN_IF_ERROR(check_rate("fee_tax.rate", a.fee_tax->rate));
    if (a.fee_tax->name.empty()) {
      return make_error(ErrorCode::kFieldMissing, "is required (VAT, GST...)",
                        field_ref("fee_tax.name"));
    }
  }
  return ok_status();
}

Status check_reserve(const ReserveRule& r) {
  FERMATA_RETURN_IF_ERROR(check_clause("reserve", r.clause));
  FERMATA_RETURN_IF_ERROR(check_rate("reserve.rate", r.rate));
  FERMATA_RETURN_IF_ERROR(check_channels("reserve.channels", r.channels));
  if (r.release_schedule.empty()) {
    return make_error(ErrorCode::kFieldMissing, "name the shares released in later periods",
                      field_ref("reserve.release"));
  }
  Decimal total;
  for (std::size_t i = 0; i < r.release_schedule.size(); ++i) {
    FERMATA_RETURN_IF_ERROR(check_rate(at("reserve.release", i), r.release_schedule[i]));
    total = total + r.release_schedule[i];
  }
  if (total != kHundredPercent && r.release_periods == 0) {
    return invalid("reserve.release",
                   "must sum to exactly 100%; it sums to " + percent_text(total));
  }
  return ok_status();
}

Status check_payment(const PaymentTerms& p) {
  FERMATA_RETURN_IF_ERROR(check_clause("payment", p.clause));
  FERMATA_RETURN_IF_ERROR(check_currency("payment.currency", p.currency));
  if (p.days_after_period < 0 || p.objection_days < 0) {
    return invalid("payment", "days cannot be negative");
  }
  if (p.threshold.is_negative()) {
    return invalid("payment.threshold", "cannot be negative", p.threshold.to_string());
  }
  return ok_status();
}

Status check_payee(const AgreementVersion& a, const std::string& field, const std::string& payee) {
  FERMATA_RETURN_IF_ERROR(validate_record_id(field, payee));
  const bool named = std::any_of(a.parties.begin(), a.parties.end(),
                                 [&](const AgreementParty& p) { return p.party_id == payee; });
  if (!named) return invalid(field, "is not one of the agreement's parties", payee);
  return ok_status();
}

Status check_splits(const AgreementVersion& a) {
  for (std::size_t i = 0; i < a.splits.size(); ++i) {
    const Split& split = a.splits[i];
    const std::string field = at("split", i);
    FERMATA_RETURN_IF_ERROR(check_clause(field, split.clause));
    FERMATA_RETURN_IF_ERROR(check_payee(a, field + ".payee", split.payee));
    FERMATA_RETURN_IF_ERROR(check_rate(field + ".share", split.share));
    FERMATA_RETURN_IF_ERROR(check_scope(field + ".scope", split.scope));
    // A split agreement's statement is the payee's: one payee per agreement
    // (an artist and a producer each have their own).
    if (a.accounting_party().empty() && split.payee != a.splits.front().payee) {
      return invalid(field + ".payee",
                     "differs from split[1]'s: a split agreement pays one payee (give each "
                     "payee its own agreement)",
                     split.payee);
    }
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.recoupables.size(); ++i) {
    const Recoupable& r = a.recoupables[i];
    const std::string field = at("recoupable", i);
    FERMATA_RETURN_IF_ERROR(check_clause(field, r.clause));
    FERMATA_RETURN_IF_ERROR(validate_record_id(field + ".id", r.id));
    if (!ids.insert(r.id).second) return invalid(field + ".id", "is used twice", r.id);
    FERMATA_RETURN_IF_ERROR(check_payee(a, field + ".payee", r.payee));
    if (r.amount.sign() <= 0) {
      return invalid(field + ".amount", "must be positive", r.amount.to_string());
    }
    FERMATA_RETURN_IF_ERROR(check_currency(field + ".currency", r.currency));
    FERMATA_RETURN_IF_ERROR(check_date(field + ".date", r.date, true));
    FERMATA_RETURN_IF_ERROR(validate_record_id(field + ".pool", r.pool));
  }
  return ok_status();
}

}  // namespace

std::string_view fee_base_name(FeeBase base) {
  switch (base) {
    case FeeBase::kGross:
      return "gross";
    case FeeBase::kPpd:
      return "ppd";
    case FeeBase::kNet:
      return "net";
  }
  return "gross";
}

std::string_view statement_period_name(StatementPeriod period) {
  switch (period) {
    case StatementPeriod::kMonthly:
      return "monthly";
    case StatementPeriod::kQuarterly:
      return "quarterly";
    case StatementPeriod::kSemiAnnual:
      return "semiannual";
    case StatementPeriod::kAnnual:
      return "annual";
  }
  return "quarterly";
}

std::string_view reserve_basis_name(ReserveBasis basis) {
  return basis == ReserveBasis::kBeforeFee ? "before_fee" : "after_fee";
}

std::string_view split_kind_name(SplitKind kind) {
  return kind == SplitKind::kRoyaltyRate ? "royalty_rate" : "profit_share";
}

std::string_view recoupable_kind_name(RecoupableKind kind) {
  return kind == RecoupableKind::kAdvance ? "advance" : "cost";
}

int months_of(StatementPeriod period) {
  switch (period) {
    case StatementPeriod::kMonthly:
      return 1;
    case StatementPeriod::kQuarterly:
      return 3;
    case StatementPeriod::kSemiAnnual:
      return 6;
    case StatementPeriod::kAnnual:
      return 12;
  }
  return 3;
}

bool Territories::covers(std::string_view territory) const {
  const auto named = [&](const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& code) { return code == territory; });
  };
  const bool worldwide = std::find(include.begin(), include.end(), "Worldwide") != include.end();
  return (include.empty() || worldwide || named(include)) && !named(exclude);
}

const AgreementParty* AgreementVersion::party(std::string_view role) const {
  for (const AgreementParty& p : parties) {
    if (p.role == role) return &p;
  }
  return nullptr;
}

const std::string& AgreementVersion::party_id(std::string_view role) const {
  static const std::string kNone;
  const AgreementParty* p = party(role);
  return p ? p->party_id : kNone;
}

const std::string& AgreementVersion::accounting_party() const {
  const std::string& distributor = party_id("distributor");
  return distributor.empty() ? party_id("aggregator") : distributor;
}

Status validate_agreement(const AgreementVersion& a) {
  FERMATA_RETURN_IF_ERROR(check_header(a));
  FERMATA_RETURN_IF_ERROR(check_parties(a));
  FERMATA_RETURN_IF_ERROR(check_territories("territories", a.territories));
  FERMATA_RETURN_IF_ERROR(check_scope("scope", a.scope));
  FERMATA_RETURN_IF_ERROR(check_fees(a));
  if (a.reserve) FERMATA_RETURN_IF_ERROR(check_reserve(*a.reserve));
  FERMATA_RETURN_IF_ERROR(check_payment(a.payment));
  FERMATA_RETURN_IF_ERROR(check_splits(a));
  if (a.party(a.exchange_borne_by) == nullptr) {
    return invalid("exchange.borne_by", "is not a role of the agreement", a.exchange_borne_by);
  }
  return ok_status();
}

Status check_amendment(const AgreementVersion& next, const std::vector<AgreementVersion>& stored) {
  const AgreementVersion* latest = nullptr;
  for (const AgreementVersion& v : stored) {
    if (v.version == next.version) return ok_status();
    if (latest == nullptr || latest->version < v.version) latest = &v;
  }
  const int expected = latest == nullptr ? 1 : latest->version + 1;
  if (next.version != expected) {
    return invalid("version",
                   "must be " + std::to_string(expected) + ": versions of " + next.id +
                       " are numbered 1, 2, 3... without gaps",
                   std::to_string(next.version));
  }
  if (latest != nullptr && next.effective_from <= latest->effective_from) {
    return invalid("effective_from",
                   "must be after version " + std::to_string(latest->version) + "'s (" +
                       latest->effective_from + ")",
                   next.effective_from);
  }
  return ok_status();
}

const AgreementVersion* version_on(const std::vector<AgreementVersion>& versions,
                                   std::string_view date) {
  const AgreementVersion* best = nullptr;
  for (const AgreementVersion& v : versions) {
    if (v.effective_from <= date && (best == nullptr || best->effective_from < v.effective_from)) {
      best = &v;
    }
  }
  return best;
}

}  // namespace fermata
