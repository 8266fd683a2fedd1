// ECDSA signatures as Lightning peers exchange and lnd stores them.
#pragma once

#include <cstdint>
#include <span>

namespace lnstore::crypto {

// True when `der` is a strict DER-encoded secp256k1 ECDSA signature (the
// form lnd keeps a commitment signature in). Only the encoding is checked,
// not what the signature signs.
bool is_valid_der_signature(std::span<const std::uint8_t> der);

}  // namespace lnstore::crypto
