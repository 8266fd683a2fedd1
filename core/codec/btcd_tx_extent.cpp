#include "core/codec/btcd_tx_extent.hpp"

#include <string>

namespace lnstore::codec {

namespace {

// btcd wire limits (wire/msgtx.go, wire/message.go).
constexpr std::uint64_t k_max_message_payload = 32 * 1024 * 1024;
constexpr std::uint64_t k_max_tx_in = k_max_message_payload / (41 + 1);
constexpr std::uint64_t k_max_tx_out = k_max_message_payload / (9 + 1);
constexpr std::uint64_t k_max_witness_items = 4'000'000;
constexpr std::uint64_t k_max_witness_item_size = 4'000'000;

Result<void> read_script(WireReader& r, const std::string& what, std::uint64_t max_size) {
  const std::uint64_t len = LNSTORE_TRY(r.compact_size(what + " length"));
  if (len > max_size) return r.error(what, "length " + std::to_string(len) + " is larger than btcd allows");
  if (len > r.remaining()) return r.error(what, "length " + std::to_string(len) + " exceeds the data");
  LNSTORE_TRY(r.bytes(static_cast<std::size_t>(len), what));
  return {};
}

}  // namespace

Result<std::span<const std::uint8_t>> read_btcd_tx(WireReader& r, std::string_view field) {
  const std::string f(field);
  const std::size_t start = r.offset();
  const auto all = r.rest();
  LNSTORE_TRY(r.u32_le(f + ": version"));
  std::uint64_t inputs = LNSTORE_TRY(r.compact_size(f + ": input count"));
  bool witness = false;
  if (inputs == 0) {
    const std::uint8_t flag = LNSTORE_TRY(r.u8(f + ": segwit flag"));
    if (flag != 0x01) return r.error(f + ": segwit flag", "witness tx but flag byte is " + std::to_string(flag));
    witness = true;
    inputs = LNSTORE_TRY(r.compact_size(f + ": input count"));
  }
  // Each input needs at least 41 bytes: no need to believe larger counts.
  if (inputs > k_max_tx_in || inputs > r.remaining() / 41)
    return r.error(f + ": input count", std::to_string(inputs) + " inputs exceed the data");
  for (std::uint64_t i = 0; i < inputs; ++i) {
    const std::string in = f + ": input " + std::to_string(i);
    LNSTORE_TRY(r.bytes(36, in + " outpoint"));
    LNSTORE_TRY(read_script(r, in + " signature script", k_max_message_payload));
    LNSTORE_TRY(r.u32_le(in + " sequence"));
  }
  const std::uint64_t outputs = LNSTORE_TRY(r.compact_size(f + ": output count"));
  if (outputs > k_max_tx_out || outputs > r.remaining() / 9)
    return r.error(f + ": output count", std::to_string(outputs) + " outputs exceed the data");
  for (std::uint64_t i = 0; i < outputs; ++i) {
    const std::string out = f + ": output " + std::to_string(i);
    LNSTORE_TRY(r.bytes(8, out + " value"));
    LNSTORE_TRY(read_script(r, out + " public key script", k_max_message_payload));
  }
  if (witness) {
    for (std::uint64_t i = 0; i < inputs; ++i) {
      const std::string in = f + ": input " + std::to_string(i) + " witness";
      const std::uint64_t items = LNSTORE_TRY(r.compact_size(in + " item count"));
      if (items > k_max_witness_items || items > r.remaining())
        return r.error(in + " item count", std::to_string(items) + " items exceed the data");
      for (std::uint64_t j = 0; j < items; ++j)
        LNSTORE_TRY(read_script(r, in + " item " + std::to_string(j), k_max_witness_item_size));
    }
  }
  LNSTORE_TRY(r.u32_le(f + ": locktime"));
  return all.first(r.offset() - start);
}

Result<std::size_t> btcd_tx_length(std::span<const std::uint8_t> data) {
  WireReader reader(data, "bad_transaction");
  const auto tx = LNSTORE_TRY(read_btcd_tx(reader, "transaction"));
  return tx.size();
}

}  // namespace lnstore::codec
