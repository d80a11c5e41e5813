#include "fermata/agreement/payee.h"

#include "fermata/base/date.h"
#include "fermata/catalog/bank_identifiers.h"
#include "fermata/catalog/identifiers.h"

namespace fermata {
namespace {

Error at(Error error, std::string_view field) {
  error.where.field = std::string(field);
  return error;
}

Error field_error(ErrorCode code, std::string_view field, std::string message,
                  std::string value = "") {
  return make_error(code, std::move(message),
                    SourceRef{"", 0, std::string(field), std::move(value)});
}

// Replaces `value` by its normalised form, or names `field` in the error.
Status normalise(std::string& value, std::string_view field,
                 Result<std::string> (*validate)(std::string_view)) {
  Result<std::string> checked = validate(value);
  if (!checked) return at(checked.error(), field);
  value = *checked;
  return ok_status();
}

Status validate_bank(BankAccount& bank) {
  const bool iban = !bank.iban.empty(), account = !bank.account.empty();
  if (iban == account) {
    return field_error(ErrorCode::kFieldInvalid, "bank",
                       "give either iban (with bic) or account (with routing)");
  }
  if (iban) {
    if (bank.bic.empty())
      return field_error(ErrorCode::kFieldMissing, "bank.bic", "an IBAN needs its BIC");
    if (!bank.routing.empty())
      return field_error(ErrorCode::kFieldInvalid, "bank.routing", "goes with account, not iban");
    FERMATA_RETURN_IF_ERROR(normalise(bank.iban, "bank.iban", validate_iban));
    return normalise(bank.bic, "bank.bic", validate_bic);
  }
  if (bank.routing.empty())
    return field_error(ErrorCode::kFieldMissing, "bank.routing",
                       "an account number needs its routing number");
  FERMATA_RETURN_IF_ERROR(normalise(bank.account, "bank.account", validate_account_number));
  FERMATA_RETURN_IF_ERROR(normalise(bank.routing, "bank.routing", validate_aba_routing));
  if (!bank.bic.empty()) FERMATA_RETURN_IF_ERROR(normalise(bank.bic, "bank.bic", validate_bic));
  return ok_status();
}

Status validate_tax_form(const TaxForm& form) {
  if (!is_iso_date(form.received))
    return field_error(ErrorCode::kDateInvalid, "tax_form.received", "must be YYYY-MM-DD",
                       form.received);
  if (!form.expires.empty() && (!is_iso_date(form.expires) || form.expires < form.received)) {
    return field_error(ErrorCode::kDateInvalid, "tax_form.expires",
                       "must be a date on or after received (" + form.received + ")", form.expires);
  }
  if (form.treaty_rate) {
    if (form.kind == TaxFormKind::kW9) {
      return field_error(ErrorCode::kFieldInvalid, "tax_form.treaty_rate",
                         "a W-9 claims no treaty rate (US persons are not withheld from)");
    }
    if (form.treaty_rate->is_negative() || *form.treaty_rate > *Decimal::parse("0.30")) {
      return field_error(ErrorCode::kFieldInvalid, "tax_form.treaty_rate",
                         "must be between 0% and 30%", form.treaty_rate->to_string());
    }
  }
  return ok_status();
}

Withholding fallback(const Payee& payee, std::string reason) {
  const bool us = payee.country == "US";
  return Withholding{*Decimal::parse(us ? "0.24" : "0.30"),
                     std::move(reason) + (us ? ": backup withholding 24%" : ": default 30%"), true};
}

}  // namespace

std::string_view tax_form_name(TaxFormKind kind) {
  switch (kind) {
    case TaxFormKind::kW9:
      return "W-9";
    case TaxFormKind::kW8Ben:
      return "W-8BEN";
    case TaxFormKind::kW8BenE:
      return "W-8BEN-E";
  }
  return "?";
}

std::string tax_form_expiry(const TaxForm& form) {
  if (!form.expires.empty() || form.kind == TaxFormKind::kW9) return form.expires;
  return std::to_string(std::stoi(form.received.substr(0, 4)) + 3) + "-12-31";
}

Withholding withholding_on(const Payee& payee, std::string_view date) {
  if (!payee.tax_form) return fallback(payee, "no tax form on file");
  const TaxForm& form = *payee.tax_form;
  const std::string name(tax_form_name(form.kind));
  if (date < form.received) return fallback(payee, name + " not received until " + form.received);
  const std::string expiry = tax_form_expiry(form);
  if (!expiry.empty() && date > expiry) return fallback(payee, name + " expired on " + expiry);
  if (form.kind == TaxFormKind::kW9)
    return Withholding{Decimal(), "W-9 on file (US person)", false};
  if (form.treaty_rate) return Withholding{*form.treaty_rate, name + " treaty rate", false};
  return Withholding{*Decimal::parse("0.30"), name + " without a treaty claim", false};
}

Status validate_payee(Payee& payee) {
  if (payee.party.empty()) return field_error(ErrorCode::kFieldMissing, "party", "is required");
  if (payee.legal_name.empty())
    return field_error(ErrorCode::kFieldMissing, "legal_name", "is required");
  if (payee.address.empty()) return field_error(ErrorCode::kFieldMissing, "address", "is required");
  FERMATA_RETURN_IF_ERROR(normalise(payee.country, "country", validate_country));
  if (!payee.statement_email.empty() && payee.statement_email.find('@') == std::string::npos) {
    return field_error(ErrorCode::kFieldInvalid, "statements.email", "is not an e-mail address",
                       payee.statement_email);
  }
  if (payee.bank) FERMATA_RETURN_IF_ERROR(validate_bank(*payee.bank));
  if (payee.tax_form) FERMATA_RETURN_IF_ERROR(validate_tax_form(*payee.tax_form));
  return ok_status();
}

}  // namespace fermata
