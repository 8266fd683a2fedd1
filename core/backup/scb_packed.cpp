#include "core/backup/scb_packed.hpp"

namespace lnstore::backup {

Result<util::Bytes> pack_scb_single(const ScbSingle& single, std::span<const std::uint8_t> key) {
  const util::Bytes plaintext = LNSTORE_TRY(encode_scb_single(single));
  return backup_encrypt(key, plaintext);
}

Result<util::Bytes> pack_scb_multi(const ScbMulti& multi, std::span<const std::uint8_t> key) {
  const util::Bytes plaintext = LNSTORE_TRY(encode_scb_multi(multi));
  return backup_encrypt(key, plaintext);
}

Result<ScbSingle> unpack_scb_single(std::span<const std::uint8_t> packed, std::span<const std::uint8_t> key) {
  const util::Bytes plaintext = LNSTORE_TRY(backup_decrypt(key, packed));
  return decode_scb_single(plaintext);
}

Result<ScbMulti> unpack_scb_multi(std::span<const std::uint8_t> packed, std::span<const std::uint8_t> key) {
  const util::Bytes plaintext = LNSTORE_TRY(backup_decrypt(key, packed));
  return decode_scb_multi(plaintext);
}

}  // namespace lnstore::backup
