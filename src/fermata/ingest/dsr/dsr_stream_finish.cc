// DSR streaming reader: the end of the file. FOOT counts, each summary's
// NetRevenue allocated over its line groups, and the grouped SalesReport.
#include <algorithm>

#include "fermata/base/date.h"
#include "fermata/ingest/dsr/dsr_stream_internal.h"

namespace fermata {

using dsr_internal::dsr_error;
using dsr_stream::Group;

// As allocate_summary in dsr_money.cc, over groups instead of lines: pro rata
// to gross when every line is priced and the gross is positive, else to net
// usages; at the NetRevenue's places (at least the currency's), or at the
// groups' own places when the NetRevenue is exactly their gross.
void DsrStreamReader::State::allocate_summaries() {
  std::vector<std::vector<Group*>> by_summary(meta.summaries.size());
  for (Group& group : groups) {
    if (group.key.basis == dsr_stream::kAllocated) by_summary[group.key.summary - 1].push_back(&group);
  }
  for (std::size_t index = 0; index < by_summary.size(); ++index) {
    const std::vector<Group*>& members = by_summary[index];
    if (members.empty()) continue;
    const DsrSummary& summary = meta.summaries[index];
    const dsr_stream::SummaryMoney& money = summary_money[index];
    const bool by_gross = money.all_priced && money.gross_total.sign() > 0;
    std::vector<Decimal> shares;
    shares.reserve(members.size());
    for (const Group* group : members) shares.push_back(by_gross ? group->gross : group->units);
    int places = dsr_internal::places_of(*summary.net_revenue);
    if (Result<Currency> c = lookup_currency(summary.currency); c && c->minor_digits > places) {
      places = c->minor_digits;
    }
    if (by_gross && money.gross_total == *summary.net_revenue) {
      for (const Group* group : members) {
        places = std::max(places, dsr_internal::places_of(group->gross));
      }
    }
    Result<std::vector<Decimal>> parts = allocate(*summary.net_revenue, shares, places);
    if (!parts) {
      add_error(dsr_error(
          parts.error().code,
          "cannot allocate NetRevenue over the summary's lines: " + parts.error().message,
          file_name, summary.line_number, "NetRevenue", summary.net_revenue->to_string()));
      continue;
    }
    for (std::size_t i = 0; i < members.size(); ++i) members[i]->amount = (*parts)[i];
  }
}

SaleLine DsrStreamReader::State::sale_line_of(const Group& group) const {
  const DsrHeader& h = meta.header;
  const dsr_stream::Ident& resource = resource_idents[group.key.resource];
  const dsr_stream::Ident& release = release_idents[group.key.release];
  const DsrSummary* summary =
      group.key.summary == 0 ? nullptr : &meta.summaries[group.key.summary - 1];
  SaleLine out;
  out.line_number = group.first_line;
  out.isrc = resource.a;
  out.proprietary_id = resource.b;
  out.title = resource.title.empty() ? release.title : resource.title;
  out.artist = resource.artist;
  out.icpn = release.a;
  out.catalog_number = release.b;
  out.store = h.sender_name.empty() ? h.sender_party_id : h.sender_name;
  out.channel = dsr_internal::channel_of(h.profile, summary);
  if (summary != nullptr) {
    out.territory = summary->territory;
    out.currency = summary->currency;
  }
  const dsr_stream::Ident& dates = date_idents[group.key.dates];
  out.sale_start = first_day_of(group.key.dates == 0 ? h.usage_start : dates.a);
  out.sale_end = last_day_of(group.key.dates == 0 ? h.usage_end : dates.b);
  out.units = group.units;
  out.amount = group.amount;
  out.has_amount = group.key.basis != dsr_stream::kNone;
  out.line_count = group.lines;
  out.group_lines = group.line_numbers;
  return out;
}

SalesReport DsrStreamReader::State::finish() {
  if (!partial.empty()) {
    std::string last;
    last.swap(partial);
    on_line(last);
  }
  if (records > 0) {
    judge_previous(true);
  } else {
    add_error(dsr_error(ErrorCode::kParseError, "no records", file_name, 0));
  }
  if (blocks > 0) end_block();
  read_summaries_once();
  meta.physical_lines = line_number;
  if (foot && dsr_internal::is_foot_type(previous_type)) meta.records.push_back(*foot);
  dsr_internal::check_footer(&meta, blocks);
  allocate_summaries();
  if (dropped_errors > 0) {
    meta.errors.push_back(dsr_error(ErrorCode::kParseError,
                                    std::to_string(dropped_errors) + " more errors not listed",
                                    file_name, line_number));
  }
  if (dropped_warnings > 0) {
    meta.warnings.push_back(dsr_error(ErrorCode::kParseError,
                                      std::to_string(dropped_warnings) +
                                          " more warnings not listed",
                                      file_name, line_number));
  }
  SalesReport out;
  dsr_internal::fill_sales_header(meta, blocks, &out);
  out.errors = meta.errors;
  out.grouped = true;
  out.rows = records;
  out.lines.reserve(groups.size());
  for (const Group& group : groups) out.lines.push_back(sale_line_of(group));
  return out;
}

}  // namespace fermata
