// balance, trial-balance and summary: reading the books.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"

namespace fermata::cli {
namespace {

struct BalanceArgs {
  std::string party, kind, as_of, as_known_at;
};

Result<std::vector<AccountBalance>> query(Ledger& ledger, const BalanceArgs& args) {
  BalanceQuery query{args.party, std::nullopt, args.as_of, args.as_known_at};
  if (!args.kind.empty()) {
    FERMATA_ASSIGN_OR_RETURN(AccountKind kind, parse_account_kind(args.kind));
    query.kind = kind;
  }
  return ledger.balances(query);
}

int run_balance(Context& ctx, const BalanceArgs& args) {
  Result<Books> books = open_books_to_read(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<AccountBalance>> balances = query(*books->ledger, args);
  if (!balances) return fail(balances.error());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const AccountBalance& b : *balances) {
      out.push_back({{"account", b.account.name()},
                     {"party", b.account.party},
                     {"kind", account_kind_name(b.account.kind)},
                     {"commodity", b.account.commodity},
                     {"location", b.account.location},
                     {"counterparty", b.account.counterparty},
                     {"balance", b.balance.to_string()}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (balances->empty()) {
    std::cout << "(no nonzero balances)\n";
    return 0;
  }
  Table table{{"account", "balance"}, {false, true}, {}};
  for (const AccountBalance& b : *balances) {
    table.rows.push_back({b.account.name(), b.balance.to_string()});
  }
  print_table(table, std::cout);
  return 0;
}

// Per commodity: debits, credits and their sum, which must be zero.
int run_trial_balance(Context& ctx, const BalanceArgs& args) {
  Result<Books> books = open_books_to_read(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<AccountBalance>> balances = query(*books->ledger, args);
  if (!balances) return fail(balances.error());
  Result<std::vector<CommodityTotals>> totals = trial_balance(*balances);
  if (!totals) return fail(totals.error());
  nlohmann::json out = nlohmann::json::array();
  bool balanced = true;
  for (const CommodityTotals& t : *totals) {
    balanced = balanced && t.net.is_zero();
    out.push_back({{"commodity", t.commodity},
                   {"debits", t.debits.to_string()},
                   {"credits", t.credits.to_string()},
                   {"net", t.net.to_string()}});
  }
  if (ctx.json) {
    std::cout << nlohmann::json{{"balanced", balanced}, {"commodities", out}}.dump(2) << "\n";
  } else {
    Table table{{"commodity", "debits", "credits", "net"}, {false, true, true, true}, {}};
    for (const auto& row : out) {
      table.rows.push_back({row["commodity"].get<std::string>(), row["debits"].get<std::string>(),
                            row["credits"].get<std::string>(), row["net"].get<std::string>()});
    }
    print_table(table, std::cout);
    std::cout << (balanced ? "balanced: every commodity nets to zero\n" : "NOT BALANCED\n");
  }
  return balanced ? 0 : exit_code_for(ErrorCode::kIntegrityBroken);
}

void add_query_options(CLI::App* cmd, BalanceArgs& args, Context& ctx) {
  cmd->add_option("--as-of", args.as_of, "Effective date YYYY-MM-DD (inclusive); default: all");
  cmd->add_option("--as-known-at", args.as_known_at,
                  "What the books said at this recorded time (prefix of an ISO UTC time)");
  cmd->add_flag("--json", ctx.json, "Machine-readable output");
}

}  // namespace

int run_summary(Context& ctx, const std::string& as_of);

void add_balance_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<BalanceArgs>();
  CLI::App* balance = app.add_subcommand("balance", "Balances per account, from postings");
  balance->add_option("--party", args->party, "Only accounts owned by this party");
  balance->add_option("--kind", args->kind, "Only accounts of this kind (cash, trust, ...)");
  add_query_options(balance, *args, ctx);
  balance->callback([&ctx, args] { ctx.exit_code = run_balance(ctx, *args); });

  auto tb_args = std::make_shared<BalanceArgs>();
  CLI::App* tb =
      app.add_subcommand("trial-balance", "Debits and credits per commodity; must net to zero");
  add_query_options(tb, *tb_args, ctx);
  tb->callback([&ctx, tb_args] { ctx.exit_code = run_trial_balance(ctx, *tb_args); });

  auto summary_as_of = std::make_shared<std::string>();
  CLI::App* summary = app.add_subcommand(
      "summary", "Per label: money held for it, owed to it, and its units held by others");
  summary->add_option("--as-of", *summary_as_of, "Effective date YYYY-MM-DD; default: all");
  summary->add_flag("--json", ctx.json, "Machine-readable output");
  summary->callback([&ctx, summary_as_of] { ctx.exit_code = run_summary(ctx, *summary_as_of); });
}

}  // namespace fermata::cli
