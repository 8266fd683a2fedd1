// `lnstore tower add|remove|deactivate|list|show`
#include <memory>

#include "app/commands.hpp"
#include "core/wtclient.hpp"

namespace lnstore::app {

namespace {

using Json = nlohmann::ordered_json;

struct ListOptions {
  std::string tower;
  bool include_sessions = false;
  bool exclude_exhausted = false;
  std::string status;
};

Result<Json> tower_json(Store& store, const wtclient::Tower& t, const ListOptions& o) {
  std::optional<Json> sessions;
  if (o.include_sessions) {
    wtclient::SessionFilter f;
    f.tower_id = t.id;
    f.exclude_exhausted = o.exclude_exhausted;
    sessions = LNSTORE_TRY(wtclient::sessions_json(store, f, false));
  }
  return wtclient::to_json(t, sessions);
}

}  // namespace

void setup_tower(CLI::App& app, Context& ctx) {
  auto* tower = app.add_subcommand("tower", "Watchtowers the client backs up to");
  tower->require_subcommand(1);
  tower->fallthrough();

  auto arg = std::make_shared<std::string>();
  auto* add = tower->add_subcommand("add", "Add a tower, or an address to a known tower (re-activates it)");
  add->add_option("ADDRESS", *arg, "PUBKEY@HOST[:PORT] (port 9911 by default)")->required();
  add->callback([&ctx, arg] { ctx.action = [&ctx, arg] { return ctx.finish(ctx.write_operation("tower.add", {{"address", *arg}})); }; });

  auto* remove = tower->add_subcommand("remove", "Remove a tower, or one of its addresses");
  remove->add_option("PUBKEY", *arg, "PUBKEY or PUBKEY@ADDRESS")->required();
  remove->callback([&ctx, arg] { ctx.action = [&ctx, arg] { return ctx.finish(ctx.write_operation("tower.remove", {{"pubkey", *arg}})); }; });

  auto* deactivate = tower->add_subcommand("deactivate", "Stop using a tower for new backups");
  deactivate->add_option("PUBKEY", *arg, "Tower public key")->required();
  deactivate->callback([&ctx, arg] {
    ctx.action = [&ctx, arg] { return ctx.finish(ctx.write_operation("tower.deactivate", {{"pubkey", *arg}})); };
  });

  auto lo = std::make_shared<ListOptions>();
  auto* list = tower->add_subcommand("list", "List towers");
  list->add_flag("--include-sessions", lo->include_sessions, "Include each tower's sessions");
  list->add_flag("--exclude-exhausted", lo->exclude_exhausted, "Leave out exhausted sessions with no pending updates");
  list->add_option("--status", lo->status, "active or inactive")->check(CLI::IsMember({"active", "inactive"}));
  list->callback([&ctx, lo] {
    ctx.action = [&ctx, lo] {
      return ctx.finish(ctx.read([&](Store& store) -> Result<Json> {
        wtclient::TowerFilter f;
        if (!lo->status.empty()) f.status = lo->status == "active" ? wtclient::TowerStatus::active : wtclient::TowerStatus::inactive;
        Json towers = Json::array();
        for (const auto& t : LNSTORE_TRY(wtclient::list_towers(store, f))) towers.push_back(LNSTORE_TRY(tower_json(store, t, *lo)));
        return Json{{"towers", towers}};
      }));
    };
  });

  auto so = std::make_shared<ListOptions>();
  auto* show = tower->add_subcommand("show", "Show one tower");
  show->add_option("TOWER", so->tower, "Tower id or public key")->required();
  show->add_flag("--include-sessions", so->include_sessions, "Include the tower's sessions");
  show->add_flag("--exclude-exhausted", so->exclude_exhausted, "Leave out exhausted sessions with no pending updates");
  show->callback([&ctx, so] {
    ctx.action = [&ctx, so] {
      return ctx.finish(ctx.read([&](Store& store) -> Result<Json> {
        auto id = LNSTORE_TRY(wtclient::resolve_tower(store, so->tower));
        return tower_json(store, LNSTORE_TRY(wtclient::load_tower(store, id)), *so);
      }));
    };
  });
}

}  // namespace lnstore::app
