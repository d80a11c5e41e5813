// Deal: the terms under which a release (or one of its products) may be sold.
//
// A deal says which commercial models (PayAsYouGoModel, SubscriptionModel...)
// and uses (PermanentDownload, OnDemandStream...) a store may offer, in which
// territories, from which day to which day, and at which price tier. Deals
// arrive in DDEX ERN messages; a takedown is a deal with `takedown` set (ERN
// 3.x) or one whose period has ended (ERN 4.x). Like the other catalog
// records a Deal is a plain value; validate_deal checks its own rules only
// (that the release exists is a rule across records, for storage).
//
// Dates are ISO "YYYY-MM-DD". Unlike Relation, valid_to is the *last* day the
// deal holds (DDEX ValidityPeriod/EndDate is inclusive), absent = open-ended.
//
// Thread safety: plain values and a pure function.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fermata/base/result.h"

namespace fermata {

struct Deal {
  std::string release_id;  // Catalog release id, e.g. "ICPN-0886446899008".
  std::string sku;         // The product the deal covers; empty = the whole release.
  std::vector<std::string> commercial_models;  // DDEX CommercialModelType values.
  std::vector<std::string> use_types;          // DDEX UseType values.
  // ISO 3166-1 alpha-2 codes or "Worldwide"; at least one of the two lists
  // is non-empty ("Worldwide" minus exclusions is common).
  std::vector<std::string> territories;
  std::vector<std::string> excluded_territories;
  std::string valid_from;               // ISO date, first day.
  std::optional<std::string> valid_to;  // ISO date, last day (inclusive); absent = open.
  bool takedown = false;
  std::string price_tier;  // The sender's price code, e.g. "B99"; may be empty.
  friend bool operator==(const Deal&, const Deal&) = default;
};

// Checks release_id (and sku when set) with validate_record_id, that some
// territory is named, that every territory is "Worldwide", "XK" or an ISO
// 3166-1 alpha-2 code, that the dates are real and valid_from <= valid_to,
// and that no listed model or use is empty. Errors: field_missing,
// field_invalid, identifier_invalid, date_invalid, with where.field and
// where.value set (no file or line).
Status validate_deal(const Deal& deal);

}  // namespace fermata
