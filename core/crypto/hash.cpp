#include "core/crypto/hash.hpp"

#include <cryptopp/hmac.h>
#include <cryptopp/osrng.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/scrypt.h>
#include <cryptopp/sha.h>
#include <cryptopp/sha3.h>

#include <algorithm>

#include "core/util/secure_bytes.hpp"

namespace lnstore::crypto {

void sha256(ByteParts parts, std::span<std::uint8_t, 32> out) {
  CryptoPP::SHA256 sha;
  for (const auto part : parts) sha.Update(part.data(), part.size());
  sha.Final(out.data());
}

Digest32 sha256(std::span<const std::uint8_t> data) {
  Digest32 out{};
  sha256({data}, out);
  return out;
}

Digest32 sha256d(ByteParts parts) {
  Digest32 first{};
  sha256(parts, first);
  Digest32 out = sha256(first);
  util::secure_wipe(first.data(), first.size());
  return out;
}

Digest32 sha3_256(ByteParts parts) {
  CryptoPP::SHA3_256 sha3;
  for (const auto part : parts) sha3.Update(part.data(), part.size());
  Digest32 out{};
  sha3.Final(out.data());
  return out;
}

std::array<std::uint8_t, 20> hash160(std::span<const std::uint8_t> data) {
  Digest32 sha = sha256(data);
  std::array<std::uint8_t, 20> out{};
  CryptoPP::RIPEMD160().CalculateDigest(out.data(), sha.data(), sha.size());
  return out;
}

void hmac_sha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                 std::span<std::uint8_t, 64> out) {
  CryptoPP::HMAC<CryptoPP::SHA512> mac(key.data(), key.size());
  mac.CalculateDigest(out.data(), data.data(), data.size());
}

Result<void> scrypt(std::span<const std::uint8_t> passphrase, std::span<const std::uint8_t> salt, std::uint64_t n,
                    std::uint32_t r, std::uint32_t p, std::span<std::uint8_t> out) {
  try {
    CryptoPP::Scrypt kdf;
    kdf.DeriveKey(out.data(), out.size(), passphrase.data(), passphrase.size(), salt.data(), salt.size(), n, r, p);
  } catch (const std::exception& e) {
    // Crypto++ reports bad parameters and allocation failure by throwing;
    // callers (decoders among them) must not, so it becomes an error.
    util::secure_wipe(out.data(), out.size());
    return fail(ExitClass::internal, "scrypt_failed", std::string("scrypt failed: ") + e.what());
  }
  return {};
}

Result<void> random_bytes(std::span<std::uint8_t> out) {
  try {
    CryptoPP::OS_GenerateRandomBlock(false, out.data(), out.size());
  } catch (const CryptoPP::Exception& e) {
    std::fill(out.begin(), out.end(), std::uint8_t{0});
    return fail(ExitClass::internal, "rng_failure", std::string("cannot read the OS random generator: ") + e.what());
  }
  return {};
}

}  // namespace lnstore::crypto
