// Result<T>: a value or an Error, with the surface of std::expected.
//
// Every function that can fail because of input, stored data or the
// environment returns Result<T> and is [[nodiscard]]. Exceptions never cross
// a Fermata header: adapters around throwing libraries convert at the border.
//
//   Result<Money> m = Money::parse("12.50");
//   if (!m) return m.error();
//   Use(*m);
//
// Surprise: value() on an error asserts (the process aborts); check first.
#pragma once

#include <utility>
#include <variant>

#include "fermata/base/assert.h"
#include "fermata/base/error.h"

namespace fermata {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}     // NOLINT: implicit by design.
  Result(Error error) : state_(std::move(error)) {  // NOLINT: implicit by design.
    FERMATA_ASSERT(std::get<Error>(state_).code != ErrorCode::kOk);
  }

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    FERMATA_ASSERT(has_value());
    return std::get<T>(state_);
  }
  const T& value() const& {
    FERMATA_ASSERT(has_value());
    return std::get<T>(state_);
  }
  T&& value() && {
    FERMATA_ASSERT(has_value());
    return std::get<T>(std::move(state_));
  }
  const Error& error() const {
    FERMATA_ASSERT(!has_value());
    return std::get<Error>(state_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() {
  return Ok{};
}

}  // namespace fermata

// Propagates an error from an expression returning Result<...>.
#define FERMATA_RETURN_IF_ERROR(expr)                     \
  do {                                                    \
    auto fermata_status_ = (expr);                        \
    if (!fermata_status_) return fermata_status_.error(); \
  } while (0)

#define FERMATA_CONCAT_INNER(a, b) a##b
#define FERMATA_CONCAT(a, b) FERMATA_CONCAT_INNER(a, b)

// Declares `lhs` from a Result expression or returns its error.
#define FERMATA_ASSIGN_OR_RETURN(lhs, expr)                   \
  auto FERMATA_CONCAT(fermata_result_, __LINE__) = (expr);    \
  if (!FERMATA_CONCAT(fermata_result_, __LINE__))             \
    return FERMATA_CONCAT(fermata_result_, __LINE__).error(); \
  lhs = std::move(*FERMATA_CONCAT(fermata_result_, __LINE__))
