#include "fermata/base/error.h"

#include <array>

namespace fermata {
namespace {

struct CodeInfo {
  ErrorCode code;
  std::string_view name;
  int exit_code;
};

// The one table from error codes to names and CLI exit codes. README.md lists
// the exit codes; keep both in step.
constexpr std::array kCodes = {
    CodeInfo{ErrorCode::kOk, "ok", 0},
    CodeInfo{ErrorCode::kParseError, "parse_error", 65},
    CodeInfo{ErrorCode::kDecimalSyntax, "decimal_syntax", 65},
    CodeInfo{ErrorCode::kDecimalTooPrecise, "decimal_too_precise", 65},
    CodeInfo{ErrorCode::kDecimalOverflow, "decimal_overflow", 65},
    CodeInfo{ErrorCode::kCurrencyUnknown, "currency_unknown", 65},
    CodeInfo{ErrorCode::kIdentifierInvalid, "identifier_invalid", 65},
    CodeInfo{ErrorCode::kFieldMissing, "field_missing", 65},
    CodeInfo{ErrorCode::kFieldInvalid, "field_invalid", 65},
    CodeInfo{ErrorCode::kDateInvalid, "date_invalid", 65},
    CodeInfo{ErrorCode::kRateMissing, "rate_missing", 65},
    CodeInfo{ErrorCode::kTransactionUnbalanced, "transaction_unbalanced", 66},
    CodeInfo{ErrorCode::kTransactionTooFewPostings, "transaction_too_few_postings", 66},
    CodeInfo{ErrorCode::kAccountKindUnknown, "account_kind_unknown", 66},
    CodeInfo{ErrorCode::kPartyUnknown, "party_unknown", 66},
    CodeInfo{ErrorCode::kCommodityUnknown, "commodity_unknown", 66},
    CodeInfo{ErrorCode::kUnitsNotWhole, "units_not_whole", 66},
    CodeInfo{ErrorCode::kTransactionNotFound, "transaction_not_found", 66},
    CodeInfo{ErrorCode::kAlreadyVoided, "already_voided", 66},
    CodeInfo{ErrorCode::kReleaseUnknown, "release_unknown", 66},
    CodeInfo{ErrorCode::kRelationOverlaps, "relation_overlaps", 66},
    CodeInfo{ErrorCode::kStockInsufficient, "stock_insufficient", 66},
    CodeInfo{ErrorCode::kAlreadyExists, "already_exists", 0},
    CodeInfo{ErrorCode::kExistsWithDifferentContent, "exists_with_different_content", 67},
    CodeInfo{ErrorCode::kStorageError, "storage_error", 74},
    CodeInfo{ErrorCode::kStorageBusy, "storage_busy", 75},
    CodeInfo{ErrorCode::kSchemaTooNew, "schema_too_new", 74},
    CodeInfo{ErrorCode::kIoError, "io_error", 74},
    CodeInfo{ErrorCode::kIntegrityBroken, "integrity_broken", 70},
    CodeInfo{ErrorCode::kTargetExists, "target_exists", 73},
    CodeInfo{ErrorCode::kUsage, "usage", 64},
};

const CodeInfo* find(ErrorCode code) {
  for (const CodeInfo& info : kCodes) {
    if (info.code == code) return &info;
  }
  return nullptr;
}

}  // namespace

std::string_view error_code_name(ErrorCode code) {
  const CodeInfo* info = find(code);
  return info ? info->name : "unknown_error";
}

int exit_code_for(ErrorCode code) {
  const CodeInfo* info = find(code);
  return info ? info->exit_code : 1;
}

std::string Error::to_string() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line_number > 0) {
      out += ':';
      out += std::to_string(where.line_number);
    }
    out += ": ";
  }
  if (!where.field.empty()) {
    // Appended piece by piece: g++ 12 at -O3 warns (-Wrestrict) on
    // `"literal" + std::string` chains here.
    out += "field '";
    out += where.field;
    out += '\'';
    if (!where.value.empty()) {
      out += " = '";
      out += where.value;
      out += '\'';
    }
    out += ": ";
  }
  out += message;
  out += " [";
  out += error_code_name(code);
  out += "]";
  return out;
}

SourceRef field_ref(std::string_view field, std::string_view value) {
  SourceRef where;
  where.field = std::string(field);
  where.value = std::string(value);
  return where;
}

Error make_error(ErrorCode code, std::string message, SourceRef where) {
  return Error{code, std::move(message), std::move(where)};
}

}  // namespace fermata
