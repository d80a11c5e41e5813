// FOOT/SRFO integrity counts, the file-name convention and the report identity.
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata {
namespace {

using dsr_internal::dsr_error;

bool is_foot(std::string_view type) {
  return type == "FOOT" || type == "SRFO" || type == "FFOO";
}

void compare(const DsrFooter& footer, std::string_view field, std::optional<std::int64_t> stated,
             std::int64_t actual, std::string_view what, DsrReport* report) {
  if (!stated || *stated == actual) return;
  report->errors.push_back(
      dsr_error(ErrorCode::kIntegrityBroken,
                footer.record_type + " " + std::string(field) + " says " + std::to_string(*stated) +
                    " but the file has " + std::to_string(actual) + " " + std::string(what) +
                    " (line " + std::to_string(footer.line_number) + ")",
                report->file_name, footer.line_number, field, std::to_string(*stated)));
}

void read_footer(const DsrRecord& foot, DsrReport* report) {
  DsrFooter f;
  f.line_number = foot.line_number;
  f.record_type = foot.type;
  if (foot.type == "FFOO") {
    f.lines_in_file = dsr_internal::count_cell(foot, "NumberOfLines", report);
  } else if (foot.type == "SRFO") {
    f.lines_in_report = dsr_internal::count_cell(foot, "NumberOfLinesInReport", report);
    f.summary_records = dsr_internal::count_cell(foot, "NumberOfSummaryRecords", report);
  } else {
    f.lines_in_file = dsr_internal::count_cell(foot, "NumberOfLinesInFile", report);
    f.lines_in_report = dsr_internal::count_cell(foot, "NumberOfLinesInReport", report);
    f.summary_records = dsr_internal::count_cell(foot, "NumberOfSummaryRecords", report);
    f.blocks_in_file = dsr_internal::count_cell(foot, "NumberOfBlocksInFile", report);
    f.blocks_in_report = dsr_internal::count_cell(foot, "NumberOfBlocksInReport", report);
  }
  report->footer = f;
}

void set_identity(DsrReport* report) {
  const DsrFileName& n = report->name;
  const DsrHeader& h = report->header;
  report->part_number = h.file_number > 0 ? h.file_number : (n.parsed ? n.file_number : 1);
  report->part_count =
      h.number_of_files > 0 ? h.number_of_files : (n.parsed ? n.number_of_files : 1);
  if (n.parsed) {
    report->report_id = n.sender + "|" + n.recipient + "|" + n.service + "|" + n.period + "|" +
                        n.territory + "|" + std::to_string(n.number_of_files);
  } else {
    report->report_id = h.sender_party_id + "|" + h.recipient_party_id + "|" +
                        h.service_description + "|" + h.usage_start + "--" + h.usage_end + "|" +
                        h.message_id + "|" + std::to_string(report->part_count);
  }
  if (!n.parsed || h.line_number == 0) return;
  if ((h.file_number > 0 && h.file_number != n.file_number) ||
      (h.number_of_files > 0 && h.number_of_files != n.number_of_files)) {
    report->errors.push_back(
        dsr_error(ErrorCode::kFieldInvalid,
                  "HEAD file " + std::to_string(h.file_number) + " of " +
                      std::to_string(h.number_of_files) + " disagrees with the file name's " +
                      std::to_string(n.file_number) + "of" + std::to_string(n.number_of_files),
                  report->file_name, h.line_number, "FileNumber", std::to_string(h.file_number)));
  }
}

}  // namespace

DsrFileName parse_dsr_file_name(std::string_view file_name) {
  DsrFileName out;
  const std::size_t slash = file_name.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  for (std::string_view ext : {".gz", ".tsv"}) {
    if (base.size() > ext.size() && base.substr(base.size() - ext.size()) == ext) {
      base.remove_suffix(ext.size());
    }
  }
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= base.size()) {
    std::size_t end = base.find('_', start);
    if (end == std::string_view::npos) end = base.size();
    parts.push_back(base.substr(start, end - start));
    start = end + 1;
  }
  if (parts.size() != 8 || parts[0] != "DSR") return out;
  const std::string_view xofy = parts[6];
  const std::size_t of = xofy.find("of");
  if (of == std::string_view::npos) return out;
  std::optional<std::int64_t> x = dsr_internal::parse_count(xofy.substr(0, of));
  std::optional<std::int64_t> y = dsr_internal::parse_count(xofy.substr(of + 2));
  if (!x || !y || *x < 1 || *x > *y) return out;
  out = DsrFileName{true,
                    std::string(parts[1]),
                    std::string(parts[2]),
                    std::string(parts[3]),
                    std::string(parts[4]),
                    std::string(parts[5]),
                    std::string(parts[7]),
                    *x,
                    *y};
  return out;
}

namespace dsr_internal {

void check_footer(DsrReport* report, std::int64_t blocks) {
  set_identity(report);
  if (report->records.empty() || !is_foot(report->records.back().type)) return;
  read_footer(report->records.back(), report);
  const DsrFooter& f = *report->footer;
  const auto summaries = static_cast<std::int64_t>(report->summaries.size());
  if (f.record_type == "FFOO") {
    compare(f, "NumberOfLines", f.lines_in_file, report->physical_lines, "lines", report);
    return;
  }
  compare(f, "NumberOfLinesInFile", f.lines_in_file, report->physical_lines, "lines", report);
  compare(f, "NumberOfSummaryRecords", f.summary_records, summaries, "summary records", report);
  compare(f, "NumberOfBlocksInFile", f.blocks_in_file, blocks, "blocks", report);
  if (report->part_count == 1) {
    compare(f, "NumberOfLinesInReport", f.lines_in_report, report->physical_lines, "lines", report);
    compare(f, "NumberOfBlocksInReport", f.blocks_in_report, blocks, "blocks", report);
  }
}

}  // namespace dsr_internal
}  // namespace fermata
