#include "fermata/ingest/dsr/dsr_sales.h"

#include <unordered_map>

#include "fermata/base/date.h"
#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata {

namespace {

// The records of one block, by the references lines use to point at them.
struct BlockIndex {
  std::unordered_map<std::string, const DsrRecord*> resources;  // ResourceReference, DspResourceId.
  std::unordered_map<std::string, const DsrRecord*> releases;   // ReleaseReference.
  const DsrRecord* only_release = nullptr;
  const DsrRecord* only_resource = nullptr;  // Usage rows (RU01) name no resource.
};

std::unordered_map<std::string, BlockIndex> index_blocks(const DsrReport& report) {
  std::unordered_map<std::string, BlockIndex> blocks;
  for (const DsrBlock& block : report.blocks) {
    BlockIndex& index = blocks[block.block_id];
    int release_count = 0, resource_count = 0;
    for (std::size_t i : block.record_indices) {
      const DsrRecord& r = report.records[i];
      if (r.type.starts_with("AS")) {
        index.only_resource = &r;
        ++resource_count;
        for (std::string_view key : {"ResourceReference", "DspResourceId"}) {
          if (!r.get(key).empty()) index.resources.emplace(std::string(r.get(key)), &r);
        }
      } else if (r.type == "RE01" || r.type.starts_with("RE03")) {
        index.releases.emplace(std::string(r.get("ReleaseReference")), &r);
        index.only_release = &r;
        ++release_count;
      }
    }
    if (release_count != 1) index.only_release = nullptr;
    if (resource_count != 1) index.only_resource = nullptr;
  }
  return blocks;
}

// Identifiers from the line itself (SRB) or from its block's records.
void fill_identifiers(const DsrRecord& r, const BlockIndex* block, SaleLine& out) {
  const DsrRecord* resource = nullptr;
  const DsrRecord* release = nullptr;
  if (block != nullptr) {
    for (std::string_view key : {"TransactedResource", "DspResourceId"}) {
      auto it = block->resources.find(std::string(r.get(key)));
      if (resource == nullptr && it != block->resources.end()) resource = it->second;
    }
    if (resource == nullptr && r.type.starts_with("RU")) resource = block->only_resource;
    auto it = block->releases.find(std::string(r.get("TransactedRelease")));
    release = it != block->releases.end() ? it->second : block->only_release;
  }
  const DsrRecord& res = resource != nullptr ? *resource : r;
  const DsrRecord& rel = release != nullptr ? *release : r;
  out.isrc = dsr_internal::normalized_isrc(res.get("ISRC"));
  out.proprietary_id = std::string(res.get("DspResourceId"));
  out.title = std::string(res.get("Title"));
  out.artist = std::string(res.get("DisplayArtistName"));
  out.icpn = std::string(rel.get("ICPN"));
  out.catalog_number = std::string(rel.get("CatalogNumber"));
  if (out.title.empty()) out.title = std::string(rel.get("Title"));
}

void fill_dates(const DsrReport& report, const DsrRecord& r, SaleLine& out) {
  bool compact = false;
  Result<std::string> start = normalize_dsr_date(r.get("ValidityPeriodStart"), &compact);
  Result<std::string> end = normalize_dsr_date(r.get("ValidityPeriodEnd"), &compact);
  const bool own = start && end && !start->empty() && !end->empty();
  out.sale_start = first_day_of(own ? *start : report.header.usage_start);
  out.sale_end = last_day_of(own ? *end : report.header.usage_end);
}

SaleLine to_sale_line(const DsrReport& report, const DsrSaleLine& line, const BlockIndex* block) {
  const DsrRecord& r = report.records[line.record_index];
  SaleLine out;
  out.line_number = line.line_number;
  fill_identifiers(r, block, out);
  out.store =
      report.header.sender_name.empty() ? report.header.sender_party_id : report.header.sender_name;
  out.channel = dsr_internal::channel_of(report.header.profile,
                                         line.summary ? &report.summaries[*line.summary] : nullptr);
  if (line.summary) out.territory = report.summaries[*line.summary].territory;
  fill_dates(report, r, out);
  out.currency = line.currency;
  out.units = line.usages - line.returns;
  out.amount = line.amount;
  out.has_amount = line.basis != DsrAmountBasis::kNone;
  return out;
}

}  // namespace

namespace dsr_internal {

std::string normalized_isrc(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

SalesChannel channel_of(DsrProfile profile, const DsrSummary* summary) {
  if (profile == DsrProfile::kUgc) return SalesChannel::kUgc;
  if (summary == nullptr) return SalesChannel::kOther;
  const std::string& use = summary->use_type;
  if (use.find("Download") != std::string::npos) return SalesChannel::kDownload;
  if (use.find("Stream") != std::string::npos || use.find("Webcast") != std::string::npos) {
    return SalesChannel::kStream;
  }
  return SalesChannel::kOther;
}

void fill_sales_header(const DsrReport& report, std::int64_t blocks, SalesReport* out_ptr) {
  SalesReport& out = *out_ptr;
  out.format = "dsr";
  const DsrHeader& h = report.header;
  out.payer = h.sender_party_id.empty() ? report.name.sender : h.sender_party_id;
  out.payer_name = h.sender_name;
  out.recipient = h.recipient_party_id.empty() ? report.name.recipient : h.recipient_party_id;
  out.service = h.service_description.empty() ? report.name.service : h.service_description;
  out.period_start = first_day_of(h.usage_start);
  out.period_end = last_day_of(h.usage_end);
  out.territory = report.name.territory;
  out.part_number = report.part_number;
  out.part_count = report.part_count;
  out.identity = "dsr|" + report.report_id;
  out.file_lines = report.physical_lines;
  out.file_blocks = blocks;
  if (report.footer) {
    out.declared_report_lines = report.footer->lines_in_report.value_or(0);
    out.declared_report_blocks = report.footer->blocks_in_report.value_or(0);
    out.footer_line = report.footer->line_number;
  }
  out.warnings = report.warnings;
}

}  // namespace dsr_internal

SalesReport dsr_to_sales(const DsrReport& report) {
  SalesReport out;
  dsr_internal::fill_sales_header(report, static_cast<std::int64_t>(report.blocks.size()), &out);
  const std::unordered_map<std::string, BlockIndex> blocks = index_blocks(report);
  for (const DsrSaleLine& line : report.sales) {
    if (line.type.starts_with("LI01")) continue;
    auto block = blocks.find(line.block_id);
    out.lines.push_back(
        to_sale_line(report, line, block == blocks.end() ? nullptr : &block->second));
  }
  out.rows = static_cast<std::int64_t>(report.records.size());
  return out;
}

}  // namespace fermata
