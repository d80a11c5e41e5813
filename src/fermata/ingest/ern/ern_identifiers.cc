// The identifier pass. The ERN schemas type ISRC, ICPN, GRid and ISNI as
// plain strings (formats.md 2.3), so a schema-valid message can carry a
// barcode with a wrong check digit. Each identifier is checked here with
// Fermata's rules; a failure becomes a finding (warning) and flags its record,
// and the record is kept: the importer decides what a bad id means for it.
#include <algorithm>
#include <cctype>
#include <functional>

#include "fermata/catalog/identifiers.h"
#include "fermata/ingest/ern/ern_internal.h"

namespace fermata {
namespace {

using Validator = std::function<Result<std::string>(std::string_view)>;

std::string strip_separators(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '-' || c == '.') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

Error invalid(std::string_view text, std::string message) {
  return make_error(ErrorCode::kIdentifierInvalid, std::move(message),
                    field_ref("", std::string(text)));
}

bool is_upper_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

}  // namespace

Result<std::string> validate_grid(std::string_view text) {
  const std::string grid = strip_separators(text);
  if (grid.size() != 18) {
    return invalid(text, "GRid has " + std::to_string(grid.size()) + " characters, expected 18");
  }
  if (!std::all_of(grid.begin(), grid.end(), is_upper_alnum)) {
    return invalid(text, "GRid may contain only letters and digits");
  }
  if (!grid.starts_with("A1")) return invalid(text, "GRid must start with A1");
  const char expected = mod3736_check_char(std::string_view(grid).substr(0, 17));
  if (grid[17] != expected) {
    return invalid(text,
                   std::string("GRid check character is ") + grid[17] + ", expected " + expected);
  }
  return grid;
}

Result<std::string> validate_isni(std::string_view text) {
  const std::string isni = strip_separators(text);
  if (isni.size() != 16) {
    return invalid(text, "ISNI has " + std::to_string(isni.size()) + " characters, expected 16");
  }
  int total = 0;
  for (std::size_t i = 0; i < 15; ++i) {
    if (isni[i] < '0' || isni[i] > '9') return invalid(text, "ISNI must be 15 digits and a check");
    total = (total + (isni[i] - '0')) * 2 % 11;
  }
  const int check = (12 - total) % 11;
  const char expected = check == 10 ? 'X' : static_cast<char>('0' + check);
  if (isni[15] != expected) {
    return invalid(text,
                   std::string("ISNI check character is ") + isni[15] + ", expected " + expected);
  }
  return isni;
}

namespace ern_internal {
namespace {

// Checks `id` if present; true when absent or valid.
bool check(ErnMessage& message, ErnIdentifier& id, std::string_view kind,
           const Validator& validate) {
  if (!id.present()) return true;
  Result<std::string> result = validate(id.raw);
  if (result) {
    id.value = *result;
    id.valid = true;
    return true;
  }
  id.valid = false;
  id.value = id.raw;
  std::string text = result.error().message;
  if (!text.starts_with(kind)) text = std::string(kind) + ": " + text;
  message.warnings.push_back(
      make_error(ErrorCode::kIdentifierInvalid, std::move(text), identifier_ref(message, id)));
  return false;
}

// IsEan="false" promises a 12-digit UPC-A (and "true" a 13-digit EAN). A
// mismatch is reported, but the check digit decides validity.
void check_is_ean(ErnMessage& message, const ErnReleaseIds& ids) {
  if (!ids.icpn_is_ean || !ids.icpn.present()) return;
  const std::size_t digits = strip_separators(ids.icpn.raw).size();
  const std::size_t promised = *ids.icpn_is_ean ? 13 : 12;
  if (digits == promised) return;
  message.warnings.push_back(make_error(
      ErrorCode::kIdentifierInvalid,
      std::string("ICPN: IsEan=\"") + (*ids.icpn_is_ean ? "true" : "false") + "\" declares " +
          std::to_string(promised) + " digits, found " + std::to_string(digits),
      identifier_ref(message, ids.icpn)));
}

bool check_release_ids(ErnMessage& message, ErnReleaseIds& ids) {
  bool valid = check(message, ids.icpn, "ICPN", validate_icpn);
  valid = check(message, ids.grid, "GRid", validate_grid) && valid;
  valid = check(message, ids.isrc, "ISRC", validate_isrc) && valid;
  check_is_ean(message, ids);
  return valid;
}

}  // namespace

void check_identifiers(ErnMessage& message) {
  check(message, message.sender.dpid, "DDEX party id", validate_ddex_party_id);
  check(message, message.recipient.dpid, "DDEX party id", validate_ddex_party_id);
  for (ErnParty& party : message.parties) {
    const bool dpid = check(message, party.dpid, "DDEX party id", validate_ddex_party_id);
    party.identifiers_valid = check(message, party.isni, "ISNI", validate_isni) && dpid;
  }
  for (ErnSoundRecording& recording : message.recordings) {
    recording.identifiers_valid = check(message, recording.isrc, "ISRC", validate_isrc);
  }
  for (ErnRelease& release : message.releases) {
    release.identifiers_valid = check_release_ids(message, release.ids);
  }
  for (ErnReleaseIds& ids : message.purged_releases) check_release_ids(message, ids);
}

void resolve_references(ErnMessage& message) {
  for (ErnRelease& release : message.releases) {
    for (ErnTrack& track : release.tracks) {
      const ErnSoundRecording* recording = message.find_recording(track.resource_reference);
      FERMATA_ASSERT(recording != nullptr);
      track.isrc = recording->isrc.value;
      track.isrc_valid = recording->isrc.valid;
    }
  }
  for (ErnDeal& deal : message.deals) {
    for (const std::string& reference : deal.release_references) {
      const ErnRelease* release = message.find_release(reference);
      if (release == nullptr) {
        message.errors.push_back(make_error(
            ErrorCode::kFieldInvalid,
            "deal refers to release " + reference + ", which the ReleaseList does not declare",
            SourceRef{message.file_name, deal.line_number, "DealReleaseReference", reference}));
      } else if (release->ids.icpn.valid) {
        deal.release_icpns.push_back(release->ids.icpn.value);
      }
    }
  }
}

}  // namespace ern_internal
}  // namespace fermata
