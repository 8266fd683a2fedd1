#include <doctest/doctest.h>

#include "core/backup/scb_json.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;
using nlohmann::json;

TEST_SUITE_BEGIN("scb_json");

TEST_CASE("the chantools vector as `backup dump` prints it") {
  auto single = backup::decode_scb_single(scb_hex(k_scb_vector_plaintext));
  REQUIRE(single.has_value());
  // Written out by hand from the table in scb-format.md section 8.
  const json expected = json::parse(R"({
    "version": 6,
    "type": "tapscript_root",
    "chan_point": "85619671cb1987c80723ed457fd829f6444269a4d228ab580cd8f2176f1d4994:0",
    "short_channel_id": "402x1x0",
    "chain_hash": "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
    "is_initiator": false,
    "peer": "0310150ae975211a226fc85160232e238bf072a071202e58ce5d0527cda5d7e4c9",
    "addresses": ["172.18.0.6:9735", "127.0.0.1:9636"],
    "capacity_sat": 100000,
    "local_csv_delay": 144,
    "remote_csv_delay": 144,
    "local_keys": {
      "multisig": {"family": 0, "index": 1, "pubkey": null},
      "revocation_base": {"family": 1, "index": 1, "pubkey": null},
      "payment_base": {"family": 3, "index": 1, "pubkey": null},
      "delay_base": {"family": 4, "index": 1, "pubkey": null},
      "htlc_base": {"family": 2, "index": 1, "pubkey": null}
    },
    "remote_keys": {
      "multisig": "03c1102d1b9e016d72a39226ab34fb92fe6194b2f177882f5b167926d76417e070",
      "revocation_base": "034a07a00f89920b27d965b041084cef9619f952fd8e1bbb4699be9f7a5806c4ee",
      "payment_base": "02a1b59387e693774772894155f5338f1e816ea3a36c2792377738f376ba1fde53",
      "delay_base": "02a560b80e736d1b11af80069579b0894c19b7611f53b923674e4966c43d542140",
      "htlc_base": "02e682ecf3cc018bb1547b89a4be96e6e7df228da97078930d55dc039d8dea7d5d"
    },
    "shachain_root": {"family": 5, "index": 2, "pubkey": null},
    "lease_expiry": null,
    "close_tx": {
      "commit_tx": "020000000194491d6f17f2d80c58ab28d2a4694244f629d87f45ed2307c88719cb719661850000000000a0007180024a01000000000000225120fbd9aedad03a11215960cf6de9f51e5c7f7e292e9263a3b2410c2e14e0c68229987a010000000000225120e8807a199fd42c953f63cf78a840f444d3dd65541c38afe675ac2bf49f7d975a9bf94a20",
      "commit_sig": "b8343a3033969c0eafbff5d4cff2fc981d279625b6ffc14996701c2fc90d787003ada823a2beee4a33b6524b9d1c6ccf751aa26c422b7bcc19631dea5214cf71b603d4d0cfa9a508e144a6f397319f56faa64854b7829129055bbab3ecf0fd4a49a2",
      "commit_height": 0,
      "tapscript_root": "e3cafff3ea7eb3f910dfcccef25aaed722d612e208438fc4321a846bf651dc28"
    }
  })");
  const json actual = to_json(*single);
  CHECK(actual == expected);
  if (actual != expected) MESSAGE(json::diff(expected, actual).dump(2));
}

TEST_CASE("every key is present for every version; absent values are null") {
  const char* keys[] = {"version",         "type",           "chan_point",       "short_channel_id", "chain_hash",
                        "is_initiator",    "peer",           "addresses",        "capacity_sat",     "local_csv_delay",
                        "remote_csv_delay", "local_keys",    "remote_keys",      "shachain_root",    "lease_expiry",
                        "close_tx"};
  for (std::uint8_t v = 0; v < 8; ++v) {
    for (bool close : {false, true}) {
      const json j = to_json(make_scb_single(static_cast<backup::ScbVersion>(v), close, 3));
      CAPTURE(j.dump());
      CHECK(j.size() == std::size(keys));
      for (const char* k : keys) CHECK(j.contains(k));
      CHECK(j["version"] == v);
      CHECK(j["lease_expiry"].is_null() == (v != 4));
      CHECK(j["close_tx"].is_null() == !close);
      if (close) {
        CHECK(j["close_tx"].size() == 4);
        CHECK(j["close_tx"]["commit_height"].is_null() == (v < 5));
        CHECK(j["close_tx"]["tapscript_root"].is_null() == (v != 6));
      }
      CHECK(j["shachain_root"]["pubkey"] == "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
      CHECK(j["addresses"].size() == 6);
      CHECK(j["addresses"][5] == "2a0102");  // opaque: payload hex
      CHECK(j["short_channel_id"] == "800003x1234x1");
      CHECK(j["capacity_sat"] == 16777219);
      CHECK(j["local_keys"]["multisig"]["family"] == 9999);
      CHECK(j["local_keys"]["htlc_base"]["pubkey"].is_null());
      (void)j.dump();  // valid UTF-8 throughout
    }
  }
}

TEST_CASE("Multi wrapper") {
  backup::ScbMulti m;
  m.singles.push_back(make_scb_single(backup::ScbVersion::legacy, false, 1));
  const json j = to_json(m);
  CHECK(j["version"] == 0);
  REQUIRE(j["singles"].size() == 1);
  CHECK(j["singles"][0]["type"] == "legacy");
  CHECK(json(to_json(backup::ScbMulti{})) == json::parse(R"({"version": 0, "singles": []})"));
}

TEST_SUITE_END();
