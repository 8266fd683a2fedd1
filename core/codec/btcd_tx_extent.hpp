// The extent of a Bitcoin wire transaction embedded in a longer stream, as
// btcd's MsgTx.Deserialize (witness encoding) reads it; lnd reads the
// commitment transaction of a backup's close-tx tail this way. This is a
// measuring reader that accepts exactly what btcd accepts, not a full
// transaction decoder (see bitcoin_tx for that).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/util/error.hpp"
#include "core/codec/wire_reader.hpp"

namespace lnstore::codec {

// Consumes one transaction from `reader` and returns its bytes. Follows
// btcd: canonical CompactSize; an input count of 0 is the segwit marker and
// must be followed by flag 0x01 ("witness tx but flag byte is ...") and the
// real input count; input/output/witness-item counts and script lengths
// capped like btcd (besides never exceeding the data); witness stacks read
// for every input when the marker was present (empty stacks allowed).
// On failure returns the reader's error naming `field` and the part that
// failed (e.g. "commit_tx: input 1 signature script: truncated ..."); the
// reader position is then unspecified.
[[nodiscard]] Result<std::span<const std::uint8_t>> read_btcd_tx(WireReader& reader, std::string_view field);

// Length of the transaction at the start of `data` (trailing bytes ignored);
// errors use code "bad_transaction".
[[nodiscard]] Result<std::size_t> btcd_tx_length(std::span<const std::uint8_t> data);

}  // namespace lnstore::codec
