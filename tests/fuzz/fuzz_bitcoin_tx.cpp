// libFuzzer target: serialized Bitcoin transactions, read by both readers.
// decode_bitcoin_tx (the strict, bitcoind-like decoder behind `channel show
// --decode` and channel document validation) and read_btcd_tx (the measuring
// reader for a backup's commit tx, as btcd reads it) must fail only with
// their documented malformed errors and never read out of bounds. Checked:
//  - a decoded tx has consistent sizes (size = input length, weight =
//    3 * base_size + size, vsize = ceil(weight / 4)), txid == wtxid exactly
//    when it has no witness, values within 0..21e6 BTC, and prints as JSON;
//  - whatever bitcoind accepts, btcd accepts too, with the same length;
//  - btcd's measure is stable: the measured prefix measures the same.
// Seeds: tests/fuzz/corpus/bitcoin_tx/ (legacy and segwit transactions from
// the spec vector, the lnd fixtures' commitment transactions, and the BIP 143
// examples).
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/codec/bitcoin_tx.hpp"
#include "core/codec/btcd_tx_extent.hpp"
#include "core/codec/wire_reader.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lnstore;
  const std::span<const std::uint8_t> raw(data, size);

  auto btcd_length = codec::btcd_tx_length(raw);
  if (btcd_length) {
    LNSTORE_FUZZ_CHECK(*btcd_length > 0 && *btcd_length <= size);
    auto prefix_length = codec::btcd_tx_length(raw.first(*btcd_length));
    LNSTORE_FUZZ_CHECK(prefix_length.has_value() && *prefix_length == *btcd_length);
    codec::WireReader reader(raw, "bad_backup");
    auto read = codec::read_btcd_tx(reader, "commit_tx");
    LNSTORE_FUZZ_CHECK(read.has_value() && read->size() == *btcd_length && read->data() == data &&
                       reader.offset() == *btcd_length);
  } else {
    LNSTORE_FUZZ_CHECK_ERROR(btcd_length.error(), ExitClass::malformed, "bad_transaction");
    codec::WireReader reader(raw, "bad_backup");
    auto read = codec::read_btcd_tx(reader, "commit_tx");
    LNSTORE_FUZZ_CHECK(!read.has_value());
    LNSTORE_FUZZ_CHECK_ERROR(read.error(), ExitClass::malformed, "bad_backup");
  }

  auto tx = codec::decode_bitcoin_tx(raw);
  if (!tx) {
    LNSTORE_FUZZ_CHECK_ERROR(tx.error(), ExitClass::malformed, "bad_transaction");
    return 0;
  }
  LNSTORE_FUZZ_CHECK(tx->size == size && size <= codec::k_max_transaction_size);
  LNSTORE_FUZZ_CHECK(tx->base_size <= tx->size);
  LNSTORE_FUZZ_CHECK(tx->weight == tx->base_size * 3 + tx->size);
  LNSTORE_FUZZ_CHECK(tx->vsize == (tx->weight + 3) / 4);
  LNSTORE_FUZZ_CHECK(!tx->inputs.empty() && !tx->outputs.empty());
  LNSTORE_FUZZ_CHECK(tx->has_witness == (tx->base_size != tx->size));
  LNSTORE_FUZZ_CHECK(tx->has_witness == (tx->txid != tx->wtxid));
  LNSTORE_FUZZ_CHECK(tx->txid.size() == 64 && tx->wtxid.size() == 64);
  std::int64_t total = 0;
  for (const auto& output : tx->outputs) {
    LNSTORE_FUZZ_CHECK(output.value_sat >= 0 && output.value_sat <= codec::k_max_money_sat);
    total += output.value_sat;
    LNSTORE_FUZZ_CHECK(total <= codec::k_max_money_sat);
  }
  for (const auto& input : tx->inputs) {
    LNSTORE_FUZZ_CHECK(input.prev_txid.size() == 64);
    if (!tx->has_witness) LNSTORE_FUZZ_CHECK(input.witness.empty());
  }
  (void)fuzz::printed(to_json(*tx));

  LNSTORE_FUZZ_CHECK_MSG(btcd_length.has_value(), "bitcoind-valid tx refused by the btcd reader: " +
                                                      (btcd_length ? "" : btcd_length.error().message));
  LNSTORE_FUZZ_CHECK(*btcd_length == size);
  auto from_hex = codec::decode_bitcoin_tx_hex(util::to_hex(raw));
  LNSTORE_FUZZ_CHECK(from_hex.has_value() && from_hex->txid == tx->txid && from_hex->wtxid == tx->wtxid);
  return 0;
}
