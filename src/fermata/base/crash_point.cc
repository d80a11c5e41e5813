#include "fermata/base/crash_point.h"

#include <csignal>
#include <cstdlib>
#include <string>

namespace fermata {

void maybe_crash_at(std::string_view point) {
  const char* armed = std::getenv("FERMATA_CRASH_AT");
  if (armed != nullptr && point == armed) std::raise(SIGKILL);
}

long crash_after_transactions() {
  const char* armed = std::getenv("FERMATA_CRASH_AT");
  if (armed == nullptr || std::string_view(armed) != "mid_commit") return -1;
  const char* count = std::getenv("FERMATA_CRASH_AFTER_TXNS");
  return count != nullptr ? std::strtol(count, nullptr, 10) : 1000;
}

}  // namespace fermata
