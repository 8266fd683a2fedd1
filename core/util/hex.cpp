#include "core/util/hex.hpp"

namespace lnstore::util {

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = k_digits[bytes[i] >> 4];
    out[2 * i + 1] = k_digits[bytes[i] & 0x0f];
  }
  return out;
}

namespace {
int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Result<Bytes> from_hex(std::string_view hex, std::string_view what, std::size_t expected_len) {
  if (hex.size() % 2 != 0)
    return malformed("bad_hex", std::string(what) + ": odd number of hex digits");
  Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return malformed("bad_hex", std::string(what) + ": not hex");
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  if (expected_len != 0 && out.size() != expected_len)
    return malformed("bad_length", std::string(what) + ": expected " + std::to_string(expected_len) +
                                       " bytes, got " + std::to_string(out.size()));
  return out;
}

}  // namespace lnstore::util
