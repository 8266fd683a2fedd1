// A backup given to `backup verify|dump|restore`: a file, or standard input
// ("-"), as raw bytes or, with `hex`, as the hex text lncli prints
// (`lncli exportchanbackup` JSON fields, `--multi_backup`). A packed Single
// given as a Multi, or the reverse, is recognised and the error says which
// option to add or drop, instead of a decoder message about versions.
#pragma once

#include <span>
#include <string>

#include "core/backup/scb_multi.hpp"
#include "core/util/error.hpp"

namespace lnstore::backup {

// The most a backup may hold: lnd's channel.backup of thousands of channels
// is a few MiB; the limit only stops /dev/zero-like inputs.
inline constexpr std::size_t k_max_backup_input_bytes = 256u << 20;

// Decrypts and parses `data` as asked: a Multi, or with `single` one packed
// Single (returned as a Multi of one). Errors as unpack_scb_multi /
// unpack_scb_single.
[[nodiscard]] Result<ScbMulti> unpack_backup(std::span<const std::uint8_t> data, std::span<const std::uint8_t> key, bool single);

// unpack_backup, and on a parse failure the other form is tried;
// when it parses, the error is malformed "wrong_backup_kind" naming the
// option (details "hint": "--single" or "no --single"). Other errors as
// unpack_scb_multi / unpack_scb_single.
[[nodiscard]] Result<ScbMulti> decode_backup(std::span<const std::uint8_t> data, std::span<const std::uint8_t> key, bool single);

// Reads `path_or_dash` (a regular file, or standard input for "-"), decodes
// hex when `hex` (whitespace and a trailing newline allowed), then
// decode_backup.
[[nodiscard]] Result<ScbMulti> read_backup_input(const std::string& path_or_dash, bool hex, std::span<const std::uint8_t> key,
                                                 bool single);

}  // namespace lnstore::backup
