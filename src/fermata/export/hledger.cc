// The hledger journal writer (format described in export.h).
//
// The journal is streamed: transactions are written as they are read, and the
// declarations hledger's --strict mode wants (commodity, account) come after
// them, since hledger applies them to the whole file wherever they stand. Only
// `decimal-mark` must come first, before any amount is parsed.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "fermata/export/export.h"

namespace fermata {
namespace {

// Ids may hold ':' (which would split an hledger account) and, if ever
// widened, anything else; %XX keeps names distinct and readable.
std::string encode_segment(std::string_view id) {
  std::string out;
  for (const char c : id) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    if (safe) {
      out += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      out += hex;
    }
  }
  return out;
}

// Text on one journal line: a newline would end the entry early, and in a
// description ';' would start a comment.
std::string one_line(std::string_view text, bool in_description) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    if (in_description && c == ';') c = ',';
  }
  return out;
}

// hledger reads a bare symbol only when it is letters; anything else (the
// ':' and digits of "SKU:CD-001") must be in double quotes, which cannot
// themselves be escaped.
Result<std::string> hledger_commodity(std::string_view commodity) {
  bool letters = !commodity.empty();
  for (const char c : commodity) {
    if (c == '"' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return make_error(ErrorCode::kFieldInvalid,
                        "commodity cannot be written in an hledger journal (quote or control "
                        "character)",
                        {"", 0, "commodity", std::string(commodity)});
    }
    letters = letters && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  }
  if (letters) return std::string(commodity);
  return "\"" + std::string(commodity) + "\"";
}

int fraction_digits(const std::string& text) {
  const std::size_t point = text.find('.');
  return point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
}

// What the transactions used: declared after them, and asserted at the end.
struct Seen {
  std::map<std::string, int> precision;        // hledger commodity -> digits.
  std::map<std::string, AccountRef> accounts;  // Fermata name -> account.
  std::string last_date;
};

// "1.5 USD", recording the digits so the commodity's display keeps them all.
Result<std::string> amount(Decimal value, const std::string& commodity, Seen& seen) {
  FERMATA_ASSIGN_OR_RETURN(std::string symbol, hledger_commodity(commodity));
  const std::string number = value.to_string();
  int& digits = seen.precision[symbol];
  digits = std::max(digits, fraction_digits(number));
  return number + " " + symbol;
}

Status write_transaction(const StoredTransaction& txn, Seen& seen, std::ostream& out) {
  const NewTransaction& content = txn.content;
  out << "\n" << content.effective_date << " (" << txn.seq << ")";
  if (!content.memo.empty()) out << " " << one_line(content.memo, /*in_description=*/true);
  out << "\n    ; key: " << one_line(content.idempotency_key, false) << "\n";
  out << "    ; sha256: " << txn.sha256 << "\n";
  if (content.voids_seq != 0) out << "    ; voids: " << content.voids_seq << "\n";
  if (!content.source.document_sha256.empty()) {
    out << "    ; source: " << content.source.document_sha256 << " lines "
        << one_line(content.source.line_ranges, false) << "\n";
  }
  for (const Posting& posting : content.postings) {
    FERMATA_ASSIGN_OR_RETURN(std::string amount,
                             amount(posting.amount, posting.account.commodity, seen));
    out << "    " << hledger_account_name(posting.account) << "  " << amount << "\n";
    seen.accounts.emplace(posting.account.name(), posting.account);
  }
  seen.last_date = std::max(seen.last_date, content.effective_date);
  return ok_status();
}

// The ledger's own final balances, bounded to what was exported.
Result<std::map<std::string, AccountBalance>> final_balances(Ledger& ledger, LedgerStorage& storage,
                                                             const ChainTip& tip) {
  FERMATA_ASSIGN_OR_RETURN(std::int64_t known_seq, storage.seq_known_at(tip.recorded_at));
  if (known_seq != tip.seq) {
    return make_error(ErrorCode::kStorageBusy,
                      "the ledger changed while it was being exported; export again");
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> balances,
                           ledger.balances({.as_known_at = tip.recorded_at}));
  std::map<std::string, AccountBalance> by_name;
  for (AccountBalance& balance : balances) {
    std::string name = balance.account.name();
    by_name.emplace(std::move(name), std::move(balance));
  }
  return by_name;
}

// One zero posting per account with "= balance": every account that was
// posted to or that the ledger says has a balance, zero balances included.
Status write_assertions(const std::map<std::string, AccountBalance>& balances, Seen& seen,
                        std::ostream& out) {
  for (const auto& [name, balance] : balances) seen.accounts.emplace(name, balance.account);
  std::vector<std::pair<std::string, const AccountRef*>> order;
  for (const auto& [name, ref] : seen.accounts) order.emplace_back(hledger_account_name(ref), &ref);
  // Grouped by hledger account, then commodity; names are unique per pair.
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second->commodity) < std::tie(b.first, b.second->commodity);
  });
  out << "\n" << seen.last_date << " Fermata final balances\n";
  out << "    ; Balances computed by Fermata; hledger checks them against the postings.\n";
  for (const auto& [hledger_name, ref] : order) {
    const auto found = balances.find(ref->name());
    const Decimal balance = found == balances.end() ? Decimal() : found->second.balance;
    FERMATA_ASSIGN_OR_RETURN(std::string zero, amount(Decimal(), ref->commodity, seen));
    FERMATA_ASSIGN_OR_RETURN(std::string asserted, amount(balance, ref->commodity, seen));
    out << "    " << hledger_name << "  " << zero << " = " << asserted << "\n";
  }
  return ok_status();
}

void write_declarations(const Seen& seen, std::ostream& out) {
  out << "\n; Declarations for `hledger check --strict`; display keeps every digit.\n";
  for (const auto& [symbol, digits] : seen.precision) {
    out << "commodity 1000." << std::string(static_cast<std::size_t>(digits), '0') << " " << symbol
        << "\n";
  }
  std::set<std::string> names;
  for (const auto& [name, ref] : seen.accounts) names.insert(hledger_account_name(ref));
  for (const std::string& name : names) out << "account " << name << "\n";
}

}  // namespace

std::string hledger_account_name(const AccountRef& ref) {
  std::string name =
      "parties:" + encode_segment(ref.party) + ":" + std::string(account_kind_name(ref.kind));
  if (!ref.location.empty()) name += ":at-" + encode_segment(ref.location);
  if (!ref.counterparty.empty()) name += ":with-" + encode_segment(ref.counterparty);
  return name;
}

Status write_hledger_journal(Ledger& ledger, LedgerStorage& storage, std::ostream& out) {
  FERMATA_ASSIGN_OR_RETURN(ChainTip tip, storage.tip());
  out << "; Fermata ledger export: transactions 1.." << tip.seq << ", chain tip sha256 "
      << tip.sha256 << "\n";
  out << "; Check with: hledger -f FILE check --strict\n";
  // Amounts never use digit groups; this makes "1.234" unambiguous.
  out << "decimal-mark .\n";
  if (tip.seq > 0) {
    Seen seen;
    for (std::int64_t seq = 1; seq <= tip.seq; ++seq) {
      FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, ledger.get(seq));
      FERMATA_RETURN_IF_ERROR(write_transaction(txn, seen, out));
    }
    FERMATA_ASSIGN_OR_RETURN(auto balances, final_balances(ledger, storage, tip));
    FERMATA_RETURN_IF_ERROR(write_assertions(balances, seen, out));
    write_declarations(seen, out);
  }
  out.flush();
  if (!out) return make_error(ErrorCode::kIoError, "writing the hledger journal failed");
  return ok_status();
}

}  // namespace fermata
