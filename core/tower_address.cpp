#include "core/tower_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lnstore {

std::string NetAddress::to_string() const {
  if (kind == AddressKind::ipv6) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_base32(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); });
}

// RFC 1123 host name: labels of letters, digits and hyphens, 1-63 chars, no
// leading or trailing hyphen, at most 255 chars in all.
bool is_dns_name(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  std::size_t start = 0;
  bool all_numeric = true;
  while (start <= s.size()) {
    std::size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) dot = s.size();
    auto label = s.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
      if (!std::isdigit(static_cast<unsigned char>(c))) all_numeric = false;
    }
    start = dot + 1;
    if (dot == s.size()) break;
  }
  // "1.2.3" or "999.1.1.1" look numeric: they are bad IPv4, not names.
  return !all_numeric;
}

Result<std::uint16_t> parse_port(std::string_view text, std::string_view whole) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || value == 0 || value > 65535)
    return malformed("bad_address", "bad port in address '" + std::string(whole) + "' (1-65535)");
  return static_cast<std::uint16_t>(value);
}

}  // namespace

Result<NetAddress> parse_net_address(std::string_view text, std::uint16_t default_port) {
  auto bad = [&](std::string why) { return malformed("bad_address", "bad address '" + std::string(text) + "': " + why); };
  if (text.empty()) return bad("empty");
  std::string_view host;
  std::string_view port_text;
  bool bracketed = false;
  if (text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return bad("missing ']'");
    host = text.substr(1, close - 1);
    bracketed = true;
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("unexpected text after ']'");
      port_text = rest.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
  } else {
    auto colon = text.rfind(':');
    if (colon != std::string_view::npos) {
      if (text.find(':') != colon) return bad("IPv6 addresses must be in brackets, e.g. [::1]:9911");
      host = text.substr(0, colon);
      port_text = text.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    } else {
      host = text;
    }
  }
  if (host.empty()) return bad("empty host");
  for (char c : host)
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return bad("the host has a control, space or non-ASCII byte");
  std::uint16_t port = default_port;
  if (!port_text.empty()) port = LNSTORE_TRY(parse_port(port_text, text));
  if (port == 0) return bad("a port is required");

  std::string h(host);
  if (bracketed) {
    in6_addr a6;
    if (inet_pton(AF_INET6, h.c_str(), &a6) != 1) return bad("not an IPv6 address");
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &a6, buf, sizeof buf);
    return NetAddress{AddressKind::ipv6, buf, port};
  }
  in_addr a4;
  if (inet_pton(AF_INET, h.c_str(), &a4) == 1) {
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a4, buf, sizeof buf);
    return NetAddress{AddressKind::ipv4, buf, port};
  }
  std::string lh = lower(h);
  if (lh.ends_with(".onion")) {
    auto label = std::string_view(lh).substr(0, lh.size() - 6);
    if (label.size() == 16 && is_base32(label)) return NetAddress{AddressKind::tor_v2, lh, port};
    if (label.size() == 56 && is_base32(label)) {
      // A v3 address ends in its version byte 0x03, which base32 spells "d".
      if (label.back() != 'd') return bad("Tor v3 onion address has a wrong version");
      return NetAddress{AddressKind::tor_v3, lh, port};
    }
    return bad("not a Tor v2 (16 base32 chars) or v3 (56 base32 chars) onion address");
  }
  if (!is_dns_name(lh)) return bad("not an IPv4 address, bracketed IPv6 address, onion address or DNS name");
  return NetAddress{AddressKind::dns, lh, port};
}

Result<NodeAddress> parse_node_address(std::string_view text, std::uint16_t default_port) {
  auto at = text.find('@');
  if (at == std::string_view::npos)
    return malformed("bad_address", "expected PUBKEY@HOST[:PORT], got '" + std::string(text) + "'");
  auto key = LNSTORE_TRY(parse_pubkey(text.substr(0, at), "pubkey"));
  auto addr = LNSTORE_TRY(parse_net_address(text.substr(at + 1), default_port));
  return NodeAddress{key, addr};
}

}  // namespace lnstore
