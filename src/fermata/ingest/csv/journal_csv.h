// Journal CSV: manual transactions (opening balances, payments, adjustments).
//
// Columns (order free; location and counterparty may be left out):
//   key            transaction key chosen by the user; consecutive rows with
//                  the same key form one transaction, which needs >= 2 rows.
//                  A key that reappears after another key is an error.
//   effective_date YYYY-MM-DD, the same on every row of a transaction.
//   memo           free text; rows after the first may leave it empty,
//                  otherwise it must equal the first row's.
//   party          party id owning the account (e.g. "L0001").
//   kind           account kind: cash, receivable, payable, trust, escrow,
//                  reserve, fee_income, expense, suspense, rounding, external,
//                  inventory.
//   commodity      ISO 4217 code ("EUR"), or "SKU:<sku>" for units of a
//                  product; SKU commodities only on inventory and external
//                  accounts, and inventory accounts hold only SKUs.
//   location       optional: warehouse party id for inventory postings.
//   counterparty   optional: party id on the other side (e.g. an artist).
//   amount         signed decimal ("-12.50"); whole for SKU commodities.
//
// Balance is not checked here (the ledger does it when the transaction is
// built). Every bad row and every short or split transaction is reported; a
// transaction with any bad row is left out of `entries`.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/money/money.h"

namespace fermata {

struct JournalPosting {
  std::string party;
  std::string kind;          // One of the account kind names above.
  std::string commodity;     // "EUR" or "SKU:CD-001".
  std::string location;      // May be empty.
  std::string counterparty;  // May be empty.
  Decimal amount;
  std::int64_t line_number = 0;
  friend bool operator==(const JournalPosting&, const JournalPosting&) = default;
};

struct JournalEntry {
  std::string key;
  std::string effective_date;
  std::string memo;
  std::int64_t first_line_number = 0;
  std::int64_t last_line_number = 0;
  std::vector<JournalPosting> postings;
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

struct JournalBatch {
  std::int64_t rows = 0;  // Data rows read, valid or not.
  std::vector<JournalEntry> entries;
  std::vector<Error> errors;  // In file order; import only when empty.
};

JournalBatch parse_journal_csv(std::string_view buffer, std::string_view file_name);

// True for the account kind names listed above.
bool is_journal_account_kind(std::string_view name);

}  // namespace fermata
