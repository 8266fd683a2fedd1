// --backup-file is never behind the committed database: a failure injected
// at every file-write and commit step of a close (and of an open), before
// or after the commit, leaves a file that holds every channel the committed
// database holds open, waiting_close or restored. The steps are the ones
// Context::write runs: snapshot, change, union write, commit, final write.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "core/backup/channel_backup.hpp"
#include "core/backup/restore.hpp"
#include "core/channels/channel_state.hpp"
#include "core/util/fault_injection.hpp"
#include "store_fixture.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;

TEST_SUITE_BEGIN("backup_file_keeping");

namespace {

constexpr auto k_net = codec::Network::regtest;
const util::Bytes k_key(32, 0x42);

codec::ChanPoint point_of(const backup::ScbSingle& s) { return {s.funding_txid, s.funding_output_index}; }

struct Fixture : StoreFixture {
  std::filesystem::path file = dir / "channel.backup";
  backup::ScbSingle a = make_scb_single(backup::ScbVersion::anchors_zero_fee_htlc, true, 1);
  backup::ScbSingle b = make_scb_single(backup::ScbVersion::tweakless, false, 2);
  backup::ScbSingle c = make_scb_single(backup::ScbVersion::anchors, false, 3);
  Fixture() {
    auto restored = backup::restore_channels(store, backup::ScbMulti{0, {a, b}}, k_net);
    REQUIRE_MESSAGE(restored.has_value(), restored.error().message);
    // Without the commitment: the file then differs from what a change
    // writes before its commit (a file already holding that is left alone).
    backup::WriteOptions bare;
    bare.close_tx = false;
    REQUIRE(backup::write_backup_file(store, file, k_key, k_net, bare));
  }
};

// What happened to one attempt: where it failed, if it did.
struct Outcome {
  bool ok = false;
  bool committed = false;  // the change reached the database
};

// One change with --backup-file, as Context::write runs it.
template <class Change>
Outcome run_with_backup_file(storage::Store& store, const std::filesystem::path& file, Change change) {
  Outcome out;
  auto r = [&]() -> Result<void> {
    storage::Transaction tx(store);
    LNSTORE_TRY(tx.begin());
    backup::WriteOptions w;
    w.also_keep = LNSTORE_TRY(channels::unclosed_chan_points(store));
    LNSTORE_TRY(change(store));
    auto written = LNSTORE_TRY(backup::write_backup_file(store, file, k_key, k_net, w, true));
    LNSTORE_TRY(tx.commit());
    out.committed = true;
    if (written.transitional) LNSTORE_TRY(backup::finish_backup_file(store, file, k_key, k_net, {}));
    return {};
  }();
  out.ok = r.has_value();
  if (!r) CHECK_MESSAGE(r.error().exit == ExitClass::io, r.error().message);
  return out;
}

// The committed database's backed-up channels the file lacks (outside any
// transaction, so what is read is what committed).
std::size_t missing_from_file(storage::Store& store, const std::filesystem::path& file) {
  REQUIRE_FALSE(store.in_transaction());
  auto multi = backup::read_backup_file(file, k_key, false);
  REQUIRE_MESSAGE(multi.has_value(), multi.error().message);
  std::set<std::string> in_file;
  for (const auto& s : multi->singles) in_file.insert(backup::scb_chan_point(s));
  std::size_t missing = 0;
  const auto committed = channels::unclosed_chan_points(store).value();
  for (const auto& p : committed) missing += in_file.count(codec::to_string(p)) == 0;
  return missing;
}

std::set<std::string> file_points(const std::filesystem::path& file) {
  auto multi = backup::read_backup_file(file, k_key, false).value();
  auto v = backup::chan_points(multi);
  return {v.begin(), v.end()};
}

// Fails the n-th time `point` is reached.
util::fault::Hook nth(std::string point, int n) {
  auto seen = std::make_shared<int>(0);
  return [point, n, seen](std::string_view p) { return p == point && ++*seen == n; };
}

constexpr const char* k_points[] = {"file.create", "file.write", "file.fsync", "file.rename", "file.dir_fsync", "sql.commit"};

}  // namespace

TEST_CASE("a close keeps the file complete whichever step fails, before or after the commit") {
  for (const char* point : k_points) {
    int failures_after_commit = 0, failures_before_commit = 0;
    for (int n = 1;; ++n) {
      INFO(std::string(point) << " #" << n);
      Fixture f;
      Outcome out;
      {
        util::fault::ScopedHook hook(nth(point, n));
        out = run_with_backup_file(f.store, f.file, [&](storage::Store& s) -> Result<void> {
          channels::ChannelClose close;
          (void)LNSTORE_TRY(channels::close_channel(s, point_of(f.a), close));
          return {};
        });
      }
      CHECK(missing_from_file(f.store, f.file) == 0);
      if (out.committed && !out.ok) {
        ++failures_after_commit;
        // The transitional file (the closed channel still in it), or, when
        // only the directory fsync after the rename failed, the final one;
        // the next rewrite drops the closed channel either way.
        const auto points = file_points(f.file);
        const bool final_in_place = std::string_view(point) == "file.dir_fsync";
        CHECK(points.count(backup::scb_chan_point(f.a)) == (final_in_place ? 0u : 1u));
        REQUIRE(backup::finish_backup_file(f.store, f.file, k_key, k_net, {}));
        CHECK(file_points(f.file) == std::set<std::string>{backup::scb_chan_point(f.b)});
      }
      if (!out.committed && !out.ok) ++failures_before_commit;
      if (!out.committed) {
        // Nothing committed: the channel is still backed up, and in the file.
        CHECK(channels::load_channel(f.store, point_of(f.a)).value().status == channels::ChannelStatus::restored);
      }
      if (out.ok) {
        // n is past the last time the point is reached: the close went through.
        CHECK(file_points(f.file) == std::set<std::string>{backup::scb_chan_point(f.b)});
        CHECK(std::filesystem::is_empty(f.dir / "chan-backup-archives") == false);
        break;
      }
      REQUIRE(n < 50);
    }
    // Every file point is reached again by the rewrite after the commit.
    if (std::string_view(point) != "sql.commit") CHECK_MESSAGE(failures_after_commit > 0, point);
    CHECK_MESSAGE(failures_before_commit > 0, point);
  }
}

TEST_CASE("an open keeps the file complete whichever step fails, and needs no second write") {
  for (const char* point : k_points) {
    for (int n = 1;; ++n) {
      INFO(std::string(point) << " #" << n);
      Fixture f;
      Outcome out;
      {
        util::fault::ScopedHook hook(nth(point, n));
        out = run_with_backup_file(f.store, f.file, [&](storage::Store& s) -> Result<void> {
          (void)LNSTORE_TRY(backup::restore_channels(s, backup::ScbMulti{0, {f.c}}, k_net));
          return {};
        });
      }
      CHECK(missing_from_file(f.store, f.file) == 0);
      CHECK_FALSE((out.committed && !out.ok));  // nothing closed: no rewrite after the commit
      if (out.ok) {
        CHECK(file_points(f.file).size() == 3);
        break;
      }
      REQUIRE(n < 50);
    }
  }
}

TEST_CASE("the rewrite after the commit writes the database as it stands under the lock") {
  Fixture f;
  // Another writer's channel, committed between this change's commit and its
  // final write, is in the final file.
  storage::Transaction tx(f.store);
  REQUIRE(tx.begin());
  backup::WriteOptions w;
  w.also_keep = channels::unclosed_chan_points(f.store).value();
  channels::ChannelClose close;
  REQUIRE(channels::close_channel(f.store, point_of(f.a), close));
  auto written = backup::write_backup_file(f.store, f.file, k_key, k_net, w, true).value();
  CHECK(written.transitional);
  CHECK(written.chan_points.size() == 2);
  REQUIRE(tx.commit());
  REQUIRE(backup::restore_channels(f.store, backup::ScbMulti{0, {f.c}}, k_net));  // autocommitted
  auto final = backup::finish_backup_file(f.store, f.file, k_key, k_net, {}).value();
  CHECK_FALSE(final.transitional);
  CHECK(file_points(f.file) == std::set<std::string>{backup::scb_chan_point(f.b), backup::scb_chan_point(f.c)});
  CHECK_FALSE(f.store.in_transaction());
  // The transitional file was not archived: only the first write's predecessor was.
  std::size_t archives = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(f.dir / "chan-backup-archives")) ++archives;
  CHECK(archives == 1);
}

TEST_SUITE_END();
