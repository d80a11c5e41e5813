// fermata pay propose|export|record and fermata aging (payment/payment.h).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/payment/payment.h"
#include "fermata/royalty/records.h"

namespace fermata::cli {
namespace {

struct PayArgs {
  std::string on, format = "csv", out, file, as_of, payer;
};

// The proposals on `on`, only `payer`'s when one is named.
Result<std::vector<PaymentProposal>> proposals_of(Books& books, const std::string& on,
                                                  const std::string& payer) {
  FERMATA_ASSIGN_OR_RETURN(auto proposals, propose_payments(*books.database, *books.ledger, on));
  if (!payer.empty())
    std::erase_if(proposals, [&](const PaymentProposal& p) { return p.payer != payer; });
  return proposals;
}

std::string today() {
  return utc_now_micros().substr(0, 10);
}

Status check_day(const std::string& day, const char* option) {
  if (is_iso_date(day)) return ok_status();
  return make_error(ErrorCode::kDateInvalid, std::string(option) + " needs a date YYYY-MM-DD",
                    {"", 0, option, day});
}

nlohmann::json proposal_json(const PaymentProposal& p) {
  return {{"agreement", p.agreement_id},
          {"payee", p.payee},
          {"payee_name", p.payee_name},
          {"payer", p.payer},
          {"currency", p.currency},
          {"statement", p.statement_period},
          {"statement_date", p.statement_date},
          {"due", p.due.to_string()},
          {"held", p.held.to_string()},
          {"fee_settled", p.fee_settled.to_string()},
          {"gross", p.gross.to_string()},
          {"withheld", p.withheld.to_string()},
          {"withholding_rate", p.withholding_rate.to_string()},
          {"withholding_reason", p.withholding_reason},
          {"withholding_flagged", p.withholding_flagged},
          {"net", p.net.to_string()},
          {"status", p.status}};
}

void print_proposals(const std::vector<PaymentProposal>& proposals) {
  Table table{{"agreement", "payee", "cur", "statement", "due", "held", "fees settled", "gross",
               "withheld", "net", "status"},
              {false, false, false, false, true, true, true, true, true, true, false},
              {}};
  for (const PaymentProposal& p : proposals) {
    const std::string& c = p.currency;
    table.rows.push_back({p.agreement_id, p.payee, c,
                          p.statement_period + " (due " + p.statement_date + ")",
                          money_text(p.due, c), money_text(p.held, c), money_text(p.fee_settled, c),
                          money_text(p.gross, c),
                          money_text(p.withheld, c) + " " + percent_text(p.withholding_rate) +
                              (p.withholding_flagged ? " [" + p.withholding_reason + "]" : ""),
                          money_text(p.net, c), p.status});
  }
  print_table(table, std::cout);
}

int run_propose(Context& ctx, const PayArgs& args) {
  const std::string on = args.on.empty() ? today() : args.on;
  if (Status day = check_day(on, "--on"); !day) return fail(day.error());
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<PaymentProposal>> proposals = proposals_of(*books, on, args.payer);
  if (!proposals) return fail(proposals.error());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const PaymentProposal& p : *proposals) out.push_back(proposal_json(p));
    std::cout << nlohmann::json{{"on", on}, {"proposals", out}}.dump(2) << "\n";
    return 0;
  }
  print_proposals(*proposals);
  return 0;
}

// The payers' own bank accounts, from their payee records.
Result<std::map<std::string, PainParty>> debtors(Database& database) {
  FERMATA_ASSIGN_OR_RETURN(auto payees, load_payees(database));
  std::map<std::string, PainParty> out;
  for (const auto& [party, payee] : payees) {
    if (payee.bank) out[party] = PainParty{payee.legal_name, *payee.bank};
  }
  return out;
}

Status write_file(const std::string& path, const std::string& body) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << body;
  out.close();
  if (!out)
    return make_error(ErrorCode::kIoError, "cannot write '" + path + "'", {path, 0, "", ""});
  return ok_status();
}

Result<std::string> export_batch(Books& books, const PayArgs& args, const std::string& on) {
  FERMATA_ASSIGN_OR_RETURN(auto proposals, proposals_of(books, on, args.payer));
  const std::string created_at = utc_now_micros();
  FERMATA_ASSIGN_OR_RETURN(
      PaymentBatch batch,
      record_batch(*books.database, on, args.format, proposals, created_at, books.ledger->actor()));
  std::string body = batch.csv;
  if (args.format == "pain001") {
    FERMATA_ASSIGN_OR_RETURN(auto accounts, debtors(*books.database));
    FERMATA_ASSIGN_OR_RETURN(body,
                             payment_batch_pain001(batch.id, on, created_at, accounts, proposals));
  }
  FERMATA_RETURN_IF_ERROR(write_file(args.out, body));
  std::string worksheet = args.out;
  if (args.format == "pain001") {
    // The batch CSV goes next to the bank file: the worksheet the bank's
    // confirmation is recorded from.
    worksheet = std::filesystem::path(args.out).replace_extension(".csv").string();
    FERMATA_RETURN_IF_ERROR(write_file(worksheet, batch.csv));
  }
  std::size_t lines = 0;
  for (const PaymentProposal& p : proposals) lines += p.payable() ? 1 : 0;
  return batch.id + ": " + std::to_string(lines) + " payments on " + on + " written to " +
         args.out + " (" + args.format + "); fill in value dates and bank references in " +
         worksheet + " and record it with `fermata pay record`";
}

int run_export(Context& ctx, const PayArgs& args) {
  const std::string on = args.on.empty() ? today() : args.on;
  if (Status day = check_day(on, "--on"); !day) return fail(day.error());
  if (args.format != "csv" && args.format != "pain001") {
    return fail(make_error(ErrorCode::kFieldInvalid, "--format is csv or pain001",
                           {"", 0, "--format", args.format}));
  }
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  if (Status begun = books->ledger->begin_write(); !begun) return fail(begun.error());
  Result<std::string> done = export_batch(*books, args, on);
  if (!done) {
    books->ledger->rollback();
    return fail(done.error());
  }
  if (Status committed = books->ledger->commit(); !committed) return fail(committed.error());
  std::cout << *done << "\n";
  return 0;
}

int run_record(Context& ctx, const PayArgs& args) {
  Result<std::string> text = read_text_file(args.file);
  if (!text) return fail(text.error());
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Ledger& ledger = *books->ledger;
  if (Status begun = ledger.begin_write(); !begun) return fail(begun.error());
  Result<RecordOutcome> outcome =
      record_payments(*books->database, ledger, *text, args.file, utc_now_micros());
  if (!outcome) {
    ledger.rollback();
    return fail(outcome.error());
  }
  if (Status committed = ledger.commit(); !committed) return fail(committed.error());
  if (outcome->already_recorded) {
    std::cout << args.file << ": batch " << outcome->batch_id
              << " already recorded; nothing changed\n";
    return 0;
  }
  for (const PaymentRecord& p : outcome->payments) {
    std::cout << "  " << p.batch_id << "/" << p.line << " " << p.payee << " "
              << money_text(p.net, p.currency) << " " << p.currency << " paid, "
              << money_text(p.withheld, p.currency) << " withheld, "
              << money_text(p.fee_settled, p.currency) << " fees settled (txn " << p.txn_seq
              << ")\n";
  }
  for (const ExchangeDifferenceRecord& d : outcome->exchange_differences) {
    std::cout << "  " << d.batch_id << "/" << d.line << " exchange difference "
              << money_text(d.amount, d.currency) << " " << d.currency << " borne by " << d.borne_by
              << ": " << d.base_currency << " " << money_text(d.base, d.base_currency) << " at "
              << d.recognised_rate.to_string() << " = " << money_text(d.recognised, d.currency)
              << ", at " << d.paid_rate.to_string() << " on " << d.value_date << " = "
              << money_text(d.paid, d.currency) << " (txn " << d.txn_seq << ")\n";
  }
  std::cout << args.file << ": batch " << outcome->batch_id << " recorded, "
            << outcome->payments.size() << " payments\n";
  return 0;
}

void print_aging(const std::vector<AgingRow>& rows) {
  Table table{{"agreement", "payee", "cur"}, {false, false, false}, {}};
  for (const char* bucket : kAgingBuckets) {
    table.headers.push_back(bucket);
    table.right_aligned.push_back(true);
  }
  table.headers.insert(table.headers.end(), {"total", "oldest unpaid"});
  table.right_aligned.insert(table.right_aligned.end(), {true, false});
  for (const AgingRow& r : rows) {
    std::vector<std::string> cells = {r.agreement_id, r.payee, r.currency};
    for (const char* bucket : kAgingBuckets) {
      const auto b = r.buckets.find(bucket);
      cells.push_back(b == r.buckets.end() ? "" : money_text(b->second, r.currency));
    }
    cells.push_back(money_text(r.total, r.currency));
    cells.push_back(r.oldest_unpaid);
    table.rows.push_back(std::move(cells));
  }
  print_table(table, std::cout);
}

int run_aging(Context& ctx, const PayArgs& args) {
  const std::string as_of = args.as_of.empty() ? today() : args.as_of;
  if (Status day = check_day(as_of, "--as-of"); !day) return fail(day.error());
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<AgingRow>> rows = payment_aging(*books->database, as_of);
  if (!rows) return fail(rows.error());
  if (!ctx.json) {
    print_aging(*rows);
    return 0;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const AgingRow& r : *rows) {
    nlohmann::json buckets = nlohmann::json::object();
    for (const auto& [bucket, amount] : r.buckets) buckets[bucket] = amount.to_string();
    out.push_back({{"agreement", r.agreement_id},
                   {"payee", r.payee},
                   {"currency", r.currency},
                   {"buckets", buckets},
                   {"total", r.total.to_string()},
                   {"oldest_unpaid", r.oldest_unpaid}});
  }
  std::cout << nlohmann::json{{"as_of", as_of}, {"aging", out}}.dump(2) << "\n";
  return 0;
}

}  // namespace

void add_payment_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<PayArgs>();
  CLI::App* pay = app.add_subcommand("pay", "Pay licensors what their statements say is due");
  pay->require_subcommand(1);
  CLI::App* propose = pay->add_subcommand(
      "propose", "List what is due and payable per agreement and currency (writes nothing)");
  propose->add_option("--on", args->on, "Payment day (default today)");
  propose->add_option("--payer", args->payer, "Only what this payer pays");
  propose->add_flag("--json", ctx.json, "Machine-readable output");
  propose->callback([&ctx, args] { ctx.exit_code = run_propose(ctx, *args); });
  CLI::App* exp = pay->add_subcommand(
      "export", "Record a batch of the payable proposals and write its bank file");
  exp->add_option("--on", args->on, "Payment day (default today)");
  exp->add_option("--payer", args->payer, "Only what this payer pays (one payer per pain.001)");
  exp->add_option("--format", args->format, "csv (default) or pain001 (ISO 20022)");
  exp->add_option("--out", args->out, "Bank file to write")->required();
  exp->callback([&ctx, args] { ctx.exit_code = run_export(ctx, *args); });
  CLI::App* record = pay->add_subcommand(
      "record", "Post the bank's confirmation of a batch (its CSV, value dates and references)");
  record->add_option("file", args->file, "The confirmed batch CSV")->required();
  record->callback([&ctx, args] { ctx.exit_code = run_record(ctx, *args); });

  CLI::App* aging = app.add_subcommand("aging", "What is owed to each payee, by age");
  aging->add_option("--as-of", args->as_of, "Day to age from (default today)");
  aging->add_flag("--json", ctx.json, "Machine-readable output");
  aging->callback([&ctx, args] { ctx.exit_code = run_aging(ctx, *args); });
}

}  // namespace fermata::cli
