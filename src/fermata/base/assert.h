// FERMATA_ASSERT: checks a programmer's invariant, in every build type.
//
// A failure prints the file, line and condition to stderr and aborts: better
// to stop before a wrong write than after it. Never use it on user input;
// user data is validated by functions that return Result.
#pragma once

namespace fermata::internal {
[[noreturn]] void assert_failed(const char* file, int line, const char* condition);
}  // namespace fermata::internal

#define FERMATA_ASSERT(condition)                                                         \
  do {                                                                                    \
    if (!(condition)) ::fermata::internal::assert_failed(__FILE__, __LINE__, #condition); \
  } while (0)
