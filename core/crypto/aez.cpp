#include "core/crypto/aez.hpp"

#include <algorithm>
#include <vector>

#include <cryptopp/blake2.h>
#include <cryptopp/misc.h>

#include "core/crypto/aes_round.hpp"

namespace lnstore::crypto {

namespace {

// A 16-byte block wiped when it dies: every block here is key material,
// plaintext, or derived from them.
struct Block {
  AezBlock v{};

  Block() = default;
  Block(const Block&) = default;
  Block& operator=(const Block&) = default;
  ~Block() { util::secure_wipe(v.data(), v.size()); }

  std::uint8_t& operator[](std::size_t k) { return v[k]; }
  std::uint8_t operator[](std::size_t k) const { return v[k]; }
};

Block& operator^=(Block& a, const Block& b) {
  for (std::size_t k = 0; k < k_aez_block_size; ++k) a[k] ^= b[k];
  return a;
}

Block operator^(const Block& a, const Block& b) {
  Block out = a;
  out ^= b;
  return out;
}

// Up to 16 bytes, zero-filled on the right.
Block load(std::span<const std::uint8_t> bytes) {
  Block out;
  std::copy_n(bytes.begin(), std::min(bytes.size(), k_aez_block_size), out.v.begin());
  return out;
}

// A partial block (0..15 bytes) with 10* padding.
Block load_padded(std::span<const std::uint8_t> bytes) {
  Block out = load(bytes);
  out[bytes.size()] = 0x80;
  return out;
}

void store(const Block& block, std::span<std::uint8_t> out) {
  std::copy_n(block.v.begin(), std::min(out.size(), k_aez_block_size), out.begin());
}

// 2 * B in GF(2^128) with AEZ's big-endian convention.
Block doubled(const Block& b) {
  Block out;
  const std::uint8_t carry = static_cast<std::uint8_t>(b[0] >> 7);
  for (std::size_t k = 0; k + 1 < k_aez_block_size; ++k)
    out[k] = static_cast<std::uint8_t>((b[k] << 1) | (b[k + 1] >> 7));
  out[15] = static_cast<std::uint8_t>((b[15] << 1) ^ (carry * 0x87));
  return out;
}

// a * B by binary expansion of a.
Block times(std::uint64_t a, const Block& b) {
  Block out;
  for (int bit = 63; bit >= 0; --bit) {
    out = doubled(out);
    if ((a >> bit) & 1) out ^= b;
  }
  return out;
}

// [k]_128: k as a 16-byte big-endian integer.
Block counter_block(std::uint64_t k) {
  Block out;
  for (int byte = 0; byte < 8; ++byte) out[15 - byte] = static_cast<std::uint8_t>(k >> (8 * byte));
  return out;
}

Block from_span(std::span<const std::uint8_t, k_aez_block_size> bytes) {
  Block out;
  std::copy(bytes.begin(), bytes.end(), out.v.begin());
  return out;
}

// The tweakable block cipher E^{j,i} of AEZ v5 under one key.
class Cipher {
 public:
  explicit Cipher(const AezKey& key) : m_i(from_span(key.i())), m_j(from_span(key.j())), m_l(from_span(key.l())) {
    for (std::uint64_t k = 0; k < 8; ++k) m_l_times[k] = times(k, m_l);
  }

  const Block& i_key() const { return m_i; }
  const Block& j_key() const { return m_j; }

  // E^{j,i}(x) for j >= 0, the offset built from scratch.
  Block e(std::uint64_t j, std::uint64_t i, const Block& x) const {
    Block i_power = m_i;
    for (std::uint64_t k = 0; k < (i + 7) / 8; ++k) i_power = doubled(i_power);
    return e_at(times(j, m_j), i_power, i, x);
  }

  // E^{j,i}(x) given j*J and 2^ceil(i/8)*I, for loops that walk i.
  Block e_at(const Block& j_times_j, const Block& i_power, std::uint64_t i, const Block& x) const {
    return aes4(x ^ j_times_j ^ i_power ^ m_l_times[i % 8]);
  }

  // E^{-1,i}(x) = AES10(x ^ i*L).
  Block e_wide(std::uint64_t i, const Block& x) const { return aes10(x ^ times(i, m_l)); }

 private:
  // Rounds with keys J, I, L, 0; no initial whitening (the tweak does that).
  Block aes4(const Block& x) const {
    Block s = x;
    aes_round(s.v, m_j.v);
    aes_round(s.v, m_i.v);
    aes_round(s.v, m_l.v);
    aes_round(s.v, m_zero.v);
    return s;
  }

  // Ten full rounds (MixColumns in every one) with keys I, J, L, I, J, L, I, J, L, I.
  Block aes10(const Block& x) const {
    Block s = x;
    const Block* keys[3] = {&m_i, &m_j, &m_l};
    for (int round = 0; round < 10; ++round) aes_round(s.v, keys[round % 3]->v);
    return s;
  }

  Block m_i, m_j, m_l;
  Block m_zero;
  Block m_l_times[8];
};

// The hash of one tweak string with tweak j (AEZ-hash's inner sum).
Block hash_string(const Cipher& cipher, std::uint64_t j, std::span<const std::uint8_t> s) {
  const Block j_times_j = times(j, cipher.j_key());
  if (s.empty()) return cipher.e_at(j_times_j, cipher.i_key(), 0, load_padded(s));
  Block sum;
  Block i_power = cipher.i_key();
  const std::size_t full_blocks = s.size() / k_aez_block_size;
  for (std::size_t b = 1; b <= full_blocks; ++b) {
    if ((b - 1) % 8 == 0) i_power = doubled(i_power);
    sum ^= cipher.e_at(j_times_j, i_power, b, load(s.subspan((b - 1) * k_aez_block_size, k_aez_block_size)));
  }
  if (s.size() % k_aez_block_size != 0)
    sum ^= cipher.e_at(j_times_j, cipher.i_key(), 0, load_padded(s.subspan(full_blocks * k_aez_block_size)));
  return sum;
}

Block hash(const Cipher& cipher, std::uint64_t tau_bits, AezStrings strings) {
  // [tau]_128 is the first tweak string (j = 3): one full block, i = 1.
  Block delta = cipher.e(3, 1, counter_block(tau_bits));
  std::uint64_t j = 4;
  for (const auto& s : strings) delta ^= hash_string(cipher, j++, s);
  return delta;
}

util::Bytes prf(const Cipher& cipher, const Block& delta, std::size_t tau) {
  util::Bytes out(tau);
  for (std::size_t offset = 0, k = 0; offset < tau; offset += k_aez_block_size, ++k)
    store(cipher.e_wide(3, delta ^ counter_block(k)), std::span(out).subspan(offset));
  return out;
}

// Bits [start, start + count) of `bytes` (MSB-first), left-aligned in a block.
Block bits_of(std::span<const std::uint8_t> bytes, std::size_t start, std::size_t count) {
  Block out;
  for (std::size_t t = 0; t < count; ++t) {
    const std::size_t src = start + t;
    const std::uint8_t bit = static_cast<std::uint8_t>((bytes[src / 8] >> (7 - src % 8)) & 1);
    out[t / 8] |= static_cast<std::uint8_t>(bit << (7 - t % 8));
  }
  return out;
}

// Writes the first `count` bits of `block` to bits [start, start + count) of
// `bytes`, which must be zero there.
void put_bits(const Block& block, std::span<std::uint8_t> bytes, std::size_t start, std::size_t count) {
  for (std::size_t t = 0; t < count; ++t) {
    const std::size_t dst = start + t;
    const std::uint8_t bit = static_cast<std::uint8_t>((block[t / 8] >> (7 - t % 8)) & 1);
    bytes[dst / 8] |= static_cast<std::uint8_t>(bit << (7 - dst % 8));
  }
}

// Keeps the first `count` bits.
void truncate_bits(Block& block, std::size_t count) {
  for (std::size_t byte = 0; byte < k_aez_block_size; ++byte) {
    if (byte * 8 >= count)
      block[byte] = 0;
    else if (byte * 8 + 8 > count)
      block[byte] &= static_cast<std::uint8_t>(0xFF << (byte * 8 + 8 - count));
  }
}

// For strings under 16 bytes: flips the first bit when the first bit of
// E^{0,3}(Delta ^ (x | 10*)) is set. Forcing x's first bit makes it an
// involution, so encipher applies it last and decipher first.
void tiny_first_bit_fix(const Cipher& cipher, const Block& delta, std::span<std::uint8_t> x) {
  Block in = load(x);
  in[0] |= 0x80;
  const Block t = cipher.e(0, 3, delta ^ in);
  x[0] ^= static_cast<std::uint8_t>(t[0] & 0x80);
}

// AEZ-tiny, 1 <= n < 32 bytes: a balanced Feistel network on two 4n-bit halves.
void tiny(const Cipher& cipher, const Block& delta, bool decipher, std::span<const std::uint8_t> in,
          std::span<std::uint8_t> out) {
  const std::size_t n = in.size();
  const std::size_t half_bits = 4 * n;
  const std::uint64_t rounds = n == 1 ? 24 : n == 2 ? 16 : n < 16 ? 10 : 8;
  const std::uint64_t tweak = n < 16 ? 7 : 6;

  util::SecureBytes work(in);
  if (decipher && n < 16) tiny_first_bit_fix(cipher, delta, std::span(work.data(), n));
  Block left = bits_of(std::span(work.data(), n), 0, half_bits);
  Block right = bits_of(std::span(work.data(), n), half_bits, half_bits);

  auto round_function = [&](std::uint64_t k, const Block& z) {
    Block b = z;
    b[half_bits / 8] |= static_cast<std::uint8_t>(0x80 >> (half_bits % 8));
    b ^= delta;
    b[15] ^= static_cast<std::uint8_t>(k);  // [k]_128 with k < 24
    Block y = cipher.e(0, tweak, b);
    truncate_bits(y, half_bits);
    return y;
  };
  if (!decipher) {
    for (std::uint64_t k = 0; k < rounds; k += 2) {
      left ^= round_function(k, right);
      right ^= round_function(k + 1, left);
    }
  } else {
    for (std::uint64_t pair = rounds / 2; pair > 0; --pair) {
      left ^= round_function(2 * pair - 1, right);
      right ^= round_function(2 * pair - 2, left);
    }
  }
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  put_bits(right, out, 0, half_bits);
  put_bits(left, out, half_bits, half_bits);
  if (!decipher && n < 16) tiny_first_bit_fix(cipher, delta, out);
}

// AEZ-core, n >= 32 bytes; d = 0 enciphers, 1 deciphers. `out` must not
// alias `in`; it also holds the first pass's W_t, X_t between the passes.
void core(const Cipher& cipher, const Block& delta, std::uint64_t d, std::span<const std::uint8_t> in,
          std::span<std::uint8_t> out) {
  const std::size_t n = in.size();
  const std::size_t f = n % 32;
  const std::size_t m = (n - f - 32) / 32;
  const auto fragment = in.subspan(32 * m, f);
  const Block m_x = load(in.subspan(n - 32, 16));
  const Block m_y = load(in.subspan(n - 16, 16));
  const Block& j1 = cipher.j_key();
  const Block j2 = times(2, cipher.j_key());

  Block x_sum;
  Block i_power = cipher.i_key();
  for (std::size_t t = 1; t <= m; ++t) {
    if ((t - 1) % 8 == 0) i_power = doubled(i_power);
    const Block m_t = load(in.subspan(32 * (t - 1), 16));
    const Block m_t_prime = load(in.subspan(32 * (t - 1) + 16, 16));
    const Block w = m_t ^ cipher.e_at(j1, i_power, t, m_t_prime);
    const Block x = m_t_prime ^ cipher.e(0, 0, w);
    store(w, out.subspan(32 * (t - 1), 16));
    store(x, out.subspan(32 * (t - 1) + 16, 16));
    x_sum ^= x;
  }
  if (f > 0 && f < 16) {
    x_sum ^= cipher.e(0, 4, load_padded(fragment));
  } else if (f >= 16) {
    x_sum ^= cipher.e(0, 4, load(fragment.first(16)));
    x_sum ^= cipher.e(0, 5, load_padded(fragment.subspan(16)));
  }

  const Block s_x = m_x ^ delta ^ x_sum ^ cipher.e(0, 1 + d, m_y);
  const Block s_y = m_y ^ cipher.e_wide(1 + d, s_x);
  const Block s = s_x ^ s_y;

  Block y_sum;
  i_power = cipher.i_key();
  for (std::size_t t = 1; t <= m; ++t) {
    if ((t - 1) % 8 == 0) i_power = doubled(i_power);
    const Block s_prime = cipher.e_at(j2, i_power, t, s);
    const Block y = load(out.subspan(32 * (t - 1), 16)) ^ s_prime;
    const Block z = load(out.subspan(32 * (t - 1) + 16, 16)) ^ s_prime;
    const Block c_prime = y ^ cipher.e(0, 0, z);
    const Block c = z ^ cipher.e_at(j1, i_power, t, c_prime);
    store(c, out.subspan(32 * (t - 1), 16));
    store(c_prime, out.subspan(32 * (t - 1) + 16, 16));
    y_sum ^= y;
  }
  const auto out_fragment = out.subspan(32 * m, f);
  if (f > 0 && f < 16) {
    const Block c_f = load(fragment) ^ cipher.e_wide(4, s);
    store(c_f, out_fragment);
    y_sum ^= cipher.e(0, 4, load_padded(out_fragment));
  } else if (f >= 16) {
    const Block c_f1 = load(fragment.first(16)) ^ cipher.e_wide(4, s);
    store(c_f1, out_fragment.first(16));
    y_sum ^= cipher.e(0, 4, c_f1);
    const Block c_f2 = load(fragment.subspan(16)) ^ cipher.e_wide(5, s);
    store(c_f2, out_fragment.subspan(16));
    y_sum ^= cipher.e(0, 5, load_padded(out_fragment.subspan(16)));
  }

  const Block c_y = s_x ^ cipher.e_wide(2 - d, s_y);
  const Block c_x = s_y ^ delta ^ y_sum ^ cipher.e(0, 2 - d, c_y);
  store(c_x, out.subspan(n - 32, 16));
  store(c_y, out.subspan(n - 16, 16));
}

void encipher(const Cipher& cipher, const Block& delta, bool decipher, std::span<const std::uint8_t> in,
              std::span<std::uint8_t> out) {
  if (in.size() < 32)
    tiny(cipher, delta, decipher, in, out);
  else
    core(cipher, delta, decipher ? 1 : 0, in, out);
}

Block delta_for(const Cipher& cipher, std::size_t tau, std::span<const std::uint8_t> nonce,
                AezStrings associated_data) {
  std::vector<std::span<const std::uint8_t>> strings;
  strings.reserve(associated_data.size() + 1);
  strings.push_back(nonce);
  strings.insert(strings.end(), associated_data.begin(), associated_data.end());
  return hash(cipher, 8 * static_cast<std::uint64_t>(tau), strings);
}

}  // namespace

AezKey::AezKey(std::span<const std::uint8_t> key) {
  if (key.size() == k_aez_extracted_key_size) {
    std::copy(key.begin(), key.end(), m_ijl.begin());
    return;
  }
  CryptoPP::BLAKE2b blake(false, static_cast<unsigned int>(k_aez_extracted_key_size));
  blake.Update(key.data(), key.size());
  blake.Final(m_ijl.data());
}

AezKey::~AezKey() { util::secure_wipe(m_ijl.data(), m_ijl.size()); }

AezBlock aez_hash(const AezKey& key, std::uint64_t tau_bits, AezStrings nonce_and_ad) {
  return hash(Cipher(key), tau_bits, nonce_and_ad).v;
}

util::Bytes aez_prf(const AezKey& key, std::span<const std::uint8_t, k_aez_block_size> delta, std::size_t tau) {
  return prf(Cipher(key), from_span(delta), tau);
}

util::Bytes aez_encrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                  AezStrings associated_data, std::size_t tau, std::span<const std::uint8_t> plaintext) {
  const AezKey extracted(key);
  const Cipher cipher(extracted);
  const Block delta = delta_for(cipher, tau, nonce, associated_data);
  if (plaintext.empty()) return prf(cipher, delta, tau);
  util::SecureBytes padded(plaintext.size() + tau);  // M || 0^tau
  std::copy(plaintext.begin(), plaintext.end(), padded.begin());
  util::Bytes out(padded.size());
  encipher(cipher, delta, false, padded.span(), out);
  return out;
}

Result<util::SecureBytes> aez_decrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                                AezStrings associated_data, std::size_t tau, std::span<const std::uint8_t> ciphertext) {
  if (ciphertext.size() < tau)
    return malformed("aez_ciphertext_too_short", "AEZ ciphertext of " + std::to_string(ciphertext.size()) +
                                                     " bytes is shorter than its " + std::to_string(tau) +
                                                     "-byte expansion");
  const AezKey extracted(key);
  const Cipher cipher(extracted);
  const Block delta = delta_for(cipher, tau, nonce, associated_data);
  const auto auth_failed = [] {
    return fail(ExitClass::auth, "aez_authentication_failed", "AEZ ciphertext does not authenticate");
  };
  if (ciphertext.size() == tau) {
    util::Bytes expected = prf(cipher, delta, tau);
    const bool ok = CryptoPP::VerifyBufsEqual(expected.data(), ciphertext.data(), tau);
    if (!ok) return auth_failed();
    return util::SecureBytes();
  }
  util::SecureBytes deciphered(ciphertext.size());
  encipher(cipher, delta, true, ciphertext, deciphered.span());
  std::uint8_t nonzero = 0;
  for (std::size_t k = ciphertext.size() - tau; k < ciphertext.size(); ++k) nonzero |= deciphered[k];
  if (nonzero != 0) return auth_failed();
  return util::SecureBytes(deciphered.span().first(ciphertext.size() - tau));
}

}  // namespace lnstore::crypto
