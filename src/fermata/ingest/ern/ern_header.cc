// MessageHeader (the same shape in 3.x and 4.x) and the ErnMessage lookups.
#include <algorithm>

#include "fermata/ingest/ern/ern_internal.h"

namespace fermata {
namespace ern_internal {
namespace {

ErnHeaderParty read_header_party(Context& ctx, pugi::xml_node party) {
  ErnHeaderParty out;
  out.dpid = ctx.identifier(child(party, "PartyId"));
  out.name = child_text(child(party, "PartyName"), "FullName");
  return out;
}

}  // namespace

void read_header(Context& ctx, pugi::xml_node root) {
  ErnMessage& m = ctx.message;
  const pugi::xml_node header = child(root, "MessageHeader");
  if (!header) {
    ctx.error(ErrorCode::kFieldMissing, "MessageHeader is required", root);
    return;
  }
  m.message_id = child_text(header, "MessageId");
  if (m.message_id.empty()) ctx.error(ErrorCode::kFieldMissing, "MessageId is required", header);
  m.message_thread_id = child_text(header, "MessageThreadId");
  m.sender = read_header_party(ctx, child(header, "MessageSender"));
  m.recipient = read_header_party(ctx, child(header, "MessageRecipient"));
  m.created = child_text(header, "MessageCreatedDateTime");
  m.control_type = child_text(header, "MessageControlType");
  m.update_indicator = child_text(root, "UpdateIndicator");
}

}  // namespace ern_internal

namespace {

template <typename T>
const T* find_by_reference(const std::vector<T>& records, std::string_view reference) {
  const auto it = std::find_if(records.begin(), records.end(),
                               [&](const T& r) { return r.reference == reference; });
  return it == records.end() ? nullptr : &*it;
}

}  // namespace

const ErnRelease* ErnMessage::find_release(std::string_view reference) const {
  return find_by_reference(releases, reference);
}

const ErnSoundRecording* ErnMessage::find_recording(std::string_view reference) const {
  return find_by_reference(recordings, reference);
}

const ErnParty* ErnMessage::find_party(std::string_view reference) const {
  return find_by_reference(parties, reference);
}

}  // namespace fermata
