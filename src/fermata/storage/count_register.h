// CountRegister: stock counts as recorded and the adjustments approved
// from them (inventory/count.h, docs/FORMATS.md §14.2).
//
// A count is kept with the file it came from (its import, its SHA-256), its
// location and cut-off, and its lines with each owner as resolved, so the
// discrepancy list can be rebuilt from the ledger at any time. An approval
// is one row per owner × SKU with the figures it adjusted, the reason and
// the transaction it posted; a count's owner × SKU is approved once
// (put_approval refuses a second). Rows are written in the storage
// transaction of the command that made them. Append-only: a wrong count is
// corrected by a new count.
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

struct CountRecord {
  std::string id;  // The count's id, as the file gives it.
  std::int64_t import_id = 0;
  std::string location;
  std::string cutoff;       // As written (may carry a time).
  std::string cutoff_date;  // YYYY-MM-DD.
  std::string file;         // The path it was imported from.
  std::string sha256;       // Of the file's bytes (archived under it).
  std::string recorded_at, actor;
};

struct CountLineRecord {
  std::int64_t line = 0;  // 1-based line of the count file.
  std::string sku;
  std::string owner;         // As resolved.
  bool owner_given = false;  // The file named the owner.
  Decimal units;
  std::string bin;
};

struct CountApprovalRecord {
  std::string count_id, owner, sku;
  Decimal expected, counted;  // The books at the cut-off and the count when approved.
  Decimal units;              // Posted: counted - expected.
  std::string reason;
  std::int64_t txn_seq = 0;
  std::string recorded_at, actor;
};

// Where a count found units: the bin of one count line, with its count.
struct CountedBin {
  std::string location, sku, bin;
  std::string cutoff;  // The count's cut-off as written.
  std::string count_id;
  std::int64_t line = 0;
};

class CountRegister {
 public:
  virtual ~CountRegister() = default;

  // Records a count and its lines. Errors: exists_with_different_content
  // when a count with this id is on file (callers look it up first).
  virtual Status put_count(const CountRecord& count, const std::vector<CountLineRecord>& lines) = 0;
  // The count with this id, or nullopt.
  virtual Result<std::optional<CountRecord>> find_count(const std::string& id) = 0;
  // The count recorded from the file with this SHA-256, or nullopt.
  virtual Result<std::optional<CountRecord>> find_count_of_file(const std::string& sha256) = 0;
  // Its lines, in line order.
  virtual Result<std::vector<CountLineRecord>> count_lines(const std::string& id) = 0;
  // The bins counts with a cut-off date on or before `as_of` recorded for
  // `owner`'s units (lines without a bin left out): by location and SKU,
  // the latest cut-off first, then by count id and line.
  virtual Result<std::vector<CountedBin>> bins_of(const std::string& owner,
                                                  const std::string& as_of) = 0;

  // Errors: exists_with_different_content when the owner × SKU of this
  // count was approved before.
  virtual Status put_approval(const CountApprovalRecord& approval) = 0;
  // A count's approvals, in the order recorded.
  virtual Result<std::vector<CountApprovalRecord>> approvals(const std::string& count_id) = 0;
};

}  // namespace fermata
