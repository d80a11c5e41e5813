// SHA-256 of bytes, as lower-case hex: the fingerprint of every imported
// document and of every ledger transaction (docs/FORMATS.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace fermata {

// 64 lower-case hex digits. Thread-safe.
std::string sha256_hex(std::string_view bytes);

// The same digest over bytes that arrive in pieces (files read in chunks).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  // 64 lower-case hex digits of everything updated so far. Call once.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace fermata
