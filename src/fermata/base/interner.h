// Exact byte strings to dense ids (0, 1, 2... in the order first seen), for
// hot loops that map millions of short keys (identifiers, composite keys of
// a few identifiers) to a few hundred thousand ids.
//
// Open addressing over 64-byte slots, one cache line each, holding the key's
// hash, its id and, up to kInlineBytes, the key itself: a lookup of a short
// key reads one line, which prefetch() can start loading well before the
// lookup. Longer keys are kept in an arena (one more read). The slots use
// huge pages (huge_pages.h). Keys are compared byte for byte: a hash match
// alone never decides.
//
// Thread safety: none; one owner.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>

#include "fermata/base/huge_pages.h"

namespace fermata {

class Interner {
 public:
  static constexpr std::size_t kInlineBytes = 51;

  static std::uint64_t hash_of(std::string_view key);

  // Starts loading the slot where a key with this hash would be found.
  void prefetch(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }

  // The id of `key` and whether it is new. REQUIRES: equal keys come with
  // equal hashes (hash_of() is the usual one).
  std::pair<std::uint32_t, bool> intern(std::string_view key, std::uint64_t hash);

  std::uint32_t size() const { return count_; }

 private:
  struct alignas(64) Slot {
    std::uint64_t hash = 0;
    std::uint32_t id_plus_one = 0;  // 0: empty.
    std::uint8_t size = 0;          // Inline size, or kSpilled.
    char bytes[kInlineBytes] = {};  // The key, or its arena offset and size (two uint32).
  };
  static_assert(sizeof(Slot) == 64);
  static constexpr std::uint8_t kSpilled = 0xFF;

  bool holds(const Slot& slot, std::string_view key) const;
  void store(Slot& slot, std::string_view key, std::uint64_t hash);
  void grow();

  HugeVector<Slot> slots_;  // A power of two, at most half full.
  HugeVector<char> arena_;  // Keys longer than kInlineBytes.
  std::uint32_t count_ = 0;
};

}  // namespace fermata
