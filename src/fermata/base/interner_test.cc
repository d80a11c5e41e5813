#include "fermata/base/interner.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace fermata {
namespace {

std::pair<std::uint32_t, bool> intern(Interner& interner, const std::string& key) {
  return interner.intern(key, Interner::hash_of(key));
}

TEST(InternerTest, IdsAreDenseInFirstSeenOrder) {
  Interner interner;
  EXPECT_EQ(intern(interner, "USRC17607839"), std::make_pair(0u, true));
  EXPECT_EQ(intern(interner, "GBAYE0601498"), std::make_pair(1u, true));
  EXPECT_EQ(intern(interner, "USRC17607839"), std::make_pair(0u, false));
  EXPECT_EQ(intern(interner, ""), std::make_pair(2u, true));
  EXPECT_EQ(intern(interner, ""), std::make_pair(2u, false));
  EXPECT_EQ(interner.size(), 3u);
}

// Keys of every length around the inline limit, through many doublings: each
// keeps its id, and keys that differ only past the inline bytes stay apart.
TEST(InternerTest, ShortAndLongKeysKeepTheirIdsThroughGrowth) {
  Interner interner;
  std::map<std::string, std::uint32_t> expected;
  for (int i = 0; i < 20000; ++i) {
    const std::size_t length = static_cast<std::size_t>(i % 120);
    std::string key(length, static_cast<char>('a' + i % 26));
    key += std::to_string(i);
    const auto [id, fresh] = intern(interner, key);
    ASSERT_TRUE(fresh) << key;
    ASSERT_EQ(id, static_cast<std::uint32_t>(i));
    expected[key] = id;
  }
  for (const auto& [key, id] : expected) {
    EXPECT_EQ(intern(interner, key), std::make_pair(id, false)) << key;
  }
  const std::string long_key(Interner::kInlineBytes + 10, 'x');
  const auto a = intern(interner, long_key + "1");
  const auto b = intern(interner, long_key + "2");
  EXPECT_TRUE(a.second);
  EXPECT_TRUE(b.second);
  EXPECT_NE(a.first, b.first);
  EXPECT_EQ(interner.size(), 20002u);
}

// Equal hashes never make equal keys: a caller-supplied hash that collides
// still gets separate ids for different bytes.
TEST(InternerTest, CollidingHashesStillCompareBytes) {
  Interner interner;
  EXPECT_EQ(interner.intern("one", 42), std::make_pair(0u, true));
  EXPECT_EQ(interner.intern("two", 42), std::make_pair(1u, true));
  const std::string long_one(80, '1'), long_two(80, '2');
  EXPECT_EQ(interner.intern(long_one, 42), std::make_pair(2u, true));
  EXPECT_EQ(interner.intern(long_two, 42), std::make_pair(3u, true));
  EXPECT_EQ(interner.intern("two", 42), std::make_pair(1u, false));
  EXPECT_EQ(interner.intern(long_two, 42), std::make_pair(3u, false));
}

}  // namespace
}  // namespace fermata
