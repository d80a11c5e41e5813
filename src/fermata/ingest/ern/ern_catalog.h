// ERN to catalog: a pure mapping from a parsed ErnMessage to Fermata catalog
// records (catalog.h) and deals (deal.h), ready for the importer to check
// against storage and write.
//
// Ids are derived, never invented, so re-importing a message (or a later
// update of the same release) yields the same records:
//   release  "ICPN-<EAN-13>" when the ICPN is valid; else "GRID-<GRid>";
//            else "PROP-<namespace>-<ProprietaryId>"; else
//            "CAT-<namespace>-<CatalogNumber>"; else
//            "ERN-<MessageId>-<ReleaseReference>" (message-scoped).
//   party    the DPID when valid; else "ISNI-<ISNI>"; else "ERN-<name>";
//            else "ERN-<MessageId>-<PartyReference>".
//   product  digital_release "D-<EAN-13>" (or "D-<release id>" without ICPN);
//            digital_track "D-<EAN-13 or release id>-<ISRC>".
// Text is sanitised to the record-id alphabet (other characters become '-');
// an id that would pass 64 characters becomes its prefix plus the first 40
// hex digits of the SHA-256 of the unsanitised parts.
//
// Choices:
// - A main release whose ICPN is absent or fails its check goes into
//   releases_without_icpn with icpn empty, under its GRid/proprietary/
//   reference id, and a warning: it cannot take part in ICPN matching of
//   sales, and validate_release (which requires an ICPN) does not apply.
//   Its tracks, products and deals are produced as for any release.
// - Track releases (4.x TrackRelease, 3.x ReleaseType TrackRelease) are not
//   catalog releases: each becomes a digital_track product of every main
//   release in the message that holds its sound recording, and deals on it
//   become deals on that product.
// - Parties: 4.x PartyList entries; a party named as a DisplayArtist is an
//   artist, any other (labels, rights controllers, the sender's own entry) a
//   label; a party without a name takes the sender's name when it holds the
//   sender's DPID, else its reference. 3.x has no PartyList, so each distinct
//   LabelName becomes a label party (the sender is not made a party).
// - Every produced record passes its validate_* function. A record that
//   fails is left out and `rejected` says which, why, and where in the file.
//
// Thread safety: pure function over plain values.
#pragma once

#include <string>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/catalog/catalog.h"
#include "fermata/catalog/deal.h"
#include "fermata/ingest/ern/ern.h"

namespace fermata {

struct ErnCatalog {
  std::vector<Party> parties;
  std::vector<Release> releases;               // Valid ICPN; pass validate_release.
  std::vector<Release> releases_without_icpn;  // icpn empty; see the choices above.
  std::vector<Recording> recordings;           // One per distinct valid ISRC.
  std::vector<ReleaseTrack> tracks;
  std::vector<Product> products;  // Digital; one digital_release per release.
  std::vector<Deal> deals;        // One per ErnDeal and release it covers.
  // PurgeReleaseMessage: the catalog ids of the releases to retire.
  std::vector<std::string> retired_release_ids;
  std::vector<Error> warnings;  // Mapping decisions worth a look (message warnings not repeated).
  std::vector<Error> rejected;  // Records left out because they fail catalog validation.
};

// Maps `message`. REQUIRES: message.kind != kRefused (asserted); a message
// with errors may be mapped, but the importer should not write the result.
ErnCatalog to_catalog(const ErnMessage& message);

// The catalog release id for `ids` (see above); `reference` is the
// ReleaseReference used by the last resort, empty for a purged release (then
// the result is empty when no id applies).
std::string ern_release_id(const ErnMessage& message, const ErnReleaseIds& ids,
                           std::string_view reference);

// The catalog party id for a PartyList entry (see above).
std::string ern_party_id(const ErnMessage& message, const ErnParty& party);

}  // namespace fermata
