#include "fermata/base/interner.h"

#include <bit>
#include <cstring>

namespace fermata {
namespace {

std::uint32_t read_u32(const char* at) {
  std::uint32_t value = 0;
  std::memcpy(&value, at, sizeof value);
  return value;
}

}  // namespace

// Eight bytes at a time, multiply and rotate, then a final mix (MurmurHash3's
// fmix64): fast for the short keys interned here, well spread in every bit.
std::uint64_t Interner::hash_of(std::string_view key) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = key.size() * kMultiplier;
  const char* at = key.data();
  std::size_t left = key.size();
  for (; left >= 8; at += 8, left -= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, 8);
    h = (std::rotl(h, 23) ^ word) * kMultiplier;
  }
  if (left > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, left);
    h = (std::rotl(h, 23) ^ word) * kMultiplier;
  }
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 33);
}

bool Interner::holds(const Slot& slot, std::string_view key) const {
  if (slot.size != kSpilled) {
    return slot.size == key.size() && std::memcmp(slot.bytes, key.data(), key.size()) == 0;
  }
  const std::uint32_t offset = read_u32(slot.bytes), size = read_u32(slot.bytes + 4);
  return size == key.size() && std::memcmp(arena_.data() + offset, key.data(), size) == 0;
}

void Interner::store(Slot& slot, std::string_view key, std::uint64_t hash) {
  slot.hash = hash;
  slot.id_plus_one = ++count_;
  if (key.size() <= kInlineBytes) {
    slot.size = static_cast<std::uint8_t>(key.size());
    std::memcpy(slot.bytes, key.data(), key.size());
    return;
  }
  slot.size = kSpilled;
  const auto offset = static_cast<std::uint32_t>(arena_.size());
  const auto size = static_cast<std::uint32_t>(key.size());
  std::memcpy(slot.bytes, &offset, sizeof offset);
  std::memcpy(slot.bytes + 4, &size, sizeof size);
  arena_.insert(arena_.end(), key.begin(), key.end());
}

std::pair<std::uint32_t, bool> Interner::intern(std::string_view key, std::uint64_t hash) {
  if ((std::uint64_t{count_} + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t index = hash & mask;
  for (; slots_[index].id_plus_one != 0; index = (index + 1) & mask) {
    const Slot& slot = slots_[index];
    if (slot.hash == hash && holds(slot, key)) return {slot.id_plus_one - 1, false};
  }
  store(slots_[index], key, hash);
  return {count_ - 1, true};
}

// Doubles the table; slots keep their hash, so no key is hashed again.
void Interner::grow() {
  HugeVector<Slot> old(slots_.empty() ? 1024 : slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id_plus_one == 0) continue;
    std::size_t index = slot.hash & mask;
    while (slots_[index].id_plus_one != 0) index = (index + 1) & mask;
    slots_[index] = slot;
  }
}

}  // namespace fermata
