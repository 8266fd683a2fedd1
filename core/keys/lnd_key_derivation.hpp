// lnd's wallet key derivation m/1017'/coin'/family'/0/index, byte-exact with
// btcwallet, including its non-standard hardened step
// (spec/scb-format.md section 5.4).
#pragma once

#include <string>

#include "core/crypto/pubkey.hpp"
#include "core/util/error.hpp"
#include "core/keys/extended_key.hpp"
#include "core/codec/key_locator.hpp"
#include "core/codec/network.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::keys {

// The extended key at m/1017'/coin_type(network)'/family'/0/index below
// `root` (the wallet's master key), as btcwallet derives it:
//   m -> 1017'            standard (the master key is always 32 bytes)
//   1017' -> coin'        btcutil non-standard (in-memory m/1017' key)
//   coin' -> family'      standard for family != 0 (btcwallet re-loads the
//                         coin-type key from its serialization), non-standard
//                         for family 0 (in-memory coin-type key)
//   family' -> 0 -> index standard (non-hardened)
// `root` should be a master key (depth 0); a deeper key is used as given.
// Fails with exit usage "bad_key_locator" if family or index is >= 2^31,
// and propagates derivation failures (exit internal). No output on failure.
[[nodiscard]] Result<ExtendedPrivateKey> derive_lnd_extended_key(const ExtendedPrivateKey& root, codec::Network network,
                                                                 codec::KeyLocator locator);

// The compressed public key of derive_lnd_extended_key().
[[nodiscard]] Result<crypto::PubKey> derive_lnd_pubkey(const ExtendedPrivateKey& root, codec::Network network,
                                                         codec::KeyLocator locator);

// The 32-byte private key of derive_lnd_extended_key(), for ECDH or signing;
// never print it.
[[nodiscard]] Result<util::SecureBytes> derive_lnd_private_key(const ExtendedPrivateKey& root, codec::Network network,
                                                         codec::KeyLocator locator);

// The path text, e.g. "m/1017'/1'/7'/0/0" (for `key derive` output).
std::string lnd_key_path(codec::Network network, codec::KeyLocator locator);

}  // namespace lnstore::keys
