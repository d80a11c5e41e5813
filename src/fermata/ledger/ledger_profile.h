// Where a command's time goes between the ledger and everything else: the
// measurement behind docs/BENCHMARKS.md §7 (a stock import's appends and
// commits set against the ledger benchmark's run), on any command without a
// profiler. The ledger's side of what FERMATA_SQL_PROFILE does per statement.
//
// Off unless the environment sets FERMATA_LEDGER_PROFILE. Then a Ledger sums
// the wall time of its appends (validation, hashing, storage writes and the
// automatic checkpoints they trigger) and of its commits (fsync included),
// and when it is destroyed writes one line to stderr:
//   "ledger-profile: append <s> s (<n> calls), commit <s> s (<n> calls)"
// Off, it costs one getenv per Ledger and a null test per append.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

namespace fermata {

class LedgerProfile {
 public:
  struct Total {
    std::int64_t nanoseconds = 0;
    std::int64_t calls = 0;
  };

  // A profile when FERMATA_LEDGER_PROFILE is set; null otherwise.
  static std::unique_ptr<LedgerProfile> from_environment();
  ~LedgerProfile();  // Writes the line.

  Total appends;
  Total commits;
};

// Adds the wall time of its own lifetime, as one call, to `total`; does
// nothing when `total` is null (profiling off).
class ProfileTimer {
 public:
  explicit ProfileTimer(LedgerProfile::Total* total);
  ~ProfileTimer();
  ProfileTimer(const ProfileTimer&) = delete;
  ProfileTimer& operator=(const ProfileTimer&) = delete;

 private:
  LedgerProfile::Total* total_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace fermata
