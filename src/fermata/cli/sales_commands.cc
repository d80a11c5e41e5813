// fermata receivables / unmatched / rematch: what stores still owe, and the
// money nobody could be matched to yet.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/ingest/drill.h"
#include "fermata/ingest/post/receivables.h"
#include "fermata/ingest/post/rematch.h"
#include "fermata/ingest/post/sales_aggregate.h"
#include "fermata/storage/archive.h"

namespace fermata::cli {
namespace {

int run_receivables(Context& ctx) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<PayerReceivable>> rows = payer_receivables(*books->database, *books->ledger);
  if (!rows) return fail(rows.error());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const PayerReceivable& r : *rows) {
      out.push_back({{"payer", r.payer},
                     {"period", r.period},
                     {"currency", r.currency},
                     {"reported", r.reported.to_string()},
                     {"received", r.received.to_string()},
                     {"outstanding", r.outstanding.to_string()}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table{{"payer", "period", "currency", "reported", "received", "outstanding"},
              {false, false, false, true, true, true},
              {}};
  for (const PayerReceivable& r : *rows) {
    table.rows.push_back({r.payer, r.period, r.currency, r.reported.to_fixed(2),
                          r.received.to_fixed(2), r.outstanding.to_fixed(2)});
  }
  print_table(table, std::cout);
  return 0;
}

// Suspense grouped by identifier: what to add to the catalog first.
struct UnmatchedGroup {
  std::string kind, identifier, title, artist, currency;
  Decimal amount, units;
  std::int64_t entries = 0;
  std::vector<std::int64_t> imports;
};

std::vector<UnmatchedGroup> group_unmatched(const std::vector<UnmatchedRecord>& records) {
  std::map<std::tuple<std::string, std::string, std::string>, UnmatchedGroup> groups;
  for (const UnmatchedRecord& u : records) {
    UnmatchedGroup& g = groups[{u.identifier_kind, u.identifier, u.currency}];
    if (g.entries == 0)
      g = UnmatchedGroup{u.identifier_kind, u.identifier, u.title, u.artist, u.currency,
                         Decimal(),         Decimal(),    0,       {}};
    g.amount += u.amount;
    g.units += u.units;
    ++g.entries;
    if (g.imports.empty() || g.imports.back() != u.import_id) g.imports.push_back(u.import_id);
  }
  std::vector<UnmatchedGroup> out;
  for (auto& [key, group] : groups) out.push_back(std::move(group));
  return out;
}

int run_unmatched(Context& ctx) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<UnmatchedRecord>> open = open_unmatched(*books->database);
  if (!open) return fail(open.error());
  const std::vector<UnmatchedGroup> groups = group_unmatched(*open);
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const UnmatchedGroup& g : groups) {
      out.push_back({{"identifier_kind", g.kind},
                     {"identifier", g.identifier},
                     {"title", g.title},
                     {"artist", g.artist},
                     {"currency", g.currency},
                     {"amount", g.amount.to_string()},
                     {"units", g.units.to_string()},
                     {"entries", g.entries},
                     {"imports", g.imports}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table{{"identifier", "title", "artist", "currency", "amount", "units", "entries"},
              {false, false, false, false, true, true, true},
              {}};
  for (const UnmatchedGroup& g : groups) {
    table.rows.push_back({g.kind + " " + g.identifier, g.title, g.artist, g.currency,
                          g.amount.to_string(), g.units.to_string(), std::to_string(g.entries)});
  }
  print_table(table, std::cout);
  return 0;
}

int run_rematch(Context& ctx, bool dry_run) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Ledger& ledger = *books->ledger;
  if (Status begun = ledger.begin_write(); !begun) return fail(begun.error());
  Result<RematchOutcome> outcome =
      rematch(*books->database, ledger, utc_now_micros().substr(0, 10));
  if (!outcome || dry_run) {
    ledger.rollback();
    if (!outcome) return fail(outcome.error());
  } else if (Status committed = ledger.commit(); !committed) {
    return fail(committed.error());
  }
  for (const auto& [entry, owner] : outcome->moves) {
    std::cout << entry.identifier_kind << " " << entry.identifier << ": "
              << entry.amount.to_string() << " " << entry.currency << " moved from suspense to "
              << owner << "\n";
  }
  std::cout << (dry_run ? "dry run, nothing written: " : "") << outcome->moved
            << " suspense entries moved, " << outcome->still_unmatched << " still unmatched\n";
  return 0;
}

nlohmann::json amounts_json(const std::map<std::string, Decimal>& amounts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, amount] : amounts) out[key] = amount.to_string();
  return out;
}

nlohmann::json drill_json(std::int64_t seq, const DrillResult& result) {
  nlohmann::json lines = nlohmann::json::array();
  for (const DrillLine& l : result.lines) {
    nlohmann::json numbers = nlohmann::json::array();
    for (std::int64_t n : l.line.group_lines) numbers.push_back(n);
    if (numbers.empty()) numbers.push_back(l.line.line_number);
    lines.push_back({{"line", l.line.line_number},
                     {"line_numbers", numbers},
                     {"currency", l.line.currency},
                     {"amount", l.line.amount.to_string()},
                     {"units", l.line.units.to_string()},
                     {"raw", l.raw}});
  }
  nlohmann::json out{{"transaction", seq},
                     {"file", result.path},
                     {"format", result.format},
                     {"lines", lines},
                     {"line_sum", amounts_json(result.line_sum)},
                     {"posted", amounts_json(result.posted)},
                     {"agrees", result.agrees}};
  if (!result.line_units.empty() || !result.posted_units.empty()) {
    out["line_units"] = amounts_json(result.line_units);
    out["posted_units"] = amounts_json(result.posted_units);
    if (result.format == "count") out["books_units"] = amounts_json(result.expected_units);
  }
  return out;
}

void print_drill_lines(const DrillResult& result) {
  for (const DrillLine& l : result.lines) {
    if (l.line.group_lines.size() > 1) {
      std::cout << "  lines " << line_ranges(l.line.group_lines) << " (one group of "
                << l.line.group_lines.size() << ")  " << l.line.amount.to_string() << " "
                << l.line.currency << "\n";
      std::string_view raw = l.raw;
      while (!raw.empty()) {
        const std::size_t end = raw.find('\n');
        std::cout << "    " << raw.substr(0, end) << "\n";
        raw = end == std::string_view::npos ? "" : raw.substr(end + 1);
      }
      continue;
    }
    std::cout << "  line " << l.line.line_number << "  ";
    if (result.line_units.empty()) {
      std::cout << l.line.amount.to_string() << " " << l.line.currency << "  ";
    }
    std::cout << l.raw << "\n";
  }
}

int run_drill(Context& ctx, std::int64_t seq) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<DrillResult> result = drill(*books->database, *books->ledger,
                                     SourceArchive::for_database(ctx.db_path).directory(), seq);
  if (!result) return fail(result.error());
  if (ctx.json) {
    std::cout << drill_json(seq, *result).dump(2) << "\n";
  } else {
    std::cout << "transaction " << seq << " from " << result->path << " (" << result->format
              << ", lines " << result->transaction.content.source.line_ranges << ")\n";
    print_drill_lines(*result);
    const char* verdict = result->agrees ? "agree" : "DISAGREE";
    if (result->format == "count") {
      std::cout << "counted " << amounts_json(result->line_units).dump() << " less the books at "
                << "the cut-off " << amounts_json(result->expected_units).dump()
                << "; adjustment posted " << amounts_json(result->posted_units).dump() << ": "
                << verdict << "\n";
    } else if (!result->line_units.empty() || !result->posted_units.empty()) {
      std::cout << "lines name " << amounts_json(result->line_units).dump() << "; moved "
                << amounts_json(result->posted_units).dump() << ": " << verdict << "\n";
    } else {
      std::cout << "lines sum to " << amounts_json(result->line_sum).dump() << "; posted "
                << amounts_json(result->posted).dump() << ": " << verdict << "\n";
    }
  }
  return result->agrees ? 0 : exit_code_for(ErrorCode::kIntegrityBroken);
}

}  // namespace

void add_sales_commands(CLI::App& app, Context& ctx) {
  auto drill_seq = std::make_shared<std::int64_t>(0);
  CLI::App* drill_cmd = app.add_subcommand(
      "drill", "Re-derive a posted aggregate from its archived source lines and check the sum");
  drill_cmd->add_option("txn", *drill_seq, "Transaction number")->required();
  drill_cmd->add_flag("--json", ctx.json, "Machine-readable output");
  drill_cmd->callback([&ctx, drill_seq] { ctx.exit_code = run_drill(ctx, *drill_seq); });

  CLI::App* receivables = app.add_subcommand(
      "receivables", "Per payer and reporting period: reported, received and outstanding");
  receivables->add_flag("--json", ctx.json, "Machine-readable output");
  receivables->callback([&ctx] { ctx.exit_code = run_receivables(ctx); });

  CLI::App* unmatched = app.add_subcommand(
      "unmatched", "Sales money in suspense, grouped by the identifier the catalog lacks");
  unmatched->add_flag("--json", ctx.json, "Machine-readable output");
  unmatched->callback([&ctx] { ctx.exit_code = run_unmatched(ctx); });

  auto dry_run = std::make_shared<bool>(false);
  CLI::App* rematch_cmd = app.add_subcommand(
      "rematch", "Move suspense to its owners now that the catalog knows their identifiers");
  rematch_cmd->add_flag("--dry-run", *dry_run, "Show what would move, write nothing");
  rematch_cmd->callback([&ctx, dry_run] { ctx.exit_code = run_rematch(ctx, *dry_run); });
}

}  // namespace fermata::cli
