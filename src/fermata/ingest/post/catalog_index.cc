#include "fermata/ingest/post/catalog_index.h"

#include <algorithm>
#include <cctype>

namespace fermata {

std::string icpn_key(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return "";
    digits.push_back(c);
  }
  if (digits.size() == 12) return "0" + digits;
  if (digits.size() == 14 && digits[0] == '0') return digits.substr(1);
  return digits.size() == 13 ? digits : "";
}

namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Adds a product to what `identifier` names, with its release as a candidate.
template <typename Named>
void add_product(Named& named, const Product& product) {
  add_unique(named.releases, product.release_id);
  named.products.push_back({product.release_id, product.kind, product_format_name(product.format)});
}

// Sets `format` to the first format seen; a second, different one makes it
// ambiguous for good (`*ambiguous`), and ambiguous is "".
void merge_format(std::string_view& format, bool& ambiguous, std::string_view seen) {
  if (ambiguous || format == seen) return;
  if (format.empty()) {
    format = seen;
    return;
  }
  ambiguous = true;
  format = {};
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string_view sale_format(const SaleMatch& match, SalesChannel channel) {
  return channel == SalesChannel::kPhysical ? match.physical_format : match.digital_format;
}

CatalogIndex::CatalogIndex(const CatalogSnapshot& snapshot) : parties_(snapshot.parties) {
  for (const Release& release : snapshot.releases) {
    if (!release.icpn.empty()) add_unique(releases_by_icpn_[release.icpn].releases, release.id);
    add_unique(releases_by_proprietary_id_[release.id].releases, release.id);
    release_icpn_[release.id] = release.icpn;
  }
  for (const ReleaseTrack& track : snapshot.tracks) {
    add_unique(releases_by_isrc_[track.isrc].releases, track.release_id);
  }
  for (const Product& product : snapshot.products) {
    if (product.upc) add_product(releases_by_icpn_[*product.upc], product);
    if (!product.catalog_number.empty()) {
      add_product(releases_by_catalog_number_[product.catalog_number], product);
    }
    add_product(releases_by_proprietary_id_[product.sku], product);
  }
  for (const Relation& relation : snapshot.relations) {
    if (relation.kind == RelationKind::kOwner) {
      owner_relations_[relation.release_id].push_back(relation);
    }
  }
}

std::vector<std::string> CatalogIndex::owners_of(const std::vector<std::string>& releases,
                                                 std::string_view date) const {
  std::vector<std::string> owners;
  for (const std::string& release : releases) {
    auto it = owner_relations_.find(release);
    std::optional<std::string> owner;
    if (it != owner_relations_.end())
      owner = party_at(it->second, release, RelationKind::kOwner, date);
    owners.push_back(owner.value_or(""));
  }
  return owners;
}

std::optional<SaleMatch> CatalogIndex::try_releases(std::string_view via,
                                                    const std::string& identifier,
                                                    const Named& named, const SaleLine& line,
                                                    std::string_view date) const {
  std::vector<std::string> candidates = named.releases;
  const std::string line_icpn = icpn_key(line.icpn);
  // One ISRC on several releases: the line's own ICPN picks among them.
  if (candidates.size() > 1 && !line_icpn.empty()) {
    std::vector<std::string> narrowed;
    for (const std::string& id : candidates) {
      if (release_icpn_.at(id) == line_icpn) narrowed.push_back(id);
    }
    if (!narrowed.empty()) candidates = narrowed;
  }
  const std::vector<std::string> owners = owners_of(candidates, date);
  SaleMatch match{false, std::string(via), identifier, "", "", "", ""};
  std::vector<std::string> distinct;
  for (const std::string& owner : owners) {
    if (!owner.empty()) add_unique(distinct, owner);
  }
  if (distinct.empty()) {
    match.reason = "no owner on " + std::string(date) + " for release " + candidates.front();
    return match;
  }
  if (distinct.size() > 1) {
    match.reason =
        "ambiguous: owned by " + distinct[0] + " and " + distinct[1] + " on " + std::string(date);
    return match;
  }
  const auto pick = std::find(owners.begin(), owners.end(), distinct[0]) - owners.begin();
  match.matched = true;
  match.owner = distinct[0];
  match.release_id = candidates[static_cast<std::size_t>(pick)];
  if (via == "isrc") match.isrc = identifier;
  bool physical_ambiguous = false, digital_ambiguous = false;
  for (const NamedProduct& product : named.products) {
    if (product.release_id != match.release_id) continue;
    if (product.kind == ProductKind::kPhysical) {
      merge_format(match.physical_format, physical_ambiguous, product.format);
    } else {
      merge_format(match.digital_format, digital_ambiguous, product.format);
    }
  }
  return match;
}

SaleMatch CatalogIndex::match(const SaleLine& line, std::string_view date) const {
  const std::pair<std::string_view, std::string> tries[] = {
      {"isrc", line.isrc},
      {"icpn", icpn_key(line.icpn)},
      {"catalog_number", line.catalog_number},
      {"proprietary_id", line.proprietary_id}};
  const NamedIndex* maps[] = {&releases_by_isrc_, &releases_by_icpn_, &releases_by_catalog_number_,
                              &releases_by_proprietary_id_};
  SaleMatch first{false, "none", "", "", "", "", "no identifier on the line"};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& [via, identifier] = tries[i];
    if (identifier.empty()) continue;
    if (first.via == "none") {
      first = SaleMatch{false, std::string(via), identifier, "", "", "", ""};
      first.reason = std::string(via) + " " + identifier + " is not in the catalog";
    }
    auto it = maps[i]->find(identifier);
    if (it == maps[i]->end()) continue;
    std::optional<SaleMatch> found = try_releases(via, identifier, it->second, line, date);
    if (found) return *found;
  }
  return first;
}

std::optional<std::string> CatalogIndex::resolve_party(std::string_view text) const {
  if (text.empty()) return std::nullopt;
  std::optional<std::string> by_name;
  int named = 0;
  for (const Party& party : parties_) {
    if (party.id == text || (party.ddex_party_id && *party.ddex_party_id == text)) return party.id;
    if (lower(party.name) == lower(text)) {
      by_name = party.id;
      ++named;
    }
  }
  return named == 1 ? by_name : std::nullopt;
}

std::optional<std::string> CatalogIndex::sole_distributor() const {
  std::optional<std::string> found;
  for (const Party& party : parties_) {
    if (party.kind != PartyKind::kDistributor) continue;
    if (found) return std::nullopt;
    found = party.id;
  }
  return found;
}

Result<IndexedCatalog> indexed_catalog(Database& database, IndexedCatalog* cache) {
  FERMATA_ASSIGN_OR_RETURN(std::string revision, database.catalog_revision());
  if (cache != nullptr && cache->index && cache->revision == revision) return *cache;
  FERMATA_ASSIGN_OR_RETURN(CatalogSnapshot snapshot, database.catalog_snapshot());
  IndexedCatalog fresh{std::move(revision),
                       std::make_shared<const CatalogSnapshot>(std::move(snapshot)), nullptr};
  fresh.index = std::make_shared<const CatalogIndex>(*fresh.snapshot);
  if (cache != nullptr) *cache = fresh;
  return fresh;
}

}  // namespace fermata
