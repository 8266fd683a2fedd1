#include "core/codec/bitcoin_tx.hpp"

#include <algorithm>
#include <array>

#include "core/crypto/hash.hpp"

namespace lnstore::codec {

namespace {

// The smallest serialized input (36-byte outpoint, empty script, sequence)
// and output (value, empty script): they bound counts by the bytes left, so a
// forged count cannot make us reserve memory the data cannot fill.
constexpr std::size_t k_min_input_size = 41;
constexpr std::size_t k_min_output_size = 9;

std::unexpected<Error> bad(const std::string& message) {
  return malformed("bad_transaction", "transaction: " + message);
}

// Reads little-endian fields front to back; every read is bounds-checked and
// names its field on failure. `Name` is a callable producing the field name,
// so names are only built on the error path.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> data) : m_data(data) {}

  std::size_t offset() const { return m_offset; }
  std::size_t remaining() const { return m_data.size() - m_offset; }

  template <class Name>
  Result<std::span<const std::uint8_t>> bytes(std::size_t n, Name&& name) {
    if (n > remaining()) {
      return bad(name() + " needs " + std::to_string(n) + " bytes but only " + std::to_string(remaining()) +
                 " are left");
    }
    auto out = m_data.subspan(m_offset, n);
    m_offset += n;
    return out;
  }

  template <class Name>
  Result<std::uint64_t> little_endian(std::size_t width, Name&& name) {
    if (width > remaining()) return bad(name() + " is truncated");
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) value |= std::uint64_t{m_data[m_offset + i]} << (8 * i);
    m_offset += width;
    return value;
  }

  template <class Name>
  Result<std::uint64_t> compact_size(Name&& name) {
    const auto prefix = LNSTORE_TRY(little_endian(1, name));
    if (prefix < 0xFD) return prefix;
    const std::size_t width = prefix == 0xFD ? 2 : prefix == 0xFE ? 4 : 8;
    const auto value = LNSTORE_TRY(little_endian(width, name));
    const std::uint64_t smallest = prefix == 0xFD ? 0xFD : prefix == 0xFE ? 0x10000 : 0x100000000;
    if (value < smallest) return bad(name() + " uses a non-canonical CompactSize encoding");
    return value;
  }

  // A CompactSize count or length that must fit in the bytes left, given
  // that each counted element takes at least `min_element_size` bytes.
  template <class Name>
  Result<std::size_t> bounded_size(std::size_t min_element_size, Name&& name) {
    const auto value = LNSTORE_TRY(compact_size(name));
    if (value > remaining() / min_element_size) {
      return bad(name() + " " + std::to_string(value) + " exceeds the " + std::to_string(remaining()) + " bytes left");
    }
    return static_cast<std::size_t>(value);
  }

  template <class Name>
  Result<util::Bytes> var_bytes(Name&& name) {
    const auto length = LNSTORE_TRY(bounded_size(1, [&] { return name() + " length"; }));
    const auto data = LNSTORE_TRY(bytes(length, name));
    return util::Bytes(data.begin(), data.end());
  }

 private:
  std::span<const std::uint8_t> m_data;
  std::size_t m_offset = 0;
};

std::string display_hash(std::array<std::uint8_t, 32> hash) {
  std::reverse(hash.begin(), hash.end());
  return util::to_hex(hash);
}

// Double SHA-256 of the concatenation of `parts`, in display order.
std::string double_sha256(std::initializer_list<std::span<const std::uint8_t>> parts) {
  return display_hash(crypto::sha256d(parts));
}

std::string input_name(std::size_t i, const char* what) { return "input " + std::to_string(i) + " " + what; }
std::string output_name(std::size_t i, const char* what) { return "output " + std::to_string(i) + " " + what; }

}  // namespace

Result<BitcoinTx> decode_bitcoin_tx(std::span<const std::uint8_t> raw) {
  if (raw.size() > k_max_transaction_size) {
    return bad(std::to_string(raw.size()) + " bytes exceed the maximum of " + std::to_string(k_max_transaction_size));
  }
  Reader reader(raw);
  BitcoinTx tx;
  tx.version = static_cast<std::int32_t>(
      static_cast<std::uint32_t>(LNSTORE_TRY(reader.little_endian(4, [] { return std::string("version"); }))));

  // BIP 144: a zero where the input count belongs is the segwit marker.
  if (reader.remaining() > 0 && raw[reader.offset()] == 0x00) {
    LNSTORE_TRY(reader.little_endian(1, [] { return std::string("segwit marker"); }));
    const auto flag = LNSTORE_TRY(reader.little_endian(1, [] { return std::string("segwit flag"); }));
    if (flag != 0x01) return bad("segwit flag must be 1, got " + std::to_string(flag));
    tx.has_witness = true;
  }
  const std::size_t body_begin = reader.offset();

  const auto input_count =
      LNSTORE_TRY(reader.bounded_size(k_min_input_size, [] { return std::string("input count"); }));
  if (input_count == 0) return bad("input count is 0");
  tx.inputs.resize(input_count);
  for (std::size_t i = 0; i < input_count; ++i) {
    auto& input = tx.inputs[i];
    const auto prev = LNSTORE_TRY(reader.bytes(32, [&] { return input_name(i, "prev txid"); }));
    std::array<std::uint8_t, 32> prev_txid{};
    std::copy(prev.begin(), prev.end(), prev_txid.begin());
    input.prev_txid = display_hash(prev_txid);
    input.vout =
        static_cast<std::uint32_t>(LNSTORE_TRY(reader.little_endian(4, [&] { return input_name(i, "vout"); })));
    input.script_sig = LNSTORE_TRY(reader.var_bytes([&] { return input_name(i, "script"); }));
    input.sequence =
        static_cast<std::uint32_t>(LNSTORE_TRY(reader.little_endian(4, [&] { return input_name(i, "sequence"); })));
  }

  const auto output_count =
      LNSTORE_TRY(reader.bounded_size(k_min_output_size, [] { return std::string("output count"); }));
  if (output_count == 0) return bad("output count is 0");
  tx.outputs.resize(output_count);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < output_count; ++i) {
    auto& output = tx.outputs[i];
    const auto value = LNSTORE_TRY(reader.little_endian(8, [&] { return output_name(i, "value"); }));
    if (value > static_cast<std::uint64_t>(k_max_money_sat)) {
      return bad(output_name(i, "value") + " is outside 0.." + std::to_string(k_max_money_sat) + " sat");
    }
    output.value_sat = static_cast<std::int64_t>(value);
    total += output.value_sat;
    if (total > k_max_money_sat) return bad("output values add up to more than 21000000 BTC");
    output.script_pubkey = LNSTORE_TRY(reader.var_bytes([&] { return output_name(i, "script"); }));
  }
  const std::size_t body_end = reader.offset();

  if (tx.has_witness) {
    bool any_witness = false;
    for (std::size_t i = 0; i < input_count; ++i) {
      auto& witness = tx.inputs[i].witness;
      const auto items = LNSTORE_TRY(reader.bounded_size(1, [&] { return input_name(i, "witness item count"); }));
      // Appended as read, so memory follows the bytes actually present.
      for (std::size_t j = 0; j < items; ++j) {
        witness.push_back(
            LNSTORE_TRY(reader.var_bytes([&] { return input_name(i, "witness item ") + std::to_string(j); })));
      }
      any_witness = any_witness || items > 0;
    }
    // bitcoind refuses a marker whose witnesses are all empty ("superfluous
    // witness record"): the same transaction has a shorter legacy encoding.
    if (!any_witness) return bad("has the segwit marker but every witness is empty");
  }

  tx.locktime =
      static_cast<std::uint32_t>(LNSTORE_TRY(reader.little_endian(4, [] { return std::string("locktime"); })));
  if (reader.remaining() != 0) return bad(std::to_string(reader.remaining()) + " trailing bytes after the locktime");

  const auto version_bytes = raw.first(4);
  const auto body = raw.subspan(body_begin, body_end - body_begin);
  const auto locktime_bytes = raw.last(4);
  tx.txid = double_sha256({version_bytes, body, locktime_bytes});
  tx.wtxid = tx.has_witness ? double_sha256({raw}) : tx.txid;
  tx.size = raw.size();
  tx.base_size = version_bytes.size() + body.size() + locktime_bytes.size();
  tx.weight = tx.base_size * 3 + tx.size;
  tx.vsize = (tx.weight + 3) / 4;
  return tx;
}

Result<BitcoinTx> decode_bitcoin_tx_hex(std::string_view hex) {
  const auto raw = LNSTORE_TRY(util::from_hex(hex, "transaction"));
  return decode_bitcoin_tx(raw);
}

nlohmann::ordered_json to_json(const BitcoinTx& tx) {
  auto inputs = nlohmann::ordered_json::array();
  for (const auto& input : tx.inputs) {
    auto witness = nlohmann::ordered_json::array();
    for (const auto& item : input.witness) witness.push_back(util::to_hex(item));
    inputs.push_back({{"txid", input.prev_txid},
                      {"vout", input.vout},
                      {"script_sig", util::to_hex(input.script_sig)},
                      {"sequence", input.sequence},
                      {"witness", std::move(witness)}});
  }
  auto outputs = nlohmann::ordered_json::array();
  for (const auto& output : tx.outputs) {
    outputs.push_back({{"value_sat", output.value_sat}, {"script_pubkey", util::to_hex(output.script_pubkey)}});
  }
  return {{"txid", tx.txid},
          {"wtxid", tx.wtxid},
          {"version", tx.version},
          {"locktime", tx.locktime},
          {"size", tx.size},
          {"vsize", tx.vsize},
          {"weight", tx.weight},
          {"inputs", std::move(inputs)},
          {"outputs", std::move(outputs)}};
}

}  // namespace lnstore::codec
