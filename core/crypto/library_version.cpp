#include "core/crypto/library_version.hpp"

#include <cryptopp/config_ver.h>
#include <cryptopp/cryptlib.h>

namespace lnstore::crypto {

std::string cryptopp_version() {
  // LibraryVersion() is 870 for 8.7.0.
  const int v = CryptoPP::LibraryVersion();
  return std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
}

std::string secp256k1_version() { return LNSTORE_SECP256K1_VERSION; }

}  // namespace lnstore::crypto
