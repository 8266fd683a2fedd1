#include "core/backup/scb_multi.hpp"

#include <string>

namespace lnstore::backup {

Result<util::Bytes> encode_scb_multi(const ScbMulti& multi) {
  if (multi.version != 0)
    return malformed("backup_encode_failed", "unable to pack unknown multi-version " + std::to_string(multi.version));
  if (multi.singles.size() > 0xffffffffu)
    return malformed("backup_encode_failed", "too many channels for one backup");
  util::Bytes out;
  out.reserve(5 + multi.singles.size() * 520);
  out.push_back(0);
  const auto count = static_cast<std::uint32_t>(multi.singles.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(count >> shift));
  for (std::size_t i = 0; i < multi.singles.size(); ++i) {
    auto appended = append_scb_single(out, multi.singles[i]);
    if (!appended) {
      Error e = std::move(appended).error();
      e.message = "backup single " + std::to_string(i) + " (" + scb_chan_point(multi.singles[i]) + "): " + e.message;
      e.details["single"] = i;
      return std::unexpected(std::move(e));
    }
  }
  return out;
}

Result<ScbMulti> decode_scb_multi(std::span<const std::uint8_t> plaintext) {
  codec::WireReader reader(plaintext, "bad_backup", "backup: ");
  ScbMulti multi;
  const std::uint8_t version = LNSTORE_TRY(reader.u8("multi version"));
  if (version != 0)
    return reader.error("multi version", "unable to unpack unknown multi-version of " + std::to_string(version));
  const std::uint32_t count = LNSTORE_TRY(reader.u32_be("count"));
  // Each Single is at least 371 bytes: never reserve for a count the data cannot hold.
  multi.singles.reserve(std::min<std::size_t>(count, reader.remaining() / 371));
  for (std::uint32_t i = 0; i < count; ++i) {
    reader.set_context("backup single " + std::to_string(i) + ": ");
    auto single = read_scb_single(reader);
    if (!single) {
      Error e = std::move(single).error();
      e.details["single"] = i;
      return std::unexpected(std::move(e));
    }
    multi.singles.push_back(std::move(*single));
  }
  return multi;
}

}  // namespace lnstore::backup
