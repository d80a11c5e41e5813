// DealList/ReleaseDeal/Deal/DealTerms. One ErnDeal per Deal and validity
// period: 4.x allows several ValidityPeriods in one DealTerms, and each is a
// separate window of the same terms. Territory codes and dates are checked
// here, where their elements are at hand.
#include "fermata/catalog/identifiers.h"
#include "fermata/ingest/ern/ern_internal.h"

namespace fermata::ern_internal {
namespace {

// "2017-12-15T00:00:00Z" -> "2017-12-15": a deal starts or ends on a day.
std::string date_of(pugi::xml_node period, std::string_view date, std::string_view date_time) {
  std::string text = child_text(period, date);
  if (text.empty()) text = child_text(period, date_time).substr(0, 10);
  return text;
}

void check_date(Context& ctx, pugi::xml_node period, std::string_view element,
                const std::string& value) {
  if (value.empty() || validate_iso_date(value)) return;
  pugi::xml_node node = child(period, element);
  if (!node) node = child(period, std::string(element) + "Time");
  ctx.warning(ErrorCode::kDateInvalid, "is not a real calendar date (YYYY-MM-DD)", node, value);
}

std::vector<std::string> territories(Context& ctx, pugi::xml_node terms, std::string_view name) {
  std::vector<std::string> out;
  for (pugi::xml_node node : children(terms, name)) {
    std::string code = text_of(node);
    if (code.empty()) continue;
    const bool known = code == "Worldwide" || code == "XK" || validate_country(code).has_value();
    if (!known) {
      ctx.warning(ErrorCode::kIdentifierInvalid,
                  "is not an ISO 3166-1 alpha-2 territory or Worldwide", node, code);
    }
    out.push_back(std::move(code));
  }
  return out;
}

ErnDeal read_terms(Context& ctx, pugi::xml_node deal, pugi::xml_node terms) {
  ErnDeal out;
  out.line_number = ctx.line(deal);
  out.commercial_models = child_texts(terms, "CommercialModelType");
  out.use_types = child_texts(terms, "UseType");
  for (pugi::xml_node usage : children(terms, "Usage")) {
    for (std::string& use : child_texts(usage, "UseType")) out.use_types.push_back(std::move(use));
  }
  out.territories = territories(ctx, terms, "TerritoryCode");
  out.excluded_territories = territories(ctx, terms, "ExcludedTerritoryCode");
  if (out.territories.empty() && out.excluded_territories.empty()) {
    ctx.warning(ErrorCode::kFieldMissing, "DealTerms names no TerritoryCode", terms);
  }
  const std::string takedown = child_text(terms, "TakeDown");
  out.takedown = takedown == "true" || takedown == "1";
  const pugi::xml_node price = child(terms, "PriceInformation");
  out.price_tier = child_text(price, "PriceType");
  if (out.price_tier.empty()) out.price_tier = child_text(price, "PriceCode");
  return out;
}

void read_deal(Context& ctx, pugi::xml_node release_deal, pugi::xml_node deal) {
  const pugi::xml_node terms = child(deal, "DealTerms");
  if (!terms) {
    ctx.warning(ErrorCode::kFieldMissing, "Deal has no DealTerms; nothing is read from it", deal);
    return;
  }
  ErnDeal base = read_terms(ctx, deal, terms);
  base.release_references = child_texts(release_deal, "DealReleaseReference");
  base.effective_date = child_text(release_deal, "EffectiveDate");
  std::vector<pugi::xml_node> periods = children(terms, "ValidityPeriod");
  if (periods.empty()) {
    ctx.warning(ErrorCode::kFieldMissing, "DealTerms has no ValidityPeriod", terms);
    periods.emplace_back();
  }
  for (pugi::xml_node period : periods) {
    ErnDeal window = base;
    window.valid_from = date_of(period, "StartDate", "StartDateTime");
    const std::string end = date_of(period, "EndDate", "EndDateTime");
    if (!end.empty()) window.valid_to = end;
    if (period && window.valid_from.empty()) {
      ctx.warning(ErrorCode::kFieldMissing, "ValidityPeriod has no StartDate", period);
    }
    check_date(ctx, period, "StartDate", window.valid_from);
    check_date(ctx, period, "EndDate", end);
    ctx.message.deals.push_back(std::move(window));
  }
}

}  // namespace

void read_deals(Context& ctx, pugi::xml_node root) {
  for (pugi::xml_node release_deal : children(child(root, "DealList"), "ReleaseDeal")) {
    if (child_texts(release_deal, "DealReleaseReference").empty()) {
      ctx.error(ErrorCode::kFieldMissing, "ReleaseDeal needs a DealReleaseReference", release_deal);
    }
    for (pugi::xml_node deal : children(release_deal, "Deal")) read_deal(ctx, release_deal, deal);
  }
}

}  // namespace fermata::ern_internal
