// RootKey: the wallet root key an operator hands lnstore, as an extended
// private key (xprv/tprv) or as lnd's 24-word aezeed mnemonic with its
// optional passphrase. Only public keys ever leave this unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/keys/aezeed.hpp"
#include "core/util/error.hpp"
#include "core/keys/extended_key.hpp"
#include "core/codec/network.hpp"

namespace lnstore::keys {

struct RootKey {
  ExtendedPrivateKey key;
  std::string source;  // "xprv" or "aezeed"
  std::optional<std::uint8_t> aezeed_internal_version;
  std::optional<std::string> aezeed_birthday;  // YYYY-MM-DD
};

// Parses the text of a root key file. An extended key (xprv for mainnet,
// tprv for test networks) is taken as it is; otherwise the text must hold
// 24 aezeed words (any whitespace, any case, over one or several lines),
// optionally followed by a line with the passphrase. `passphrase` (e.g. from
// LNSTORE_SEED_PASSPHRASE_FILE) overrides that line. Errors are those of
// ExtendedPrivateKey::parse and aezeed_decipher (malformed, or auth for a
// wrong passphrase); "empty_root_key" for an empty file. No error repeats
// any part of `text` (a word is named by its position only). First hardens
// the process (util::harden_process_for_secrets: no core dumps from here
// on), and fails with its error if that is refused. `scrypt_n` is lnd's
// 32768 for real input.
[[nodiscard]] Result<RootKey> parse_root_key(std::string_view text, codec::Network network,
                                             const std::optional<std::string>& passphrase,
                                             std::uint64_t scrypt_n = k_aezeed_scrypt_n);

// True when `text` looks like a mnemonic rather than an extended key (the
// caller may show progress: deciphering runs scrypt).
bool looks_like_mnemonic(std::string_view text);

}  // namespace lnstore::keys
