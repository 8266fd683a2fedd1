#include "core/backup/backup_input.hpp"

#include "core/backup/scb_packed.hpp"
#include "core/util/file_reader.hpp"
#include "core/util/hex.hpp"

namespace lnstore::backup {

Result<ScbMulti> unpack_backup(std::span<const std::uint8_t> data, std::span<const std::uint8_t> key, bool single) {
  if (single) return ScbMulti{0, {LNSTORE_TRY(unpack_scb_single(data, key))}};
  return unpack_scb_multi(data, key);
}

Result<ScbMulti> decode_backup(std::span<const std::uint8_t> data, std::span<const std::uint8_t> key, bool single) {
  auto asked = unpack_backup(data, key, single);
  if (asked || asked.error().exit != ExitClass::malformed) return asked;
  // Both kinds are sealed with the same key, so a Single decrypts as a
  // Multi and fails only on its first byte: try the other kind.
  if (auto other = unpack_backup(data, key, !single); other) {
    if (single)
      return fail(ExitClass::malformed, "wrong_backup_kind",
                  "this backup is a Multi (a channel.backup file, " + std::to_string(other->singles.size()) +
                      " channels), not a packed Single: drop --single",
                  {{"hint", "no --single"}});
    return fail(ExitClass::malformed, "wrong_backup_kind",
                "this backup is one packed Single (lncli exportchanbackup --chan_point), not a Multi: add --single",
                {{"hint", "--single"}});
  }
  return asked;
}

Result<ScbMulti> read_backup_input(const std::string& path_or_dash, bool hex, std::span<const std::uint8_t> key, bool single) {
  auto in = LNSTORE_TRY(util::open_input(path_or_dash));
  auto bytes = LNSTORE_TRY(in.read_all(k_max_backup_input_bytes));
  if (!hex) return decode_backup(bytes, key, single);
  std::string text;
  text.reserve(bytes.size());
  for (std::uint8_t b : bytes)
    if (b != ' ' && b != '\n' && b != '\r' && b != '\t') text.push_back(static_cast<char>(b));
  auto data = LNSTORE_TRY(util::from_hex(text, "backup hex"));
  return decode_backup(data, key, single);
}

}  // namespace lnstore::backup
