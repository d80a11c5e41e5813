// Export: the ledger written out for other tools, exactly.
//
// Two formats, both covering every transaction from seq 1 to the chain tip:
//  - an hledger journal (plain-text accounting; read by hledger 1.25), ending
//    with a balance assertion for every account at the balance the ledger
//    itself computes, so `hledger -f FILE check` independently re-adds every
//    posting and fails if any account disagrees;
//  - a general-ledger CSV (one row per posting, RFC 4180) for an accounting
//    package.
// Amounts are written with Decimal::to_string: exact, up to 12 fractional
// digits, never rounded. hledger compares assertions at full precision.
//
// hledger names (docs for users of the journal):
//   account   "L0001:trust:USD" -> "parties:L0001:trust"; a location adds
//             ":at-<id>", a counterparty ":with-<id>". The commodity is not
//             part of the name: hledger accounts hold several commodities and
//             each assertion names its commodity ("=" checks that one only).
//             Characters outside [A-Za-z0-9._-] in ids become %XX, so
//             distinct accounts never share a name.
//   commodity "USD" as is; "SKU:CD-001" quoted as "\"SKU:CD-001\"".
//   memo      the description; ';' (which would start a comment) becomes ','
//             and control characters become spaces. The exact memo is in the
//             CSV.
//
// A snapshot: both writers read the tip first and export seq 1..tip. The
// journal's assertions use balances "as known at" the tip's recorded time;
// if another process appended in the same instant the export fails with
// storage_busy rather than write assertions that do not match its postings.
//
// Thread safety: as for Ledger (one thread at a time per Ledger/storage).
//
//   FERMATA_RETURN_IF_ERROR(write_hledger_journal(ledger, db->ledger_storage(), out));
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "fermata/base/csv_field.h"  // csv_field, used by the GL CSV.
#include "fermata/base/result.h"
#include "fermata/ledger/ledger.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {

// Writes the hledger journal for seq 1..tip to `out`. An empty ledger gives
// only the header. Errors: storage errors, storage_busy (see above),
// field_invalid (a commodity hledger cannot quote), io_error (stream failed).
Status write_hledger_journal(Ledger& ledger, LedgerStorage& storage, std::ostream& out);

// Writes the general-ledger CSV for seq 1..tip: a header line, then one row
// per posting in seq and posting order, lines ending CRLF (RFC 4180). Columns:
//   seq,effective_date,recorded_at,key,memo,account,party,kind,commodity,
//   location,counterparty,debit,credit,source_sha256,source_lines
// `account` is AccountRef::name(); debit holds a positive (or zero) amount,
// credit the magnitude of a negative one; the other is empty.
// Errors: storage errors, decimal_overflow, io_error (stream failed).
Status write_general_ledger_csv(Ledger& ledger, LedgerStorage& storage, std::ostream& out);

// The hledger account name of `ref`, e.g. "parties:L0001:inventory:at-W1".
std::string hledger_account_name(const AccountRef& ref);

}  // namespace fermata
