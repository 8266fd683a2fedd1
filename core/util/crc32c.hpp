// CRC-32C (Castagnoli), the checksum of lnd's aezeed (spec/aezeed.md section 6).
#pragma once

#include <cstdint>
#include <span>

namespace lnstore::util {

// CRC-32C of `data`: reflected polynomial 0x82F63B78, initial value and final
// XOR 0xFFFFFFFF (Go's crc32.Checksum with the Castagnoli table). Returned as
// a number; aezeed stores it big-endian. Total function, never fails.
[[nodiscard]] std::uint32_t crc32c(std::span<const std::uint8_t> data);

}  // namespace lnstore::util
