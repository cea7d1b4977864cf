// SHA-256 through OpenSSL's EVP interface (SHA-NI or AVX2 where the CPU has
// them: hashing every recorded payload is on the recorder's hot path).
#include <openssl/evp.h>

#include <cstdlib>

#include "engine/core/json.h"

namespace kf {

std::string Sha256Hex(std::string_view bytes) {
  // Fetched once: OpenSSL 3 would fetch the implementation on every call.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (sha256 == nullptr || EVP_Digest(bytes.data(), bytes.size(), digest, &size, sha256, nullptr) != 1 ||
      size != 32) {
    std::abort();  // only when OpenSSL cannot compute SHA-256 at all
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (unsigned int i = 0; i < size; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace kf
