// Payment batches: recorded at export, posted when the bank confirms them.
#include <cstdio>
#include <set>
#include <tuple>

#include "fermata/base/sha256.h"
#include "fermata/payment/batch_csv.h"
#include "fermata/payment/exchange.h"
#include "fermata/payment/payment.h"
#include "fermata/royalty/close.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata {
namespace {

std::string batch_name(std::int64_t number) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "PAY-%06lld", static_cast<long long>(number));
  return buffer;
}

Error line_error(ErrorCode code, const std::string& message, const std::string& file,
                 const BatchLine& line, const std::string& field, const std::string& value) {
  return Error{code, message, {file, line.line_number, field, value}};
}

// The exported line a confirmed line must match, field by field.
Status check_against(const BatchLine& confirmed, const BatchLine& exported,
                     const std::string& file) {
  const PaymentProposal& c = confirmed.proposal;
  const PaymentProposal& e = exported.proposal;
  const std::pair<std::string, std::pair<std::string, std::string>> fields[] = {
      {"agreement", {c.agreement_id, e.agreement_id}},
      {"payee", {c.payee, e.payee}},
      {"payer", {c.payer, e.payer}},
      {"currency", {c.currency, e.currency}},
      {"gross", {money_text(c.gross, c.currency), money_text(e.gross, e.currency)}},
      {"withheld", {money_text(c.withheld, c.currency), money_text(e.withheld, e.currency)}},
      {"withholding_rate", {c.withholding_rate.to_string(), e.withholding_rate.to_string()}},
      {"net", {money_text(c.net, c.currency), money_text(e.net, e.currency)}},
      {"fee_settled",
       {money_text(c.fee_settled, c.currency), money_text(e.fee_settled, e.currency)}},
      {"iban", {c.bank.iban, e.bank.iban}},
      {"account", {c.bank.account, e.bank.account}}};
  for (const auto& [field, values] : fields) {
    if (values.first != values.second) {
      return line_error(ErrorCode::kFieldInvalid,
                        field + " differs from batch " + exported.batch_id + " line " +
                            std::to_string(exported.line) + " as exported ('" + values.second +
                            "')",
                        file, confirmed, field, values.first);
    }
  }
  if (confirmed.value_date < exported.value_date) {
    return line_error(ErrorCode::kFieldInvalid,
                      "value_date is before the batch's day " + exported.value_date, file,
                      confirmed, "value_date", confirmed.value_date);
  }
  return ok_status();
}

// A value date inside a period whose statement is issued would change what
// was sent: refused.
Status check_value_date(Database& database, const BatchLine& line, const std::string& file) {
  FERMATA_ASSIGN_OR_RETURN(
      std::string closed,
      closed_period_containing(database, line.proposal.agreement_id, line.value_date));
  if (!closed.empty()) {
    return line_error(ErrorCode::kFieldInvalid,
                      "value_date falls in a closed period (ending " + closed +
                          "); date the payment in an open period",
                      file, line, "value_date", line.value_date);
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<PeriodFigures> figures,
                           agreement_period_figures(database, line.proposal.agreement_id));
  for (const PeriodFigures& f : figures) {
    if (line.value_date < f.start || line.value_date > f.end) continue;
    FERMATA_ASSIGN_OR_RETURN(auto issued,
                             database.royalty_register().find_statement(f.agreement_id, f.name));
    if (issued) {
      return line_error(ErrorCode::kFieldInvalid,
                        "value_date falls in " + f.name + ", whose statement " +
                            statement_number_text(issued->number) +
                            " is issued; date the payment after " + f.end,
                        file, line, "value_date", line.value_date);
    }
  }
  return ok_status();
}

NewTransaction payment_transaction(const BatchLine& line) {
  const PaymentProposal& p = line.proposal;
  const std::string& c = p.currency;
  NewTransaction txn;
  txn.idempotency_key = "pay:" + line.batch_id + ":" + std::to_string(line.line);
  txn.effective_date = line.value_date;
  txn.memo = "Payment " + line.batch_id + "/" + std::to_string(line.line) + " to " + p.payee +
             " under " + p.agreement_id + " (statement " + p.statement_period + ")" +
             (line.bank_reference.empty() ? "" : ", bank reference " + line.bank_reference);
  auto add = [&txn, &c](const std::string& party, AccountKind kind, const std::string& counter,
                        Decimal amount) {
    if (!amount.is_zero()) txn.postings.push_back({{party, kind, c, "", counter}, amount});
  };
  add(p.payee, AccountKind::kPayable, p.payer, p.fee_settled);
  add(p.payee, AccountKind::kTrust, "", -(p.fee_settled + p.withheld + p.net));
  add(p.payer, AccountKind::kReceivable, p.payee, -p.fee_settled);
  add(p.payer, AccountKind::kCash, "", p.fee_settled + p.withheld);
  add(p.payee, AccountKind::kExpense, kWithholdingAuthority, p.withheld);
  add(p.payer, AccountKind::kPayable, kWithholdingAuthority, -p.withheld);
  add(p.payee, AccountKind::kCash, "", p.net);
  return txn;
}

// The trust account must hold what the line takes out of it.
Status check_trust(Ledger& ledger, const BatchLine& line, const std::string& file) {
  const PaymentProposal& p = line.proposal;
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> balances,
                           ledger.balances({p.payee, AccountKind::kTrust, "", ""}));
  Decimal held;
  for (const AccountBalance& b : balances) {
    if (b.account.commodity == p.currency && b.account.counterparty.empty()) held += b.balance;
  }
  const Decimal needed = p.fee_settled + p.withheld + p.net;
  if (held < needed) {
    return line_error(ErrorCode::kFieldInvalid,
                      "the trust account of " + p.payee + " holds " + money_text(held, p.currency) +
                          ", the line takes " + money_text(needed, p.currency) + " (propose again)",
                      file, line, "gross", money_text(p.gross, p.currency));
  }
  return ok_status();
}

Result<PaymentRecord> post_line(Database& database, Ledger& ledger, const BatchLine& line,
                                const std::string& file, const std::string& recorded_at,
                                std::vector<ExchangeDifferenceRecord>& differences) {
  FERMATA_RETURN_IF_ERROR(check_value_date(database, line, file));
  FERMATA_RETURN_IF_ERROR(check_trust(ledger, line, file));
  FERMATA_ASSIGN_OR_RETURN(AppendOutcome outcome, ledger.append(payment_transaction(line)));
  const PaymentProposal& p = line.proposal;
  PaymentRecord record{
      line.batch_id,      line.line,       p.agreement_id,      p.payee,     p.payer,
      p.currency,         p.gross,         p.withheld,          p.net,       p.fee_settled,
      p.withholding_rate, line.value_date, line.bank_reference, outcome.seq, recorded_at,
      ledger.actor()};
  FERMATA_RETURN_IF_ERROR(database.payment_register().put_payment(record));
  FERMATA_ASSIGN_OR_RETURN(
      std::vector<ExchangeDifferenceRecord> settled,
      settle_conversions(database, ledger, line, file, outcome.seq, recorded_at));
  differences.insert(differences.end(), settled.begin(), settled.end());
  return record;
}

// A batch recorded before may be read again only as the same confirmation.
Status check_same_confirmation(const std::vector<BatchLine>& confirmed,
                               const std::vector<PaymentRecord>& recorded,
                               const std::string& file) {
  std::set<std::tuple<std::int64_t, std::string, std::string>> before, now;
  for (const PaymentRecord& p : recorded) before.insert({p.line, p.value_date, p.bank_reference});
  for (const BatchLine& c : confirmed) now.insert({c.line, c.value_date, c.bank_reference});
  if (before == now) return ok_status();
  return line_error(ErrorCode::kExistsWithDifferentContent,
                    "batch " + confirmed.front().batch_id + " was recorded before with " +
                        std::to_string(recorded.size()) +
                        " payments and other lines, dates or references; a correction is a new "
                        "entry",
                    file, confirmed.front(), "batch", confirmed.front().batch_id);
}

}  // namespace

Result<PaymentBatch> record_batch(Database& database, const std::string& on_date,
                                  const std::string& format,
                                  const std::vector<PaymentProposal>& proposals,
                                  const std::string& created_at, const std::string& actor) {
  std::size_t payable = 0;
  for (const PaymentProposal& p : proposals) payable += p.payable() ? 1 : 0;
  if (payable == 0) {
    return make_error(ErrorCode::kFieldInvalid, "nothing is payable on " + on_date,
                      {"", 0, "on", on_date});
  }
  FERMATA_ASSIGN_OR_RETURN(std::int64_t number, database.payment_register().next_batch_number());
  PaymentBatch batch{batch_name(number), on_date, format, "", "", created_at, actor, ""};
  batch.csv = payment_batch_csv(batch.id, on_date, proposals);
  batch.csv_sha256 = sha256_hex(batch.csv);
  FERMATA_RETURN_IF_ERROR(database.payment_register().put_batch(batch));
  return batch;
}

Result<RecordOutcome> record_payments(Database& database, Ledger& ledger, std::string_view csv,
                                      const std::string& file_name,
                                      const std::string& recorded_at) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<BatchLine> confirmed, parse_batch_csv(csv, file_name));
  if (confirmed.empty()) {
    return make_error(ErrorCode::kFieldMissing, "the confirmation lists no payment",
                      {file_name, 2, "batch", ""});
  }
  const std::string batch_id = confirmed.front().batch_id;
  FERMATA_ASSIGN_OR_RETURN(std::vector<PaymentBatch> batches,
                           database.payment_register().batches());
  const PaymentBatch* batch = nullptr;
  for (const PaymentBatch& b : batches) batch = b.id == batch_id ? &b : batch;
  if (!batch) {
    return line_error(ErrorCode::kFieldInvalid, "no payment batch " + batch_id + " was exported",
                      file_name, confirmed.front(), "batch", batch_id);
  }
  FERMATA_ASSIGN_OR_RETURN(auto payments, database.payment_register().payments(""));
  RecordOutcome outcome{batch_id, {}, !batch->recorded_at.empty()};
  for (const PaymentRecord& p : payments) {
    if (p.batch_id == batch_id) outcome.payments.push_back(p);
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<BatchLine> exported, parse_batch_csv(batch->csv, batch_id));
  std::map<std::int64_t, const BatchLine*> by_line;
  for (const BatchLine& e : exported) by_line[e.line] = &e;
  std::set<std::int64_t> seen;
  for (const BatchLine& c : confirmed) {
    const auto e = by_line.find(c.line);
    if (c.batch_id != batch_id || e == by_line.end() || !seen.insert(c.line).second) {
      return line_error(ErrorCode::kFieldInvalid,
                        "not a line of batch " + batch_id + " (or listed twice)", file_name, c,
                        "line", std::to_string(c.line));
    }
    FERMATA_RETURN_IF_ERROR(check_against(c, *e->second, file_name));
  }
  if (outcome.already_recorded) {
    FERMATA_RETURN_IF_ERROR(check_same_confirmation(confirmed, outcome.payments, file_name));
    return outcome;
  }
  for (const BatchLine& c : confirmed) {
    FERMATA_ASSIGN_OR_RETURN(PaymentRecord r, post_line(database, ledger, c, file_name, recorded_at,
                                                        outcome.exchange_differences));
    outcome.payments.push_back(std::move(r));
  }
  FERMATA_RETURN_IF_ERROR(
      database.payment_register().put_batch_recorded(batch_id, recorded_at, ledger.actor()));
  return outcome;
}

}  // namespace fermata
