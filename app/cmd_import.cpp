// `lnstore import lnd-wtclient|lnd-channels PATH [--dry-run]`: read lnd's
// bbolt files without lnd (the source is opened read-only and never changed).
#include <memory>

#include "app/commands.hpp"
#include "core/import/lnd_channels_import.hpp"
#include "core/import/lnd_wtclient_import.hpp"

namespace lnstore::app {

namespace {

using Json = nlohmann::ordered_json;

struct Options {
  std::string path;
  bool dry_run = false;
};

// Runs an import in one transaction; a dry run rolls it back after counting.
template <class Body>
Result<Json> run_import(Context& ctx, const Options& o, std::uint32_t version, Body body) {
  auto store = LNSTORE_TRY(ctx.open_store(true));
  storage::Transaction tx(store);
  LNSTORE_TRY(tx.begin());
  auto summary = LNSTORE_TRY(body(store));
  Json out = {{"source", std::filesystem::absolute(o.path).string()}, {"schema_version", version}};
  for (auto it = summary.begin(); it != summary.end(); ++it) out[it.key()] = it.value();
  out["dry_run"] = o.dry_run;
  if (!o.dry_run) LNSTORE_TRY(tx.commit());
  return out;
}

}  // namespace

void setup_import(CLI::App& app, Context& ctx) {
  auto* import = app.add_subcommand("import", "Import lnd's own database files, read-only (stop lnd first)");
  import->require_subcommand(1);
  import->fallthrough();
  auto o = std::make_shared<Options>();

  auto* ch = import->add_subcommand("lnd-channels", "Import channel.db: open channels, peers, closed-channel summaries");
  ch->add_option("PATH", o->path, "lnd's channel.db")->required();
  ch->add_flag("--dry-run", o->dry_run, "Report what would be imported; change nothing");
  ch->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return ctx.finish([&]() -> Result<Json> {
        auto db = LNSTORE_TRY(lnd::read_lnd_channeldb_file(o->path));
        for (const auto& w : db.warnings) ctx.log(0, "warning: " + w);
        return run_import(ctx, *o, db.db_version, [&](storage::Store& store) -> Result<Json> {
          auto summary = LNSTORE_TRY(import::import_lnd_channels(store, db));
          ops::OperationContext op;
          op.backup_data_changed = summary["changed"].get<bool>() && !o->dry_run;
          LNSTORE_TRY(ctx.after_operation(store, op));
          return summary;
        });
      }());
    };
  });

  auto* wt = import->add_subcommand("lnd-wtclient", "Import a version-8 wtclient.db: towers, sessions, updates, ranges");
  wt->add_option("PATH", o->path, "lnd's wtclient.db")->required();
  wt->add_flag("--dry-run", o->dry_run, "Report what would be imported; change nothing");
  wt->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return ctx.finish([&]() -> Result<Json> {
        auto db = LNSTORE_TRY(lnd::read_lnd_wtclient_file(o->path));
        return run_import(ctx, *o, db.version, [&](storage::Store& store) { return import::import_lnd_wtclient(store, db); });
      }());
    };
  });
}

}  // namespace lnstore::app
