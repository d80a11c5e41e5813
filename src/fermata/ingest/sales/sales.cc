#include "fermata/ingest/sales/sales.h"

namespace fermata {

std::string_view sales_channel_name(SalesChannel channel) {
  switch (channel) {
    case SalesChannel::kStream:
      return "stream";
    case SalesChannel::kDownload:
      return "download";
    case SalesChannel::kPhysical:
      return "physical";
    case SalesChannel::kUgc:
      return "ugc";
    case SalesChannel::kOther:
      return "other";
  }
  return "other";
}

}  // namespace fermata
