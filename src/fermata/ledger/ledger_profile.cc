#include "fermata/ledger/ledger_profile.h"

#include <cstdio>
#include <cstdlib>

namespace fermata {

std::unique_ptr<LedgerProfile> LedgerProfile::from_environment() {
  if (std::getenv("FERMATA_LEDGER_PROFILE") == nullptr) return nullptr;
  return std::make_unique<LedgerProfile>();
}

LedgerProfile::~LedgerProfile() {
  std::fprintf(
      stderr, "ledger-profile: append %.3f s (%lld calls), commit %.3f s (%lld calls)\n",
      static_cast<double>(appends.nanoseconds) / 1e9, static_cast<long long>(appends.calls),
      static_cast<double>(commits.nanoseconds) / 1e9, static_cast<long long>(commits.calls));
}

ProfileTimer::ProfileTimer(LedgerProfile::Total* total) : total_(total) {
  if (total_ != nullptr) started_ = std::chrono::steady_clock::now();
}

ProfileTimer::~ProfileTimer() {
  if (total_ == nullptr) return;
  total_->nanoseconds += std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - started_)
                             .count();
  ++total_->calls;
}

}  // namespace fermata
