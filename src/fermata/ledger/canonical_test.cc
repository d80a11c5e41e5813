// Goal: the canonical encoding is exactly the byte layout docs/FORMATS.md
// specifies, so an auditor can recompute hashes without Fermata. Method: a
// golden byte string built by hand from the spec, and a golden SHA-256.
#include "fermata/ledger/canonical.h"
#include "fermata/ledger/ledger_storage.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

std::string field(const std::string& bytes) {
  std::string out(4, '\0');
  out[3] = static_cast<char>(bytes.size());
  return out + bytes;
}

NewTransaction example() {
  NewTransaction txn;
  txn.idempotency_key = "opening-1";
  txn.effective_date = "2026-01-01";
  txn.memo = "Opening";
  txn.postings = {
      Posting{AccountRef{"D1", AccountKind::kCash, "USD", "", ""}, *Decimal::parse("10.50")},
      Posting{AccountRef{"D1", AccountKind::kEquity, "USD", "", ""}, *Decimal::parse("-10.5")}};
  return txn;
}

TEST(CanonicalTest, ContentEncodingMatchesTheSpec) {
  std::string expected = "FERMATA-TXN-CONTENT-1\n";
  expected += field("opening-1") + field("2026-01-01") + field("Opening") + field("") + field("") +
              field("0");
  expected += std::string("\0\0\0\2", 4);
  expected += field("D1") + field("cash") + field("USD") + field("") + field("") + field("10.5");
  expected += field("D1") + field("equity") + field("USD") + field("") + field("") + field("-10.5");
  EXPECT_EQ(internal::encode_content(example()), expected);
}

TEST(CanonicalTest, ChainLinkCoversPredecessorAndRecordedFields) {
  StoredTransaction txn;
  txn.seq = 1;
  txn.content = example();
  txn.recorded_at = "2026-01-01T00:00:00.000000Z";
  txn.actor = "ana";
  txn.content_sha256 = sha256_hex(internal::encode_content(txn.content));
  txn.prev_sha256 = kGenesisSha256;
  const std::string link = internal::encode_chain_link(txn);
  ASSERT_EQ(link.size(), 20u + 32u + (4 + 1) + (4 + 27) + (4 + 3) + 32u);
  EXPECT_EQ(link.substr(0, 20), "FERMATA-TXN-CHAIN-1\n");
  const std::string first = sha256_hex(link);
  txn.actor = "bob";
  EXPECT_NE(sha256_hex(internal::encode_chain_link(txn)), first);
}

TEST(CanonicalTest, Sha256OfKnownInput) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace fermata
