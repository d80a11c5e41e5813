// DDEX ERN (Electronic Release Notification, XML): a pure parser.
//
// parse_ern() turns the bytes of one ERN message into an ErnMessage: the
// header, the parties, the sound recordings, the releases with their track
// lists, the deals, and for a PurgeReleaseMessage the releases to retire. It
// touches no database; ern_catalog.h maps the result onto catalog records and
// the importer decides what to write.
//
// Dispatch is by namespace URI (http://ddex.net/xml/ern/<v>), never by prefix:
// v starting with 3 (341, 36, 37, 371, 38, 381, 382, 383) reads the 3.x layout
// (SoundRecordingId, ...DetailsByTerritory, Usage/UseType, TakeDown); v
// starting with 4 (41, 411, 42, 43) reads the 4.x layout (PartyList,
// SoundRecordingEdition, ArtistPartyReference, TrackRelease, UseType). Only
// NewReleaseMessage and PurgeReleaseMessage exist in DDEX ERN; anything else
// (the non-DDEX "UpdateReleaseMessage", another namespace, bytes that are not
// XML) is refused: kind is kRefused and errors says why, with file and line.
// pugixml detects the encoding (UTF-8, UTF-16 LE/BE with or without BOM) and
// expands no external entity.
//
// Identifiers are not checked by the DDEX schema (formats.md 2.3), so after
// reading, every identifier is checked with Fermata's own rules
// (catalog/identifiers.h, plus GRid and ISNI here). A failure is a *finding*:
// a warning naming file, line, element path and value, and the ErnIdentifier
// keeps valid = false so the importer can decide. No record is ever dropped:
// a record with a bad identifier stays in the message.
//
// Errors (the message cannot be used as is): refusal, XML syntax, a missing
// required element (MessageId, ResourceReference, ReleaseReference), a
// reference to a release or resource the message does not declare.
// Warnings (the message is usable): identifier findings, durations that are
// absent or not whole-second xs:durations, unknown ERN sub-versions.
//
// Thread safety: pure functions over plain values.
//
//   ErnMessage m = parse_ern(bytes, "ern/130295703.xml");
//   if (!m.errors.empty()) return m.errors.front();
//   for (const ErnRelease& r : m.releases) use(r.ids.icpn.value);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/base/result.h"

namespace fermata {

enum class ErnMessageKind { kRefused, kNewRelease, kPurgeRelease };

// "NewReleaseMessage", "PurgeReleaseMessage" or "refused".
std::string_view ern_message_kind_name(ErnMessageKind kind);

// One identifier as found in the message, with where it was found. `value` is
// the normalised form when `valid` (ICPN as 13 digits, ISRC as 12 characters,
// GRid/DPID/ISNI upper-cased without separators), else the raw text.
struct ErnIdentifier {
  std::string raw;
  std::string value;
  bool valid = false;
  std::int64_t line_number = 0;  // 1-based; 0 when absent.
  std::string path;              // e.g. "/NewReleaseMessage/ReleaseList/Release[1]/ReleaseId/ICPN".
  bool present() const { return !raw.empty(); }
};

struct ErnProprietaryId {
  std::string name_space;  // The Namespace attribute, e.g. "DPID:PADPIDA2007040502I".
  std::string value;
};

// A party in the message header (sender, recipient).
struct ErnHeaderParty {
  ErnIdentifier dpid;
  std::string name;
};

// A 4.x PartyList entry (3.x messages have none: names are written inline).
struct ErnParty {
  std::string reference;  // PartyReference, e.g. "P1".
  std::string name;       // First PartyName/FullName; may be empty.
  ErnIdentifier dpid;
  ErnIdentifier isni;
  std::vector<ErnProprietaryId> proprietary_ids;
  bool identifiers_valid = true;  // False when a present identifier failed its check.
  bool named_as_artist = false;   // Some DisplayArtist/ArtistPartyReference names it.
  bool named_as_label = false;    // Some ReleaseLabelReference names it.
  std::int64_t line_number = 0;
};

struct ErnSoundRecording {
  std::string reference;  // ResourceReference, e.g. "A1".
  ErnIdentifier isrc;
  std::string title;           // Display title, else the reference title.
  std::string display_artist;  // DisplayArtistName, else the main artists joined by ", ".
  std::string duration_raw;    // As written, e.g. "PT0H8M10S".
  // Whole seconds, rounded half up (PT3M20.5S = 201); absent when Duration
  // is missing or not a day/time xs:duration (a warning says which).
  std::optional<std::int64_t> duration_seconds;
  bool identifiers_valid = true;
  std::int64_t line_number = 0;
};

// The ids a release (or a purged release) carries in ReleaseId.
struct ErnReleaseIds {
  ErnIdentifier icpn;  // Normalised to EAN-13 when valid.
  // The ICPN@IsEan attribute (3.x): false means a 12-digit UPC-A.
  std::optional<bool> icpn_is_ean;
  ErnIdentifier grid;
  ErnIdentifier isrc;  // 3.x track releases are identified by ISRC.
  std::string catalog_number;
  std::string catalog_number_namespace;
  std::vector<ErnProprietaryId> proprietary_ids;
};

// One sound recording on a release, in play order.
struct ErnTrack {
  std::int64_t sequence = 0;       // 1-based running position among sound recordings.
  std::string resource_reference;  // e.g. "A3".
  std::string isrc;                // The recording's ISRC value (normalised when valid).
  bool isrc_valid = false;
};

struct ErnRelease {
  std::string reference;     // ReleaseReference, e.g. "R0".
  std::string release_type;  // "Album", "Single", "TrackRelease", ...
  // A 4.x TrackRelease element or a 3.x ReleaseType TrackRelease/VideoTrackRelease.
  bool is_track_release = false;
  ErnReleaseIds ids;
  std::string title;
  std::string display_artist;
  std::string label_name;             // 3.x LabelName, or the 4.x label party's name.
  std::string label_party_reference;  // 4.x ReleaseLabelReference; empty in 3.x.
  // Every resource the release lists, in order (images included).
  std::vector<std::string> resource_references;
  std::vector<ErnTrack> tracks;  // Sound recordings only.
  bool identifiers_valid = true;
  std::int64_t line_number = 0;
};

struct ErnDeal {
  std::vector<std::string> release_references;  // DealReleaseReference+, e.g. "R0".
  // The normalised ICPN of each referenced release that has a valid one.
  std::vector<std::string> release_icpns;
  std::vector<std::string> commercial_models;  // CommercialModelType*.
  std::vector<std::string> use_types;          // UseType* (3.x inside Usage).
  std::vector<std::string> territories;        // TerritoryCode*, "Worldwide" kept as written.
  std::vector<std::string> excluded_territories;
  std::string valid_from;               // ValidityPeriod/StartDate (date part of StartDateTime).
  std::optional<std::string> valid_to;  // ValidityPeriod/EndDate, DDEX's last day (inclusive).
  bool takedown = false;                // 3.x TakeDown = true; never set in 4.x.
  std::string price_tier;               // PriceInformation/PriceType (3.x) or PriceCode (4.x).
  std::string effective_date;           // ReleaseDeal/EffectiveDate (3.x), may be empty.
  std::int64_t line_number = 0;         // The Deal element.
};

struct ErnMessage {
  std::string file_name;
  ErnMessageKind kind = ErnMessageKind::kRefused;
  std::string ern_version;     // Namespace suffix: "341", "43".
  int ern_major = 0;           // 3 or 4; 0 when refused.
  std::string schema_version;  // MessageSchemaVersionId (3.x) or AvsVersionId (4.x) as written.
  std::string message_id;
  std::string message_thread_id;
  ErnHeaderParty sender;
  ErnHeaderParty recipient;      // The first MessageRecipient.
  std::string created;           // MessageCreatedDateTime as written.
  std::string control_type;      // MessageControlType (LiveMessage/TestMessage), may be empty.
  std::string update_indicator;  // 3.x OriginalMessage/UpdateMessage; empty in 4.x.
  std::vector<ErnParty> parties;
  std::vector<ErnSoundRecording> recordings;
  std::vector<ErnRelease> releases;  // Main releases and track releases, in document order.
  std::vector<ErnDeal> deals;        // One per Deal element.
  std::vector<ErnReleaseIds> purged_releases;  // PurgeReleaseMessage only.
  std::vector<Error> errors;
  std::vector<Error> warnings;

  // The release or recording with that reference, or nullptr.
  const ErnRelease* find_release(std::string_view reference) const;
  const ErnSoundRecording* find_recording(std::string_view reference) const;
  const ErnParty* find_party(std::string_view reference) const;
};

// Parses one ERN message. Never fails as a whole: refusals and syntax errors
// come back in errors with kind kRefused. `file_name` goes into every
// SourceRef. Error codes: parse_error (not XML), field_invalid (refused root
// or namespace, a dangling reference), field_missing; warnings use
// identifier_invalid, field_invalid and date_invalid.
ErnMessage parse_ern(std::string_view bytes, std::string_view file_name);

// An xs:duration of days and time (PnDTnHnMn.nS) in whole seconds, rounded
// half up; nullopt for years or months (their length varies), a sign, more
// than 9 fractional digits, or anything malformed.
std::optional<std::int64_t> parse_ern_duration_seconds(std::string_view text);

// GRid: 18 characters, "A1" + issuer + number + ISO 7064 Mod 37,36 check.
// Returns the normalised form (separators removed, upper case).
// Errors: identifier_invalid, where.value = text.
Result<std::string> validate_grid(std::string_view text);

// ISNI: 16 characters, the last an ISO 7064 MOD 11-2 check ('X' = 10).
// Errors: identifier_invalid, where.value = text.
Result<std::string> validate_isni(std::string_view text);

}  // namespace fermata
