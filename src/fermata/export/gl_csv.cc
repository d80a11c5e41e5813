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

Status write_rows(const StoredTransaction& txn, std::ostream& out) {
  const NewTransaction& content = txn.content;
  for (const Posting& posting : content.postings) {
    const AccountRef& account = posting.account;
    std::string debit;
    std::string credit;
    if (posting.amount.is_negative()) {
      FERMATA_ASSIGN_OR_RETURN(Decimal magnitude, posting.amount.checked_negate());
      credit = magnitude.to_string();
    } else {
      debit = posting.amount.to_string();
    }
    out << txn.seq << ',' << csv_field(content.effective_date) << ',' << csv_field(txn.recorded_at)
        << ',' << csv_field(content.idempotency_key) << ',' << csv_field(content.memo) << ','
        << csv_field(account.name()) << ',' << csv_field(account.party) << ','
        << account_kind_name(account.kind) << ',' << csv_field(account.commodity) << ','
        << csv_field(account.location) << ',' << csv_field(account.counterparty) << ',' << debit
        << ',' << credit << ',' << csv_field(content.source.document_sha256) << ','
        << csv_field(content.source.line_ranges) << "\r\n";
  }
  return ok_status();
}

}  // namespace

Status write_general_ledger_csv(Ledger& ledger, LedgerStorage& storage, std::ostream& out) {
  FERMATA_ASSIGN_OR_RETURN(ChainTip tip, storage.tip());
  out << kHeader << "\r\n";
  for (std::int64_t seq = 1; seq <= tip.seq; ++seq) {
    FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, ledger.get(seq));
    FERMATA_RETURN_IF_ERROR(write_rows(txn, out));
  }
  out.flush();
  if (!out) return make_error(ErrorCode::kIoError, "writing the general-ledger CSV failed");
  return ok_status();
}

}  // namespace fermata
