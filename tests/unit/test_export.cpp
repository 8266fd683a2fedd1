// Exporting the store's channels as lnd static channel backups.
#include <doctest/doctest.h>

#include <fstream>

#include "core/backup/channel_backup.hpp"
#include "core/backup/export.hpp"
#include "core/backup/restore.hpp"
#include "core/backup/scb_packed.hpp"
#include "core/channels/channel_state.hpp"
#include "store_fixture.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;

TEST_SUITE_BEGIN("export");

namespace {

constexpr auto k_net = codec::Network::regtest;
const util::Bytes k_key(32, 0x42);

codec::ChanPoint point_of(const backup::ScbSingle& s) { return {s.funding_txid, s.funding_output_index}; }

// A store holding two restored channels, made from sample Singles.
struct Fixture : StoreFixture {
  backup::ScbSingle a = make_scb_single(backup::ScbVersion::anchors_zero_fee_htlc, true, 1);
  backup::ScbSingle b = make_scb_single(backup::ScbVersion::tweakless, false, 2);
  Fixture() {
    auto restored = backup::restore_channels(store, backup::ScbMulti{0, {a, b}}, k_net);
    REQUIRE_MESSAGE(restored.has_value(), restored.error().message);
  }
};

}  // namespace

TEST_CASE("one channel as a packed Single that decrypts with the key") {
  Fixture f;
  auto r = backup::export_channel(f.store, point_of(f.a), k_net, k_key, {});
  REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
  CHECK(r->single);
  CHECK_FALSE(r->path);
  CHECK(r->chan_points == std::vector{backup::scb_chan_point(f.a)});
  auto single = backup::unpack_scb_single(r->packed, k_key).value();
  CHECK(backup::scb_chan_point(single) == backup::scb_chan_point(f.a));
  CHECK(single.capacity_sat == f.a.capacity_sat);
  CHECK(single.remote_keys == f.a.remote_keys);
  CHECK(single.close_tx);  // the restored commitment is carried along
  // Without the close tx, the tail is left out.
  backup::ExportOptions no_tail;
  no_tail.close_tx = false;
  auto bare = backup::export_channel(f.store, point_of(f.a), k_net, k_key, no_tail).value();
  CHECK_FALSE(backup::unpack_scb_single(bare.packed, k_key).value().close_tx);
  // The wrong key does not open it.
  auto wrong = backup::unpack_scb_single(r->packed, util::Bytes(32, 0x43));
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().exit == ExitClass::auth);
  auto j = backup::to_json(*r);
  CHECK(j["chan_point"] == backup::scb_chan_point(f.a));
  CHECK(j["chan_backup"] == util::to_hex(r->packed));
}

TEST_CASE("every channel as a Multi") {
  Fixture f;
  auto r = backup::export_channels(f.store, k_net, k_key, {}).value();
  CHECK_FALSE(r.single);
  auto multi = backup::unpack_scb_multi(r.packed, k_key).value();
  CHECK(backup::chan_points(multi) == r.chan_points);
  CHECK(r.chan_points.size() == 2);
  auto j = backup::to_json(r);
  CHECK(j["chan_points"].size() == 2);
  CHECK(j.contains("multi_chan_backup"));
}

TEST_CASE("an unknown or closed channel has nothing to export") {
  Fixture f;
  auto other = make_scb_single(backup::ScbVersion::anchors, false, 9);
  auto missing = backup::export_channel(f.store, point_of(other), k_net, k_key, {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "channel_not_found");
  channels::ChannelClose close;
  close.type = channels::CloseType::cooperative;
  close.height = 900000;
  REQUIRE(channels::close_channel(f.store, point_of(f.b), close));
  auto closed = backup::export_channel(f.store, point_of(f.b), k_net, k_key, {});
  REQUIRE_FALSE(closed);
  CHECK(closed.error().code == "channel_not_open");
  CHECK(closed.error().exit == ExitClass::rule);
}

TEST_CASE("a Single replaces only a backup of the same channel") {
  Fixture f;
  backup::ExportOptions to_file;
  to_file.file = f.dir / "a.backup";
  auto r = backup::export_channel(f.store, point_of(f.a), k_net, k_key, to_file).value();
  REQUIRE(r.path);
  CHECK(r.path->is_absolute());
  CHECK(r.packed.empty());
  CHECK(backup::to_json(r) == nlohmann::ordered_json{{"path", r.path->string()}, {"chan_points", {backup::scb_chan_point(f.a)}}, {"changed", true}});
  auto on_disk = backup::read_backup_file(*to_file.file, k_key, true).value();
  CHECK(backup::scb_chan_point(on_disk.singles.front()) == backup::scb_chan_point(f.a));
  // The same channel again: replaced.
  CHECK(backup::export_channel(f.store, point_of(f.a), k_net, k_key, to_file));
  // Another channel over it: refused, file untouched.
  auto before = slurp(*to_file.file);
  auto other = backup::export_channel(f.store, point_of(f.b), k_net, k_key, to_file);
  REQUIRE_FALSE(other);
  CHECK(other.error().code == "file_exists");
  CHECK(slurp(*to_file.file) == before);
  // A file that does not decrypt with the key: its auth error, untouched.
  auto wrong_key = backup::export_channel(f.store, point_of(f.a), k_net, util::Bytes(32, 0x43), to_file);
  REQUIRE_FALSE(wrong_key);
  CHECK(wrong_key.error().exit == ExitClass::auth);
  CHECK(slurp(*to_file.file) == before);
  // A Multi (a channel.backup) is never replaced by a Single.
  backup::ExportOptions multi_file;
  multi_file.file = f.dir / "channel.backup";
  REQUIRE(backup::export_channels(f.store, k_net, k_key, multi_file));
  auto multi_before = slurp(*multi_file.file);
  auto over_multi = backup::export_channel(f.store, point_of(f.a), k_net, k_key, multi_file);
  REQUIRE_FALSE(over_multi);
  CHECK(over_multi.error().code == "file_exists");
  CHECK(slurp(*multi_file.file) == multi_before);
}

TEST_CASE("a Multi to a file holds every channel") {
  Fixture f;
  backup::ExportOptions to_file;
  to_file.file = f.dir / "channel.backup";
  to_file.archive = false;
  auto r = backup::export_channels(f.store, k_net, k_key, to_file).value();
  REQUIRE(r.path);
  auto on_disk = backup::read_backup_file(*to_file.file, k_key, false).value();
  CHECK(backup::chan_points(on_disk) == r.chan_points);
  CHECK(r.chan_points.size() == 2);
}

TEST_SUITE_END();
