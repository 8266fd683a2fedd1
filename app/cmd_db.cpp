// `lnstore db init|info|migrate|check|backup`
#include <algorithm>
#include <memory>

#include "app/commands.hpp"
#include "app/run_command.hpp"
#include "core/backup/channel_backup.hpp"
#include "core/channels/channel_state.hpp"
#include "core/channels/node_binding.hpp"
#include "core/storage/db_admin.hpp"

namespace lnstore::app {

void setup_db(CLI::App& app, Context& ctx) {
  auto* db = add_group(app, "db", "Create, describe, migrate, check and copy the database");

  on_run(db->add_subcommand("init", "Create the database and apply every migration"), ctx, [&ctx] {
    return run_command(ctx, [&]() -> Result<storage::InitReport> {
      auto store = LNSTORE_TRY(ctx.open_store(true));
      if (store.created() || store.opened_version() < storage::latest_schema_version()) ctx.mark_committed();
      return storage::db_init_report(store);
    });
  });

  on_run(db->add_subcommand("info", "Describe the database"), ctx, [&ctx] {
    return run_command(ctx, [&] {
      return ctx.read(
          [](storage::Store& store) -> Result<nlohmann::ordered_json> {
            auto info = LNSTORE_TRY(storage::db_info(store));
            auto binding = channels::to_json(LNSTORE_TRY(channels::load_node_binding(store)));
            for (auto& [key, value] : binding.items()) info[key] = value;
            return info;
          },
          false);
    });
  });

  struct RebindOptions {
    std::string node_pubkey;
    std::string network;
    bool force = false;
  };
  auto ro = std::make_shared<RebindOptions>();
  auto* rebind = db->add_subcommand("rebind", "Change the node and/or chain the database belongs to");
  rebind->add_option("--node-pubkey", ro->node_pubkey, "The node's identity public key (hex)");
  rebind->add_option("--chain", ro->network, "The chain, by network name (mainnet, testnet, testnet4, signet, regtest, simnet)");
  rebind->add_flag("--force", ro->force, "Rebind even though the database holds channels");
  on_run(rebind, ctx, [&ctx, ro] {
    return run_command(ctx, [&]() -> Result<nlohmann::ordered_json> {
      if (ro->node_pubkey.empty() && ro->network.empty())
        return fail(ExitClass::usage, "usage", "db rebind needs --node-pubkey and/or --chain");
      std::optional<crypto::PubKey> node;
      if (!ro->node_pubkey.empty()) node = LNSTORE_TRY(crypto::parse_pubkey(ro->node_pubkey, "--node-pubkey"));
      std::optional<channels::ChainHash> chain;
      if (!ro->network.empty()) chain = codec::chain_hash(LNSTORE_TRY(codec::parse_network(ro->network)));
      auto binding = LNSTORE_TRY(ctx.write([&](storage::Store& store, ops::OperationContext&) {
        return channels::rebind_node(store, node, chain, ro->force);
      }));
      return channels::to_json(binding);
    });
  });

  auto dry_run = std::make_shared<bool>(false);
  auto* migrate = db->add_subcommand("migrate", "Apply pending migrations");
  migrate->add_flag("--dry-run", *dry_run, "Only list the migrations that would run");
  on_run(migrate, ctx, [&ctx, dry_run] {
    return run_command(ctx, [&]() -> Result<storage::MigrateReport> {
      auto store = LNSTORE_TRY(ctx.open_store(false, false));
      auto report = LNSTORE_TRY(storage::db_migrate(store, *dry_run));
      if (!report.applied.empty() && !report.dry_run) ctx.mark_committed();
      return report;
    });
  });

  // An audit reports everything, then fails once: exit 1 when it found a problem.
  // db check trusts nothing: it opens a schema that is not lnstore's (every
  // other command refuses it, exit 6) to list how it differs.
  on_run(db->add_subcommand("check", "Check integrity, foreign keys, the schema and every model invariant"), ctx, [&ctx] {
    return run_command(
        ctx,
        [&]() -> Result<storage::CheckReport> {
          auto store = LNSTORE_TRY(ctx.open_store(false, false, false));
          auto tx = LNSTORE_TRY(storage::ReadTransaction::begin(store));
          auto report = LNSTORE_TRY(storage::db_check(store));
          // The domain reads assume lnstore's current schema (an older one,
          // migrations pending, is checked for integrity only).
          auto schema_finding = [](const storage::CheckProblem& p) { return p.kind == "schema"; };
          if (std::ranges::any_of(report.problems, schema_finding) || store.opened_version() != storage::latest_schema_version())
            return report;
          for (auto& p : LNSTORE_TRY(channels::audit_channels(store))) report.problems.push_back(std::move(p));
          // With --backup-file and the root key: the file must hold every
          // channel a backup holds. Without the key it cannot be read.
          if (!ctx.options.backup_file.empty() && !ctx.options.root_key_file.empty()) {
            auto key = LNSTORE_TRY(ctx.backup_key());
            auto missing = backup::missing_from_backup_file(store, ctx.options.backup_file, key.span());
            if (!missing)
              report.problems.push_back({"backup_file_unreadable", ctx.options.backup_file + ": " + missing.error().message,
                                         ctx.options.backup_file});
            else
              for (const auto& cp : *missing)
                report.problems.push_back({"backup_file_behind", ctx.options.backup_file + " lacks channel " + cp, cp});
          }
          return report;
        },
        [](const storage::CheckReport& report) { return report.ok() ? 0 : static_cast<int>(ExitClass::rule); });
  });

  auto dest = std::make_shared<std::string>();
  auto* backup = db->add_subcommand("backup", "Consistent online copy of the database");
  backup->add_option("DEST", *dest, "Destination file (must not exist)")->type_name("FILE")->required();
  on_run(backup, ctx, [&ctx, dest] {
    return run_command(ctx, [&]() -> Result<nlohmann::ordered_json> {
      auto store = LNSTORE_TRY(ctx.open_store(false));
      auto copied = LNSTORE_TRY(storage::db_backup(store, *dest));
      ctx.mark_committed();
      return copied;
    });
  });
}

}  // namespace lnstore::app
