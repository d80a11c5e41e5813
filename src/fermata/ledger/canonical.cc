#include "fermata/ledger/canonical.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstdint>

#include "fermata/base/assert.h"

namespace fermata::internal {
namespace {

void PutU32(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>((value >> 24) & 0xff));
  out.push_back(static_cast<char>((value >> 16) & 0xff));
  out.push_back(static_cast<char>((value >> 8) & 0xff));
  out.push_back(static_cast<char>(value & 0xff));
}

// A field is its byte length as a big-endian u32, then its bytes: no
// separator can be forged by a memo that contains one.
void PutField(std::string& out, const std::string& field) {
  FERMATA_ASSERT(field.size() <= UINT32_MAX);
  PutU32(out, static_cast<std::uint32_t>(field.size()));
  out += field;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void PutRawHash(std::string& out, const std::string& hex) {
  FERMATA_ASSERT(hex.size() == 64);
  char raw[32];
  for (std::size_t i = 0; i < 32; ++i) {
    const int high = HexValue(hex[2 * i]);
    const int low = HexValue(hex[2 * i + 1]);
    FERMATA_ASSERT(high >= 0);
    FERMATA_ASSERT(low >= 0);
    raw[i] = static_cast<char>(high * 16 + low);
  }
  out.append(raw, sizeof raw);
}

}  // namespace

std::string EncodeContent(const NewTransaction& txn) {
  std::string out = "FERMATA-TXN-CONTENT-1\n";
  PutField(out, txn.idempotency_key);
  PutField(out, txn.effective_date);
  PutField(out, txn.memo);
  PutField(out, txn.source.document_sha256);
  PutField(out, txn.source.line_ranges);
  PutField(out, std::to_string(txn.voids_seq));
  FERMATA_ASSERT(txn.postings.size() <= UINT32_MAX);
  PutU32(out, static_cast<std::uint32_t>(txn.postings.size()));
  for (const Posting& posting : txn.postings) {
    PutField(out, posting.account.party);
    PutField(out, std::string(AccountKindName(posting.account.kind)));
    PutField(out, posting.account.commodity);
    PutField(out, posting.account.location);
    PutField(out, posting.account.counterparty);
    PutField(out, posting.amount.ToString());
  }
  return out;
}

std::string EncodeChainLink(const StoredTransaction& txn) {
  std::string out = "FERMATA-TXN-CHAIN-1\n";
  PutRawHash(out, txn.prev_sha256);
  PutField(out, std::to_string(txn.seq));
  PutField(out, txn.recorded_at);
  PutField(out, txn.actor);
  PutRawHash(out, txn.content_sha256);
  return out;
}

std::string Sha256Hex(const std::string& bytes) {
  // Fetched once: OpenSSL 3's one-shot SHA256() looks the algorithm up on
  // every call, which was half the hashing cost of an append.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  FERMATA_ASSERT(kSha256 != nullptr);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int digest_size = 0;
  const int ok = EVP_Digest(bytes.data(), bytes.size(), digest, &digest_size, kSha256, nullptr);
  FERMATA_ASSERT(ok == 1);
  FERMATA_ASSERT(digest_size == SHA256_DIGEST_LENGTH);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return hex;
}

}  // namespace fermata::internal
