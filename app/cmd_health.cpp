// `lnstore health`: every check as one report; exit 0 when all are ok, 1
// when any is warning or critical (as `db check`). With --nagios the
// monitoring-plugin convention instead: one status line, exit 0/1/2/3.
#include <ctime>
#include <memory>

#include "app/commands.hpp"
#include "app/run_command.hpp"
#include "core/health/health.hpp"
#include "core/health/monitoring.hpp"

namespace lnstore::app {

namespace {

struct HealthOptions {
  std::string file;
  double session_warn = health::Thresholds{}.session_warn;
  std::string pending_warn = "1h";
  std::int64_t lag_warn = health::Thresholds{}.lag_warn;
  std::int64_t lag_crit = health::Thresholds{}.lag_crit;
  bool no_watchtower = false;
  bool full = false;
  std::string prometheus;
  bool nagios = false;
};

Result<health::Report> run_checks(Context& ctx, const HealthOptions& o, bool network_given) {
  health::Options opts;
  opts.thresholds.session_warn = o.session_warn;
  opts.thresholds.pending_warn_seconds = LNSTORE_TRY(health::parse_duration(o.pending_warn));
  opts.thresholds.lag_warn = o.lag_warn;
  opts.thresholds.lag_crit = o.lag_crit;
  opts.watchtower = !o.no_watchtower;
  opts.full_database_check = o.full;
  opts.network = LNSTORE_TRY(ctx.network());
  opts.now = static_cast<std::int64_t>(std::time(nullptr));
  if (!ctx.options.root_key_file.empty())
    opts.node_claim = LNSTORE_TRY(ctx.root_key_claim());
  else if (network_given)
    opts.node_claim = channels::network_claim(opts.network);
  const std::string& file = o.file.empty() ? ctx.options.backup_file : o.file;
  util::SecureBytes key;
  if (!file.empty()) {
    key = LNSTORE_TRY(ctx.backup_key());
    opts.backup = health::BackupInput{file, key.span()};
  }
  auto report = LNSTORE_TRY(ctx.read([&](storage::Store& store) { return health::run_health(store, opts); }));
  if (!o.prometheus.empty()) LNSTORE_TRY(health::write_prometheus_file(o.prometheus, report));
  return report;
}

}  // namespace

void setup_health(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<HealthOptions>();
  auto* cmd = app.add_subcommand("health", "Check the database, the backup file, towers, sessions and every channel's coverage");
  cmd->add_option("--file", o->file, "The channel.backup to check (default: --backup-file)");
  cmd->add_option("--session-warn", o->session_warn, "Warn when a session used this fraction of its max_updates (0.9)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--pending-warn", o->pending_warn, "Warn when an update waits longer for its ack (1h; s, m, h, d)");
  cmd->add_option("--lag-warn", o->lag_warn, "Warn when a channel's towers are this many states behind (10)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 48));
  cmd->add_option("--lag-crit", o->lag_crit, "Critical when a channel's towers are this many states behind (100)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 48));
  cmd->add_flag("--no-watchtower", o->no_watchtower, "The node runs no watchtower client: no tower or coverage checks");
  cmd->add_flag("--full", o->full, "Check every committed update too (quick_check of all tables, every invariant)");
  cmd->add_option("--prometheus", o->prometheus, "Also write the report as a node_exporter textfile (atomically)");
  cmd->add_flag("--nagios", o->nagios, "Print one monitoring-plugin line; exit 0 ok, 1 warning, 2 critical, 3 unknown");
  // --network (argv, environment or config) is a claim to check; its default is not.
  CLI::Option* network = app.get_option("--network");
  on_run(cmd, ctx, [&ctx, o, network] {
    if (o->nagios) {
      auto report = run_checks(ctx, *o, network->count() > 0);
      if (!report) {
        ctx.report(report.error());  // the error on stderr as usual
        (void)ctx.out.write(health::nagios_unknown(report.error().message) + "\n", true);
        return 3;
      }
      if (auto w = ctx.out.write(health::to_nagios(*report) + "\n", true); !w) {
        ctx.report(w.error());
        return 3;
      }
      return health::nagios_exit(*report);
    }
    return run_command(ctx, [&]() -> Result<Streamed> {
      auto report = LNSTORE_TRY(run_checks(ctx, *o, network->count() > 0));
      if (ctx.out.text())
        LNSTORE_TRY(ctx.out.write(health::to_text(report), true));
      else
        LNSTORE_TRY(ctx.out.result(health::to_json(report)));
      return Streamed{report.status == health::Status::ok ? 0 : static_cast<int>(ExitClass::rule)};
    });
  });
}

}  // namespace lnstore::app
