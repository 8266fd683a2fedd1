#include "core/keys/passphrase_file.hpp"

#include <algorithm>

#include "core/util/file_reader.hpp"

namespace lnstore::keys {

std::string passphrase_from_content(std::span<const std::uint8_t> content) {
  auto end = std::find(content.begin(), content.end(), std::uint8_t{'\n'});
  if (end != content.end() && end != content.begin() && *(end - 1) == '\r') --end;
  return std::string(content.begin(), end);
}

Result<std::string> read_passphrase_file(const std::filesystem::path& path) {
  auto file = LNSTORE_TRY(util::open_input(path.string()));
  const util::SecureBytes content = LNSTORE_TRY(file.read_secret(k_max_secret_file_bytes));
  return passphrase_from_content(content.span());
}

}  // namespace lnstore::keys
