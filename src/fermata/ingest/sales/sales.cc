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

SaleLine sale_line_of(const SaleGroups& groups, const SaleGroup& group) {
  const SaleResource& resource = groups.resources[group.resource];
  const SaleRelease& release = groups.releases[group.release];
  const SaleContext& context = groups.contexts[group.context];
  const SalePeriod& period = groups.periods[group.period];
  SaleLine line;
  line.line_number = group.first_line;
  line.isrc = resource.isrc;
  line.icpn = release.icpn;
  line.catalog_number = release.catalog_number;
  line.proprietary_id = resource.proprietary_id;
  line.title = resource.title.empty() ? release.title : resource.title;
  line.artist = resource.artist;
  line.store = context.store;
  line.channel = context.channel;
  line.territory = context.territory;
  line.sale_start = period.start;
  line.sale_end = period.end;
  line.currency = context.currency;
  line.units = group.units;
  line.amount = group.amount;
  line.has_amount = group.has_amount;
  line.line_count = group.line_count;
  line.group_lines = group.lines;
  return line;
}

}  // namespace fermata
