// DSR structure: HEAD, summary records, blocks, FOOT, and the FOOT counts.
#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata {
namespace dsr_internal {

bool is_head_type(std::string_view type) {
  return type == "HEAD" || type == "FHEA";
}
bool is_foot_type(std::string_view type) {
  return type == "FOOT" || type == "SRFO" || type == "FFOO";
}

// The spec for HEAD, decided from its own cells: "dsrf/…" in cell 1 means the
// standard layout, anything else the legacy short HEAD of the fixtures.
const RecordSpec* head_spec(std::string_view line, std::string_view type) {
  bool in_profile = false;
  if (type == "FHEA") return find_spec("FHEA", DsrProfile::kLegacy, "", &in_profile);
  std::vector<std::string_view> raw = split_unescaped(line, '\t');
  if (raw.size() > 1 && raw[1].substr(0, 5) == "dsrf/") {
    return find_spec("HEAD", DsrProfile::kUnknown, "", &in_profile);
  }
  return &legacy_head_spec();
}

void read_head_dates(const DsrRecord& head, DsrReport* report) {
  for (std::string_view name : {"UsageStartDate", "UsageEndDate"}) {
    const std::string_view text = head.get(name);
    if (text.empty()) continue;
    bool compact = false;
    Result<std::string> date = normalize_dsr_date(text, &compact);
    std::vector<Error>& sink = date && compact ? report->warnings : report->errors;
    if (!date || compact) {
      sink.push_back(dsr_error(ErrorCode::kDateInvalid, "expected YYYY[-MM[-DD]]",
                               report->file_name, head.line_number, name, text));
    }
    std::string value = date ? *date : std::string(text);
    (name == "UsageStartDate" ? report->header.usage_start : report->header.usage_end) = value;
  }
}

void read_head(const DsrRecord& head, DsrReport* report) {
  DsrHeader& h = report->header;
  h.line_number = head.line_number;
  h.record_type = head.type;
  h.message_version = head.get("MessageVersion");
  h.profile_name = head.get("Profile");
  h.profile_version = head.get("ProfileVersion");
  h.message_id = head.get("MessageId");
  h.created = head.get("MessageCreatedDateTime");
  h.profile = head.type == "FHEA" ? DsrProfile::kLegacy : profile_from_name(h.profile_name);
  h.file_number = count_cell(head, "FileNumber", report).value_or(0);
  h.number_of_files = count_cell(head, "NumberOfFiles", report).value_or(0);
  h.sender_party_id = head.get("SenderPartyId");
  h.sender_name = head.get("SenderName");
  h.service_description = head.get("ServiceDescription");
  h.recipient_party_id = head.get("RecipientPartyId");
  h.recipient_name = head.get("RecipientName");
  if (const DsrCell* cell = head.find("RepresentedRepertoire")) {
    h.represented_repertoire = cell->values;
  }
  if (h.profile == DsrProfile::kUnknown) {
    report->errors.push_back(dsr_error(ErrorCode::kFieldInvalid, "unknown DSR profile",
                                       report->file_name, head.line_number, "Profile",
                                       h.profile_name));
  }
  read_head_dates(head, report);
}

// True when the HEAD names a profile version newer than the tables, whose
// records may carry appended cells.
bool newer_version(const DsrHeader& h) {
  const std::string_view v = h.profile_version;
  return h.profile != DsrProfile::kLegacy && !v.empty() && v != "1.0" && v != "1.1" && v != "1.2";
}

}  // namespace dsr_internal

namespace {

using dsr_internal::dsr_error;
using dsr_internal::is_foot_type;
using dsr_internal::is_head_type;

void warn(DsrReport* report, const DsrRecord& record, std::string message) {
  report->warnings.push_back(dsr_error(ErrorCode::kParseError, std::move(message),
                                       report->file_name, record.line_number, "RecordType",
                                       record.type));
}

void lex_one(const dsr_internal::PhysicalLine& line, DsrReport* report) {
  const std::vector<std::string_view> first = dsr_internal::split_unescaped(line.text, '\t');
  const std::string type = dsr_internal::unescape(first[0]);
  const bool head = is_head_type(type) && report->records.empty();
  bool in_profile = true;
  const dsr_internal::RecordSpec* spec =
      head ? dsr_internal::head_spec(line.text, type)
           : dsr_internal::find_spec(type, report->header.profile, report->header.profile_version,
                                     &in_profile);
  DsrRecord record = dsr_internal::lex_record(line.text, line.number, spec);
  if (head) dsr_internal::read_head(record, report);
  if (spec == nullptr) {
    warn(report, record, "unknown record type " + type + "; kept as a raw record");
  } else {
    if (spec->profiles == dsr_internal::kProfileLegacy || spec->type == "SY02.01") {
      warn(report, record, "legacy record layout " + type + " accepted");
    } else if (!in_profile) {
      const DsrHeader& h = report->header;
      warn(report, record,
           type + " is not defined for " +
               (h.profile_name.empty() ? std::string("this profile")
                                       : h.profile_name + " " + h.profile_version));
    }
    dsr_internal::check_record_cells(record, *spec, report->file_name,
                                     dsr_internal::newer_version(report->header), &report->errors);
  }
  report->records.push_back(std::move(record));
}

bool is_block_record(const DsrRecord& record) {
  return record.known && !record.cells.empty() && record.cells[0].name == "BlockId";
}

void group_blocks(DsrReport* report) {
  std::set<std::string> seen;
  bool body_started = false;
  for (std::size_t i = 0; i < report->records.size(); ++i) {
    const DsrRecord& record = report->records[i];
    if (record.type.substr(0, 2) == "SY" && body_started) {
      report->errors.push_back(dsr_error(ErrorCode::kParseError,
                                         "summary record after the first block", report->file_name,
                                         record.line_number, "RecordType", record.type));
    }
    if (!is_block_record(record)) continue;
    body_started = true;
    const std::string id(record.get("BlockId"));
    if (report->blocks.empty() || report->blocks.back().block_id != id) {
      if (!seen.insert(id).second) {
        report->errors.push_back(dsr_error(ErrorCode::kParseError,
                                           "BlockId repeats after another block", report->file_name,
                                           record.line_number, "BlockId", id));
      }
      report->blocks.push_back(DsrBlock{id, record.line_number, record.line_number, {}});
    }
    report->blocks.back().last_line = record.line_number;
    report->blocks.back().record_indices.push_back(i);
  }
}

void check_order(DsrReport* report) {
  const std::vector<DsrRecord>& records = report->records;
  if (records.empty()) {
    report->errors.push_back(dsr_error(ErrorCode::kParseError, "no records", report->file_name, 0));
    return;
  }
  if (!is_head_type(records.front().type)) {
    report->errors.push_back(dsr_error(ErrorCode::kParseError, "the first record must be HEAD",
                                       report->file_name, records.front().line_number, "RecordType",
                                       records.front().type));
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const bool last = i + 1 == records.size();
    const DsrRecord& r = records[i];
    if ((i > 0 && is_head_type(r.type)) || (!last && is_foot_type(r.type)) ||
        (last && !is_foot_type(r.type))) {
      report->errors.push_back(
          dsr_error(ErrorCode::kParseError,
                    last ? "the last record must be FOOT or SRFO" : "HEAD/FOOT out of place",
                    report->file_name, r.line_number, "RecordType", r.type));
    }
  }
}

}  // namespace

namespace dsr_internal {
void check_footer(DsrReport* report, std::int64_t blocks);
}  // namespace dsr_internal

DsrReport parse_dsr(std::string_view bytes, std::string_view file_name) {
  DsrReport report;
  report.file_name = std::string(file_name);
  report.name = parse_dsr_file_name(file_name);
  const std::vector<dsr_internal::PhysicalLine> lines = dsr_internal::split_physical_lines(bytes);
  report.physical_lines = static_cast<std::int64_t>(lines.size());
  for (const dsr_internal::PhysicalLine& line : lines) {
    if (!line.text.empty() && line.text[0] == '#') {
      ++report.comment_lines;
    } else if (line.text.empty()) {
      report.warnings.push_back(
          dsr_error(ErrorCode::kParseError, "blank line", report.file_name, line.number));
    } else {
      lex_one(line, &report);
    }
  }
  check_order(&report);
  group_blocks(&report);
  dsr_internal::read_summaries(&report);
  dsr_internal::check_footer(&report, static_cast<std::int64_t>(report.blocks.size()));
  dsr_internal::read_sale_lines(&report);
  dsr_internal::compute_amounts(&report);
  dsr_internal::reconcile(&report);
  return report;
}

}  // namespace fermata
