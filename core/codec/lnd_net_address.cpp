#include "core/codec/lnd_net_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/crypto/hash.hpp"
#include "core/codec/address_limits.hpp"

namespace lnstore::codec {

namespace {

constexpr char k_base32[] = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::uint8_t k_type_none = 0, k_type_ipv4 = 1, k_type_ipv6 = 2, k_type_tor_v2 = 3, k_type_tor_v3 = 4,
                       k_type_dns = 5;
constexpr std::size_t k_tor_v2_size = 10, k_tor_v3_size = 35;

std::string base32_encode(std::span<const std::uint8_t> data) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (std::uint8_t b : data) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out.push_back(k_base32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(k_base32[(buffer << (5 - bits)) & 31]);
  return out;
}

// Only used for 16 and 56 characters (10 and 35 bytes: no partial groups).
std::optional<util::Bytes> base32_decode(std::string_view text) {
  util::Bytes out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const char* pos = std::find(k_base32, k_base32 + 32, c);
    if (pos == k_base32 + 32) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(pos - k_base32);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  return out;
}

bool is_ipv4_mapped(std::span<const std::uint8_t> ip) {
  return ip.size() == 16 && std::all_of(ip.begin(), ip.begin() + 10, [](auto b) { return b == 0; }) &&
         ip[10] == 0xff && ip[11] == 0xff;
}

std::string format_ipv4(std::span<const std::uint8_t> ip) {
  return std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) + "." +
         std::to_string(ip[3]);
}

// Go's net.IP.String(): IPv4-mapped as dotted quad; otherwise RFC 5952,
// the first longest run of two or more zero groups shortened to "::".
std::string format_ipv6(std::span<const std::uint8_t> ip) {
  if (is_ipv4_mapped(ip)) return format_ipv4(ip.subspan(12));
  std::array<unsigned, 8> groups;
  for (std::size_t i = 0; i < 8; ++i) groups[i] = unsigned{ip[2 * i]} << 8 | ip[2 * i + 1];
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  if (best_len < 2) best = -1;
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, groups[i], 16);
    (void)ec;
    out.append(buf, end);
  }
  return out;
}

std::string escape_hostname(std::span<const std::uint8_t> name) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t c : name) {
    if (c >= 0x21 && c <= 0x7e && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(k_hex[c >> 4]);
      out.push_back(k_hex[c & 15]);
    }
  }
  return out;
}

// Go's net.JoinHostPort.
std::string join_host_port(const std::string& host, std::uint16_t port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::unexpected<Error> bad_address(std::string_view text, std::string_view problem) {
  return fail(ExitClass::malformed, "bad_address", "bad address '" + std::string(text) + "': " + std::string(problem),
              {{"address", std::string(text)}});
}

bool tor_v3_checksum_ok(std::span<const std::uint8_t> decoded) {
  // Tor rend-spec-v3: checksum = SHA3-256(".onion checksum" || pubkey || version)[:2].
  static constexpr std::string_view k_prefix = ".onion checksum";
  const crypto::Digest32 digest =
      crypto::sha3_256({{reinterpret_cast<const std::uint8_t*>(k_prefix.data()), k_prefix.size()},
                        decoded.subspan(0, 32), decoded.subspan(34, 1)});
  return digest[0] == decoded[32] && digest[1] == decoded[33];
}

bool valid_dns_name(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  bool all_numeric = true;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    const std::string_view label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
      if (!std::isdigit(static_cast<unsigned char>(c))) all_numeric = false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return !all_numeric;
}

Result<LndAddress> parse_host(std::string_view text, std::string_view host, std::uint16_t port, AddressText mode) {
  const bool stored = mode == AddressText::stored;
  if (host.empty()) return bad_address(text, "missing host");
  const std::string host_str(host);
  LndAddress out;
  out.port = port;
  std::array<std::uint8_t, 16> ip{};
  if (inet_pton(AF_INET, host_str.c_str(), ip.data()) == 1) {
    out.kind = LndAddressKind::ipv4;
    out.host.assign(ip.begin(), ip.begin() + 4);
    return out;
  }
  if (host.find(':') != std::string_view::npos) {
    if (inet_pton(AF_INET6, host_str.c_str(), ip.data()) != 1) return bad_address(text, "not a valid IPv6 address");
    if (is_ipv4_mapped(ip)) {
      out.kind = LndAddressKind::ipv4;
      out.host.assign(ip.begin() + 12, ip.end());
    } else {
      out.kind = LndAddressKind::ipv6;
      out.host.assign(ip.begin(), ip.end());
    }
    return out;
  }
  std::string lower = host_str;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.ends_with(".onion")) {
    const std::string_view name = std::string_view(lower).substr(0, lower.size() - 6);
    if (name.size() != 16 && name.size() != 56)
      return bad_address(text, "unknown onion service length (expected 16 or 56 base32 characters)");
    auto decoded = base32_decode(name);
    if (!decoded) return bad_address(text, "onion service name is not base32");
    if (name.size() == 56 && !stored) {
      if ((*decoded)[34] != 3) return bad_address(text, "onion v3 address has an unknown version");
      if (!tor_v3_checksum_ok(*decoded)) return bad_address(text, "onion v3 address checksum does not match");
    }
    out.kind = name.size() == 16 ? LndAddressKind::tor_v2 : LndAddressKind::tor_v3;
    out.host = std::move(*decoded);
    return out;
  }
  // lnd keeps whatever name a node announced (printable, at most 255 bytes).
  if (!valid_dns_name(host) && !(stored && host.size() <= 255))
    return bad_address(text, "not an IP address, onion address or DNS hostname");
  out.kind = LndAddressKind::dns;
  out.host.assign(host.begin(), host.end());
  return out;
}

Result<std::uint16_t> parse_port(std::string_view text, std::string_view port) {
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return bad_address(text, "port must be a number from 1 to 65535");
  unsigned value = 0;
  std::from_chars(port.data(), port.data() + port.size(), value);
  if (value == 0 || value > 65535) return bad_address(text, "port must be a number from 1 to 65535");
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string_view lnd_address_kind_name(LndAddressKind kind) {
  switch (kind) {
    case LndAddressKind::ipv4: return "ipv4";
    case LndAddressKind::ipv6: return "ipv6";
    case LndAddressKind::tor_v2: return "tor_v2";
    case LndAddressKind::tor_v3: return "tor_v3";
    case LndAddressKind::dns: return "dns";
    case LndAddressKind::opaque: return "opaque";
  }
  return "unknown";
}

std::string host_string(const LndAddress& a) {
  switch (a.kind) {
    case LndAddressKind::ipv4:
      if (a.host.size() == 4) return format_ipv4(a.host);
      break;
    case LndAddressKind::ipv6:
      if (a.host.size() == 16) return format_ipv6(a.host);
      break;
    case LndAddressKind::tor_v2:
    case LndAddressKind::tor_v3: return base32_encode(a.host) + ".onion";
    case LndAddressKind::dns: return escape_hostname(a.host);
    case LndAddressKind::opaque: return util::to_hex(a.host);
  }
  return "invalid:" + util::to_hex(a.host);
}

std::string to_string(const LndAddress& a) {
  switch (a.kind) {
    case LndAddressKind::ipv4:
      if (a.host.size() == 4) return format_ipv4(a.host) + ":" + std::to_string(a.port);
      break;
    case LndAddressKind::ipv6:
      if (a.host.size() == 16) return join_host_port(format_ipv6(a.host), a.port);
      break;
    case LndAddressKind::tor_v2:
    case LndAddressKind::tor_v3: return base32_encode(a.host) + ".onion:" + std::to_string(a.port);
    case LndAddressKind::dns: return join_host_port(escape_hostname(a.host), a.port);
    case LndAddressKind::opaque: return util::to_hex(a.host);
  }
  return "invalid:" + util::to_hex(a.host);
}

Result<LndAddress> parse_lnd_address(std::string_view text, std::optional<std::uint16_t> default_port,
                                     AddressText mode) {
  if (text.empty()) return bad_address(text, "empty");
  // Checked before anything else: inet_pton reads a C string, so a NUL would
  // end the host early ("1.2.3.4\0junk" would pass as 1.2.3.4).
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e)
      return bad_address(text, "the address has a control, space or non-ASCII byte");
  std::string_view host;
  std::optional<std::string_view> port_text;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return bad_address(text, "missing ']'");
    host = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad_address(text, "expected ':' after ']'");
      port_text = rest.substr(1);
    }
    if (host.find(':') == std::string_view::npos) return bad_address(text, "brackets are only for IPv6 addresses");
  } else {
    const std::size_t colons = static_cast<std::size_t>(std::count(text.begin(), text.end(), ':'));
    if (colons == 1) {
      const std::size_t colon = text.find(':');
      host = text.substr(0, colon);
      port_text = text.substr(colon + 1);
    } else {
      host = text;
      if (colons > 1 && !default_port) return bad_address(text, "an IPv6 address with a port needs brackets: [addr]:port");
    }
  }
  std::uint16_t port = 0;
  if (port_text) {
    port = LNSTORE_TRY(parse_port(text, *port_text));
  } else if (default_port) {
    port = *default_port;
  } else {
    return bad_address(text, "missing port (host:port)");
  }
  return parse_host(text, host, port, mode);
}

Result<void> append_lnd_address(util::Bytes& out, const LndAddress& a) {
  const auto bad = [&a](std::string_view problem) { return bad_address(to_string(a), problem); };
  const auto put_port = [&out, &a] {
    out.push_back(static_cast<std::uint8_t>(a.port >> 8));
    out.push_back(static_cast<std::uint8_t>(a.port));
  };
  switch (a.kind) {
    case LndAddressKind::ipv4:
      if (a.host.size() != 4) return bad("an IPv4 address is 4 bytes");
      out.push_back(k_type_ipv4);
      out.insert(out.end(), a.host.begin(), a.host.end());
      put_port();
      return {};
    case LndAddressKind::ipv6:
      if (a.host.size() != 16) return bad("an IPv6 address is 16 bytes");
      if (is_ipv4_mapped(a.host)) {  // Go's To4() succeeds: lnd writes it as IPv4
        out.push_back(k_type_ipv4);
        out.insert(out.end(), a.host.begin() + 12, a.host.end());
      } else {
        out.push_back(k_type_ipv6);
        out.insert(out.end(), a.host.begin(), a.host.end());
      }
      put_port();
      return {};
    case LndAddressKind::tor_v2:
    case LndAddressKind::tor_v3: {
      const bool v2 = a.kind == LndAddressKind::tor_v2;
      if (a.host.size() != (v2 ? k_tor_v2_size : k_tor_v3_size))
        return bad("unknown onion service length");
      out.push_back(v2 ? k_type_tor_v2 : k_type_tor_v3);
      out.insert(out.end(), a.host.begin(), a.host.end());
      put_port();
      return {};
    }
    case LndAddressKind::dns:
      // lnd would silently truncate the u8 length; refuse instead.
      if (a.host.size() > 255) return bad("a DNS hostname is at most 255 bytes");
      out.push_back(k_type_dns);
      out.push_back(static_cast<std::uint8_t>(a.host.size()));
      out.insert(out.end(), a.host.begin(), a.host.end());
      put_port();
      return {};
    case LndAddressKind::opaque:
      if (a.host.empty() || a.host[0] <= k_type_dns)
        return bad("an opaque address payload must start with an unknown type byte (6..255)");
      out.insert(out.end(), a.host.begin(), a.host.end());
      return {};
  }
  return bad("unknown address kind");
}

Result<void> append_lnd_address_list(util::Bytes& out, std::span<const LndAddress> addresses) {
  util::Bytes block;
  for (const LndAddress& a : addresses) LNSTORE_TRY(append_lnd_address(block, a));
  // lnd would wrap the u16 length silently; refuse instead.
  if (block.size() > k_max_address_list_bytes)
    return fail(ExitClass::malformed, "bad_address", "the address list is longer than 65535 bytes");
  out.push_back(static_cast<std::uint8_t>(block.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(block.size()));
  out.insert(out.end(), block.begin(), block.end());
  return {};
}

Result<std::vector<LndAddress>> read_lnd_address_list(WireReader& reader, std::string_view field) {
  const std::string f(field);
  const std::uint16_t length = LNSTORE_TRY(reader.u16_be(f + " length"));
  const std::size_t block_start = reader.offset();
  const auto block = LNSTORE_TRY(reader.bytes(length, f));
  std::vector<LndAddress> out;
  std::size_t pos = 0;
  const auto truncated = [&](std::size_t index, std::uint8_t type) {
    return reader.error(f + "[" + std::to_string(index) + "]",
                        "unable to read address: type " + std::to_string(type) +
                            " runs past the end of the address block (block offset " + std::to_string(block_start) + ")");
  };
  while (pos < block.size()) {
    const std::size_t index = out.size();
    const std::uint8_t type = block[pos++];
    const std::size_t left = block.size() - pos;
    LndAddress a;
    std::size_t host_size = 0;
    switch (type) {
      case k_type_none: continue;
      case k_type_ipv4: a.kind = LndAddressKind::ipv4; host_size = 4; break;
      case k_type_ipv6: a.kind = LndAddressKind::ipv6; host_size = 16; break;
      case k_type_tor_v2: a.kind = LndAddressKind::tor_v2; host_size = k_tor_v2_size; break;
      case k_type_tor_v3: a.kind = LndAddressKind::tor_v3; host_size = k_tor_v3_size; break;
      case k_type_dns:
        a.kind = LndAddressKind::dns;
        if (left < 1) return truncated(index, type);
        host_size = block[pos++];
        break;
      default:
        a.kind = LndAddressKind::opaque;
        a.host.assign(block.begin() + static_cast<std::ptrdiff_t>(pos - 1), block.end());
        out.push_back(std::move(a));
        pos = block.size();
        continue;
    }
    if (block.size() - pos < host_size + 2) return truncated(index, type);
    a.host.assign(block.begin() + static_cast<std::ptrdiff_t>(pos),
                  block.begin() + static_cast<std::ptrdiff_t>(pos + host_size));
    pos += host_size;
    a.port = static_cast<std::uint16_t>(block[pos] << 8 | block[pos + 1]);
    pos += 2;
    out.push_back(std::move(a));
  }
  return out;
}

std::string NetAddress::to_string() const { return codec::to_string(*this); }

}  // namespace lnstore::codec
