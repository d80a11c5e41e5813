// DSR money: summary records, sales-line amounts and the summary/body check.
// The rules per record type are documented in dsr.h ("Money semantics").
#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/ingest/dsr/dsr.h"

#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata::dsr_internal {

// Lines whose amount comes from the summary: priced sales without their own
// revenue cell.
bool is_allocatable(std::string_view type) {
  return type == "SU01" || type == "SU02" || type == "SU04.01" || type == "SR01" || type == "SR02";
}

bool is_sale_type(std::string_view type) {
  const std::string_view p = type.substr(0, 2);
  return (p == "SU" || p == "LI" || p == "RU" || p == "SR") && type != "SRFO";
}

// Fractional digits needed to write `value` exactly (0..12).
int places_of(Decimal value) {
  Int128 raw = value.raw() < 0 ? -value.raw() : value.raw();
  int places = Decimal::kScale;
  if (raw <= std::numeric_limits<std::uint64_t>::max()) {  // Without 128-bit division.
    auto small = static_cast<std::uint64_t>(raw);
    while (places > 0 && small % 10 == 0) {
      small /= 10;
      --places;
    }
    return places;
  }
  while (places > 0 && raw % 10 == 0) {
    raw /= 10;
    --places;
  }
  return places;
}

namespace {

// The first non-empty of several alternative cell names (versions differ).
std::string_view first_of(const DsrRecord& r, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (!r.get(name).empty()) return r.get(name);
  }
  return {};
}

std::optional<Decimal> sum_cell(const DsrRecord& r, std::string_view name, DsrReport* report) {
  if (r.get(name).empty() && (r.find(name) == nullptr || r.find(name)->text().empty())) {
    return std::nullopt;
  }
  return decimal_sum_cell(r, name, report->file_name, &report->errors);
}

std::optional<Decimal> first_sum(const DsrRecord& r, std::initializer_list<std::string_view> names,
                                 DsrReport* report) {
  for (std::string_view name : names) {
    if (r.find(name) != nullptr && !r.find(name)->text().empty()) return sum_cell(r, name, report);
  }
  return std::nullopt;
}

bool add_checked(Decimal* acc, Decimal value, const DsrRecord& r, std::string_view field,
                 DsrReport* report) {
  Result<Decimal> next = acc->checked_add(value);
  if (!next) {
    report->errors.push_back(dsr_error(next.error().code, "total overflows", report->file_name,
                                       r.line_number, field, value.to_string()));
    return false;
  }
  *acc = *next;
  return true;
}

void resolve_summary(DsrSaleLine* line, const DsrRecord& r, DsrReport* report) {
  if (line->summary_record_id.empty()) return;
  for (std::size_t i = 0; i < report->summaries.size(); ++i) {
    if (report->summaries[i].summary_record_id != line->summary_record_id) continue;
    line->summary = i;
    line->currency = report->summaries[i].currency;
    return;
  }
  report->errors.push_back(dsr_error(ErrorCode::kFieldMissing,
                                     "SummaryRecordId names no summary record", report->file_name,
                                     r.line_number, "SummaryRecordId", line->summary_record_id));
}

// Usages minus returns, or NumberOfStreams / Downloads, per record type.
void read_counts(DsrSaleLine* line, const DsrRecord& r, DsrReport* report) {
  line->usages =
      first_sum(r, {"Usages", "NumberOfStreams", "Downloads"}, report).value_or(Decimal());
  line->returns = sum_cell(r, "Returns", report).value_or(Decimal());
  line->price = decimal_cell(r, "PriceConsumerPaidExcSalesTax", report->file_name, &report->errors);
  if (!line->price) return;
  Result<Decimal> net = line->usages.checked_sub(line->returns);
  Result<Decimal> gross = net ? line->price->checked_mul(*net) : net;
  if (!gross) {
    report->errors.push_back(dsr_error(gross.error().code, gross.error().message, report->file_name,
                                       r.line_number, "PriceConsumerPaidExcSalesTax",
                                       line->price->to_string()));
    return;
  }
  line->gross = *gross;
}

void read_line_dates(const DsrRecord& r, DsrReport* report) {
  for (std::string_view name : {"ValidityPeriodStart", "ValidityPeriodEnd"}) {
    const std::string_view text = r.get(name);
    if (text.empty()) continue;
    bool compact = false;
    Result<std::string> date = normalize_dsr_date(text, &compact);
    if (!date || compact) {
      (date ? report->warnings : report->errors)
          .push_back(dsr_error(ErrorCode::kDateInvalid, "expected YYYY[-MM[-DD]]",
                               report->file_name, r.line_number, name, text));
    }
  }
}

DsrSaleLine read_sale_line(std::size_t index, DsrReport* report) {
  const DsrRecord& r = report->records[index];
  DsrSaleLine line;
  line.record_index = index;
  line.line_number = r.line_number;
  line.type = r.type;
  line.block_id = r.get("BlockId");
  line.summary_record_id = r.get("SummaryRecordId");
  line.sales_transaction_id = r.get("SalesTransactionId");
  line.resource_id = first_of(r, {"DspResourceId", "TransactedResource", "DspReleaseId"});
  resolve_summary(&line, r, report);
  read_counts(&line, r, report);
  read_line_dates(r, report);
  if (r.find("NetRevenue") != nullptr) {
    line.amount =
        decimal_cell(r, "NetRevenue", report->file_name, &report->errors).value_or(Decimal());
    line.basis = DsrAmountBasis::kReported;
  } else if (r.find("AllocatedAmount") != nullptr) {
    line.amount =
        decimal_cell(r, "AllocatedAmount", report->file_name, &report->errors).value_or(Decimal());
    line.allocated_net_revenue =
        decimal_cell(r, "AllocatedNetRevenue", report->file_name, &report->errors);
    line.basis = DsrAmountBasis::kReported;
  }
  return line;
}

Decimal or_zero(const Result<Decimal>& value) {
  return value ? *value : Decimal();
}

// Splits the summary's NetRevenue over its lines (see dsr.h).
void allocate_summary(const DsrSummary& s, const std::vector<DsrSaleLine*>& lines,
                      DsrReport* report) {
  bool all_priced = true;
  Decimal gross_total;
  for (const DsrSaleLine* line : lines) {
    all_priced = all_priced && line->gross.has_value();
    if (line->gross) gross_total = or_zero(gross_total.checked_add(*line->gross));
  }
  const bool by_gross = all_priced && gross_total.sign() > 0;
  std::vector<Decimal> shares;
  for (const DsrSaleLine* line : lines) {
    shares.push_back(by_gross ? *line->gross : or_zero(line->usages.checked_sub(line->returns)));
  }
  int places = places_of(*s.net_revenue);
  if (Result<Currency> c = lookup_currency(s.currency); c && c->minor_digits > places) {
    places = c->minor_digits;
  }
  // When the summary is exactly the lines' gross, each line keeps its gross:
  // allocate at the lines' own precision (a total like 0.250 has fewer
  // places than its 0.123 + 0.127 parts).
  if (by_gross && gross_total == *s.net_revenue) {
    for (const DsrSaleLine* line : lines) places = std::max(places, places_of(*line->gross));
  }
  Result<std::vector<Decimal>> parts = allocate(*s.net_revenue, shares, places);
  if (!parts) {
    report->errors.push_back(
        dsr_error(parts.error().code,
                  "cannot allocate NetRevenue over the summary's lines: " + parts.error().message,
                  report->file_name, s.line_number, "NetRevenue", s.net_revenue->to_string()));
    return;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i]->amount = (*parts)[i];
    lines[i]->basis = DsrAmountBasis::kAllocated;
  }
}

}  // namespace

void read_summaries(DsrReport* report) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < report->records.size(); ++i) {
    const DsrRecord& r = report->records[i];
    if (r.type.substr(0, 2) != "SY") continue;
    DsrSummary s;
    s.record_index = i;
    s.line_number = r.line_number;
    s.type = r.type;
    s.summary_record_id = r.get("SummaryRecordId");
    s.commercial_model = first_of(r, {"CommercialModel", "CommercialModelType"});
    s.use_type = r.get("UseType");
    s.territory = r.get("Territory");
    s.service_description = r.get("ServiceDescription");
    s.rights_controller = r.get("RightsController");
    s.currency = first_of(r, {"CurrencyOfReporting", "Currency"});
    s.net_revenue = decimal_cell(r, "NetRevenue", report->file_name, &report->errors);
    s.usages = first_sum(r, {"Usages", "TotalUsages", "UsagesInReportingPeriod", "NumberOfUsages"},
                         report);
    s.allocated_usages = sum_cell(r, "AllocatedUsages", report);
    s.allocated_revenue = sum_cell(r, "AllocatedRevenue", report);
    s.allocated_net_revenue = sum_cell(r, "AllocatedNetRevenue", report);
    if (!s.currency.empty() && !lookup_currency(s.currency)) {
      report->errors.push_back(dsr_error(ErrorCode::kCurrencyUnknown, "unknown ISO 4217 currency",
                                         report->file_name, r.line_number, "CurrencyOfReporting",
                                         s.currency));
    }
    if (!s.summary_record_id.empty() && !ids.insert(s.summary_record_id).second) {
      report->warnings.push_back(
          dsr_error(ErrorCode::kFieldInvalid, "duplicate SummaryRecordId; lines link to the first",
                    report->file_name, r.line_number, "SummaryRecordId", s.summary_record_id));
    }
    report->summaries.push_back(std::move(s));
  }
}

void read_sale_lines(DsrReport* report) {
  for (std::size_t i = 0; i < report->records.size(); ++i) {
    if (!report->records[i].known || !is_sale_type(report->records[i].type)) continue;
    report->sales.push_back(read_sale_line(i, report));
  }
}

void compute_amounts(DsrReport* report) {
  std::map<std::size_t, std::vector<DsrSaleLine*>> by_summary;
  for (DsrSaleLine& line : report->sales) {
    if (!is_allocatable(line.type)) continue;
    if (line.summary && report->summaries[*line.summary].net_revenue) {
      by_summary[*line.summary].push_back(&line);
    } else if (line.gross) {
      line.amount = *line.gross;
      line.basis = DsrAmountBasis::kComputed;
    }
  }
  for (auto& [index, lines] : by_summary) {
    allocate_summary(report->summaries[index], lines, report);
  }
}

void reconcile(DsrReport* report) {
  std::vector<std::string> order;
  std::map<std::string, DsrReconciliation> by_currency;
  auto entry = [&](const std::string& currency) -> DsrReconciliation& {
    if (by_currency.find(currency) == by_currency.end()) {
      order.push_back(currency);
      by_currency[currency].currency = currency;
    }
    return by_currency[currency];
  };
  for (const DsrSummary& s : report->summaries) {
    if (!s.net_revenue) continue;
    add_checked(&entry(s.currency).summary_net_revenue, *s.net_revenue,
                report->records[s.record_index], "NetRevenue", report);
  }
  for (const DsrSaleLine& line : report->sales) {
    if (line.basis == DsrAmountBasis::kNone || line.type.substr(0, 2) == "LI") continue;
    add_checked(&entry(line.currency).body_amount, line.amount, report->records[line.record_index],
                "NetRevenue", report);
  }
  for (const std::string& currency : order) {
    DsrReconciliation& r = by_currency[currency];
    r.difference = or_zero(r.summary_net_revenue.checked_sub(r.body_amount));
    report->reconciliation.push_back(r);
  }
}

}  // namespace fermata::dsr_internal
