// PartyList (4.x) and ResourceList/SoundRecording (both versions). Other
// resources (Image, Video, Text...) are not catalog records; releases still
// list their references.
#include "fermata/ingest/ern/ern_internal.h"

namespace fermata::ern_internal {
namespace {

std::vector<ErnProprietaryId> proprietary_ids(pugi::xml_node parent) {
  std::vector<ErnProprietaryId> out;
  for (pugi::xml_node node : children(parent, "ProprietaryId")) {
    std::string value = text_of(node);
    if (!value.empty()) out.push_back({node.attribute("Namespace").value(), std::move(value)});
  }
  return out;
}

ErnParty read_party(Context& ctx, pugi::xml_node node) {
  ErnParty party;
  party.line_number = ctx.line(node);
  party.reference = child_text(node, "PartyReference");
  if (party.reference.empty()) {
    ctx.error(ErrorCode::kFieldMissing, "Party needs a PartyReference", node);
  }
  party.name = child_text(child(node, "PartyName"), "FullName");
  for (pugi::xml_node id : children(node, "PartyId")) {
    if (!party.dpid.present()) party.dpid = ctx.identifier(child(id, "DPID"));
    if (!party.isni.present()) party.isni = ctx.identifier(child(id, "ISNI"));
    for (ErnProprietaryId& p : proprietary_ids(id)) party.proprietary_ids.push_back(std::move(p));
  }
  return party;
}

// 3.x: SoundRecordingId/ISRC. 4.1: ResourceId/ISRC. 4.2+: the first
// SoundRecordingEdition whose ResourceId holds an ISRC.
pugi::xml_node isrc_node(pugi::xml_node recording) {
  for (std::string_view holder : {"SoundRecordingId", "ResourceId"}) {
    const pugi::xml_node isrc = child(child(recording, holder), "ISRC");
    if (isrc) return isrc;
  }
  for (pugi::xml_node edition : children(recording, "SoundRecordingEdition")) {
    const pugi::xml_node isrc = child(child(edition, "ResourceId"), "ISRC");
    if (isrc) return isrc;
  }
  return {};
}

void read_duration(Context& ctx, pugi::xml_node node, ErnSoundRecording& recording) {
  const pugi::xml_node duration = child(node, "Duration");
  recording.duration_raw = text_of(duration);
  if (recording.duration_raw.empty()) {
    ctx.warning(ErrorCode::kFieldMissing,
                "SoundRecording " + recording.reference + " has no Duration", node);
    return;
  }
  recording.duration_seconds = parse_ern_duration_seconds(recording.duration_raw);
  if (!recording.duration_seconds) {
    ctx.warning(ErrorCode::kFieldInvalid,
                "is not an xs:duration of days, hours, minutes and seconds", duration,
                recording.duration_raw);
  }
}

ErnSoundRecording read_recording(Context& ctx, pugi::xml_node node) {
  ErnSoundRecording recording;
  recording.line_number = ctx.line(node);
  recording.reference = child_text(node, "ResourceReference");
  if (recording.reference.empty()) {
    ctx.error(ErrorCode::kFieldMissing, "SoundRecording needs a ResourceReference", node);
  }
  recording.isrc = ctx.identifier(isrc_node(node));
  if (!recording.isrc.present()) {
    ctx.warning(ErrorCode::kFieldMissing, "SoundRecording " + recording.reference + " has no ISRC",
                node);
  }
  if (ctx.message.ern_major == 3) {
    const pugi::xml_node details = worldwide_details(node, "SoundRecordingDetailsByTerritory");
    recording.title = title_3x(node, details);
    recording.display_artist = display_artist_3x(details);
  } else {
    note_party_roles(ctx, node);
    recording.title = title_4x(node);
    recording.display_artist = display_artist_4x(ctx.message, node);
  }
  read_duration(ctx, node, recording);
  return recording;
}

}  // namespace

void note_party_roles(Context& ctx, pugi::xml_node record) {
  auto find = [&](const std::string& reference) -> ErnParty* {
    for (ErnParty& party : ctx.message.parties) {
      if (party.reference == reference) return &party;
    }
    return nullptr;
  };
  for (pugi::xml_node artist : children(record, "DisplayArtist")) {
    if (ErnParty* party = find(child_text(artist, "ArtistPartyReference"))) {
      party->named_as_artist = true;
    }
  }
  for (const std::string& reference : child_texts(record, "ReleaseLabelReference")) {
    if (ErnParty* party = find(reference)) party->named_as_label = true;
  }
}

void read_parties(Context& ctx, pugi::xml_node root) {
  for (pugi::xml_node node : children(child(root, "PartyList"), "Party")) {
    ctx.message.parties.push_back(read_party(ctx, node));
  }
}

void read_recordings(Context& ctx, pugi::xml_node root) {
  const pugi::xml_node list = child(root, "ResourceList");
  if (!list) ctx.warning(ErrorCode::kFieldMissing, "ResourceList is absent", root);
  for (pugi::xml_node node : children(list, "SoundRecording")) {
    ctx.message.recordings.push_back(read_recording(ctx, node));
  }
}

void read_release_ids(Context& ctx, pugi::xml_node release_id, ErnReleaseIds& ids) {
  const pugi::xml_node icpn = child(release_id, "ICPN");
  ids.icpn = ctx.identifier(icpn);
  const std::string_view is_ean = icpn.attribute("IsEan").value();
  if (is_ean == "true" || is_ean == "1") ids.icpn_is_ean = true;
  if (is_ean == "false" || is_ean == "0") ids.icpn_is_ean = false;
  ids.grid = ctx.identifier(child(release_id, "GRid"));
  ids.isrc = ctx.identifier(child(release_id, "ISRC"));
  const pugi::xml_node catalog_number = child(release_id, "CatalogNumber");
  ids.catalog_number = text_of(catalog_number);
  ids.catalog_number_namespace = catalog_number.attribute("Namespace").value();
  ids.proprietary_ids = proprietary_ids(release_id);
}

}  // namespace fermata::ern_internal
