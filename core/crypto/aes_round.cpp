#include "core/crypto/aes_round.hpp"

#include <array>
#include <cstring>

#include "core/util/secure_bytes.hpp"

#if defined(__x86_64__) || defined(__i386__)
#define LNSTORE_HAVE_X86_AES 1
#include <wmmintrin.h>
#endif

namespace lnstore::crypto {

namespace {

// GF(2^8) arithmetic modulo x^8 + x^4 + x^3 + x + 1, used to build the S-box
// at compile time rather than typing in 256 constants.
constexpr std::uint8_t xtime(std::uint8_t x) {
  return static_cast<std::uint8_t>((x << 1) ^ (((x >> 7) & 1) * 0x1b));
}

constexpr std::uint8_t gf_mul(std::uint8_t a, std::uint8_t b) {
  std::uint8_t product = 0;
  while (b != 0) {
    if (b & 1) product ^= a;
    a = xtime(a);
    b >>= 1;
  }
  return product;
}

constexpr std::uint8_t gf_inverse(std::uint8_t a) {
  // a^254 = a^-1 in GF(2^8)*, and maps 0 to 0 as FIPS-197 requires.
  std::uint8_t result = 1;
  std::uint8_t base = a;
  for (int e = 254; e != 0; e >>= 1) {
    if (e & 1) result = gf_mul(result, base);
    base = gf_mul(base, base);
  }
  return result;
}

constexpr std::uint8_t rotl8(std::uint8_t x, int shift) {
  return static_cast<std::uint8_t>((x << shift) | (x >> (8 - shift)));
}

constexpr std::array<std::uint8_t, 256> make_sbox() {
  std::array<std::uint8_t, 256> sbox{};
  for (int n = 0; n < 256; ++n) {
    const std::uint8_t b = gf_inverse(static_cast<std::uint8_t>(n));
    sbox[n] = static_cast<std::uint8_t>(b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63);
  }
  return sbox;
}

constexpr auto k_sbox = make_sbox();
static_assert(k_sbox[0x00] == 0x63 && k_sbox[0x01] == 0x7c && k_sbox[0x53] == 0xed && k_sbox[0xff] == 0x16,
              "S-box disagrees with FIPS-197 Figure 7");

bool detect_aes_ni() {
#if defined(LNSTORE_HAVE_X86_AES)
  return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse2");
#else
  return false;
#endif
}

#if defined(LNSTORE_HAVE_X86_AES)
__attribute__((target("aes,sse2"))) void aes_ni_round(std::uint8_t* state, const std::uint8_t* round_key) {
  __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  const __m128i key = _mm_loadu_si128(reinterpret_cast<const __m128i*>(round_key));
  block = _mm_aesenc_si128(block, key);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), block);
}
#endif

}  // namespace

void aes_round_portable(std::span<std::uint8_t, k_aes_block_size> state,
                        std::span<const std::uint8_t, k_aes_block_size> round_key) {
  std::uint8_t shifted[k_aes_block_size];
  // SubBytes and ShiftRows together: row r of column c comes from column c + r.
  for (int c = 0; c < 4; ++c)
    for (int r = 0; r < 4; ++r) shifted[4 * c + r] = k_sbox[state[4 * ((c + r) % 4) + r]];
  for (int c = 0; c < 4; ++c) {
    const std::uint8_t* a = shifted + 4 * c;
    const std::uint8_t all = static_cast<std::uint8_t>(a[0] ^ a[1] ^ a[2] ^ a[3]);
    // MixColumns row r = 2*a[r] ^ 3*a[r+1] ^ a[r+2] ^ a[r+3] = a[r] ^ all ^ 2*(a[r] ^ a[r+1]).
    for (int r = 0; r < 4; ++r)
      state[4 * c + r] = static_cast<std::uint8_t>(a[r] ^ all ^ xtime(static_cast<std::uint8_t>(a[r] ^ a[(r + 1) % 4])) ^
                                                   round_key[4 * c + r]);
  }
  util::secure_wipe(shifted, sizeof shifted);
}

bool aes_round_hardware_available() {
  static const bool available = detect_aes_ni();
  return available;
}

void aes_round_hardware(std::span<std::uint8_t, k_aes_block_size> state,
                        std::span<const std::uint8_t, k_aes_block_size> round_key) {
#if defined(LNSTORE_HAVE_X86_AES)
  if (aes_round_hardware_available()) {
    aes_ni_round(state.data(), round_key.data());
    return;
  }
#endif
  aes_round_portable(state, round_key);
}

void aes_round(std::span<std::uint8_t, k_aes_block_size> state,
               std::span<const std::uint8_t, k_aes_block_size> round_key) {
  // aes_round_hardware already falls back when AES-NI is missing.
  aes_round_hardware(state, round_key);
}

}  // namespace lnstore::crypto
