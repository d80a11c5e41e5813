// journal show and void: one transaction, and its reversal.
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"

namespace fermata::cli {
namespace {

nlohmann::json txn_json(const StoredTransaction& t) {
  nlohmann::json postings = nlohmann::json::array();
  for (const Posting& p : t.content.postings) {
    postings.push_back({{"account", p.account.name()}, {"amount", p.amount.to_string()}});
  }
  return {{"seq", t.seq},
          {"key", t.content.idempotency_key},
          {"effective_date", t.content.effective_date},
          {"recorded_at", t.recorded_at},
          {"actor", t.actor},
          {"memo", t.content.memo},
          {"source",
           {{"sha256", t.content.source.document_sha256}, {"lines", t.content.source.line_ranges}}},
          {"voids", t.content.voids_seq},
          {"content_sha256", t.content_sha256},
          {"prev_sha256", t.prev_sha256},
          {"sha256", t.sha256},
          {"postings", postings}};
}

void print_txn(const StoredTransaction& t) {
  std::cout << "transaction " << t.seq << "  " << t.content.effective_date << "  " << t.content.memo
            << "\n"
            << "  key:         " << t.content.idempotency_key << "\n"
            << "  recorded:    " << t.recorded_at << " by " << t.actor << "\n";
  if (!t.content.source.document_sha256.empty()) {
    std::cout << "  source:      sha256 " << t.content.source.document_sha256 << " lines "
              << t.content.source.line_ranges << "\n";
  }
  if (t.content.voids_seq != 0) std::cout << "  voids:       " << t.content.voids_seq << "\n";
  std::cout << "  sha256:      " << t.sha256 << "\n";
  for (const Posting& p : t.content.postings) {
    std::cout << "    " << p.account.name() << "  " << p.amount.to_string() << "\n";
  }
}

int run_show(Context& ctx, std::int64_t seq) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<StoredTransaction> txn = books->ledger->get(seq);
  if (!txn) return fail(txn.error());
  if (ctx.json) {
    std::cout << txn_json(*txn).dump(2) << "\n";
  } else {
    print_txn(*txn);
  }
  return 0;
}

struct VoidArgs {
  std::int64_t seq = 0;
  std::string reason;
  std::string date;
};

int run_void(Context& ctx, const VoidArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Ledger& ledger = *books->ledger;
  if (Status begun = ledger.begin_write(); !begun) return fail(begun.error());
  Result<AppendOutcome> outcome = ledger.void_transaction(args.seq, args.reason, args.date);
  if (!outcome) {
    ledger.rollback();
    return fail(outcome.error());
  }
  if (Status committed = ledger.commit(); !committed) return fail(committed.error());
  if (outcome->status == AppendStatus::kAlreadyExists) {
    std::cout << "transaction " << args.seq << " was already voided by transaction " << outcome->seq
              << "; nothing changed\n";
  } else {
    std::cout << "voided transaction " << args.seq << " with reversing transaction " << outcome->seq
              << "\n";
  }
  return 0;
}

}  // namespace

void add_journal_commands(CLI::App& app, Context& ctx) {
  CLI::App* journal = app.add_subcommand("journal", "Inspect transactions");
  journal->require_subcommand(1);
  CLI::App* show = journal->add_subcommand("show", "Show one transaction with its hashes");
  auto seq = std::make_shared<std::int64_t>(0);
  show->add_option("txn", *seq, "Transaction number")->required();
  show->add_flag("--json", ctx.json, "Machine-readable output");
  show->callback([&ctx, seq] { ctx.exit_code = run_show(ctx, *seq); });

  auto args = std::make_shared<VoidArgs>();
  CLI::App* void_cmd =
      app.add_subcommand("void", "Reverse a transaction with a new, exactly opposite one");
  void_cmd->add_option("txn", args->seq, "Transaction number")->required();
  void_cmd->add_option("--reason", args->reason, "Why (kept in the memo)")->required();
  void_cmd->add_option("--date", args->date,
                       "Effective date of the reversal (default: original's)");
  void_cmd->callback([&ctx, args] { ctx.exit_code = run_void(ctx, *args); });
}

}  // namespace fermata::cli
