// The ISO 20022 pain.001.001.03 rendering of a payment batch (pugixml).
#include <pugixml.hpp>

#include <set>
#include <sstream>

#include "fermata/payment/payment.h"

namespace fermata {
namespace {

constexpr const char* kNamespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

void text(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(value.c_str());
}

// Max140Text and friends: the schema's length limits.
std::string clip(const std::string& value, std::size_t limit) {
  return value.size() <= limit ? value : value.substr(0, limit);
}

Result<std::string> amount_text(Decimal amount, const std::string& currency) {
  FERMATA_ASSIGN_OR_RETURN(Currency c, lookup_currency(currency));
  return amount.to_fixed(c.minor_digits);
}

// An account: IBAN, else the account number as "other".
void account(pugi::xml_node parent, const char* name, const BankAccount& bank) {
  pugi::xml_node id = parent.append_child(name).append_child("Id");
  if (!bank.iban.empty()) {
    text(id, "IBAN", bank.iban);
  } else {
    text(id.append_child("Othr"), "Id", bank.account);
  }
}

// The bank: its BIC, else its US ABA routing number as a clearing member.
void agent(pugi::xml_node parent, const char* name, const BankAccount& bank) {
  pugi::xml_node fin = parent.append_child(name).append_child("FinInstnId");
  if (!bank.bic.empty()) {
    text(fin, "BIC", bank.bic);
  } else {
    pugi::xml_node member = fin.append_child("ClrSysMmbId");
    text(member.append_child("ClrSysId"), "Cd", "USABA");
    text(member, "MmbId", bank.routing);
  }
}

Status transfer(pugi::xml_node info, const std::string& batch_id, std::int64_t line,
                const PaymentProposal& p) {
  if (p.bank.iban.empty() && p.bank.account.empty()) {
    return make_error(ErrorCode::kFieldMissing,
                      "payee " + p.payee + " has no bank account: it cannot be paid",
                      {"", 0, "bank", p.payee});
  }
  pugi::xml_node tx = info.append_child("CdtTrfTxInf");
  text(tx.append_child("PmtId"), "EndToEndId", batch_id + "-" + std::to_string(line));
  FERMATA_ASSIGN_OR_RETURN(std::string amount, amount_text(p.net, p.currency));
  pugi::xml_node instructed = tx.append_child("Amt").append_child("InstdAmt");
  instructed.append_attribute("Ccy").set_value(p.currency.c_str());
  instructed.text().set(amount.c_str());
  agent(tx, "CdtrAgt", p.bank);
  text(tx.append_child("Cdtr"), "Nm", clip(p.payee_name.empty() ? p.payee : p.payee_name, 140));
  account(tx, "CdtrAcct", p.bank);
  text(tx.append_child("RmtInf"), "Ustrd",
       clip("Royalties " + p.agreement_id + " statement " + p.statement_period, 140));
  return ok_status();
}

// The sum of the net amounts of `lines`, as the schema's decimal text.
Result<std::string> control_sum(const std::vector<const PaymentProposal*>& lines) {
  Decimal sum;
  for (const PaymentProposal* p : lines) sum += p->net;
  return sum.to_string();
}

struct Block {
  std::vector<const PaymentProposal*> lines;
  std::vector<std::int64_t> numbers;
};

Status payment_information(pugi::xml_node root, const std::string& batch_id,
                           const std::string& payer, const std::string& currency,
                           const Block& block, const std::string& on_date,
                           const PainParty& debtor) {
  pugi::xml_node info = root.append_child("PmtInf");
  text(info, "PmtInfId", clip(batch_id + "-" + payer + "-" + currency, 35));
  text(info, "PmtMtd", "TRF");
  text(info, "NbOfTxs", std::to_string(block.lines.size()));
  FERMATA_ASSIGN_OR_RETURN(std::string sum, control_sum(block.lines));
  text(info, "CtrlSum", sum);
  text(info, "ReqdExctnDt", on_date);
  text(info.append_child("Dbtr"), "Nm", clip(debtor.name, 140));
  account(info, "DbtrAcct", debtor.bank);
  agent(info, "DbtrAgt", debtor.bank);
  for (std::size_t i = 0; i < block.lines.size(); ++i)
    FERMATA_RETURN_IF_ERROR(transfer(info, batch_id, block.numbers[i], *block.lines[i]));
  return ok_status();
}

}  // namespace

Result<std::string> payment_batch_pain001(const std::string& batch_id, const std::string& on_date,
                                          const std::string& created_at,
                                          const std::map<std::string, PainParty>& debtors,
                                          const std::vector<PaymentProposal>& proposals) {
  // Per payer and currency, lines numbered as in the batch CSV.
  std::map<std::pair<std::string, std::string>, Block> blocks;
  std::vector<const PaymentProposal*> all;
  std::int64_t line = 0;
  for (const PaymentProposal& p : proposals) {
    if (!p.payable()) continue;
    if (!debtors.contains(p.payer)) {
      return make_error(ErrorCode::kFieldMissing,
                        "payer " + p.payer +
                            " has no payee record with a bank account: a pain.001 file names the "
                            "account it pays from (fermata payee add)",
                        {"", 0, "payer", p.payer});
    }
    Block& block = blocks[{p.payer, p.currency}];
    block.lines.push_back(&p);
    block.numbers.push_back(++line);
    all.push_back(&p);
  }
  std::set<std::string> payers;
  for (const PaymentProposal* p : all) payers.insert(p->payer);
  if (payers.size() > 1) {
    std::string names;
    for (const std::string& payer : payers) names += (names.empty() ? "" : ", ") + payer;
    return make_error(ErrorCode::kFieldInvalid,
                      "a pain.001 file is initiated by one payer; this batch pays from " + names +
                          ": export one batch per payer (--payer)",
                      {"", 0, "--payer", ""});
  }
  if (all.empty()) {
    return make_error(ErrorCode::kFieldInvalid, "the batch has no payment",
                      {"", 0, "batch", batch_id});
  }
  const PainParty& initiator = debtors.at(all.front()->payer);
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node document = doc.append_child("Document");
  document.append_attribute("xmlns").set_value(kNamespace);
  pugi::xml_node root = document.append_child("CstmrCdtTrfInitn");
  pugi::xml_node header = root.append_child("GrpHdr");
  text(header, "MsgId", batch_id);
  text(header, "CreDtTm", created_at.substr(0, 19));
  text(header, "NbOfTxs", std::to_string(all.size()));
  FERMATA_ASSIGN_OR_RETURN(std::string sum, control_sum(all));
  text(header, "CtrlSum", sum);
  text(header.append_child("InitgPty"), "Nm", clip(initiator.name, 140));
  for (const auto& [key, block] : blocks) {
    FERMATA_RETURN_IF_ERROR(payment_information(root, batch_id, key.first, key.second, block,
                                                on_date, debtors.at(key.first)));
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace fermata
