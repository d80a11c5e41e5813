// The payment batch CSV (docs/FORMATS.md §12), written at export and read
// back as the bank's confirmation. Internal to payment/ (and its fuzz target).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/payment/payment.h"

namespace fermata {

struct BatchLine {
  std::string batch_id;
  std::int64_t line = 0;
  PaymentProposal proposal;  // agreement .. bank; status unused.
  std::string value_date, bank_reference;
  std::int64_t line_number = 0;  // In the file read.
};

// Errors: parse_error, field_missing (a column), field_invalid (a value),
// naming `file_name`, the line and the column.
Result<std::vector<BatchLine>> parse_batch_csv(std::string_view csv, const std::string& file_name);

}  // namespace fermata
