#include "core/codec/base58.hpp"

#include "core/crypto/hash.hpp"

namespace lnstore::codec {

namespace {

constexpr char k_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int digit_value(char c) {
  for (int i = 0; i < 58; ++i)
    if (k_alphabet[i] == c) return i;
  return -1;
}

void double_sha256(std::span<const std::uint8_t> data, std::uint8_t out[32]) {
  const crypto::Digest32 digest = crypto::sha256d({data});
  std::copy(digest.begin(), digest.end(), out);
}

}  // namespace

std::string base58_encode(std::span<const std::uint8_t> bytes) {
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  // log(256)/log(58) < 1.38: enough base-58 digits for the remaining bytes.
  util::SecureBytes digits((bytes.size() - zeros) * 138 / 100 + 1);
  std::size_t used = 0;  // digits in use, least significant first
  for (std::size_t i = zeros; i < bytes.size(); ++i) {
    unsigned carry = bytes[i];
    for (std::size_t j = 0; j < used; ++j) {
      carry += static_cast<unsigned>(digits[j]) << 8;
      digits[j] = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry != 0) {
      digits[used++] = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
  }
  std::string out;
  out.reserve(zeros + used);  // one allocation: no stale partial copies of a secret
  out.append(zeros, '1');
  for (std::size_t j = used; j-- > 0;) out.push_back(k_alphabet[digits[j]]);
  return out;
}

Result<util::SecureBytes> base58_decode(std::string_view text) {
  std::size_t zeros = 0;
  while (zeros < text.size() && text[zeros] == '1') ++zeros;
  // log(58)/log(256) < 0.733
  util::SecureBytes value((text.size() - zeros) * 733 / 1000 + 1);
  std::size_t used = 0;  // bytes in use, least significant first
  for (std::size_t i = zeros; i < text.size(); ++i) {
    const int d = digit_value(text[i]);
    if (d < 0)
      return fail(ExitClass::malformed, "bad_base58",
                  "invalid base58 character at position " + std::to_string(i), {{"position", i}});
    unsigned carry = static_cast<unsigned>(d);
    for (std::size_t j = 0; j < used; ++j) {
      carry += static_cast<unsigned>(value[j]) * 58;
      value[j] = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry != 0) {
      value[used++] = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
  }
  util::SecureBytes out(zeros + used);
  for (std::size_t j = 0; j < used; ++j) out[zeros + j] = value[used - 1 - j];
  return out;
}

std::string base58check_encode(std::span<const std::uint8_t> payload) {
  util::SecureBytes buffer(payload.size() + 4);
  std::copy(payload.begin(), payload.end(), buffer.begin());
  std::uint8_t checksum[32];
  double_sha256(payload, checksum);
  std::copy(checksum, checksum + 4, buffer.begin() + payload.size());
  util::secure_wipe(checksum, sizeof checksum);
  return base58_encode(buffer.span());
}

Result<util::SecureBytes> base58check_decode(std::string_view text) {
  util::SecureBytes raw = LNSTORE_TRY(base58_decode(text));
  if (raw.size() < 4) return malformed("bad_base58", "base58check text is too short to hold a checksum");
  const std::size_t n = raw.size() - 4;
  std::uint8_t checksum[32];
  double_sha256(raw.span().first(n), checksum);
  std::uint8_t diff = 0;
  for (std::size_t i = 0; i < 4; ++i) diff |= static_cast<std::uint8_t>(checksum[i] ^ raw[n + i]);
  util::secure_wipe(checksum, sizeof checksum);
  if (diff != 0) return malformed("bad_checksum", "base58check checksum does not match");
  return util::SecureBytes(raw.span().first(n));
}

}  // namespace lnstore::codec
