// to_catalog: ErnMessage -> catalog records. The order matters: releases
// are mapped before track releases (a track product needs its parent) and
// both before deals (a deal targets the products they made).
#include "fermata/ingest/ern/ern_catalog.h"

#include <algorithm>
#include <map>

#include "fermata/ingest/ern/ern_internal.h"

namespace fermata {
namespace {

// What a deal on a ReleaseReference becomes: a deal on this release and product.
struct DealTarget {
  std::string release_id;
  std::string sku;
};

// A main release that made it into the catalog.
struct MappedRelease {
  const ErnRelease* source = nullptr;
  std::string id;
  std::string key;  // The EAN-13, or the id when there is none: the product sku stem.
};

class Mapper {
 public:
  explicit Mapper(const ErnMessage& message) : message_(message) {}

  ErnCatalog run() {
    map_parties();
    map_recordings();
    for (const ErnRelease& r : message_.releases) {
      if (!r.is_track_release) map_release(r);
    }
    for (const ErnRelease& r : message_.releases) {
      if (r.is_track_release) map_track_release(r);
    }
    map_deals();
    map_purges();
    return std::move(out_);
  }

 private:
  SourceRef at(std::int64_t line, std::string field, std::string value) const {
    return SourceRef{message_.file_name, line, std::move(field), std::move(value)};
  }

  void warn(std::int64_t line, std::string field, std::string value, std::string text) {
    out_.warnings.push_back(
        make_error(ErrorCode::kFieldInvalid, std::move(text), at(line, field, value)));
  }

  // Records that `what` (e.g. "recording A1") was left out because of `error`.
  void reject(std::int64_t line, std::string_view record, const std::string& what,
              const Error& error) {
    out_.rejected.push_back(
        make_error(error.code, what + " left out of the catalog: " + error.message,
                   at(line, std::string(record) + "." + error.where.field, error.where.value)));
  }

  void add_party(Party party, std::int64_t line, const std::string& what) {
    const auto same = [&](const Party& p) { return p.id == party.id; };
    if (std::any_of(out_.parties.begin(), out_.parties.end(), same)) return;
    const Status status = validate_party(party);
    if (!status) return reject(line, "party", what, status.error());
    out_.parties.push_back(std::move(party));
  }

  void map_parties();
  void map_recordings();
  void map_release(const ErnRelease& release);
  void map_tracks(const ErnRelease& release, const std::string& release_id);
  void map_track_release(const ErnRelease& release);
  void map_deals();
  void map_purges();

  const ErnMessage& message_;
  ErnCatalog out_;
  std::vector<MappedRelease> mapped_;
  std::map<std::string, std::vector<DealTarget>> targets_;  // By ReleaseReference.
};

void Mapper::map_parties() {
  for (const ErnParty& p : message_.parties) {
    const bool sender =
        p.dpid.valid && message_.sender.dpid.valid && p.dpid.value == message_.sender.dpid.value;
    // A display artist is an artist; labels, rights controllers and the sender are labels.
    const bool artist = p.named_as_artist && !sender;
    Party party;
    party.id = ern_party_id(message_, p);
    party.name = !p.name.empty() ? p.name : sender ? message_.sender.name : p.reference;
    party.kind = artist ? PartyKind::kArtist : PartyKind::kLabel;
    if (p.dpid.valid) party.ddex_party_id = p.dpid.value;
    add_party(std::move(party), p.line_number, "party " + p.reference);
  }
  for (const ErnRelease& r : message_.releases) {
    if (message_.ern_major != 3 || r.label_name.empty()) continue;
    Party party{ern_internal::label_party_id(r.label_name), r.label_name, PartyKind::kLabel, {}};
    add_party(std::move(party), r.line_number, "label " + r.label_name);
  }
}

void Mapper::map_recordings() {
  for (const ErnSoundRecording& s : message_.recordings) {
    const std::string what = "recording " + s.reference;
    if (!s.isrc.valid) {
      reject(s.line_number, "recording", what,
             make_error(s.isrc.present() ? ErrorCode::kIdentifierInvalid : ErrorCode::kFieldMissing,
                        s.isrc.present() ? "ISRC is not valid" : "no ISRC",
                        field_ref("isrc", s.isrc.raw)));
      continue;
    }
    Recording recording{s.isrc.value, s.title, s.display_artist, s.duration_seconds.value_or(0)};
    const auto same = [&](const Recording& r) { return r.isrc == recording.isrc; };
    const auto existing = std::find_if(out_.recordings.begin(), out_.recordings.end(), same);
    if (existing != out_.recordings.end()) {
      if (*existing != recording) {
        warn(s.line_number, "isrc", recording.isrc,
             what + " repeats an ISRC with different details; the first is kept");
      }
      continue;
    }
    const Status status = validate_recording(recording);
    if (!status) {
      reject(s.line_number, "recording", what, status.error());
      continue;
    }
    out_.recordings.push_back(std::move(recording));
  }
}

void Mapper::map_release(const ErnRelease& r) {
  const std::string what = "release " + r.reference;
  const bool has_icpn = r.ids.icpn.valid;
  Release release{ern_release_id(message_, r.ids, r.reference), r.title,
                  has_icpn ? r.ids.icpn.value : ""};
  Status status = has_icpn ? validate_release(release) : validate_record_id("id", release.id);
  if (status && release.title.empty()) {
    status = make_error(ErrorCode::kFieldMissing, "is required", field_ref("title"));
  }
  if (!status) {
    reject(r.line_number, "release", what + " (and its tracks, products and deals)",
           status.error());
    return;
  }
  if (!has_icpn) {
    warn(r.line_number, "icpn", r.ids.icpn.raw,
         what + (r.ids.icpn.present() ? " has an invalid ICPN" : " has no ICPN") + ": kept as " +
             release.id + " in releases_without_icpn, outside ICPN matching");
  }
  const MappedRelease mapped{&r, release.id, has_icpn ? release.icpn : release.id};
  Product product{"D-" + mapped.key, ProductKind::kDigital, ProductFormat::kDigitalRelease,
                  release.id,        r.ids.catalog_number,  std::nullopt};
  if (has_icpn) product.upc = release.icpn;
  (has_icpn ? out_.releases : out_.releases_without_icpn).push_back(std::move(release));
  map_tracks(r, mapped.id);
  status = validate_product(product);
  if (!status) {
    reject(r.line_number, "product", what + " product", status.error());
  } else {
    targets_[r.reference].push_back({mapped.id, product.sku});
    out_.products.push_back(std::move(product));
  }
  mapped_.push_back(mapped);
}

void Mapper::map_tracks(const ErnRelease& r, const std::string& release_id) {
  for (const ErnTrack& t : r.tracks) {
    const std::string what = "track " + std::to_string(t.sequence) + " of release " + r.reference;
    if (!t.isrc_valid) {
      reject(r.line_number, "track", what,
             make_error(ErrorCode::kIdentifierInvalid, "ISRC is not valid",
                        field_ref("isrc", t.isrc)));
      continue;
    }
    ReleaseTrack track{release_id, t.sequence, t.isrc};
    const Status status = validate_release_track(track);
    if (!status) {
      reject(r.line_number, "track", what, status.error());
      continue;
    }
    out_.tracks.push_back(std::move(track));
  }
}

void Mapper::map_track_release(const ErnRelease& r) {
  const std::string what = "track release " + r.reference;
  const ErnSoundRecording* recording = nullptr;
  for (const std::string& reference : r.resource_references) {
    recording = message_.find_recording(reference);
    if (recording != nullptr) break;
  }
  if (recording == nullptr) {
    return warn(r.line_number, "ReleaseResourceReference",
                r.resource_references.empty() ? "" : r.resource_references.front(),
                what + " has no sound recording: no product");
  }
  if (!recording->isrc.valid) {
    return reject(r.line_number, "product", what,
                  make_error(ErrorCode::kIdentifierInvalid, "ISRC is not valid",
                             field_ref("isrc", recording->isrc.raw)));
  }
  bool any = false;
  for (const MappedRelease& parent : mapped_) {
    const auto holds = [&](const ErnTrack& t) {
      return t.resource_reference == recording->reference;
    };
    if (std::none_of(parent.source->tracks.begin(), parent.source->tracks.end(), holds)) continue;
    any = true;
    Product product{"D-" + parent.key + "-" + recording->isrc.value,
                    ProductKind::kDigital,
                    ProductFormat::kDigitalTrack,
                    parent.id,
                    r.ids.catalog_number,
                    std::nullopt};
    const Status status = validate_product(product);
    if (!status) {
      reject(r.line_number, "product", what, status.error());
      continue;
    }
    targets_[r.reference].push_back({parent.id, product.sku});
    out_.products.push_back(std::move(product));
  }
  if (!any) {
    warn(r.line_number, "ReleaseResourceReference", recording->reference,
         what + " is on no main release of this message: no product");
  }
}

void Mapper::map_deals() {
  for (const ErnDeal& d : message_.deals) {
    for (const std::string& reference : d.release_references) {
      const auto found = targets_.find(reference);
      if (found == targets_.end()) {
        reject(d.line_number, "deal", "deal on release " + reference,
               make_error(ErrorCode::kReleaseUnknown, "the release has no catalog product",
                          field_ref("release_id", reference)));
        continue;
      }
      for (const DealTarget& target : found->second) {
        Deal deal{
            target.release_id,      target.sku,   d.commercial_models, d.use_types, d.territories,
            d.excluded_territories, d.valid_from, d.valid_to,          d.takedown,  d.price_tier};
        const Status status = validate_deal(deal);
        if (!status) {
          reject(d.line_number, "deal", "deal on release " + reference, status.error());
          continue;
        }
        out_.deals.push_back(std::move(deal));
      }
    }
  }
}

void Mapper::map_purges() {
  for (const ErnReleaseIds& ids : message_.purged_releases) {
    std::string id = ern_release_id(message_, ids, "");
    if (!id.empty()) {
      out_.retired_release_ids.push_back(std::move(id));
      continue;
    }
    const ErnIdentifier& shown = ids.grid.present() ? ids.grid : ids.icpn;
    out_.warnings.push_back(make_error(
        ErrorCode::kIdentifierInvalid,
        "purged release has no id Fermata can match (no valid ICPN or GRid, no proprietary "
        "id or catalog number): nothing to retire",
        ern_internal::identifier_ref(message_, shown)));
  }
}

}  // namespace

ErnCatalog to_catalog(const ErnMessage& message) {
  FERMATA_ASSERT(message.kind != ErnMessageKind::kRefused);
  return Mapper(message).run();
}

}  // namespace fermata
