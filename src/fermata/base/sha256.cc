#include "fermata/base/sha256.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "fermata/base/assert.h"

namespace fermata {

namespace {

// Fetched once: OpenSSL 3's one-shot SHA256() looks the algorithm up on
// every call, which was half the hashing cost of an append.
const EVP_MD* sha256_algorithm() {
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  FERMATA_ASSERT(kSha256 != nullptr);
  return kSha256;
}

std::string to_hex(const unsigned char* digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * SHA256_DIGEST_LENGTH);
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int digest_size = 0;
  const int ok =
      EVP_Digest(bytes.data(), bytes.size(), digest, &digest_size, sha256_algorithm(), nullptr);
  FERMATA_ASSERT(ok == 1);
  FERMATA_ASSERT(digest_size == SHA256_DIGEST_LENGTH);
  return to_hex(digest);
}

struct Sha256::Context {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(context); }
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  FERMATA_ASSERT(context_->context != nullptr);
  FERMATA_ASSERT(EVP_DigestInit_ex(context_->context, sha256_algorithm(), nullptr) == 1);
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  FERMATA_ASSERT(EVP_DigestUpdate(context_->context, bytes.data(), bytes.size()) == 1);
}

std::string Sha256::hex_digest() {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int digest_size = 0;
  FERMATA_ASSERT(EVP_DigestFinal_ex(context_->context, digest, &digest_size) == 1);
  FERMATA_ASSERT(digest_size == SHA256_DIGEST_LENGTH);
  return to_hex(digest);
}

}  // namespace fermata
