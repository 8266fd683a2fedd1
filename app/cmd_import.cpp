// `lnstore import lnd-wtclient|lnd-channels SOURCE [--dry-run]`: read lnd's
// databases without lnd, whatever the backend (a bbolt file, lnd's SQLite
// file, a PostgreSQL DSN); the source is opened read-only and never changed.
#include <memory>

#include "app/commands.hpp"
#include "app/progress.hpp"
#include "app/run_command.hpp"
#include "core/import/lnd_channels_import.hpp"
#include "core/import/lnd_wtclient_import.hpp"
#include "core/lndsql/lnd_sources.hpp"

namespace lnstore::app {

namespace {

struct Options {
  std::string path;
  bool dry_run = false;
  bool verify_source = false;
  std::string table_prefix;  // empty: the namespace's own

  lndsql::LndSourceOptions source_options(lnd::LndProgress progress) const {
    lndsql::LndSourceOptions options;
    options.read = {verify_source, std::move(progress)};
    if (!table_prefix.empty()) options.table_prefix = table_prefix;
    return options;
  }
};

constexpr const char* k_verify_help =
    "Validate every page of the file before importing (reads the whole file); by default only the pages "
    "of the buckets imported are read, each validated as it is read. A SQLite source runs SQLite's quick_check";
constexpr const char* k_source_help =
    "lnd's database: a bbolt file (channel.db / wtclient.db), lnd's SQLite file (channel.sqlite), or a "
    "postgres:// DSN (password from PGPASSFILE/~/.pgpass or PGPASSWORD, never in the DSN)";
constexpr const char* k_prefix_help =
    "The kv table on a SQL source is PREFIX_kv (default: channeldb for lnd-channels, towerclientdb for lnd-wtclient)";

// {"source", "schema_version", <the summary's fields>, "dry_run"}
template <class Version, class Summary>
Json import_json(const Options& o, Version version, const Summary& summary) {
  Json out = {{"source", lndsql::is_postgres_dsn(o.path) ? lndsql::display_source(o.path)
                                                         : std::filesystem::absolute(o.path).string()},
              {"schema_version", version}};
  Json fields = to_json(summary);
  for (auto& [key, value] : fields.items()) out[key] = value;
  out["dry_run"] = o.dry_run;
  return out;
}

}  // namespace

void setup_import(CLI::App& app, Context& ctx) {
  auto* import = add_group(app, "import", "Import lnd's own databases, read-only: bbolt files (stop lnd first), SQLite, PostgreSQL");
  auto o = std::make_shared<Options>();

  // One transaction each; a dry run rolls it back after counting.
  auto* ch = import->add_subcommand("lnd-channels", "Import channel.db: open channels, peers, closed-channel summaries");
  ch->add_option("SOURCE", o->path, k_source_help)->type_name("FILE")->required();
  ch->add_flag("--dry-run", o->dry_run, "Report what would be imported; change nothing");
  ch->add_flag("--verify-source", o->verify_source, k_verify_help);
  ch->add_option("--table-prefix", o->table_prefix, k_prefix_help)->type_name("PREFIX");
  on_run(ch, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      auto db = LNSTORE_TRY([&] {
        TerminalProgress progress(ctx.options, "channels");
        return lndsql::read_lnd_channeldb_source(o->path, o->source_options(progress.callback()));
      }());
      for (const auto& w : db.warnings) ctx.log(0, "warning: " + w);
      auto summary = LNSTORE_TRY(ctx.write(
          [&](storage::Store& store, ops::OperationContext& op) -> Result<import::ChannelsImportSummary> {
            auto s = LNSTORE_TRY(import::import_lnd_channels(store, db));
            op.backup_data_changed = s.changed;
            return s;
          },
          !o->dry_run));
      Json out = import_json(*o, db.db_version, summary);
      // lnd's optional chan-info TLVs 8 and 9, as the file has them (null
      // when absent: channels confirmed before lnd wrote them, or not
      // closing).
      Json heights = Json::array();
      for (const auto& channel : db.open_channels) {
        auto height = [](const std::optional<std::uint32_t>& value) { return value ? Json(*value) : Json(nullptr); };
        heights.push_back({{"chan_point", codec::to_string(channel.info.funding_outpoint)},
                           {"confirmation_height", height(channel.info.confirmation_height)},
                           {"close_confirmation_height", height(channel.info.close_confirmation_height)}});
      }
      out["confirmation_heights"] = std::move(heights);
      return out;
    });
  });

  auto* wt = import->add_subcommand("lnd-wtclient", "Import a version-8 wtclient.db: towers, sessions, updates, ranges");
  wt->add_option("SOURCE", o->path, k_source_help)->type_name("FILE")->required();
  wt->add_flag("--dry-run", o->dry_run, "Report what would be imported; change nothing");
  wt->add_flag("--verify-source", o->verify_source, k_verify_help);
  wt->add_option("--table-prefix", o->table_prefix, k_prefix_help)->type_name("PREFIX");
  on_run(wt, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      auto db = LNSTORE_TRY([&] {
        TerminalProgress progress(ctx.options, "sessions");
        return lndsql::read_lnd_wtclient_source(o->path, o->source_options(progress.callback()));
      }());
      auto summary = LNSTORE_TRY(ctx.write(
          [&](storage::Store& store, ops::OperationContext&) { return import::import_lnd_wtclient(store, db); }, !o->dry_run));
      return import_json(*o, db.version, summary);
    });
  });
}

}  // namespace lnstore::app
