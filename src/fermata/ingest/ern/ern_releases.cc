// ReleaseList: Release (both versions) and TrackRelease (4.x), and the
// PurgedRelease list of a PurgeReleaseMessage. A release's track list is its
// ResourceGroup content items in document order (nested groups, i.e. discs,
// flattened), keeping only sound recordings; without a ResourceGroup the
// 3.x ReleaseResourceReferenceList order is used.
#include <set>

#include "fermata/ingest/ern/ern_internal.h"

namespace fermata::ern_internal {
namespace {

void collect_group(pugi::xml_node group, std::vector<std::string>& out) {
  for (pugi::xml_node node = group.first_child(); node; node = node.next_sibling()) {
    const std::string_view name = local_name(node.name());
    if (name == "ResourceGroup") collect_group(node, out);
    if (name == "ResourceGroupContentItem") {
      std::string reference = child_text(node, "ReleaseResourceReference");
      if (!reference.empty()) out.push_back(std::move(reference));
    }
  }
}

std::set<std::string> all_resource_references(pugi::xml_node root) {
  std::set<std::string> out;
  for (pugi::xml_node resource = child(root, "ResourceList").first_child(); resource;
       resource = resource.next_sibling()) {
    std::string reference = child_text(resource, "ResourceReference");
    if (!reference.empty()) out.insert(std::move(reference));
  }
  return out;
}

void read_names_3x(pugi::xml_node node, ErnRelease& release) {
  const pugi::xml_node details = worldwide_details(node, "ReleaseDetailsByTerritory");
  release.title = title_3x(node, details);
  release.display_artist = display_artist_3x(details);
  release.label_name = child_text(details, "LabelName");
  release.resource_references =
      child_texts(child(node, "ReleaseResourceReferenceList"), "ReleaseResourceReference");
}

void read_names_4x(Context& ctx, pugi::xml_node node, ErnRelease& release) {
  note_party_roles(ctx, node);
  release.label_party_reference = default_text_4x(node, "ReleaseLabelReference");
  const ErnParty* label = ctx.message.find_party(release.label_party_reference);
  if (label != nullptr) release.label_name = label->name;
  if (!release.is_track_release) {
    release.title = title_4x(node);
    release.display_artist = display_artist_4x(ctx.message, node);
    collect_group(child(node, "ResourceGroup"), release.resource_references);
    return;
  }
  release.resource_references = child_texts(node, "ReleaseResourceReference");
  const ErnSoundRecording* recording =
      release.resource_references.empty()
          ? nullptr
          : ctx.message.find_recording(release.resource_references.front());
  if (recording != nullptr) {
    release.title = recording->title;
    release.display_artist = recording->display_artist;
  }
}

// The play order: group items (3.x: inside the chosen details block), else the list.
std::vector<std::string> play_order(Context& ctx, pugi::xml_node node, const ErnRelease& release) {
  std::vector<std::string> order;
  if (ctx.message.ern_major == 3) {
    collect_group(child(worldwide_details(node, "ReleaseDetailsByTerritory"), "ResourceGroup"),
                  order);
  }
  return order.empty() ? release.resource_references : order;
}

void read_tracks(Context& ctx, pugi::xml_node node, const std::set<std::string>& resources,
                 ErnRelease& release) {
  const std::vector<std::string> order = play_order(ctx, node, release);
  std::set<std::string> reported;
  const std::vector<const std::vector<std::string>*> lists = {&release.resource_references, &order};
  for (const std::vector<std::string>* list : lists) {
    for (const std::string& reference : *list) {
      if (resources.count(reference) == 0 && reported.insert(reference).second) {
        ctx.error(ErrorCode::kFieldInvalid,
                  "release " + release.reference + " refers to resource " + reference +
                      ", which the ResourceList does not declare",
                  node, reference);
      }
    }
  }
  for (const std::string& reference : order) {
    if (ctx.message.find_recording(reference) == nullptr) continue;
    ErnTrack track;
    track.sequence = static_cast<std::int64_t>(release.tracks.size()) + 1;
    track.resource_reference = reference;
    release.tracks.push_back(std::move(track));
  }
}

ErnRelease read_release(Context& ctx, pugi::xml_node node, const std::set<std::string>& resources) {
  ErnRelease release;
  release.line_number = ctx.line(node);
  release.reference = child_text(node, "ReleaseReference");
  if (release.reference.empty()) {
    ctx.error(ErrorCode::kFieldMissing, "a release needs a ReleaseReference", node);
  }
  release.is_track_release = local_name(node.name()) == "TrackRelease";
  release.release_type =
      release.is_track_release ? "TrackRelease" : child_text(node, "ReleaseType");
  if (ctx.message.ern_major == 3 &&
      (release.release_type == "TrackRelease" || release.release_type == "VideoTrackRelease")) {
    release.is_track_release = true;
  }
  read_release_ids(ctx, child(node, "ReleaseId"), release.ids);
  if (ctx.message.ern_major == 3) {
    read_names_3x(node, release);
  } else {
    read_names_4x(ctx, node, release);
  }
  read_tracks(ctx, node, resources, release);
  return release;
}

}  // namespace

void read_releases(Context& ctx, pugi::xml_node root) {
  const pugi::xml_node list = child(root, "ReleaseList");
  if (!list) ctx.error(ErrorCode::kFieldMissing, "ReleaseList is required", root);
  const std::set<std::string> resources = all_resource_references(root);
  for (pugi::xml_node node = list.first_child(); node; node = node.next_sibling()) {
    const std::string_view name = local_name(node.name());
    if (name == "Release" || name == "TrackRelease") {
      ctx.message.releases.push_back(read_release(ctx, node, resources));
    }
  }
}

void read_purged_releases(Context& ctx, pugi::xml_node root) {
  const std::vector<pugi::xml_node> purged = children(root, "PurgedRelease");
  if (purged.empty()) ctx.error(ErrorCode::kFieldMissing, "PurgedRelease is required", root);
  for (pugi::xml_node node : purged) {
    ErnReleaseIds ids;
    const pugi::xml_node release_id = child(node, "ReleaseId");
    read_release_ids(ctx, release_id, ids);
    const bool any = ids.icpn.present() || ids.grid.present() || ids.isrc.present() ||
                     !ids.catalog_number.empty() || !ids.proprietary_ids.empty();
    if (!any) {
      ctx.error(ErrorCode::kFieldMissing, "PurgedRelease names no release id", node);
    }
    ctx.message.purged_releases.push_back(std::move(ids));
  }
}

}  // namespace fermata::ern_internal
