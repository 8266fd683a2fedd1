#include <doctest/doctest.h>

#include <algorithm>

#include "core/util/hex.hpp"
#include "core/codec/network.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("network");

namespace {
// Published genesis block hashes, display order (bitcoin/btcd chain params;
// simnet is btcd's simulation network). Each was re-derived for this test
// by double-SHA256 of the genesis header in Python.
std::string display(codec::Network n) {
  auto h = codec::chain_hash(n);
  std::reverse(h.begin(), h.end());
  return util::to_hex(h);
}
}  // namespace

TEST_CASE("genesis hashes, internal byte order") {
  CHECK(display(codec::Network::mainnet) == "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
  CHECK(display(codec::Network::testnet) == "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943");
  CHECK(display(codec::Network::testnet4) == "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043");
  CHECK(display(codec::Network::signet) == "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6");
  CHECK(display(codec::Network::regtest) == "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
  CHECK(display(codec::Network::simnet) == "683e86bd5c6d110d91b94b97137ba6bfe02dbbdb8e3dff722a669b5d69d77af6");
  // As stored in a backup (scb-format.md section 1): regtest starts 06226e46, ends 0f.
  const auto regtest = codec::chain_hash(codec::Network::regtest);
  CHECK(util::to_hex(std::span(regtest).first(4)) == "06226e46");
  CHECK(regtest[31] == 0x0f);
}

TEST_CASE("network_from_chain_hash inverts chain_hash") {
  for (codec::Network n : codec::k_all_networks) {
    const auto found = codec::network_from_chain_hash(codec::chain_hash(n));
    REQUIRE(found.has_value());
    CHECK(*found == n);
  }
  std::array<std::uint8_t, 32> zero{};
  CHECK_FALSE(codec::network_from_chain_hash(zero).has_value());
  const auto mainnet = codec::chain_hash(codec::Network::mainnet);
  CHECK_FALSE(codec::network_from_chain_hash(std::span(mainnet).first(31)).has_value());
}

TEST_CASE("names parse and print") {
  for (codec::Network n : codec::k_all_networks) {
    auto parsed = codec::parse_network(codec::network_name(n));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == n);
  }
  CHECK(*codec::parse_network("testnet3") == codec::Network::testnet);
  CHECK(codec::network_name(codec::Network::testnet) == "testnet");
}

TEST_CASE("bad network names are usage errors") {
  for (const char* name : {"", "Mainnet", "bitcoin", "testnet5", " regtest", "regtest "}) {
    auto parsed = codec::parse_network(name);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().code == "bad_network");
    CHECK(parsed.error().exit == ExitClass::usage);
  }
}

TEST_CASE("coin types and extended key versions (lnd chainreg, BIP32)") {
  CHECK(codec::coin_type(codec::Network::mainnet) == 0);
  for (codec::Network n : {codec::Network::testnet, codec::Network::testnet4, codec::Network::signet, codec::Network::regtest, codec::Network::simnet}) {
    CHECK(codec::coin_type(n) == 1);
    CHECK(codec::extended_private_version(n) == 0x04358394u);  // tprv
    CHECK(codec::extended_public_version(n) == 0x043587CFu);   // tpub
  }
  CHECK(codec::extended_private_version(codec::Network::mainnet) == 0x0488ADE4u);  // xprv
  CHECK(codec::extended_public_version(codec::Network::mainnet) == 0x0488B21Eu);   // xpub
}

TEST_SUITE_END();
