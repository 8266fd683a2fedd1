// channels::node_binding: the one node and chain of a database.
#include <doctest/doctest.h>

#include "core/channels/node_binding.hpp"
#include "core/util/hex.hpp"
#include "store_fixture.hpp"

using namespace lnstore;

namespace {

crypto::PubKey key(const char* hex) { return crypto::parse_pubkey(hex, "key").value(); }

const crypto::PubKey k_node = key("03b99ab108e39e9e4cf565c1b706480180a70a4fdc4828e44c504530c056be5b5f");
const crypto::PubKey k_other = key("02075e872fea11552b73906cc313118d3e723447d73b2b48ff13ad624d296fbfe1");

channels::NodeClaim claim(std::optional<crypto::PubKey> node, std::optional<codec::Network> network, bool root_key = false) {
  channels::NodeClaim c;
  c.node = node;
  if (network) c.chain = codec::chain_hash(*network);
  c.node_source = "the file";
  c.chain_source = "the file";
  c.node_from_root_key = root_key;
  return c;
}

}  // namespace

TEST_SUITE_BEGIN("node_binding");

TEST_CASE("unknown until first claimed, then recorded once") {
  test::StoreFixture f;
  auto b = channels::load_node_binding(f.store).value();
  CHECK_FALSE(b.node);
  CHECK_FALSE(b.chain);
  CHECK(channels::to_json(b) == nlohmann::ordered_json{{"node_pubkey", nullptr}, {"chain_hash", nullptr}, {"network", nullptr}});
  // A claim of a chain alone records the chain only.
  CHECK(channels::bind_node(f.store, claim(std::nullopt, codec::Network::regtest)).value());
  CHECK(channels::bind_node(f.store, claim(k_node, std::nullopt)).value());
  CHECK_FALSE(channels::bind_node(f.store, claim(k_node, codec::Network::regtest)).value());
  b = channels::load_node_binding(f.store).value();
  REQUIRE(b.node);
  CHECK(*b.node == k_node);
  auto json = channels::to_json(b);
  CHECK(json["network"] == "regtest");
  CHECK(json["chain_hash"] == "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
}

TEST_CASE("another node or chain is refused, naming both, and nothing changes") {
  test::StoreFixture f;
  REQUIRE(channels::bind_node(f.store, claim(k_node, codec::Network::regtest)));
  auto node = channels::bind_node(f.store, claim(k_other, std::nullopt));
  REQUIRE_FALSE(node);
  CHECK(node.error().code == "node_mismatch");
  CHECK(node.error().exit == ExitClass::rule);
  CHECK(node.error().message.find(util::to_hex(k_node)) != std::string::npos);
  CHECK(node.error().message.find(util::to_hex(k_other)) != std::string::npos);
  auto seed = channels::bind_node(f.store, claim(k_other, codec::Network::regtest, true));
  REQUIRE_FALSE(seed);
  CHECK(seed.error().message.find("wrong seed") != std::string::npos);
  // The chain is compared first: with a wrong network the node key differs too.
  auto chain = channels::bind_node(f.store, claim(k_other, codec::Network::mainnet, true));
  REQUIRE_FALSE(chain);
  CHECK(chain.error().code == "chain_mismatch");
  CHECK(chain.error().message.find("regtest") != std::string::npos);
  CHECK(chain.error().message.find("mainnet") != std::string::npos);
  auto b = channels::load_node_binding(f.store).value();
  CHECK(*b.node == k_node);
  CHECK(*b.chain == codec::chain_hash(codec::Network::regtest));
}

TEST_CASE("rebind replaces what it is given; refused while channels exist unless forced") {
  test::StoreFixture f;
  REQUIRE(channels::bind_node(f.store, claim(k_node, codec::Network::regtest)));
  auto b = channels::rebind_node(f.store, std::nullopt, codec::chain_hash(codec::Network::testnet), false).value();
  CHECK(*b.node == k_node);
  CHECK(*b.chain == codec::chain_hash(codec::Network::testnet));
  REQUIRE(f.store.exec(
      "INSERT INTO closed_channels (funding_txid, funding_output_index, short_channel_id, peer_pubkey, capacity_sat,"
      " close_type, close_height, settled_sat, time_locked_sat, closed_at) VALUES (zeroblob(32), 0, 0,"
      " x'03b99ab108e39e9e4cf565c1b706480180a70a4fdc4828e44c504530c056be5b5f', 1, 'cooperative', 0, 0, 0,"
      " '2026-01-01T00:00:00Z')"));
  auto refused = channels::rebind_node(f.store, k_other, std::nullopt, false);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "channels_exist");
  CHECK(*channels::load_node_binding(f.store).value().node == k_node);
  b = channels::rebind_node(f.store, k_other, std::nullopt, true).value();
  CHECK(*b.node == k_other);
}

TEST_SUITE_END();
