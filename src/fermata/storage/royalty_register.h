// RoyaltyRegister: what royalty runs posted, period by period and clause by
// clause.
//
// The ledger holds the run's transactions; this register says why each one
// exists: which agreement, version and clause produced it, on what base and
// at what rate, for which accounting period. A period is run once: its row
// records how far the earnings register had got (`earnings_through`), so a
// report imported later for an earlier period is picked up by the next open
// period as a prior-period adjustment, and running again over the same input
// finds every period already run. Rows are written in the same storage
// transaction as the ledger transactions they describe. Issued statements are
// kept here too, numbered, with the exact text sent. Append-only.
//
// Thread safety: as Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata {

// One accounting period of one agreement that a run has computed and posted.
struct RoyaltyPeriodRecord {
  std::string agreement_id;
  std::string period_start, period_end;  // ISO dates, inclusive.
  std::int64_t earnings_through = 0;     // The last earning id the run could see.
  std::string recorded_at, actor;
};

// One amount a run posted: a fee, the tax on it, a reserve held or released,
// a rounding carry. `party` bears or receives it; `counterparty` is the other
// side of the agreement.
struct RoyaltyLine {
  std::int64_t id = 0;
  std::string agreement_id;
  std::int64_t version = 0;
  std::string clause;
  // "fee", "fee_tax", "reserve", "reserve_release", "rounding", "conversion".
  std::string kind;
  std::string period_start, period_end;
  std::string party, counterparty, currency;
  Decimal base, rate, amount;
  std::string detail;  // e.g. the period a release comes from.
  std::int64_t txn_seq = 0;
  // A conversion's `base` is in this currency, its `amount` in `currency`
  // at `rate`; "" for every other kind (the base is in `currency`).
  std::string base_currency;
};

// A statement as issued: its number, the CSV text exactly as sent (the
// record; other renderings are made from it) and that text's SHA-256.
struct IssuedStatement {
  std::int64_t number = 0;  // 1, 2, 3... in issue order; printed "ST-000001".
  std::string agreement_id, period_name, licensor;
  std::string csv, csv_sha256;
  std::string issued_at, actor;
};

// A run period made final by `fermata close`: its figures, and the
// statement built from them, no longer change. Corrections land in the next
// open period.
struct ClosedPeriod {
  std::string agreement_id;
  std::string period_end;
  std::string closed_at, actor;
};

class RoyaltyRegister {
 public:
  virtual ~RoyaltyRegister() = default;

  virtual Status put_period(const RoyaltyPeriodRecord& period) = 0;
  // Every period run for `agreement_id`, by period end.
  virtual Result<std::vector<RoyaltyPeriodRecord>> periods(const std::string& agreement_id) = 0;

  virtual Status put_line(const RoyaltyLine& line) = 0;
  // Every line of `agreement_id` ("" = all), by id.
  virtual Result<std::vector<RoyaltyLine>> lines(const std::string& agreement_id) = 0;

  // The number the next issued statement gets.
  virtual Result<std::int64_t> next_statement_number() = 0;
  // Records an issued statement. Errors: exists_with_different_content when
  // the agreement's period was issued before.
  virtual Status put_statement(const IssuedStatement& statement) = 0;
  virtual Result<std::optional<IssuedStatement>> find_statement(const std::string& agreement_id,
                                                                const std::string& period_name) = 0;

  virtual Status put_close(const ClosedPeriod& closed) = 0;
  // The closed periods of `agreement_id` ("" = all), by agreement and period end.
  virtual Result<std::vector<ClosedPeriod>> closed_periods(const std::string& agreement_id) = 0;
};

}  // namespace fermata
