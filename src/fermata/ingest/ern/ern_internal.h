// Internal to ingest/ern: the reading context and XML helpers shared by the
// ern_*.cc files. Not included from outside this folder.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/ingest/ern/ern.h"

namespace fermata::ern_internal {

// Maps a pugixml offset (bytes into the UTF-8 buffer pugixml parsed, which is
// the input itself for UTF-8 and a transcoded copy otherwise) to a 1-based
// line number. The newline positions are computed in the same coordinates by
// replaying pugixml's transcoding, so UTF-16 files get exact lines too.
class LineIndex {
 public:
  LineIndex(std::string_view bytes, pugi::xml_encoding encoding);
  // REQUIRES: offset >= 0. Offsets past the end map to the last line.
  std::int64_t line_number(std::ptrdiff_t offset) const;
  std::int64_t line_count() const;

 private:
  std::vector<std::size_t> newline_offsets_;
};

// Reading state: where to report, and the message being filled.
struct Context {
  Context(ErnMessage& message_in, const LineIndex& lines_in)
      : message(message_in), lines(lines_in) {}

  ErnMessage& message;
  const LineIndex& lines;

  std::int64_t line(pugi::xml_node node) const;
  void error(ErrorCode code, std::string text, pugi::xml_node node, std::string value = {});
  void warning(ErrorCode code, std::string text, pugi::xml_node node, std::string value = {});
  // The identifier in `node` (raw text, line, path), not yet checked.
  ErnIdentifier identifier(pugi::xml_node node) const;
};

// "ernm:NewReleaseMessage" -> "NewReleaseMessage".
std::string_view local_name(const char* qualified_name);
// The first child element whose local name is `name`, or an empty node.
pugi::xml_node child(pugi::xml_node parent, std::string_view name);
// Every child element whose local name is `name`, in document order.
std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view name);
// The element's text with surrounding XML whitespace removed.
std::string text_of(pugi::xml_node node);
// text_of(child(parent, name)).
std::string child_text(pugi::xml_node parent, std::string_view name);
// Texts of every child named `name`, empty ones skipped.
std::vector<std::string> child_texts(pugi::xml_node parent, std::string_view name);
// "/NewReleaseMessage/ReleaseList/Release[2]/ReleaseId/ICPN": local names, with
// a 1-based index where the element has same-named siblings.
std::string node_path(pugi::xml_node node);
// Appends `name` to `out`, joined by ", "; an empty name adds nothing.
void append_name(std::string& out, std::string_view name);

// Names and titles. 3.x writes them in ...DetailsByTerritory blocks; 4.x
// writes them on the record, possibly once per territory or script.
// The `name` block whose TerritoryCode is Worldwide, else the first one.
pugi::xml_node worldwide_details(pugi::xml_node record, std::string_view name);
// 3.x: Title[@TitleType=DisplayTitle], else FormalTitle, else ReferenceTitle.
std::string title_3x(pugi::xml_node record, pugi::xml_node details);
// 3.x: DisplayArtistName, else the MainArtist DisplayArtists, else all of them.
std::string display_artist_3x(pugi::xml_node details);
// 4.x: the IsDefault="true" non-empty child `name`, else the first non-empty one.
std::string default_text_4x(pugi::xml_node record, std::string_view name);
// 4.x: DisplayTitleText, else DisplayTitle/TitleText.
std::string title_4x(pugi::xml_node record);
// 4.x: DisplayArtistName, else the DisplayArtist parties' names.
std::string display_artist_4x(const ErnMessage& message, pugi::xml_node record);

// 4.x: marks the parties `record` names as DisplayArtist or ReleaseLabelReference.
void note_party_roles(Context& ctx, pugi::xml_node record);

// Readers, one per part of the message; each appends to ctx.message.
void read_header(Context& ctx, pugi::xml_node root);
void read_parties(Context& ctx, pugi::xml_node root);
void read_recordings(Context& ctx, pugi::xml_node root);
void read_releases(Context& ctx, pugi::xml_node root);
void read_deals(Context& ctx, pugi::xml_node root);
void read_purged_releases(Context& ctx, pugi::xml_node root);
// Reads a ReleaseId element (both versions) into `ids`.
void read_release_ids(Context& ctx, pugi::xml_node release_id, ErnReleaseIds& ids);

// Passes over the finished message.
// Checks every identifier, normalises valid ones, sets the records' flags
// and adds one finding per failure to message.warnings.
void check_identifiers(ErnMessage& message);
// Fills tracks' ISRCs and deals' ICPNs; reports dangling references as errors.
void resolve_references(ErnMessage& message);

// "ERN-<sanitised name>": the party id of a 3.x LabelName (ern_catalog_ids.cc).
std::string label_party_id(std::string_view name);

// A SourceRef for `message.file_name` at the identifier's place.
SourceRef identifier_ref(const ErnMessage& message, const ErnIdentifier& id);

}  // namespace fermata::ern_internal
