// A strict decoder for serialized Bitcoin transactions, legacy and segwit
// (BIP 144), used to validate and show the transactions a channel stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::codec {

inline constexpr std::int64_t k_max_money_sat = 2'100'000'000'000'000;  // 21e6 BTC
// Nothing larger fits in a block (4,000,000 weight units, each byte >= 1 unit).
inline constexpr std::size_t k_max_transaction_size = 4'000'000;

struct BitcoinTxInput {
  std::string prev_txid;  // display (reversed) hex
  std::uint32_t vout = 0;
  util::Bytes script_sig;
  std::uint32_t sequence = 0;
  std::vector<util::Bytes> witness;  // empty for legacy inputs
};

struct BitcoinTxOutput {
  std::int64_t value_sat = 0;  // 0..k_max_money_sat
  util::Bytes script_pubkey;
};

struct BitcoinTx {
  std::int32_t version = 0;
  std::vector<BitcoinTxInput> inputs;    // at least one
  std::vector<BitcoinTxOutput> outputs;  // at least one
  std::uint32_t locktime = 0;
  bool has_witness = false;   // serialized with the BIP 144 marker and flag
  std::string txid;           // display hex, double SHA-256 without witness data
  std::string wtxid;          // display hex, double SHA-256 of everything; == txid without witness
  std::size_t size = 0;       // serialized bytes, witness included
  std::size_t base_size = 0;  // serialized bytes without marker, flag and witnesses
  std::size_t weight = 0;     // BIP 141: base_size * 3 + size
  std::size_t vsize = 0;      // weight / 4, rounded up
};

// Decodes exactly one transaction occupying all of `raw`. Accepts what bitcoind
// accepts as a serialized transaction, and no more: canonical CompactSizes,
// every length within the remaining bytes, at least one input and one output,
// output values (and their sum) within 0..21e6 BTC, for segwit flag 0x01 and
// at least one non-empty witness, nothing after the locktime, at most
// k_max_transaction_size bytes. Fails with malformed "bad_transaction" whose
// message names the field (e.g. "input 2 script length 80 exceeds the 5 bytes
// left"); nothing is returned on failure. Never reads outside `raw`.
[[nodiscard]] Result<BitcoinTx> decode_bitcoin_tx(std::span<const std::uint8_t> raw);

// decode_bitcoin_tx of hex text; invalid hex fails with malformed "bad_hex"
// (field "transaction").
[[nodiscard]] Result<BitcoinTx> decode_bitcoin_tx_hex(std::string_view hex);

// {"txid", "wtxid", "version", "locktime", "size", "vsize", "weight",
//  "inputs": [{"txid", "vout", "script_sig", "sequence", "witness": [hex...]}],
//  "outputs": [{"value_sat", "script_pubkey"}]}; bytes as lowercase hex.
nlohmann::ordered_json to_json(const BitcoinTx& tx);

}  // namespace lnstore::codec
