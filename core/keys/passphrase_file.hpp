// The seed passphrase file (LNSTORE_SEED_PASSPHRASE_FILE): its first line,
// byte for byte, as lnd takes a passphrase. Only the line ending ("\n" or
// "\r\n") is removed; blanks at either end belong to the passphrase.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "core/util/error.hpp"

namespace lnstore::keys {

// The most a secret file (root key, passphrase) may hold: far more than any
// key text, small enough that /dev/zero is refused at once.
inline constexpr std::size_t k_max_secret_file_bytes = 64u << 10;

// The passphrase in `content`: everything before the first "\n" (and a "\r"
// right before it), or all of it when there is no "\n". An empty file or an
// empty first line is the empty passphrase (lnd's default).
[[nodiscard]] std::string passphrase_from_content(std::span<const std::uint8_t> content);

// Reads `path` ("-" is standard input) through util::InputFile (a regular
// file of at most k_max_secret_file_bytes; its errors) and returns its
// passphrase. The
// file's bytes are wiped after use; the caller wipes the result.
[[nodiscard]] Result<std::string> read_passphrase_file(const std::filesystem::path& path);

}  // namespace lnstore::keys
