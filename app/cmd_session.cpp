// `lnstore session reserve|create|list|show|terminate|closable|delete`
#include <memory>

#include "app/commands.hpp"
#include "app/completion.hpp"
#include "app/json_stream.hpp"
#include "app/run_command.hpp"
#include "core/wtclient/wtclient.hpp"

namespace lnstore::app {

namespace {

struct CreateOptions {
  std::string tower, key_index, id, blob_type, max_updates, sweep_fee_rate, reward_base, reward_rate, reward_pkscript;
};

struct ListOptions {
  std::string tower;
  std::string status;
  std::string id;
  bool exclude_exhausted = false;
  bool with_updates = false;
};

Json create_params(const CreateOptions& o) {
  Json policy = Json::object();
  auto set = [](Json& j, const char* k, const std::string& v) {
    if (!v.empty()) j[k] = v;
  };
  set(policy, "blob_type", o.blob_type);
  set(policy, "max_updates", o.max_updates);
  set(policy, "sweep_fee_rate", o.sweep_fee_rate);
  set(policy, "reward_base", o.reward_base);
  set(policy, "reward_rate", o.reward_rate);
  Json p = {{"tower", o.tower}, {"key_index", o.key_index}, {"id", o.id}, {"policy", policy}};
  set(p, "reward_pkscript", o.reward_pkscript);
  return p;
}

Result<wtclient::SessionFilter> make_filter(storage::Store& store, const ListOptions& o) {
  wtclient::SessionFilter f;
  if (!o.tower.empty()) f.tower_id = LNSTORE_TRY(wtclient::resolve_tower(store, o.tower));
  if (!o.status.empty()) f.status = o.status == "active" ? wtclient::SessionStatus::active : wtclient::SessionStatus::terminal;
  f.exclude_exhausted = o.exclude_exhausted;
  return f;
}

// Streams the listing so a million pending updates need no more memory than one.
Result<void> stream_sessions(Context& ctx, storage::Store& store, const wtclient::SessionFilter& filter, const ListOptions& o) {
  JsonListStream out(ctx.out, "sessions");
  Result<void> inner;
  auto r = wtclient::for_each_session(store, filter, [&](const wtclient::SessionRow& row) -> Result<void> {
    if (!o.with_updates) {
      out.item(wtclient::to_json(row, std::nullopt));
      return {};
    }
    out.item_with_nested(wtclient::to_json(row, Json::array()), "committed_updates", [&](const auto& emit) {
      inner = wtclient::for_each_committed_update(store, row.db_id, std::nullopt, [&](const wtclient::CommittedUpdate& u) -> Result<void> {
        emit(wtclient::to_json(u, false));
        return {};
      });
    });
    return inner;
  });
  auto closed = out.close();
  LNSTORE_TRY(r);
  return closed;
}

int run_list(Context& ctx, const ListOptions& o) {
  if (ctx.out.text()) {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      auto filter = LNSTORE_TRY(make_filter(store, o));
      auto sessions = LNSTORE_TRY(wtclient::sessions_json(store, filter, o.with_updates));
      return Json{{"sessions", std::move(sessions)}};
    });
  }
  return run_read(ctx, [&](storage::Store& store) -> Result<void> {
    return stream_sessions(ctx, store, LNSTORE_TRY(make_filter(store, o)), o);
  });
}

}  // namespace

void setup_session(CLI::App& app, Context& ctx) {
  auto* session = add_group(app, "session", "Watchtower sessions");

  struct ReserveOptions {
    std::string tower, blob_type;
    bool force_next = false;
  };
  auto ro = std::make_shared<ReserveOptions>();
  auto* reserve = session->add_subcommand("reserve", "Reserve a session key index for a tower and blob type");
  reserve->add_option("TOWER", ro->tower, "Tower id or public key")->required();
  reserve->add_option("--blob-type", ro->blob_type, "legacy, anchor, reward, taproot, taproot-final or a number (default legacy)")
      ->check(usual_values(blob_type_names()));
  reserve->add_flag("--force-next", ro->force_next, "Skip 1000 indexes (after a tower reports the session exists)");
  on_run(reserve, ctx, [&ctx, ro] {
    Json p = {{"tower", ro->tower}, {"force_next", ro->force_next}};
    if (!ro->blob_type.empty()) p["blob_type"] = ro->blob_type;
    return run_operation(ctx, "session.reserve", p);
  });

  auto co = std::make_shared<CreateOptions>();
  auto* create = session->add_subcommand("create", "Record a session negotiated with a tower");
  create->add_option("--tower", co->tower, "Tower id or public key")->required();
  create->add_option("--key-index", co->key_index, "The reserved key index")->required();
  create->add_option("--id", co->id, "Session id (33-byte public key, hex)")->required();
  create->add_option("--blob-type", co->blob_type, "Blob type: a name or a number (default legacy)")->check(usual_values(blob_type_names()));
  create->add_option("--max-updates", co->max_updates, "Maximum updates (default 1024)");
  create->add_option("--sweep-fee-rate", co->sweep_fee_rate, "Sweep fee rate in sat/kw (default 2500)");
  create->add_option("--reward-base", co->reward_base, "Reward base in sat (reward sessions; default 0)");
  create->add_option("--reward-rate", co->reward_rate, "Reward rate in millionths (reward sessions)");
  create->add_option("--reward-pkscript", co->reward_pkscript, "Reward output script (hex)");
  on_run(create, ctx, [&ctx, co] { return run_operation(ctx, "session.create", create_params(*co)); });

  auto lo = std::make_shared<ListOptions>();
  auto* list = session->add_subcommand("list", "List sessions");
  list->add_option("--tower", lo->tower, "Only this tower's sessions (id or public key)");
  list->add_option("--status", lo->status, "active or terminal")->check(CLI::IsMember({"active", "terminal"}));
  list->add_flag("--exclude-exhausted", lo->exclude_exhausted, "Leave out exhausted sessions with no pending updates");
  list->add_flag("--with-updates", lo->with_updates, "Include committed (un-acked) updates");
  on_run(list, ctx, [&ctx, lo] { return run_list(ctx, *lo); });

  auto so = std::make_shared<ListOptions>();
  auto* show = session->add_subcommand("show", "Show one session");
  show->add_option("SESSION_ID", so->id, "Session id (hex)")->required();
  show->add_flag("--with-updates", so->with_updates, "Include committed (un-acked) updates");
  on_run(show, ctx, [&ctx, so] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      auto id = LNSTORE_TRY(util::from_hex(so->id, "session id", 33));
      auto row = LNSTORE_TRY(wtclient::get_session(store, id));
      std::optional<Json> updates;
      if (so->with_updates) {
        updates = Json::array();
        LNSTORE_TRY(wtclient::for_each_committed_update(store, row.db_id, std::nullopt,
                                                        [&](const wtclient::CommittedUpdate& u) -> Result<void> {
                                                          updates->push_back(wtclient::to_json(u, false));
                                                          return {};
                                                        }));
      }
      return wtclient::to_json(row, updates);
    });
  });

  auto id = std::make_shared<std::string>();
  auto* terminate = session->add_subcommand("terminate", "Never use a session again (it must have no pending updates)");
  terminate->add_option("SESSION_ID", *id, "Session id (hex)")->required();
  on_run(terminate, ctx, [&ctx, id] { return run_operation(ctx, "session.terminate", {{"id", *id}}); });

  on_run(session->add_subcommand("closable", "List sessions that may be deleted, with the close height"), ctx, [&ctx] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      Json out = Json::array();
      for (const auto& c : LNSTORE_TRY(wtclient::list_closable_sessions(store)))
        out.push_back({{"id", util::to_hex(c.id)}, {"height", c.height}});
      return Json{{"closable_sessions", out}};
    });
  });

  auto* del = session->add_subcommand("delete", "Delete a closable session");
  del->add_option("SESSION_ID", *id, "Session id (hex)")->required();
  on_run(del, ctx, [&ctx, id] { return run_operation(ctx, "session.delete", {{"id", *id}}); });
}

}  // namespace lnstore::app
