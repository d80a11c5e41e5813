// Goal: the canonical encoding is exactly the byte layout docs/FORMATS.md
// specifies, so an auditor can recompute hashes without Fermata. Method: a
// golden byte string built by hand from the spec, and a golden SHA-256.
#include "fermata/ledger/canonical.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

std::string Field(const std::string& bytes) {
  std::string out(4, '\0');
  out[3] = static_cast<char>(bytes.size());
  return out + bytes;
}

NewTransaction Example() {
  NewTransaction txn;
  txn.idempotency_key = "opening-1";
  txn.effective_date = "2026-01-01";
  txn.memo = "Opening";
  txn.postings = {
      Posting{AccountRef{"D1", AccountKind::kCash, "USD", "", ""}, *Decimal::Parse("10.50")},
      Posting{AccountRef{"D1", AccountKind::kEquity, "USD", "", ""}, *Decimal::Parse("-10.5")}};
  return txn;
}

TEST(CanonicalTest, ContentEncodingMatchesTheSpec) {
  std::string expected = "FERMATA-TXN-CONTENT-1\n";
  expected += Field("opening-1") + Field("2026-01-01") + Field("Opening") + Field("") +
              Field("") + Field("0");
  expected += std::string("\0\0\0\2", 4);
  expected += Field("D1") + Field("cash") + Field("USD") + Field("") + Field("") + Field("10.5");
  expected += Field("D1") + Field("equity") + Field("USD") + Field("") + Field("") + Field("-10.5");
  EXPECT_EQ(internal::EncodeContent(Example()), expected);
}

TEST(CanonicalTest, ChainLinkCoversPredecessorAndRecordedFields) {
  StoredTransaction txn;
  txn.seq = 1;
  txn.content = Example();
  txn.recorded_at = "2026-01-01T00:00:00.000000Z";
  txn.actor = "ana";
  txn.content_sha256 = internal::Sha256Hex(internal::EncodeContent(txn.content));
  txn.prev_sha256 = internal::kZeroHash;
  const std::string link = internal::EncodeChainLink(txn);
  ASSERT_EQ(link.size(), 20u + 32u + (4 + 1) + (4 + 27) + (4 + 3) + 32u);
  EXPECT_EQ(link.substr(0, 20), "FERMATA-TXN-CHAIN-1\n");
  const std::string first = internal::Sha256Hex(link);
  txn.actor = "bob";
  EXPECT_NE(internal::Sha256Hex(internal::EncodeChainLink(txn)), first);
}

TEST(CanonicalTest, Sha256OfKnownInput) {
  EXPECT_EQ(internal::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace fermata
