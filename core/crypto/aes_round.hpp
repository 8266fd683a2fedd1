// One AES encryption round with a caller-supplied round key and no key
// schedule: the building block of the AEZ cipher (spec/aezeed.md section 8.3).
// Crypto++ exposes no single-round primitive, hence this unit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace lnstore::crypto {

inline constexpr std::size_t k_aes_block_size = 16;

// state <- MixColumns(ShiftRows(SubBytes(state))) xor round_key, the full
// round including MixColumns (x86 AESENC). Bytes map to the AES state
// column-major (byte 4c + r is row r, column c), as FIPS-197's input.
// Dispatches to the AES-NI round when the CPU has it, else the portable one;
// both give identical results. Total function, never fails.
void aes_round(std::span<std::uint8_t, k_aes_block_size> state,
               std::span<const std::uint8_t, k_aes_block_size> round_key);

// The portable implementation: S-box table lookups, so its timing depends on
// secret-indexed memory accesses (acceptable for a one-shot seed restore on
// the operator's machine; the AES-NI path has no such leak).
void aes_round_portable(std::span<std::uint8_t, k_aes_block_size> state,
                        std::span<const std::uint8_t, k_aes_block_size> round_key);

// True when this build targets x86 and the CPU reports AES-NI.
[[nodiscard]] bool aes_round_hardware_available();

// The AES-NI implementation (_mm_aesenc_si128). When
// aes_round_hardware_available() is false it falls back to the portable
// round, so calling it is always safe.
void aes_round_hardware(std::span<std::uint8_t, k_aes_block_size> state,
                        std::span<const std::uint8_t, k_aes_block_size> round_key);

}  // namespace lnstore::crypto
