#include "fermata/base/assert.h"

#include <cstdio>
#include <cstdlib>

namespace fermata::internal {

void assert_failed(const char* file, int line, const char* condition) {
  std::fprintf(stderr, "%s:%d: FERMATA_ASSERT failed: %s\n", file, line, condition);
  std::fflush(stderr);
  std::abort();
}

}  // namespace fermata::internal
