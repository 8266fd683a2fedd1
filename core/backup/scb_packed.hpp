// Packed (encrypted) backups as lnd exchanges them: a packed Single is one
// encrypted Single (exportchanbackup's chan_backup), a packed Multi is the
// encrypted Multi (channel.backup, multi_chan_backup). The key is
// backup_encryption_key() of the wallet root key.
#pragma once

#include <cstdint>
#include <span>

#include "core/backup/backup_cipher.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/backup/scb_multi.hpp"
#include "core/backup/scb_single.hpp"

namespace lnstore::backup {

// Encode, then backup_encrypt with a fresh random nonce. Encoding errors as
// in encode_scb_single/encode_scb_multi; cipher errors exit internal.
[[nodiscard]] Result<util::Bytes> pack_scb_single(const ScbSingle& single, std::span<const std::uint8_t> key);
[[nodiscard]] Result<util::Bytes> pack_scb_multi(const ScbMulti& multi, std::span<const std::uint8_t> key);

// backup_decrypt, then decode. Exit auth "backup_auth_failed" when the data
// does not authenticate under `key`; malformed "bad_backup" when it is too
// short or the plaintext does not decode (message names the field).
[[nodiscard]] Result<ScbSingle> unpack_scb_single(std::span<const std::uint8_t> packed,
                                                  std::span<const std::uint8_t> key);
[[nodiscard]] Result<ScbMulti> unpack_scb_multi(std::span<const std::uint8_t> packed,
                                                std::span<const std::uint8_t> key);

}  // namespace lnstore::backup
