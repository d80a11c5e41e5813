// fermata dsr check FILE...: read DDEX DSR reports and say whether they hold
// together, before anything is posted: profile, parties, period, part of a
// multi-file report, record counts, FOOT checks, and per currency the
// summary's revenue against the body's lines. Writes nothing.
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/source/source.h"

namespace fermata::cli {
namespace {

struct DsrArgs {
  std::vector<std::string> files;
};

nlohmann::json errors_json(const std::vector<Error>& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const Error& e : errors) {
    out.push_back({{"code", error_code_name(e.code)},
                   {"line", e.where.line_number},
                   {"field", e.where.field},
                   {"value", e.where.value},
                   {"message", e.message}});
  }
  return out;
}

nlohmann::json report_json(const DsrReport& r) {
  nlohmann::json money = nlohmann::json::array();
  for (const DsrReconciliation& c : r.reconciliation) {
    money.push_back({{"currency", c.currency},
                     {"summary_net_revenue", c.summary_net_revenue.to_string()},
                     {"body_amount", c.body_amount.to_string()},
                     {"difference", c.difference.to_string()}});
  }
  return {{"file", r.file_name},
          {"ok", r.ok()},
          {"profile", r.header.profile_name + " " + r.header.profile_version},
          {"sender", r.header.sender_party_id},
          {"recipient", r.header.recipient_party_id},
          {"period", r.header.usage_start + ".." + r.header.usage_end},
          {"report_id", r.report_id},
          {"part", r.part_number},
          {"parts", r.part_count},
          {"records", r.records.size()},
          {"blocks", r.blocks.size()},
          {"summaries", r.summaries.size()},
          {"sale_lines", r.sales.size()},
          {"reconciliation", money},
          {"errors", errors_json(r.errors)},
          {"warnings", r.warnings.size()}};
}

void print_report(const DsrReport& r) {
  std::cout << r.file_name << ": " << (r.ok() ? "ok" : "REJECTED") << "\n"
            << "  " << r.header.profile_name << " " << r.header.profile_version << ", "
            << r.header.sender_party_id << " -> " << r.header.recipient_party_id << ", "
            << r.header.usage_start << ".." << r.header.usage_end << ", part " << r.part_number
            << " of " << r.part_count << "\n"
            << "  " << r.records.size() << " records, " << r.blocks.size() << " blocks, "
            << r.summaries.size() << " summaries, " << r.sales.size() << " sale lines, "
            << r.warnings.size() << " warnings\n";
  for (const DsrReconciliation& c : r.reconciliation) {
    std::cout << "  " << c.currency << ": summary " << c.summary_net_revenue.to_string()
              << ", body " << c.body_amount.to_string() << ", difference "
              << c.difference.to_string() << "\n";
  }
  for (const Error& e : r.errors) std::cerr << "rejected: " << e.to_string() << "\n";
}

int run_dsr_check(Context& ctx, const DsrArgs& args) {
  nlohmann::json all = nlohmann::json::array();
  int exit_code = 0;
  for (const std::string& file : args.files) {
    Result<std::vector<SourceDocument>> documents = read_source(file, TextEncoding::kAuto);
    if (!documents) return fail(documents.error());
    for (const SourceDocument& document : *documents) {
      const DsrReport report = parse_dsr(document.text, document.path);
      if (ctx.json) {
        all.push_back(report_json(report));
      } else {
        print_report(report);
      }
      if (!report.ok() && exit_code == 0) exit_code = exit_code_for(report.errors[0].code);
    }
  }
  if (ctx.json) std::cout << all.dump(2) << "\n";
  return exit_code;
}

}  // namespace

void add_dsr_commands(CLI::App& app, Context& ctx) {
  CLI::App* dsr = app.add_subcommand("dsr", "DDEX DSR sales reports");
  dsr->require_subcommand(1);
  auto args = std::make_shared<DsrArgs>();
  CLI::App* check = dsr->add_subcommand(
      "check", "Parse DSR files (plain, .gz, .zip) and check they hold together; writes nothing");
  check->add_option("files", args->files, "DSR flat files")->required()->check(CLI::ExistingFile);
  check->add_flag("--json", ctx.json, "Machine-readable output");
  check->callback([&ctx, args] { ctx.exit_code = run_dsr_check(ctx, *args); });
}

}  // namespace fermata::cli
