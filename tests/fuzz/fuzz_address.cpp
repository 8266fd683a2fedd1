// libFuzzer target: network addresses of towers and peers. Every input is
// read as operator text by parse_net_address (towers, peer addresses of a
// channel document), parse_node_address (`tower add`, `peer add`) and
// parse_lnd_address (backup addresses), and as bytes by lnd's wire address
// list (backups, read_lnd_address_list) and lnd's graph address encoding
// (wtclient.db, read_lnd_net_address). Checked:
//  - errors are malformed "bad_address" / "invalid_pubkey" / "bad_hex" /
//    "bad_length", or the reader's code, and print as JSON;
//  - an accepted text contains no NUL (C string functions must not cut the
//    input short) and prints in a canonical form that parses back to the
//    same address;
//  - an address `peer add` stores (parse_net_address) is one a backup can
//    carry (parse_lnd_address of the stored form succeeds, strictly: the two
//    share lnd's host rules, Tor v3 checksum included);
//  - what operator input accepts, stored text accepts as the same address;
//  - a wire list that reads re-encodes and reads back to the same addresses.
// Seeds: tests/fuzz/corpus/address/ (one text per address kind, wire lists).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/util/hex.hpp"
#include "core/codec/lnd_net_address.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"
#include "core/codec/tower_address.hpp"
#include "core/codec/wire_reader.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lnstore;

constexpr std::string_view k_nul{"\0", 1};

void check_text_error(const Error& e) {
  LNSTORE_FUZZ_CHECK_ERROR(e, ExitClass::malformed, "bad_address", "invalid_pubkey", "bad_hex", "bad_length");
}

void check_net_address(std::string_view text, std::uint16_t default_port) {
  auto parsed = codec::parse_net_address(text, default_port);
  if (!parsed) return check_text_error(parsed.error());
  LNSTORE_FUZZ_CHECK_MSG(text.find(k_nul) == std::string_view::npos, "accepted as " + parsed->to_string());
  LNSTORE_FUZZ_CHECK(parsed->port != 0);
  const std::string canonical = parsed->to_string();
  auto again = codec::parse_net_address(canonical, 0);
  LNSTORE_FUZZ_CHECK_MSG(again.has_value(), canonical);
  LNSTORE_FUZZ_CHECK(again->kind == parsed->kind && again->host == parsed->host && again->port == parsed->port);
  // peer_store keeps exactly this text; backups re-read it with parse_lnd_address.
  auto in_backup = codec::parse_lnd_address(canonical, std::nullopt);
  LNSTORE_FUZZ_CHECK_MSG(in_backup.has_value(), canonical + " is stored but cannot go into a backup: " +
                                                    (in_backup ? "" : in_backup.error().message));
}

void check_node_address(std::string_view text) {
  auto parsed = codec::parse_node_address(text, codec::k_default_tower_port);
  if (!parsed) return check_text_error(parsed.error());
  LNSTORE_FUZZ_CHECK(text.find(k_nul) == std::string_view::npos);
  LNSTORE_FUZZ_CHECK(crypto::is_valid_pubkey(parsed->pubkey));
  const std::string canonical = util::to_hex(parsed->pubkey) + "@" + parsed->address.to_string();
  auto again = codec::parse_node_address(canonical, 0);
  LNSTORE_FUZZ_CHECK_MSG(again.has_value(), canonical);
  LNSTORE_FUZZ_CHECK(again->pubkey == parsed->pubkey && again->address.to_string() == parsed->address.to_string());
}

void check_lnd_address(std::string_view text, std::optional<std::uint16_t> default_port) {
  auto parsed = codec::parse_lnd_address(text, default_port);
  if (!parsed) return check_text_error(parsed.error());
  const std::string canonical = to_string(*parsed);
  LNSTORE_FUZZ_CHECK_MSG(text.find(k_nul) == std::string_view::npos, "accepted as " + canonical);
  LNSTORE_FUZZ_CHECK(parsed->kind != codec::LndAddressKind::opaque && parsed->port != 0);
  auto again = codec::parse_lnd_address(canonical, std::nullopt);
  LNSTORE_FUZZ_CHECK_MSG(again.has_value() && *again == *parsed, canonical);
  auto stored = codec::parse_lnd_address(text, default_port, codec::AddressText::stored);
  LNSTORE_FUZZ_CHECK_MSG(stored.has_value() && *stored == *parsed, canonical);
  util::Bytes wire;
  auto appended = codec::append_lnd_address(wire, *parsed);
  LNSTORE_FUZZ_CHECK(appended.has_value() && !wire.empty());
}

// A list lnd wrote (or anyone else): read, re-encode, read back.
void check_wire_list(std::span<const std::uint8_t> bytes) {
  codec::WireReader reader(bytes, "bad_backup");
  auto list = codec::read_lnd_address_list(reader, "addresses");
  if (!list) {
    LNSTORE_FUZZ_CHECK_ERROR(list.error(), ExitClass::malformed, "bad_backup");
    return;
  }
  std::string texts;
  for (const auto& a : *list) texts += to_string(a) + "\n";
  (void)fuzz::printed(nlohmann::ordered_json(texts));

  util::Bytes encoded;
  auto appended = codec::append_lnd_address_list(encoded, *list);
  LNSTORE_FUZZ_CHECK_MSG(appended.has_value(), appended ? "" : appended.error().message);
  codec::WireReader again_reader(encoded, "bad_backup");
  auto again = codec::read_lnd_address_list(again_reader, "addresses");
  LNSTORE_FUZZ_CHECK(again.has_value() && again_reader.at_end() && again->size() == list->size());
  // IPv4-mapped IPv6 is written as IPv4 (as lnd does): compare what lnd prints.
  std::string again_texts;
  for (const auto& a : *again) again_texts += to_string(a) + "\n";
  LNSTORE_FUZZ_CHECK(again_texts == texts);
}

// lnd's graph encoding (wtclient.db tower addresses), one after another.
void check_graph_addresses(std::span<const std::uint8_t> bytes) {
  std::span<const std::uint8_t> rest = bytes;
  while (!rest.empty()) {
    const std::size_t before = rest.size();
    auto address = lnd::read_lnd_net_address(rest, "addresses");
    if (!address) {
      LNSTORE_FUZZ_CHECK_ERROR(address.error(), ExitClass::incompatible, "corrupt_source");
      return;
    }
    LNSTORE_FUZZ_CHECK(rest.size() < before);
    (void)fuzz::printed(nlohmann::ordered_json{{"host", codec::host_string(*address)}, {"text", address->to_string()}});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_net_address(text, 0);
  check_net_address(text, codec::k_default_tower_port);
  check_node_address(text);
  check_lnd_address(text, std::nullopt);
  check_lnd_address(text, codec::k_default_peer_port);
  // Stored text (lenient) must still be an address with a port, or an error.
  if (auto stored = codec::parse_lnd_address(text, std::nullopt, codec::AddressText::stored)) {
    LNSTORE_FUZZ_CHECK(text.find(k_nul) == std::string_view::npos && stored->port != 0);
    util::Bytes wire;
    LNSTORE_FUZZ_CHECK(codec::append_lnd_address(wire, *stored).has_value());
  } else {
    check_text_error(stored.error());
  }
  check_wire_list(std::span<const std::uint8_t>(data, size));
  check_graph_addresses(std::span<const std::uint8_t>(data, size));
  return 0;
}
