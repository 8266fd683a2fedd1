#include "core/keys/lnd_key_derivation.hpp"

namespace lnstore::keys {

namespace {
constexpr std::uint32_t k_purpose = 1017;  // BIP0043Purpose in lnd's keychain
}

Result<ExtendedPrivateKey> derive_lnd_extended_key(const ExtendedPrivateKey& root, codec::Network network,
                                                   codec::KeyLocator locator) {
  if (locator.family >= k_hardened_key_start || locator.index >= k_hardened_key_start)
    return fail(ExitClass::usage, "bad_key_locator",
                "key family and index must be below 2147483648 (got " + std::to_string(locator.family) + ", " +
                    std::to_string(locator.index) + ")");
  // A key passed in as the root counts as loaded from its serialization.
  const ExtendedPrivateKey master = root.reloaded();
  const ExtendedPrivateKey purpose = LNSTORE_TRY(master.derive_child_nonstandard(k_hardened_key_start + k_purpose));
  const ExtendedPrivateKey coin =
      LNSTORE_TRY(purpose.derive_child_nonstandard(k_hardened_key_start + codec::coin_type(network)));
  // btcwallet derives account 0 from the coin-type key still in memory, and
  // every other account from the coin-type key re-loaded from the database.
  const ExtendedPrivateKey account =
      locator.family == 0 ? LNSTORE_TRY(coin.derive_child_nonstandard(k_hardened_key_start))
                          : LNSTORE_TRY(coin.reloaded().derive_child_nonstandard(k_hardened_key_start + locator.family));
  const ExtendedPrivateKey branch = LNSTORE_TRY(account.derive_child(0));
  return branch.derive_child(locator.index);
}

Result<crypto::PubKey> derive_lnd_pubkey(const ExtendedPrivateKey& root, codec::Network network, codec::KeyLocator locator) {
  const ExtendedPrivateKey key = LNSTORE_TRY(derive_lnd_extended_key(root, network, locator));
  return key.public_key();
}

Result<util::SecureBytes> derive_lnd_private_key(const ExtendedPrivateKey& root, codec::Network network, codec::KeyLocator locator) {
  const ExtendedPrivateKey key = LNSTORE_TRY(derive_lnd_extended_key(root, network, locator));
  return util::SecureBytes(key.private_key());
}

std::string lnd_key_path(codec::Network network, codec::KeyLocator locator) {
  return "m/1017'/" + std::to_string(codec::coin_type(network)) + "'/" + std::to_string(locator.family) + "'/0/" +
         std::to_string(locator.index);
}

}  // namespace lnstore::keys
