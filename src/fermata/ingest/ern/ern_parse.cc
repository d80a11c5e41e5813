// parse_ern: load the XML, refuse what is not a DDEX ERN NewReleaseMessage or
// PurgeReleaseMessage, then run the readers and the passes in order. Parties
// come first because 4.x recordings and releases name their artists and
// labels by PartyReference.
#include <algorithm>
#include <array>

#include "fermata/ingest/ern/ern_internal.h"

namespace fermata {
namespace ern_internal {
namespace {

constexpr std::string_view kNamespacePrefix = "http://ddex.net/xml/ern/";
// Sub-versions formats.md 2.1 lists; others of a known major are read with a warning.
constexpr std::array<std::string_view, 12> kKnownVersions = {"341", "36",  "37", "371", "38", "381",
                                                             "382", "383", "41", "411", "42", "43"};

// The namespace URI bound to the root element's prefix (or the default one).
std::string root_namespace(pugi::xml_node root) {
  const std::string_view name(root.name());
  const std::size_t colon = name.find(':');
  const std::string attribute =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  return root.attribute(attribute.c_str()).value();
}

// Checks the namespace and sets ern_version/ern_major; false = refused.
bool read_namespace(Context& ctx, pugi::xml_node root) {
  const std::string uri = root_namespace(root);
  std::string_view version(uri);
  const bool ddex = version.starts_with(kNamespacePrefix);
  if (ddex) version.remove_prefix(kNamespacePrefix.size());
  if (version.ends_with('/')) version.remove_suffix(1);
  const bool digits = !version.empty() && std::all_of(version.begin(), version.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  if (!ddex || !digits) {
    ctx.error(ErrorCode::kFieldInvalid,
              "refused: root namespace '" + uri +
                  "' is not a DDEX ERN namespace (http://ddex.net/xml/ern/<version>)",
              root, uri);
    return false;
  }
  if (version[0] != '3' && version[0] != '4') {
    ctx.error(
        ErrorCode::kFieldInvalid,
        "refused: ERN version " + std::string(version) + " is not supported (3.x and 4.x are)",
        root, uri);
    return false;
  }
  ctx.message.ern_version = std::string(version);
  ctx.message.ern_major = version[0] - '0';
  if (std::find(kKnownVersions.begin(), kKnownVersions.end(), version) == kKnownVersions.end()) {
    ctx.warning(ErrorCode::kFieldInvalid,
                "ERN version " + std::string(version) +
                    " is not one Fermata was checked against; " + "read with the " +
                    std::to_string(ctx.message.ern_major) + ".x layout",
                root, uri);
  }
  return true;
}

// Sets kind from the root's local name; false = refused.
bool read_kind(Context& ctx, pugi::xml_node root) {
  const std::string_view name = local_name(root.name());
  if (name == "NewReleaseMessage") {
    ctx.message.kind = ErnMessageKind::kNewRelease;
  } else if (name == "PurgeReleaseMessage") {
    ctx.message.kind = ErnMessageKind::kPurgeRelease;
  } else {
    ctx.error(ErrorCode::kFieldInvalid,
              "refused: root element " + std::string(name) +
                  " is not a DDEX ERN message; ERN defines only NewReleaseMessage and "
                  "PurgeReleaseMessage (updates and takedowns are a new NewReleaseMessage)",
              root, std::string(name));
    return false;
  }
  return true;
}

// MessageSchemaVersionId (3.x, "/ern/341" in the wild) or AvsVersionId (4.x).
void read_schema_version(Context& ctx, pugi::xml_node root) {
  ErnMessage& m = ctx.message;
  if (m.ern_major == 3) {
    m.schema_version = root.attribute("MessageSchemaVersionId").value();
    std::string_view normalised(m.schema_version);
    if (normalised.starts_with('/')) normalised.remove_prefix(1);
    if (normalised.starts_with("ern/")) normalised.remove_prefix(4);
    if (!m.schema_version.empty() && normalised != m.ern_version) {
      ctx.warning(ErrorCode::kFieldInvalid,
                  "MessageSchemaVersionId does not match namespace version " + m.ern_version, root,
                  m.schema_version);
    }
  } else {
    m.schema_version = root.attribute("AvsVersionId").value();
  }
}

void read_syntax_error(Context& ctx, const pugi::xml_parse_result& result) {
  const std::int64_t line = ctx.lines.line_number(result.offset < 0 ? 0 : result.offset);
  ctx.message.errors.push_back(make_error(
      ErrorCode::kParseError, std::string("refused: not well-formed XML: ") + result.description(),
      SourceRef{ctx.message.file_name, line, "", ""}));
}

}  // namespace
}  // namespace ern_internal

ErnMessage parse_ern(std::string_view bytes, std::string_view file_name) {
  using namespace ern_internal;
  ErnMessage message;
  message.file_name = std::string(file_name);
  if (bytes.empty()) {
    message.errors.push_back(make_error(ErrorCode::kParseError, "refused: the file is empty",
                                        SourceRef{message.file_name, 0, "", ""}));
    return message;
  }
  pugi::xml_document document;
  const pugi::xml_parse_result result =
      document.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
  const LineIndex lines(bytes, result.encoding);
  Context ctx(message, lines);
  if (!result) {
    read_syntax_error(ctx, result);
    return message;
  }
  const pugi::xml_node root = document.document_element();
  if (!read_namespace(ctx, root) || !read_kind(ctx, root)) {
    message.kind = ErnMessageKind::kRefused;
    return message;
  }
  read_schema_version(ctx, root);
  read_header(ctx, root);
  if (message.kind == ErnMessageKind::kPurgeRelease) {
    read_purged_releases(ctx, root);
  } else {
    read_parties(ctx, root);
    read_recordings(ctx, root);
    read_releases(ctx, root);
    read_deals(ctx, root);
  }
  check_identifiers(message);
  resolve_references(message);
  return message;
}

std::string_view ern_message_kind_name(ErnMessageKind kind) {
  switch (kind) {
    case ErnMessageKind::kNewRelease:
      return "NewReleaseMessage";
    case ErnMessageKind::kPurgeRelease:
      return "PurgeReleaseMessage";
    case ErnMessageKind::kRefused:
      break;
  }
  return "refused";
}

}  // namespace fermata
