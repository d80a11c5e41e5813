// Titles and display artists. A release or recording carries several
// candidate names (per territory, per script, formal and display forms); the
// catalog stores one, so these functions pick it the same way every time.
#include "fermata/ingest/ern/ern_internal.h"

namespace fermata::ern_internal {
namespace {

std::string title_text(pugi::xml_node title) {
  return child_text(title, "TitleText");
}

std::string title_of_type(pugi::xml_node details, std::string_view type) {
  for (pugi::xml_node title : children(details, "Title")) {
    if (std::string_view(title.attribute("TitleType").value()) == type) {
      std::string text = title_text(title);
      if (!text.empty()) return text;
    }
  }
  return {};
}

bool has_role(pugi::xml_node artist, std::string_view role) {
  for (const std::string& r : child_texts(artist, "ArtistRole")) {
    if (r == role) return true;
  }
  return false;
}

}  // namespace

pugi::xml_node worldwide_details(pugi::xml_node record, std::string_view name) {
  const std::vector<pugi::xml_node> blocks = children(record, name);
  for (pugi::xml_node block : blocks) {
    if (child_text(block, "TerritoryCode") == "Worldwide") return block;
  }
  return blocks.empty() ? pugi::xml_node{} : blocks.front();
}

std::string title_3x(pugi::xml_node record, pugi::xml_node details) {
  std::string title = title_of_type(details, "DisplayTitle");
  if (title.empty()) title = title_of_type(details, "FormalTitle");
  if (title.empty()) title = title_text(child(record, "ReferenceTitle"));
  return title;
}

std::string display_artist_3x(pugi::xml_node details) {
  std::string name = child_text(details, "DisplayArtistName");
  if (!name.empty()) return name;
  const std::vector<pugi::xml_node> artists = children(details, "DisplayArtist");
  for (pugi::xml_node artist : artists) {
    if (has_role(artist, "MainArtist")) {
      append_name(name, child_text(child(artist, "PartyName"), "FullName"));
    }
  }
  if (!name.empty()) return name;
  for (pugi::xml_node artist : artists) {
    append_name(name, child_text(child(artist, "PartyName"), "FullName"));
  }
  return name;
}

std::string default_text_4x(pugi::xml_node record, std::string_view name) {
  std::string first;
  for (pugi::xml_node node : children(record, name)) {
    std::string text = text_of(node);
    if (text.empty()) continue;
    if (std::string_view(node.attribute("IsDefault").value()) == "true") return text;
    if (first.empty()) first = std::move(text);
  }
  return first;
}

std::string title_4x(pugi::xml_node record) {
  std::string title = default_text_4x(record, "DisplayTitleText");
  if (!title.empty()) return title;
  for (pugi::xml_node node : children(record, "DisplayTitle")) {
    std::string text = title_text(node);
    if (text.empty()) continue;
    if (std::string_view(node.attribute("IsDefault").value()) == "true") return text;
    if (title.empty()) title = std::move(text);
  }
  return title;
}

std::string display_artist_4x(const ErnMessage& message, pugi::xml_node record) {
  std::string name = default_text_4x(record, "DisplayArtistName");
  if (!name.empty()) return name;
  for (pugi::xml_node artist : children(record, "DisplayArtist")) {
    const ErnParty* party = message.find_party(child_text(artist, "ArtistPartyReference"));
    if (party != nullptr) append_name(name, party->name);
  }
  return name;
}

}  // namespace fermata::ern_internal
