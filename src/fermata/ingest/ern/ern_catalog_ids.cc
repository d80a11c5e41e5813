// Catalog ids derived from ERN identifiers (the rules are in ern_catalog.h).
// Deterministic: the same message always yields the same ids, and the ICPN,
// GRid and DPID forms match whatever other source names the same thing.
#include "fermata/base/sha256.h"
#include "fermata/ingest/ern/ern_catalog.h"
#include "fermata/ingest/ern/ern_internal.h"

namespace fermata {
namespace {

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kHashDigits = 40;

bool is_id_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_' || c == '.';
}

// Characters outside the id alphabet become '-'; runs of '-' collapse and
// none is left at either end.
std::string sanitise(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const char kept = is_id_char(c) ? c : '-';
    if (kept == '-' && (out.empty() || out.back() == '-')) continue;
    out += kept;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// prefix + "-"-joined sanitised parts; hashed when too long; "" if a part is empty.
std::string make_id(std::string_view prefix, std::initializer_list<std::string_view> parts) {
  std::string id(prefix);
  std::string raw;
  for (std::string_view part : parts) {
    const std::string clean = sanitise(part);
    if (clean.empty()) return {};
    id += "-" + clean;
    raw += std::string(part) + "\n";
  }
  if (id.size() <= kMaxIdLength) return id;
  const std::string hash = sha256_hex(raw).substr(0, kHashDigits);
  return id.substr(0, kMaxIdLength - hash.size() - 1) + "-" + hash;
}

}  // namespace

std::string ern_release_id(const ErnMessage& message, const ErnReleaseIds& ids,
                           std::string_view reference) {
  if (ids.icpn.valid) return "ICPN-" + ids.icpn.value;
  if (ids.grid.valid) return "GRID-" + ids.grid.value;
  for (const ErnProprietaryId& p : ids.proprietary_ids) {
    std::string id = p.name_space.empty() ? make_id("PROP", {p.value})
                                          : make_id("PROP", {p.name_space, p.value});
    if (!id.empty()) return id;
  }
  if (!ids.catalog_number.empty()) {
    std::string id = ids.catalog_number_namespace.empty()
                         ? make_id("CAT", {ids.catalog_number})
                         : make_id("CAT", {ids.catalog_number_namespace, ids.catalog_number});
    if (!id.empty()) return id;
  }
  if (reference.empty()) return {};
  return make_id("ERN", {message.message_id, reference});
}

std::string ern_party_id(const ErnMessage& message, const ErnParty& party) {
  if (party.dpid.valid) return party.dpid.value;
  if (party.isni.valid) return "ISNI-" + party.isni.value;
  std::string id = make_id("ERN", {party.name});
  if (!id.empty()) return id;
  return make_id("ERN", {message.message_id, party.reference});
}

namespace ern_internal {

std::string label_party_id(std::string_view name) {
  return make_id("ERN", {name});
}

}  // namespace ern_internal
}  // namespace fermata
