// libFuzzer target: packed (encrypted) backups under one fixed key, the
// backup key of the spec/scb-format.md section 8 vector root on regtest.
// Each input is used twice:
//  1. as a packed Single and a packed Multi (what `backup verify` reads from
//     disk): unpacking fails only with auth "backup_auth_failed" or malformed
//     "bad_backup"; what unpacks re-packs and unpacks to the same value;
//  2. as a plaintext, encrypted here under the key: unpacking that must agree
//     exactly with decode_scb_single / decode_scb_multi of the plaintext, so
//     the decoders behind the cipher are fuzzed too.
// Seeds: tests/fuzz/corpus/scb_packed/ (the spec vector's packed Single, and
// Singles and Multis packed under the same key by make_seed_corpus).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/backup/backup_cipher.hpp"
#include "core/keys/extended_key.hpp"
#include "core/codec/network.hpp"
#include "core/backup/scb_packed.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lnstore;

constexpr const char* k_vector_root =
    "tprv8ZgxMBicQKsPf1ujkCE39iYKKmdzD4MgdpKb3EtiJrNCnE2K4GFMtL11adjRsCwA6J1jVKndF6GXpMdSpBGev9cczcjyhrSDVVeEXmwtmCt";

const util::SecureBytes& backup_key() {
  static const util::SecureBytes key = [] {
    auto root = keys::ExtendedPrivateKey::parse(k_vector_root, codec::Network::regtest);
    LNSTORE_FUZZ_CHECK(root.has_value());
    auto derived = backup::backup_encryption_key(*root, codec::Network::regtest);
    LNSTORE_FUZZ_CHECK(derived.has_value());
    return *derived;
  }();
  return key;
}

void check_unpack_error(const Error& e) {
  if (e.exit == ExitClass::auth)
    LNSTORE_FUZZ_CHECK_ERROR(e, ExitClass::auth, "backup_auth_failed");
  else
    LNSTORE_FUZZ_CHECK_ERROR(e, ExitClass::malformed, "bad_backup");
}

template <class T, class Pack, class Unpack>
void check_repacks(const T& value, Pack pack, Unpack unpack) {
  auto packed = pack(value, backup_key().span());
  LNSTORE_FUZZ_CHECK_MSG(packed.has_value(), packed ? "" : packed.error().message);
  auto unpacked = unpack(*packed, backup_key().span());
  LNSTORE_FUZZ_CHECK(unpacked.has_value() && *unpacked == value);
}

// The same outcome from unpack and decode: both fail, or both give `value`.
template <class A, class B>
void check_same(const A& unpacked, const B& decoded) {
  LNSTORE_FUZZ_CHECK(unpacked.has_value() == decoded.has_value());
  if (decoded) {
    LNSTORE_FUZZ_CHECK(*unpacked == *decoded);
  } else {
    LNSTORE_FUZZ_CHECK(unpacked.error().code == decoded.error().code);
    LNSTORE_FUZZ_CHECK(unpacked.error().exit == decoded.error().exit);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  const auto key = backup_key().span();

  auto single = backup::unpack_scb_single(input, key);
  if (single)
    check_repacks(*single, backup::pack_scb_single, backup::unpack_scb_single);
  else
    check_unpack_error(single.error());
  auto multi = backup::unpack_scb_multi(input, key);
  if (multi)
    check_repacks(*multi, backup::pack_scb_multi, backup::unpack_scb_multi);
  else
    check_unpack_error(multi.error());
  // One ciphertext, two readings: they agree on whether it authenticates.
  LNSTORE_FUZZ_CHECK((single || single.error().exit != ExitClass::auth) ==
                     (multi || multi.error().exit != ExitClass::auth));

  // Nonce reuse is harmless here: nothing secret is protected by this key.
  std::array<std::uint8_t, backup::k_backup_nonce_size> nonce{};
  for (std::size_t i = 0; i < nonce.size() && i < size; ++i) nonce[i] = data[i];
  auto sealed = backup::backup_encrypt_with_nonce(key, nonce, input);
  LNSTORE_FUZZ_CHECK(sealed.has_value() && sealed->size() == size + backup::k_backup_overhead);
  auto opened = backup::backup_decrypt(key, *sealed);
  LNSTORE_FUZZ_CHECK(opened.has_value() && *opened == util::Bytes(input.begin(), input.end()));
  check_same(backup::unpack_scb_single(*sealed, key), backup::decode_scb_single(input));
  check_same(backup::unpack_scb_multi(*sealed, key), backup::decode_scb_multi(input));
  return 0;
}
