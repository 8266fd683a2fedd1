// NetAddress: the one network address type of towers, peers and lnd's
// encodings (lnwire's []net.Addr codec in backups, spec/scb-format.md
// section 2.4; graph/db/addr.go in lnd's databases), its text form
// "host:port", and parsing of operator and stored text.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/codec/wire_reader.hpp"

namespace lnstore::codec {

// Wire type bytes: 1 ipv4, 2 ipv6, 3 tor_v2, 4 tor_v3, 5 dns; any other
// non-zero type is opaque (type 0 "no address" is skipped when reading and
// never written).
enum class AddressKind : std::uint8_t { ipv4, ipv6, tor_v2, tor_v3, dns, opaque };

struct NetAddress {
  AddressKind kind = AddressKind::ipv4;
  // ipv4: 4 bytes; ipv6: 16; tor_v2: the 10 base32-decoded service bytes;
  // tor_v3: the 35 decoded bytes (pubkey, checksum, version); dns: the
  // hostname bytes as stored (0..255, unvalidated when read from the wire);
  // opaque: the whole payload including its leading type byte.
  util::Bytes host;
  std::uint16_t port = 0;  // unused for opaque
  bool operator==(const NetAddress&) const = default;
  // codec::to_string(*this).
  std::string to_string() const;
};

// The names the SCB codec was written with.
using LndAddressKind = AddressKind;
using LndAddress = NetAddress;

// "ipv4", "ipv6", "tor_v2", "tor_v3", "dns", "opaque".
std::string_view lnd_address_kind_name(AddressKind kind);

// lnd's String() form: "1.2.3.4:9735", "[2001:db8::1]:9735" (Go's IPv6
// formatting; an IPv4-mapped IPv6 address prints as IPv4 without brackets),
// "<base32>.onion:9735" (lowercase), "host.example:9735"; opaque addresses
// print as the hex of their payload. DNS bytes outside printable ASCII, and
// backslash, are written as \xNN so the text is always valid UTF-8.
std::string to_string(const NetAddress& address);

// The host part of to_string(): no port, IPv6 without brackets.
std::string host_string(const NetAddress& address);

// What a text address is held to. `operator_input`: the grammar below.
// `stored`: text lnstore stored earlier, which includes addresses imported
// from lnd's databases as lnd kept them: Tor v3 names are only base32-decoded
// (lnd checks neither version nor checksum of an address it reads) and any
// printable DNS name up to 255 bytes is taken.
enum class AddressText { operator_input, stored };

// Parses operator input: "1.2.3.4:PORT", "[IPv6]:PORT", "NAME.onion:PORT"
// (16 or 56 base32 characters, either case, stored lowercase; a v3 name must
// have version 3 and a valid checksum), or a DNS hostname "name.example:PORT"
// (letters, digits, '-', labels of 1..63, at most 255 characters, not all
// numeric). The port (1..65535) may be left out when `default_port` is set;
// a bare IPv6 address without brackets is accepted only then. IPv4-mapped
// IPv6 input becomes ipv4 (as lnd writes it). Fails with malformed
// "bad_address" naming the problem; a control, space or non-ASCII byte
// anywhere in the input is refused.
[[nodiscard]] Result<NetAddress> parse_lnd_address(std::string_view text,
                                                   std::optional<std::uint16_t> default_port = std::nullopt,
                                                   AddressText mode = AddressText::operator_input);

// Appends one wire descriptor (type byte, payload, port). An ipv6 address
// whose bytes are IPv4-mapped is written as type 1 with its IPv4 part, as
// lnd does. Fails with "bad_address" (nothing appended) for a host of the
// wrong size, a DNS name over 255 bytes, or an opaque payload that is empty
// or starts with a known type byte (0..5).
[[nodiscard]] Result<void> append_lnd_address(util::Bytes& out, const NetAddress& address);

// Appends the list as lnd writes []net.Addr: u16 BE total descriptor bytes,
// then the descriptors. Fails with "bad_address" (nothing appended) if an
// address cannot be encoded or the descriptors exceed 65535 bytes.
[[nodiscard]] Result<void> append_lnd_address_list(util::Bytes& out, std::span<const NetAddress> addresses);

// Reads the list as lnd does: u16 BE length, that many bytes, then
// descriptors until the block is used up. Type 0 consumes one byte and
// yields nothing; an unknown type takes the rest of the block as one opaque
// address; a known type running past the block end fails ("unable to read
// address"). Errors carry the reader's code and name `field`.
[[nodiscard]] Result<std::vector<NetAddress>> read_lnd_address_list(WireReader& reader, std::string_view field);

}  // namespace lnstore::codec
