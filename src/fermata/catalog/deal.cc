// validate_deal: one guard per rule, in field order.
#include "fermata/catalog/deal.h"

#include "fermata/catalog/catalog.h"
#include "fermata/catalog/identifiers.h"

namespace fermata {
namespace {

Status check_territories(std::string_view field, const std::vector<std::string>& codes) {
  for (const std::string& code : codes) {
    // Kosovo's XK is a user-assigned code that DDEX and every store use.
    if (code == "Worldwide" || code == "XK") continue;
    Result<std::string> country = validate_country(code);
    if (!country) {
      return make_error(ErrorCode::kIdentifierInvalid,
                        "is not Worldwide or an ISO 3166-1 alpha-2 code", field_ref(field, code));
    }
    if (*country != code) {
      return make_error(ErrorCode::kIdentifierInvalid, "must be upper case",
                        field_ref(field, code));
    }
  }
  return ok_status();
}

Status check_names(std::string_view field, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (name.empty())
      return make_error(ErrorCode::kFieldMissing, "has an empty value", field_ref(field));
  }
  return ok_status();
}

Status check_date(std::string_view field, const std::string& date) {
  if (date.empty()) return make_error(ErrorCode::kFieldMissing, "is required", field_ref(field));
  Result<std::string> checked = validate_iso_date(date);
  if (!checked) {
    return make_error(ErrorCode::kDateInvalid, checked.error().message, field_ref(field, date));
  }
  return ok_status();
}

}  // namespace

Status validate_deal(const Deal& deal) {
  FERMATA_RETURN_IF_ERROR(validate_record_id("release_id", deal.release_id));
  if (!deal.sku.empty()) FERMATA_RETURN_IF_ERROR(validate_record_id("sku", deal.sku));
  FERMATA_RETURN_IF_ERROR(check_names("commercial_models", deal.commercial_models));
  FERMATA_RETURN_IF_ERROR(check_names("use_types", deal.use_types));
  if (deal.territories.empty() && deal.excluded_territories.empty()) {
    return make_error(ErrorCode::kFieldMissing, "name at least one territory",
                      field_ref("territories"));
  }
  FERMATA_RETURN_IF_ERROR(check_territories("territories", deal.territories));
  FERMATA_RETURN_IF_ERROR(check_territories("excluded_territories", deal.excluded_territories));
  FERMATA_RETURN_IF_ERROR(check_date("valid_from", deal.valid_from));
  if (!deal.valid_to) return ok_status();
  FERMATA_RETURN_IF_ERROR(check_date("valid_to", *deal.valid_to));
  if (*deal.valid_to < deal.valid_from) {
    return make_error(ErrorCode::kDateInvalid, "is before valid_from " + deal.valid_from,
                      field_ref("valid_to", *deal.valid_to));
  }
  return ok_status();
}

}  // namespace fermata
