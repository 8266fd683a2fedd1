// `lnstore backup export|verify|dump|restore|diff|watch`: static channel
// backups in lnd's channel.backup format.
#include <csignal>
#include <memory>
#include <thread>

#include "app/commands.hpp"
#include "app/run_command.hpp"
#include "core/backup/backup_input.hpp"
#include "core/backup/channel_backup.hpp"
#include "core/backup/diff.hpp"
#include "core/backup/export.hpp"
#include "core/backup/restore.hpp"
#include "core/backup/scb_json.hpp"
#include "core/util/rfc3339.hpp"

namespace lnstore::app {

namespace {

struct Options {
  std::string chan_point, file, other;
  bool no_close_tx = false;
  bool single = false;
  bool hex = false;
  double interval = 1.0;
};

Result<backup::ExportResult> run_export(Context& ctx, const Options& o) {
  auto key = LNSTORE_TRY(ctx.backup_key());
  auto net = LNSTORE_TRY(ctx.network());
  backup::ExportOptions eo;
  eo.close_tx = !o.no_close_tx;
  eo.archive = !ctx.options.no_archive;
  if (!o.file.empty()) eo.file = o.file;
  // The write lock: a consistent snapshot, and no channel changes while the file is replaced.
  const auto claim = LNSTORE_TRY(ctx.root_key_claim());
  auto result = LNSTORE_TRY(ctx.locked([&](storage::Store& store) -> Result<backup::ExportResult> {
    // Only this node's channels, under this node's key and chain: refused
    // before a file is written, recorded when not yet known.
    (void)LNSTORE_TRY(channels::bind_node(store, claim));
    if (o.chan_point.empty()) return backup::export_channels(store, net, key.span(), eo);
    return backup::export_channel(store, LNSTORE_TRY(codec::parse_chan_point(o.chan_point)), net, key.span(), eo);
  }, true));
  if (result.path) ctx.mark_committed();
  for (const auto& w : result.warnings) ctx.log(0, "warning: " + w);
  return result;
}

Result<backup::RestoreResult> run_restore(Context& ctx, const Options& o) {
  auto key = LNSTORE_TRY(ctx.backup_key());
  auto net = LNSTORE_TRY(ctx.network());
  auto multi = LNSTORE_TRY(backup::read_backup_input(o.file, o.hex, key.span(), o.single));
  LNSTORE_TRY(backup::check_backup_chain(multi, net));  // before a database is created
  const auto claim = LNSTORE_TRY(ctx.root_key_claim());
  return ctx.write([&](storage::Store& store, ops::OperationContext& op) -> Result<backup::RestoreResult> {
    (void)LNSTORE_TRY(channels::bind_node(store, claim));
    auto restored = LNSTORE_TRY(backup::restore_channels(store, multi, net));
    op.backup_data_changed = !restored.restored.empty();
    return restored;
  });
}

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) { g_stop = 1; }

// Rewrites the file whenever another connection committed, one line per
// rewrite, until SIGINT or SIGTERM.
Result<void> run_watch(Context& ctx, const Options& o) {
  auto key = LNSTORE_TRY(ctx.backup_key());
  auto net = LNSTORE_TRY(ctx.network());
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  auto store = LNSTORE_TRY(ctx.open_store(false));
  {
    // Another node's or chain's key never writes this database's backup.
    auto tx = LNSTORE_TRY(storage::ReadTransaction::begin(store));
    LNSTORE_TRY(channels::check_node_claim(LNSTORE_TRY(channels::load_node_binding(store)), LNSTORE_TRY(ctx.root_key_claim())));
  }
  backup::WriteOptions w;
  w.close_tx = !o.no_close_tx;
  w.archive = !ctx.options.no_archive;
  std::int64_t last_version = -1;
  bool first = true;
  while (!g_stop) {
    // data_version changes whenever another connection commits, so an idle
    // database costs one pragma per interval.
    auto version = LNSTORE_TRY(store.data_version());
    if (version != last_version) {
      last_version = version;
      auto r = [&]() -> Result<backup::WriteResult> {
        storage::Transaction tx(store);  // the write lock while the file is replaced; nothing is committed
        LNSTORE_TRY(tx.begin());
        return backup::write_backup_file(store, o.file, key.span(), net, w, !first);
      }();
      if (!r) {
        if (r.error().exit != ExitClass::busy) return std::unexpected(r.error());
      } else {
        first = false;
        for (const auto& warning : r->warnings) ctx.log(0, "warning: " + warning);
        if (r->changed) {
          ctx.mark_committed();
          LNSTORE_TRY(ctx.out.line(Json{{"path", std::filesystem::absolute(o.file).string()},
                                        {"chan_points", r->chan_points},
                                        {"time", util::now_rfc3339()}}));
        }
      }
    }
    for (double slept = 0; slept < o.interval && !g_stop; slept += 0.05)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

// FILE decrypted with the root key's backup key: a Multi, or with --single
// one packed Single (as a Multi of one).
Result<backup::ScbMulti> read_backup(Context& ctx, const Options& o) {
  auto key = LNSTORE_TRY(ctx.backup_key());
  return backup::read_backup_input(o.file, o.hex, key.span(), o.single);
}

}  // namespace

void setup_backup(CLI::App& app, Context& ctx) {
  auto* backup = add_group(app, "backup", "Static channel backups in lnd's channel.backup format");
  auto o = std::make_shared<Options>();

  auto* exp = backup->add_subcommand("export", "Pack open, waiting_close and restored channels (lncli exportchanbackup)");
  exp->add_option("--chan-point", o->chan_point, "Only this channel, as a packed Single");
  exp->add_option("--file", o->file, "Write it atomically to this file")->type_name("FILE");
  exp->add_flag("--no-close-tx", o->no_close_tx, "Leave out the latest commitment (for lnd before v0.19)");
  on_run(exp, ctx, [&ctx, o] { return run_command(ctx, [&] { return run_export(ctx, *o); }); });

  auto* verify = backup->add_subcommand("verify", "Decrypt and parse a backup (lncli verifychanbackup)");
  verify->add_option("FILE", o->file, "The backup file ('-': stdin)")->type_name("FILE")->required();
  verify->add_flag("--single", o->single, "The file holds one packed Single (lncli exportchanbackup --chan_point)");
  verify->add_flag("--hex", o->hex, "The file holds hex text, as lncli prints it (whitespace allowed)");
  on_run(verify, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      // Not inside the braces: leaving a statement expression from within an
      // initializer list would skip the destruction of its finished elements.
      auto multi = LNSTORE_TRY(read_backup(ctx, *o));
      return Json{{"chan_points", backup::chan_points(multi)}};
    });
  });

  auto* dump = backup->add_subcommand("dump", "Decrypt and decode every field of a backup");
  dump->add_option("FILE", o->file, "The backup file ('-': stdin)")->type_name("FILE")->required();
  dump->add_flag("--single", o->single, "The file holds one packed Single (lncli exportchanbackup --chan_point)");
  dump->add_flag("--hex", o->hex, "The file holds hex text, as lncli prints it (whitespace allowed)");
  on_run(dump, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      auto multi = LNSTORE_TRY(read_backup(ctx, *o));
      Json out = to_json(multi);
      if (o->single) out["version"] = nullptr;
      return out;
    });
  });

  auto* restore = backup->add_subcommand("restore", "Add the backup's channels not yet known, as restored (lncli restorechanbackup)");
  restore->add_option("FILE", o->file, "The backup file ('-': stdin)")->type_name("FILE")->required();
  restore->add_flag("--single", o->single, "The file holds one packed Single (lncli exportchanbackup --chan_point)");
  restore->add_flag("--hex", o->hex, "The file holds hex text, as lncli prints it (whitespace allowed)");
  on_run(restore, ctx, [&ctx, o] { return run_command(ctx, [&] { return run_restore(ctx, *o); }); });

  auto* diff = backup->add_subcommand("diff", "Compare two backups by channel point");
  diff->add_option("A", o->file, "The older backup")->type_name("FILE")->required();
  diff->add_option("B", o->other, "The newer backup")->type_name("FILE")->required();
  auto exit_code = std::make_shared<bool>(false);
  diff->add_flag("--exit-code", *exit_code, "Exit 1 when the backups differ (as git diff --exit-code)");
  on_run(diff, ctx, [&ctx, o, exit_code] {
    return run_command(
        ctx,
        [&]() -> Result<backup::BackupDiff> {
          auto key = LNSTORE_TRY(ctx.backup_key());
          auto older = LNSTORE_TRY(backup::read_backup_file(o->file, key.span(), false));
          auto newer = LNSTORE_TRY(backup::read_backup_file(o->other, key.span(), false));
          return backup::diff_backups(older, newer);
        },
        [exit_code](const backup::BackupDiff& d) { return *exit_code && !d.empty() ? static_cast<int>(ExitClass::rule) : 0; });
  });

  auto* watch = backup->add_subcommand("watch", "Keep a backup file current until SIGINT or SIGTERM");
  watch->add_option("--file", o->file, "The backup file to keep current")->type_name("FILE")->required();
  watch->add_option("--interval", o->interval, "Seconds between checks for changes (default 1)")->check(CLI::Range(0.05, 3600.0));
  watch->add_flag("--no-close-tx", o->no_close_tx, "Leave out the latest commitment");
  on_run(watch, ctx, [&ctx, o] { return run_command(ctx, [&] { return run_watch(ctx, *o); }); });
}

}  // namespace lnstore::app
