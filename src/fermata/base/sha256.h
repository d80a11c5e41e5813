// SHA-256 of bytes, as lower-case hex: the fingerprint of every imported
// document and of every ledger transaction (docs/FORMATS.md).
#pragma once

#include <string>
#include <string_view>

namespace fermata {

// 64 lower-case hex digits. Thread-safe.
std::string sha256_hex(std::string_view bytes);

}  // namespace fermata
