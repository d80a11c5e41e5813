// Payee: who is paid, where, and how much tax is withheld from it.
//
// Master data for every party that receives statements and money: legal
// name and address, the bank account a payment goes to (IBAN and BIC, or a
// US account number and ABA routing number, each checked by its published
// rule before anything is sent), where statements are delivered, and the
// US tax form on file, which sets the withholding rate:
//   W-9 (a US person)                      0 %
//   W-8BEN / W-8BEN-E, valid on the day    the treaty rate it claims (30 % if none)
//   none, not yet received, or expired     the default, flagged: 24 % backup
//                                          withholding for a US payee, 30 % otherwise
// A W-8 without an expiry date expires on 31 December of the third year after
// the year it was received (the IRS rule). The text format is read by
// parse_payee() (docs/FORMATS.md §10). A payee's record is replaced by adding
// a new file for the same party; earlier records stay on file.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata {

enum class TaxFormKind { kW9, kW8Ben, kW8BenE };
std::string_view tax_form_name(TaxFormKind kind);  // "W-9", "W-8BEN", "W-8BEN-E".

struct TaxForm {
  TaxFormKind kind = TaxFormKind::kW9;
  std::string received;                // ISO date.
  std::string expires;                 // ISO date; "" = never (W-9) or the IRS default (W-8).
  std::optional<Decimal> treaty_rate;  // W-8: the reduced rate the treaty allows.
  friend bool operator==(const TaxForm&, const TaxForm&) = default;
};

// Either iban + bic, or account + routing. Identifiers are stored normalised.
struct BankAccount {
  std::string iban, bic, account, routing;
  std::string bank_name;  // Optional, for people reading a payment file.
  friend bool operator==(const BankAccount&, const BankAccount&) = default;
};

struct Payee {
  std::string party;  // Catalog party id.
  std::string legal_name;
  std::vector<std::string> address;  // Lines, as printed on a statement.
  std::string country;               // ISO 3166-1 alpha-2.
  std::string statement_email;
  std::vector<std::string> statement_address;  // Empty = `address`.
  std::optional<BankAccount> bank;
  std::optional<TaxForm> tax_form;
  friend bool operator==(const Payee&, const Payee&) = default;
};

struct Withholding {
  Decimal rate;        // 0.30 = 30 %.
  std::string reason;  // e.g. "W-8BEN-E treaty rate", "no tax form on file".
  bool flagged = false;
};

// The day a W-8 stops being valid: its `expires`, else 31 December of the
// third year after the year received.
std::string tax_form_expiry(const TaxForm& form);

// The withholding that applies to payments to `payee` on `date` (ISO).
Withholding withholding_on(const Payee& payee, std::string_view date);

// Checks and normalises: party and legal name present, country known, bank
// identifiers by their rules (identifier_invalid naming "bank.iban" ...),
// exactly one of IBAN or account, a BIC with an IBAN and a routing number
// with an account, tax form dates well formed and in order, a treaty rate
// only on a W-8 and between 0 and 30 %. Errors carry where.field.
Status validate_payee(Payee& payee);

// The TOML format (docs/FORMATS.md §10). Errors name the file, line and key.
Result<Payee> parse_payee(std::string_view text, std::string_view file_name);

}  // namespace fermata
