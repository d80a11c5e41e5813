// fermata dsr check FILE...: read DDEX DSR reports and say whether they hold
// together, before anything is posted: profile, parties, period, part of a
// multi-file report, record counts, FOOT checks, and per currency the
// summary's revenue against the body's lines. Writes nothing.
// fermata dsr totals FILE...: what they owe per owner and currency.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_stream.h"
#include "fermata/ingest/post/catalog_index.h"
#include "fermata/ingest/post/sales_aggregate.h"
#include "fermata/ingest/source/source.h"
#include "fermata/ingest/source/source_stream.h"

namespace fermata::cli {
namespace {

struct DsrArgs {
  std::vector<std::string> files;
  bool stats = false;
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

// What a report owes per owner and currency against the catalog, without
// posting: read in one streamed pass, matched and summed as the importer
// does. Lines no catalog entry matches are owner "(unmatched)".
int run_dsr_totals(Context& ctx, const DsrArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  const auto start = std::chrono::steady_clock::now();
  Result<CatalogSnapshot> snapshot = books->database->catalog_snapshot();
  if (!snapshot) return fail(snapshot.error());
  const CatalogIndex catalog(*snapshot);
  std::map<std::pair<std::string, std::string>, Decimal> totals;
  std::int64_t lines = 0, bytes = 0;
  for (const std::string& file : args.files) {
    DsrStreamReader reader(std::filesystem::path(file).filename().string());
    Result<StreamedSource> source = stream_source(
        file,
        [&](std::string_view text) -> Status {
          reader.feed(text);
          if (reader.unsupported().empty()) return ok_status();
          return make_error(ErrorCode::kUsage, file + ": not streamed: " + reader.unsupported() +
                                                   "; use `fermata import --dry-run`");
        },
        nullptr, /*hash=*/false);
    if (!source) return fail(source.error());
    std::optional<SalesReport> finished = reader.finish();
    if (!finished) {
      return fail(make_error(ErrorCode::kUsage, file + ": not streamed: " + reader.unsupported() +
                                                    "; use `fermata import --dry-run`"));
    }
    const SalesReport& report = *finished;
    for (const Error& e : report.errors) std::cerr << "rejected: " << e.to_string() << "\n";
    if (!report.ok()) return exit_code_for(report.errors[0].code);
    Result<SalesAggregation> sums =
        aggregate_sales(report, catalog, report.period_end, /*selectors=*/false);
    if (!sums) return fail(sums.error());
    for (const SalesAggregate& agg : sums->aggregates) {
      const std::string owner = agg.match->matched ? agg.match->owner : "(unmatched)";
      Decimal& total = totals[{owner, std::string(agg.currency)}];
      total = total + agg.amount;
    }
    lines += reader.sales_lines_read();
    bytes += source->text_bytes;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "owner,currency,revenue\n";
  for (const auto& [key, total] : totals) {
    std::cout << key.first << "," << key.second << "," << total.to_string() << "\n";
  }
  if (args.stats) {
    std::cerr << lines << " sales lines, " << bytes << " bytes in " << seconds
              << " s: " << static_cast<std::int64_t>(static_cast<double>(lines) / seconds)
              << " sales lines/s, 1 thread\n";
  }
  return 0;
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
  CLI::App* totals = dsr->add_subcommand(
      "totals",
      "What Basic Audio / AudioVisual DSR files owe per owner and currency against the catalog, "
      "read streamed, without posting (CSV on stdout)");
  totals->add_option("files", args->files, "DSR flat files (plain or .gz)")
      ->required()
      ->check(CLI::ExistingFile);
  totals->add_flag("--stats", args->stats, "Sales lines, bytes, seconds and lines/s on stderr");
  totals->callback([&ctx, args] { ctx.exit_code = run_dsr_totals(ctx, *args); });
}

}  // namespace fermata::cli
