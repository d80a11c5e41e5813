// The general-ledger CSV writer (format described in export.h).
//
// Streamed row by row; RFC 4180 throughout (CRLF line ends, fields quoted
// only when they must be), which is what spreadsheet and accounting imports
// expect.
#include "fermata/export/export.h"

namespace fermata {
namespace {

constexpr std::string_view kHeader =
    "seq,effective_date,recorded_at,key,memo,account,party,kind,commodity,location,"
    "counterparty,debit,credit,source_sha256,source_lines";

Status WriteRows(const StoredTransaction& txn, std::ostream& out) {
  const NewTransaction& content = txn.content;
  for (const Posting& posting : content.postings) {
    const AccountRef& account = posting.account;
    std::string debit;
    std::string credit;
    if (posting.amount.is_negative()) {
      FERMATA_ASSIGN_OR_RETURN(Decimal magnitude, posting.amount.CheckedNegate());
      credit = magnitude.ToString();
    } else {
      debit = posting.amount.ToString();
    }
    out << txn.seq << ',' << CsvField(content.effective_date) << ',' << CsvField(txn.recorded_at)
        << ',' << CsvField(content.idempotency_key) << ',' << CsvField(content.memo) << ','
        << CsvField(account.Name()) << ',' << CsvField(account.party) << ','
        << AccountKindName(account.kind) << ',' << CsvField(account.commodity) << ','
        << CsvField(account.location) << ',' << CsvField(account.counterparty) << ',' << debit
        << ',' << credit << ',' << CsvField(content.source.document_sha256) << ','
        << CsvField(content.source.line_ranges) << "\r\n";
  }
  return OkStatus();
}

}  // namespace

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Status WriteGeneralLedgerCsv(Ledger& ledger, LedgerStorage& storage, std::ostream& out) {
  FERMATA_ASSIGN_OR_RETURN(ChainTip tip, storage.Tip());
  out << kHeader << "\r\n";
  for (std::int64_t seq = 1; seq <= tip.seq; ++seq) {
    FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, ledger.Get(seq));
    FERMATA_RETURN_IF_ERROR(WriteRows(txn, out));
  }
  out.flush();
  if (!out) return MakeError(ErrorCode::kIoError, "writing the general-ledger CSV failed");
  return OkStatus();
}

}  // namespace fermata
