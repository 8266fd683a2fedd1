// The cryptographic libraries lnstore is built with, for `--version`: an
// operator checking a security advisory needs to know which ones are in.
#pragma once

#include <string>

namespace lnstore::crypto {

// Crypto++'s version from the library itself ("8.7.0").
std::string cryptopp_version();
// libsecp256k1's package version, as pkg-config reported it at build time
// (the library has no version call).
std::string secp256k1_version();

}  // namespace lnstore::crypto
