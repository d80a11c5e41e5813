// DSR streaming reader: the end of the file. FOOT counts, each summary's
// NetRevenue allocated over its line groups, and the grouped SalesReport.
#include <algorithm>
#include <span>

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
    if (group.key.basis() == dsr_stream::kAllocated) {
      by_summary[group.key.summary - 1].push_back(&group);
    }
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
    // A line's negative share stops parse_dsr()'s split; the same error here
    // (allocate() of that share alone), though its group's share may be positive.
    const std::optional<Decimal>& negative =
        by_gross ? money.first_negative_gross : money.first_negative_units;
    Result<std::vector<Decimal>> parts =
        negative ? allocate(*summary.net_revenue, std::span(&*negative, 1), places)
                 : allocate(*summary.net_revenue, shares, places);
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

// The groups and their tables (sales.h). Summaries that agree on store,
// channel, territory and currency share one context.
SaleGroups DsrStreamReader::State::sale_groups() {
  const DsrHeader& h = meta.header;
  SaleGroups out;
  for (std::uint32_t i = 0; i < resource_idents.size(); ++i) {
    const dsr_stream::Ident& r = resource_idents[i];
    out.resources.push_back(SaleResource{r.a, r.b, r.title, r.artist});
  }
  for (std::uint32_t i = 0; i < release_idents.size(); ++i) {
    const dsr_stream::Ident& r = release_idents[i];
    out.releases.push_back(SaleRelease{r.a, r.b, r.title});
  }
  // Periods by their dates: a line's own period equal to the HEAD's is the same period.
  std::vector<std::uint32_t> period_of(date_idents.size());
  for (std::uint32_t i = 0; i < date_idents.size(); ++i) {
    const dsr_stream::Ident& d = date_idents[i];
    SalePeriod period{first_day_of(i == 0 ? h.usage_start : d.a),
                      last_day_of(i == 0 ? h.usage_end : d.b)};
    auto it = std::find_if(out.periods.begin(), out.periods.end(), [&](const SalePeriod& p) {
      return p.start == period.start && p.end == period.end;
    });
    period_of[i] = static_cast<std::uint32_t>(it - out.periods.begin());
    if (it == out.periods.end()) out.periods.push_back(std::move(period));
  }
  const std::string store = h.sender_name.empty() ? h.sender_party_id : h.sender_name;
  std::vector<std::uint32_t> context_of(meta.summaries.size() + 1);
  for (std::size_t i = 0; i <= meta.summaries.size(); ++i) {
    const DsrSummary* summary = i == 0 ? nullptr : &meta.summaries[i - 1];
    SaleContext context{store, dsr_internal::channel_of(h.profile, summary),
                        summary ? summary->territory : "", summary ? summary->currency : ""};
    auto same = [&](const SaleContext& c) {
      return c.channel == context.channel && c.territory == context.territory &&
             c.currency == context.currency;
    };
    auto it = std::find_if(out.contexts.begin(), out.contexts.end(), same);
    context_of[i] = static_cast<std::uint32_t>(it - out.contexts.begin());
    if (it == out.contexts.end()) out.contexts.push_back(std::move(context));
  }
  out.groups.reserve(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const Group& group = groups[i];
    SaleGroup g;
    g.resource = combos[group.key.combo].first;
    g.release = combos[group.key.combo].second;
    g.context = context_of[group.key.summary];
    g.period = period_of[group.key.dates()];
    g.first_line = group_first_line[i];
    g.line_count = group.lines;
    g.units = group.units;
    g.amount = group.amount;
    g.has_amount = group.key.basis() != dsr_stream::kNone;
    if (options.keep_line_numbers) g.lines = std::move(group_line_numbers[i]);
    out.groups.push_back(std::move(g));
  }
  return out;
}

SalesReport DsrStreamReader::State::finish() {
  if (!partial.empty()) {
    std::string last;
    last.swap(partial);
    read_last_line(std::move(last));
  }
  if (records > 0) {
    judge_previous(true);
  } else {
    add_error(dsr_error(ErrorCode::kParseError, "no records", file_name, 0));
  }
  if (blocks > 0) end_block();
  add_sales_to_groups();
  read_summaries_once();
  meta.physical_lines = line_number;
  if (foot && records > 0 && dsr_internal::is_foot_type(*previous_name)) {
    meta.records.push_back(*foot);
  }
  dsr_internal::check_footer(&meta, blocks);
  allocate_summaries();
  if (dropped_errors > 0) {
    meta.errors.push_back(dsr_error(ErrorCode::kParseError,
                                    std::to_string(dropped_errors) + " more errors not listed",
                                    file_name, line_number));
  }
  if (dropped_warnings > 0) {
    meta.warnings.push_back(dsr_error(
        ErrorCode::kParseError, std::to_string(dropped_warnings) + " more warnings not listed",
        file_name, line_number));
  }
  SalesReport out;
  out.grouped = true;
  out.rows = records;
  if (meta.errors.empty()) {
    dsr_internal::fill_sales_header(meta, blocks, &out);
    out.groups = sale_groups();
    return out;
  }
  // Rejected: what names the report, nothing derived from its (possibly
  // invalid) dates, as the importer's rejected whole-file report.
  out.format = "dsr";
  out.identity = "dsr|" + meta.report_id;
  out.part_number = meta.part_number;
  out.part_count = meta.part_count;
  out.errors = meta.errors;
  out.warnings = meta.warnings;
  return out;
}

}  // namespace fermata
