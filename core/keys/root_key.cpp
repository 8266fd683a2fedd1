#include "core/keys/root_key.hpp"

#include "core/util/text.hpp"

#include <sstream>
#include <vector>

#include "core/util/process_hardening.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::keys {

namespace {

// Wipes a std::string's buffer before it is released.
struct WipedString {
  std::string value;
  ~WipedString() { util::secure_wipe(value.data(), value.size()); }
};

}  // namespace

bool looks_like_mnemonic(std::string_view text) {
  auto t = util::trim(text);
  return !(t.starts_with("xprv") || t.starts_with("tprv")) && t.find_first_of(" \t\r\n") != std::string_view::npos;
}

Result<RootKey> parse_root_key(std::string_view text, codec::Network network, const std::optional<std::string>& passphrase,
                               std::uint64_t scrypt_n) {
  // The text may already be in memory, but the key derived from it lives
  // longer: no dump of this process from here on, whoever read the text
  // (InputFile::read_secret did the same before reading it).
  LNSTORE_TRY(util::harden_process_for_secrets());
  auto t = util::trim(text);
  if (t.empty()) return malformed("empty_root_key", "the root key file is empty");
  if (!looks_like_mnemonic(t)) {
    auto key = LNSTORE_TRY(ExtendedPrivateKey::parse(t, network));
    if (key.depth() != 0)
      return malformed("bad_extended_key", "the root key must be a master key (depth 0), not a derived one");
    return RootKey{std::move(key), "xprv", std::nullopt, std::nullopt};
  }
  // Collect words line by line until 24 are seen; the next non-empty line is
  // the passphrase. More words than 24 on the word lines is an error of the
  // mnemonic's length, reported by the decipher.
  WipedString words, line_pass;
  // Sized once: a growing string would leave unwiped copies of the words in
  // freed memory. Each word is followed by one space and words are at least
  // one byte of white space apart in `t`, so this is enough.
  words.value.reserve(t.size() + 1);
  std::size_t count = 0;
  std::size_t pos = 0;
  bool words_done = false;
  while (pos <= t.size()) {
    auto nl = t.find('\n', pos);
    if (nl == std::string_view::npos) nl = t.size();
    auto line = util::trim(t.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    if (words_done) {
      line_pass.value.assign(line);
      break;
    }
    std::size_t i = 0;
    while (i < line.size()) {
      auto start = line.find_first_not_of(" \t", i);
      if (start == std::string_view::npos) break;
      auto end = line.find_first_of(" \t", start);
      if (end == std::string_view::npos) end = line.size();
      for (std::size_t k = start; k < end; ++k)
        words.value += static_cast<char>(line[k] >= 'A' && line[k] <= 'Z' ? line[k] - 'A' + 'a' : line[k]);
      words.value += ' ';
      ++count;
      i = end;
    }
    if (count >= 24) words_done = true;
    if (nl == t.size()) break;
  }
  const std::string& pass = passphrase ? *passphrase : line_pass.value;
  auto seed = LNSTORE_TRY(aezeed_decipher(words.value, pass, scrypt_n));
  auto key = LNSTORE_TRY(ExtendedPrivateKey::from_seed(seed.entropy.span()));
  return RootKey{std::move(key), "aezeed", seed.internal_version, seed.birthday_date};
}

}  // namespace lnstore::keys
