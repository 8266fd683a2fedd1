// `lnstore db init|info|migrate|check|backup`
#include <memory>

#include "app/commands.hpp"
#include "core/storage/db_admin.hpp"
#include "core/storage/migration.hpp"

namespace lnstore::app {

namespace {

using Json = nlohmann::ordered_json;

Json migrations_json(const std::vector<storage::MigrationSource>& list) {
  Json out = Json::array();
  for (const auto& m : list) out.push_back({{"version", m.version}, {"name", std::string(m.name)}});
  return out;
}

int run_init(Context& ctx) {
  auto r = [&]() -> Result<Json> {
    auto store = LNSTORE_TRY(ctx.open_store(true));
    return Json{{"path", std::filesystem::absolute(store.path()).string()},
                {"schema_version", LNSTORE_TRY(store.pragma_int("user_version"))},
                {"created", store.created()}};
  }();
  return ctx.finish(r);
}

int run_migrate(Context& ctx, bool dry_run) {
  auto r = [&]() -> Result<Json> {
    auto store = LNSTORE_TRY(ctx.open_store(false, false));
    int from = store.opened_version();
    if (dry_run)
      return Json{{"from", from}, {"to", storage::latest_schema_version()}, {"applied", migrations_json(storage::pending_migrations(from))},
                  {"dry_run", true}};
    auto applied = LNSTORE_TRY(storage::apply_migrations(store));
    return Json{{"from", from}, {"to", LNSTORE_TRY(store.pragma_int("user_version"))}, {"applied", migrations_json(applied)},
                {"dry_run", false}};
  }();
  return ctx.finish(r);
}

int run_check(Context& ctx) {
  auto r = [&]() -> Result<Json> {
    auto store = LNSTORE_TRY(ctx.open_store(false, false));
    LNSTORE_TRY(store.exec("BEGIN"));
    auto result = storage::db_check(store);
    store.rollback();
    return result;
  }();
  if (!r) return ctx.report(r.error());
  ctx.print(*r);
  // An audit reports everything, then fails once.
  return (*r)["ok"].get<bool>() ? 0 : static_cast<int>(ExitClass::rule);
}

}  // namespace

void setup_db(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "Create, describe, migrate, check and copy the database");
  db->require_subcommand(1);
  db->fallthrough();

  db->add_subcommand("init", "Create the database and apply every migration")->callback([&ctx] {
    ctx.action = [&ctx] { return run_init(ctx); };
  });
  db->add_subcommand("info", "Describe the database")->callback([&ctx] {
    ctx.action = [&ctx] {
      return ctx.finish([&]() -> Result<Json> {
        auto store = LNSTORE_TRY(ctx.open_store(false, false));
        return storage::db_info(store);
      }());
    };
  });
  auto dry_run = std::make_shared<bool>(false);
  auto* migrate = db->add_subcommand("migrate", "Apply pending migrations");
  migrate->add_flag("--dry-run", *dry_run, "Only list the migrations that would run");
  migrate->callback([&ctx, dry_run] { ctx.action = [&ctx, dry_run] { return run_migrate(ctx, *dry_run); }; });
  db->add_subcommand("check", "Check integrity, foreign keys and every model invariant")->callback([&ctx] {
    ctx.action = [&ctx] { return run_check(ctx); };
  });
  auto dest = std::make_shared<std::string>();
  auto* backup = db->add_subcommand("backup", "Consistent online copy of the database");
  backup->add_option("DEST", *dest, "Destination file (must not exist)")->required();
  backup->callback([&ctx, dest] {
    ctx.action = [&ctx, dest] {
      return ctx.finish([&]() -> Result<Json> {
        auto store = LNSTORE_TRY(ctx.open_store(false));
        return storage::db_backup(store, *dest);
      }());
    };
  });
}

}  // namespace lnstore::app
