#include "core/codec/tower_address.hpp"

#include <algorithm>
#include <cctype>

namespace lnstore::codec {

// One grammar for every address lnstore accepts: the host rules (IPv4,
// IPv6, Tor v2, Tor v3 with its checksum, DNS names) are lnd's, from
// parse_lnd_address, so whatever a tower or peer is stored with can also be
// written into a channel backup. Two things are stricter here: an IPv6 host
// always needs brackets (a bare "::1" next to a default port is ambiguous to
// a reader) and opaque addresses are not operator input.
Result<NetAddress> parse_net_address(std::string_view text, std::uint16_t default_port) {
  if (text.find('[') == std::string_view::npos && std::count(text.begin(), text.end(), ':') > 1) {
    return fail(ExitClass::malformed, "bad_address",
                "bad address '" + std::string(text) + "': IPv6 addresses must be in brackets, e.g. [::1]:9911",
                {{"address", std::string(text)}});
  }
  std::optional<std::uint16_t> port;
  if (default_port != 0) port = default_port;
  NetAddress out = LNSTORE_TRY(parse_lnd_address(text, port));
  if (out.kind == AddressKind::opaque)
    return fail(ExitClass::internal, "internal", "address parser returned an opaque address");
  // DNS names compare without case; one spelling is stored.
  if (out.kind == AddressKind::dns)
    std::transform(out.host.begin(), out.host.end(), out.host.begin(),
                   [](std::uint8_t c) { return static_cast<std::uint8_t>(std::tolower(c)); });
  return out;
}

Result<NodeAddress> parse_node_address(std::string_view text, std::uint16_t default_port) {
  auto at = text.find('@');
  if (at == std::string_view::npos)
    return malformed("bad_address", "expected PUBKEY@HOST[:PORT], got '" + std::string(text) + "'");
  auto key = LNSTORE_TRY(crypto::parse_pubkey(text.substr(0, at), "pubkey"));
  auto addr = LNSTORE_TRY(parse_net_address(text.substr(at + 1), default_port));
  return NodeAddress{key, addr};
}

}  // namespace lnstore::codec
