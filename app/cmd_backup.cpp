// `lnstore backup export|verify|dump|restore|diff|watch`: static channel
// backups in lnd's channel.backup format.
#include <csignal>
#include <memory>
#include <thread>

#include "app/commands.hpp"
#include "core/backup/channel_backup.hpp"
#include "core/backup/scb_json.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/rfc3339.hpp"
#include "core/backup/scb_packed.hpp"

#include <map>

namespace lnstore::app {

namespace {

using Json = nlohmann::ordered_json;

struct Options {
  std::string chan_point, file, other;
  bool no_close_tx = false;
  bool single = false;
  double interval = 1.0;
};

Json points_json(const std::vector<std::string>& points) { return Json(points); }

Result<Json> run_export(Context& ctx, const Options& o) {
  auto key = LNSTORE_TRY(ctx.backup_key());
  auto net = LNSTORE_TRY(ctx.network());
  auto store = LNSTORE_TRY(ctx.open_store(false));
  LNSTORE_TRY(store.begin());  // a consistent snapshot, and the lock while the file is replaced
  if (!o.chan_point.empty()) {
    auto point = LNSTORE_TRY(codec::parse_chan_point(o.chan_point));
    auto c = LNSTORE_TRY(channels::load_channel(store, point));
    if (c.status == channels::ChannelStatus::closed) return rule_error("channel_not_open", "channel " + o.chan_point + " is closed: nothing to back up");
    auto single = LNSTORE_TRY(backup::single_from_channel(store, c, net, !o.no_close_tx));
    auto packed = LNSTORE_TRY(backup::pack_scb_single(single, key.span()));
    if (!o.file.empty()) {
      // Replace only a backup of this same channel: never a file that does
      // not decrypt (exit 4) or holds anything else, such as a channel.backup.
      std::error_code ec;
      if (std::filesystem::exists(o.file, ec)) {
        auto old = backup::read_backup_file(o.file, key.span(), true);
        if (!old && old.error().exit == ExitClass::auth) return std::unexpected(old.error());
        if (!old || backup::scb_chan_point(old->singles.front()) != o.chan_point)
          return fail(ExitClass::io, "file_exists", "refusing to replace " + o.file + ": it is not a backup of channel " + o.chan_point);
      }
      auto f = LNSTORE_TRY(util::AtomicFile::create(o.file));
      LNSTORE_TRY(f.write(packed));
      LNSTORE_TRY(f.commit());
      return Json{{"path", std::filesystem::absolute(o.file).string()}, {"chan_points", Json::array({o.chan_point})}};
    }
    return Json{{"chan_point", o.chan_point}, {"chan_backup", util::to_hex(packed)}};
  }
  if (!o.file.empty()) {
    backup::WriteOptions w;
    w.close_tx = !o.no_close_tx;
    w.archive = !ctx.options.no_archive;
    auto r = LNSTORE_TRY(backup::write_backup_file(store, o.file, key.span(), net, w));
    LNSTORE_TRY(store.commit());
    return Json{{"path", std::filesystem::absolute(o.file).string()}, {"chan_points", points_json(r.chan_points)}};
  }
  backup::ScbMulti multi{0, LNSTORE_TRY(backup::current_singles(store, net, !o.no_close_tx))};
  auto packed = LNSTORE_TRY(backup::pack_scb_multi(multi, key.span()));
  return Json{{"chan_points", points_json(backup::chan_points(multi))}, {"multi_chan_backup", util::to_hex(packed)}};
}

Result<Json> run_restore(Context& ctx, const Options& o) {
  auto key = LNSTORE_TRY(ctx.backup_key());
  auto net = LNSTORE_TRY(ctx.network());
  auto multi = LNSTORE_TRY(backup::read_backup_file(o.file, key.span(), o.single));
  for (const auto& s : multi.singles)
    if (s.chain_hash != codec::chain_hash(net))
      return malformed("wrong_chain", "channel " + backup::scb_chan_point(s) + " belongs to another chain than --network " +
                                          std::string(codec::network_name(net)));
  auto store = LNSTORE_TRY(ctx.open_store(true));
  storage::Transaction tx(store);
  LNSTORE_TRY(tx.begin());
  std::int64_t restored = 0;
  ops::OperationContext op;
  for (const auto& s : multi.singles) {
    codec::ChanPoint p{s.funding_txid, s.funding_output_index};
    if (LNSTORE_TRY(channels::find_channel(store, p))) continue;  // known channels are left as they are
    auto doc = LNSTORE_TRY(backup::channel_from_single(s));
    LNSTORE_TRY(channels::insert_channel(store, doc));
    ++restored;
    op.backup_data_changed = true;
  }
  LNSTORE_TRY(ctx.after_operation(store, op));
  LNSTORE_TRY(tx.commit());
  return Json{{"num_restored", restored}};
}

Result<Json> run_diff(Context& ctx, const Options& o) {
  auto key = LNSTORE_TRY(ctx.backup_key());
  auto a = LNSTORE_TRY(backup::read_backup_file(o.file, key.span(), false));
  auto b = LNSTORE_TRY(backup::read_backup_file(o.other, key.span(), false));
  std::map<std::string, const backup::ScbSingle*> in_a, in_b;
  for (const auto& s : a.singles) in_a[backup::scb_chan_point(s)] = &s;
  for (const auto& s : b.singles) in_b[backup::scb_chan_point(s)] = &s;
  Json added = Json::array(), removed = Json::array(), changed = Json::array();
  for (const auto& [p, s] : in_b) {
    auto it = in_a.find(p);
    if (it == in_a.end())
      added.push_back(p);
    else if (!(*it->second == *s))
      changed.push_back(p);
  }
  for (const auto& [p, s] : in_a)
    if (!in_b.contains(p)) removed.push_back(p);
  return Json{{"added", added}, {"removed", removed}, {"changed", changed}};
}

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) { g_stop = 1; }

int run_watch(Context& ctx, const Options& o) {
  auto key = ctx.backup_key();
  if (!key) return ctx.report(key.error());
  auto net = ctx.network();
  if (!net) return ctx.report(net.error());
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  auto store = ctx.open_store(false);
  if (!store) return ctx.report(store.error());
  backup::WriteOptions w;
  w.close_tx = !o.no_close_tx;
  w.archive = !ctx.options.no_archive;
  std::int64_t last_version = -1;
  bool first = true;
  while (!g_stop) {
    // data_version changes whenever another connection commits, so an idle
    // database costs one pragma per interval.
    auto version = store->pragma_int("data_version");
    if (!version) return ctx.report(version.error());
    if (*version != last_version) {
      last_version = *version;
      auto r = [&]() -> Result<backup::WriteResult> {
        LNSTORE_TRY(store->begin());
        auto res = backup::write_backup_file(*store, o.file, key->span(), *net, w, !first);
        store->rollback();
        return res;
      }();
      if (!r) {
        if (r.error().exit != ExitClass::busy) return ctx.report(r.error());
      } else {
        first = false;
        if (r->changed) {
          Json line = {{"path", std::filesystem::absolute(o.file).string()}, {"chan_points", points_json(r->chan_points)}, {"time", util::now_rfc3339()}};
          std::string s = line.dump() + "\n";
          std::fwrite(s.data(), 1, s.size(), stdout);
          std::fflush(stdout);
        }
      }
    }
    for (double slept = 0; slept < o.interval && !g_stop; slept += 0.05)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return 0;
}

}  // namespace

void setup_backup(CLI::App& app, Context& ctx) {
  auto* backup = app.add_subcommand("backup", "Static channel backups in lnd's channel.backup format");
  backup->require_subcommand(1);
  backup->fallthrough();
  auto o = std::make_shared<Options>();

  auto* exp = backup->add_subcommand("export", "Pack open, waiting_close and restored channels (lncli exportchanbackup)");
  exp->add_option("--chan-point", o->chan_point, "Only this channel, as a packed Single");
  exp->add_option("--file", o->file, "Write it atomically to this file");
  exp->add_flag("--no-close-tx", o->no_close_tx, "Leave out the latest commitment (for lnd before v0.19)");
  exp->callback([&ctx, o] { ctx.action = [&ctx, o] { return ctx.finish(run_export(ctx, *o)); }; });

  auto* verify = backup->add_subcommand("verify", "Decrypt and parse a backup (lncli verifychanbackup)");
  verify->add_option("FILE", o->file, "The backup file")->required();
  verify->add_flag("--single", o->single, "The file holds one packed Single");
  verify->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return ctx.finish([&]() -> Result<Json> {
        auto key = LNSTORE_TRY(ctx.backup_key());
        auto multi = LNSTORE_TRY(backup::read_backup_file(o->file, key.span(), o->single));
        return Json{{"chan_points", points_json(backup::chan_points(multi))}};
      }());
    };
  });

  auto* dump = backup->add_subcommand("dump", "Decrypt and decode every field of a backup");
  dump->add_option("FILE", o->file, "The backup file")->required();
  dump->add_flag("--single", o->single, "The file holds one packed Single");
  dump->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return ctx.finish([&]() -> Result<Json> {
        auto key = LNSTORE_TRY(ctx.backup_key());
        auto multi = LNSTORE_TRY(backup::read_backup_file(o->file, key.span(), o->single));
        Json out = to_json(multi);
        if (o->single) out["version"] = nullptr;
        return out;
      }());
    };
  });

  auto* restore = backup->add_subcommand("restore", "Add the backup's channels not yet known, as restored (lncli restorechanbackup)");
  restore->add_option("FILE", o->file, "The backup file")->required();
  restore->add_flag("--single", o->single, "The file holds one packed Single");
  restore->callback([&ctx, o] { ctx.action = [&ctx, o] { return ctx.finish(run_restore(ctx, *o)); }; });

  auto* diff = backup->add_subcommand("diff", "Compare two backups by channel point");
  diff->add_option("A", o->file, "The older backup")->required();
  diff->add_option("B", o->other, "The newer backup")->required();
  diff->callback([&ctx, o] { ctx.action = [&ctx, o] { return ctx.finish(run_diff(ctx, *o)); }; });

  auto* watch = backup->add_subcommand("watch", "Keep a backup file current until SIGINT or SIGTERM");
  watch->add_option("--file", o->file, "The backup file to keep current")->required();
  watch->add_option("--interval", o->interval, "Seconds between checks for changes (default 1)")->check(CLI::Range(0.05, 3600.0));
  watch->add_flag("--no-close-tx", o->no_close_tx, "Leave out the latest commitment");
  watch->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_watch(ctx, *o); }; });
}

}  // namespace lnstore::app
