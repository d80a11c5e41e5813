#include "fermata/base/sha256.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "fermata/base/assert.h"

namespace fermata {

std::string sha256_hex(std::string_view bytes) {
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

}  // namespace fermata
