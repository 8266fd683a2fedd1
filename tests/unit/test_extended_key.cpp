#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/codec/base58.hpp"
#include "core/keys/extended_key.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("extended_key");

namespace {

constexpr std::uint32_t H = keys::k_hardened_key_start;

struct Step {
  std::vector<std::uint32_t> path;
  const char* xpub;  // nullptr: not checked
  const char* xprv;
};

// Published BIP32 test vectors (bips/bip-0032.mediawiki). Vector 3 covers a
// master key with a leading zero byte, vector 4 a derived one.
void check_vector(const char* seed_hex, const std::vector<Step>& steps) {
  const util::Bytes seed = *util::from_hex(seed_hex, "seed");
  auto master = keys::ExtendedPrivateKey::from_seed(seed);
  REQUIRE(master.has_value());
  for (const Step& step : steps) {
    CAPTURE(step.xprv);
    auto key = master->derive_path(step.path);
    REQUIRE(key.has_value());
    CHECK(key->to_base58(codec::Network::mainnet) == step.xprv);
    if (step.xpub != nullptr) CHECK(key->to_base58_public(codec::Network::mainnet) == step.xpub);
    CHECK(key->depth() == step.path.size());
    CHECK(key->child_number() == (step.path.empty() ? 0 : step.path.back()));
    // Parsing the published string gives back the same key.
    auto parsed = keys::ExtendedPrivateKey::parse(step.xprv, codec::Network::mainnet);
    REQUIRE(parsed.has_value());
    CHECK(parsed->to_base58(codec::Network::mainnet) == step.xprv);
    CHECK(parsed->public_key() == key->public_key());
    CHECK(parsed->parent_fingerprint() == key->parent_fingerprint());
  }
}

util::Bytes payload_of(const char* xprv) {
  auto raw = codec::base58check_decode(xprv);
  REQUIRE(raw.has_value());
  return util::Bytes(raw->begin(), raw->end());
}

Error parse_error(const util::Bytes& payload, codec::Network network = codec::Network::mainnet) {
  auto r = keys::ExtendedPrivateKey::parse(codec::base58check_encode(payload), network);
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

template <class T>
std::string code_of(const Result<T>& r) {
  return r ? "<success>" : r.error().code;
}

constexpr const char* k_v1_master =
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";

}  // namespace

TEST_CASE("BIP32 test vector 1") {
  check_vector(
      "000102030405060708090a0b0c0d0e0f",
      {
          {{}, "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", k_v1_master},
          {{H}, "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw", "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7"},
          {{H, 1}, "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ", "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs"},
          {{H, 1, H + 2}, "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5", "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM"},
          {{H, 1, H + 2, 2}, "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV", "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334"},
          {{H, 1, H + 2, 2, 1000000000}, "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy", "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76"},
      });
}

TEST_CASE("BIP32 test vector 2") {
  check_vector(
      "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542",
      {
          {{}, "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U"},
          {{0}, "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH", "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt"},
          {{0, H + 2147483647}, "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a", "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9"},
          {{0, H + 2147483647, 1}, "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon", "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef"},
          {{0, H + 2147483647, 1, H + 2147483646}, "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL", "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc"},
          {{0, H + 2147483647, 1, H + 2147483646, 2}, "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt", "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j"},
      });
}

TEST_CASE("BIP32 test vector 3 (master key with a leading zero byte)") {
  check_vector(
      "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be",
      {
          {{}, "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1cZAceL7SfJ1Z3GC8vBgp2epUt13", "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6"},
          {{H}, "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y", "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L"},
      });
  // The master key starts with 00, but a master key is always held as 32 bytes.
  auto master = keys::ExtendedPrivateKey::from_seed(*util::from_hex(
      "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be",
      "seed"));
  REQUIRE(master.has_value());
  CHECK(master->private_key()[0] == 0x00);
  CHECK(master->btcutil_key_length() == 32);
  auto standard = master->derive_child(H);
  auto nonstandard = master->derive_child_nonstandard(H);
  REQUIRE(standard.has_value());
  REQUIRE(nonstandard.has_value());
  CHECK(nonstandard->to_base58(codec::Network::mainnet) == standard->to_base58(codec::Network::mainnet));
}

TEST_CASE("BIP32 test vector 4 and btcutil's non-standard hardened step") {
  const char* seed = "3ddd5602285899a946114506157c7997e5444528f3003f6134712147db19b678";
  check_vector(seed, {
                         {{}, nullptr, "xprv9s21ZrQH143K48vGoLGRPxgo2JNkJ3J3fqkirQC2zVdk5Dgd5w14S7fRDyHH4dWNHUgkvsvNDCkvAwcSHNAQwhwgNMgZhLtQC63zxwhQmRv"},
                         {{H}, nullptr, "xprv9vB7xEWwNp9kh1wQRfCCQMnZUEG21LpbR9NPCNN1dwhiZkjjeGRnaALmPXCX7SgjFTiCTT6bXes17boXtjq3xLpcDjzEuGLQBM5ohqkao9G"},
                         {{H, H + 1}, nullptr, "xprv9xJocDuwtYCMNAo3Zw76WENQeAS6WGXQ55RCy7tDJ8oALr4FWkuVoHJeHVAcAqiZLE7Je3vZJHxspZdFHfnBEjHqU5hG1Jaj32dVoS6XLT1"},
                     });
  auto master = keys::ExtendedPrivateKey::from_seed(*util::from_hex(seed, "seed"));
  REQUIRE(master.has_value());
  auto m0h = master->derive_child(H);
  REQUIRE(m0h.has_value());
  // m/0H has one leading zero byte: btcutil holds it as 31 bytes.
  CHECK(m0h->private_key()[0] == 0x00);
  CHECK(m0h->private_key()[1] != 0x00);
  CHECK(m0h->btcutil_key_length() == 31);
  CHECK(m0h->reloaded().btcutil_key_length() == 32);
  // Parsing heals: a parsed key is always 32 bytes.
  CHECK(keys::ExtendedPrivateKey::parse(m0h->to_base58(codec::Network::mainnet), codec::Network::mainnet)->btcutil_key_length() == 32);

  // The non-standard child differs from BIP32. Expected value from the
  // independent model tests/tools/scb_reference.py (hardened_child_nonstandard).
  auto quirk = m0h->derive_child_nonstandard(H + 1);
  REQUIRE(quirk.has_value());
  CHECK(quirk->to_base58(codec::Network::mainnet) ==
        "xprv9xJocDuwtYCMMMWTXzA3hDFhGurb5zS5Bc2vRWiwhKJrqEWNkF6J7wnMLW1ajN49fcVCAbepDkkSjyvj9wabYrTGMHLytfotXjFwmjHWXCJ");
  CHECK(util::to_hex(quirk->private_key()) == "bf33f8c13baf010213cd34f488297f7729d560871286b2e360b25bc9fecc96f4");
  // Re-loaded, the same parent derives the textbook child again.
  CHECK(m0h->reloaded().derive_child_nonstandard(H + 1)->to_base58(codec::Network::mainnet) ==
        "xprv9xJocDuwtYCMNAo3Zw76WENQeAS6WGXQ55RCy7tDJ8oALr4FWkuVoHJeHVAcAqiZLE7Je3vZJHxspZdFHfnBEjHqU5hG1Jaj32dVoS6XLT1");
  // Non-hardened children use the public key: no difference.
  CHECK(m0h->derive_child_nonstandard(7)->to_base58(codec::Network::mainnet) ==
        m0h->derive_child(7)->to_base58(codec::Network::mainnet));
}

TEST_CASE("fingerprints (BIP32 vector 1: master identifier 3442193e...)") {
  auto master = keys::ExtendedPrivateKey::parse(k_v1_master, codec::Network::mainnet);
  REQUIRE(master.has_value());
  CHECK(util::to_hex(master->fingerprint()) == "3442193e");
  CHECK(util::to_hex(master->derive_child(H)->parent_fingerprint()) == "3442193e");
  CHECK(util::to_hex(master->parent_fingerprint()) == "00000000");
  CHECK(master->depth() == 0);
  CHECK(util::to_hex(master->public_key()) == "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2");
}

TEST_CASE("tprv serialization and network checks") {
  auto master = keys::ExtendedPrivateKey::parse(k_v1_master, codec::Network::mainnet);
  REQUIRE(master.has_value());
  const std::string tprv = master->to_base58(codec::Network::regtest);
  CHECK(tprv.starts_with("tprv"));
  CHECK(master->to_base58_public(codec::Network::regtest).starts_with("tpub"));
  for (codec::Network n : {codec::Network::testnet, codec::Network::testnet4, codec::Network::signet, codec::Network::regtest, codec::Network::simnet}) {
    auto parsed = keys::ExtendedPrivateKey::parse(tprv, n);
    REQUIRE(parsed.has_value());
    CHECK(parsed->to_base58(codec::Network::mainnet) == k_v1_master);
    auto wrong = keys::ExtendedPrivateKey::parse(k_v1_master, n);
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().code == "wrong_network");
    CHECK(wrong.error().exit == ExitClass::malformed);
  }
  auto wrong = keys::ExtendedPrivateKey::parse(tprv, codec::Network::mainnet);
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().code == "wrong_network");
  // Surrounding whitespace (a key file's newline) is ignored.
  CHECK(keys::ExtendedPrivateKey::parse("  " + tprv + "\n", codec::Network::regtest).has_value());
}

TEST_CASE("bad extended keys") {
  SUBCASE("an xpub is refused") {
    auto r = keys::ExtendedPrivateKey::parse(
        "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
        codec::Network::mainnet);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_extended_key");
  }
  SUBCASE("base58 problems") {
    std::string text = k_v1_master;
    text.back() = text.back() == 'i' ? 'j' : 'i';
    CHECK(code_of(keys::ExtendedPrivateKey::parse(text, codec::Network::mainnet)) == "bad_checksum");
    CHECK(code_of(keys::ExtendedPrivateKey::parse("xprv0", codec::Network::mainnet)) == "bad_base58");
    CHECK(code_of(keys::ExtendedPrivateKey::parse("", codec::Network::mainnet)) == "bad_base58");
  }
  const util::Bytes good = payload_of(k_v1_master);
  SUBCASE("wrong length") {
    util::Bytes shorter(good.begin(), good.end() - 1);
    CHECK(parse_error(shorter).code == "bad_extended_key");
    util::Bytes longer = good;
    longer.push_back(0);
    CHECK(parse_error(longer).code == "bad_extended_key");
  }
  SUBCASE("unknown version") {
    util::Bytes p = good;
    p[3] ^= 0x01;
    CHECK(parse_error(p).code == "bad_extended_key");
  }
  SUBCASE("key prefix must be 00") {
    util::Bytes p = good;
    p[45] = 0x01;
    CHECK(parse_error(p).code == "bad_extended_key");
  }
  SUBCASE("key zero or not below the curve order") {
    util::Bytes p = good;
    std::fill(p.begin() + 46, p.end(), 0);
    CHECK(parse_error(p).code == "bad_extended_key");
    const util::Bytes order = *util::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", "n");
    std::copy(order.begin(), order.end(), p.begin() + 46);
    CHECK(parse_error(p).code == "bad_extended_key");
  }
  SUBCASE("depth 0 with a parent fingerprint or child number") {
    util::Bytes p = good;
    p[5] = 0x01;
    CHECK(parse_error(p).code == "bad_extended_key");
    p = good;
    p[12] = 0x01;
    CHECK(parse_error(p).code == "bad_extended_key");
  }
}

TEST_CASE("seed length limits") {
  CHECK(code_of(keys::ExtendedPrivateKey::from_seed(util::Bytes(15, 1))) == "bad_seed");
  CHECK(code_of(keys::ExtendedPrivateKey::from_seed(util::Bytes(65, 1))) == "bad_seed");
  CHECK(keys::ExtendedPrivateKey::from_seed(util::Bytes(16, 1)).has_value());
  CHECK(keys::ExtendedPrivateKey::from_seed(util::Bytes(64, 1)).has_value());
}

TEST_SUITE_END();
