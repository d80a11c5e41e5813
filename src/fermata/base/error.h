// Error: what went wrong, where, and under which stable code.
//
// Every expected failure in Fermata (bad input, conflicting stored data, a busy
// database) is an Error value carried by Result<T>; programmer errors are
// FERMATA_ASSERTs instead. An ErrorCode is named after the rule that failed,
// has an explicit number that never changes and is never reused, and maps to
// one CLI exit code through the table in error.cc (documented in README.md).
//
// Thread safety: plain values; safe to copy across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fermata {

// Stable, rule-named error codes. Append only; never renumber.
enum class ErrorCode : std::uint16_t {
  kOk = 0,
  // Input syntax and values (exit code 65, EX_DATAERR).
  kParseError = 1,
  kDecimalSyntax = 2,
  kDecimalTooPrecise = 3,
  kDecimalOverflow = 4,
  kCurrencyUnknown = 5,
  kIdentifierInvalid = 6,
  kFieldMissing = 7,
  kFieldInvalid = 8,
  kDateInvalid = 9,
  kRateMissing = 10,  // No exchange rate for a currency pair on a day.
  // Ledger rules (exit code 66).
  kTransactionUnbalanced = 20,
  kTransactionTooFewPostings = 21,
  kAccountKindUnknown = 22,
  kPartyUnknown = 23,
  kCommodityUnknown = 24,
  kUnitsNotWhole = 25,
  kTransactionNotFound = 26,
  kAlreadyVoided = 27,
  kReleaseUnknown = 28,
  kRelationOverlaps = 29,
  kStockInsufficient = 30,  // A movement takes more units than the account holds.
  // Idempotency (exit code 0 for the no-op, 67 for the conflict).
  kAlreadyExists = 40,
  kExistsWithDifferentContent = 41,
  // Storage and environment (exit code 74, EX_IOERR / 75 busy).
  kStorageError = 60,
  kStorageBusy = 61,
  kSchemaTooNew = 62,
  kIoError = 63,
  kIntegrityBroken = 64,
  kTargetExists = 65,
  // Usage (exit code 64, EX_USAGE).
  kUsage = 80,
};

// The stable snake_case name of a code, e.g. "transaction_unbalanced".
std::string_view error_code_name(ErrorCode code);

// The process exit code the CLI uses for an error of this code.
int exit_code_for(ErrorCode code);

// Where in user input an error was found. Empty fields mean "not applicable".
struct SourceRef {
  std::string file;
  std::int64_t line_number = 0;  // 1-based; 0 = no line.
  std::string field;
  std::string value;  // The raw text that was rejected.
};

struct Error {
  ErrorCode code = ErrorCode::kOk;
  std::string message;
  SourceRef where;

  // "file:line: field 'x' = 'v': message [code_name]" with absent parts omitted.
  std::string to_string() const;
};

// A SourceRef naming only a field and its value: the caller that knows the
// file and line fills them in.
SourceRef field_ref(std::string_view field, std::string_view value = {});

// Builds an Error; the usual way to fail a Result.
Error make_error(ErrorCode code, std::string message, SourceRef where = {});

}  // namespace fermata
