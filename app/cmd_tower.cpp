// `lnstore tower add|remove|deactivate|list|show`
#include <cstdio>
#include <memory>

#include "app/commands.hpp"
#include "app/json_stream.hpp"
#include "app/run_command.hpp"
#include "core/wtclient/wtclient.hpp"

namespace lnstore::app {

namespace {

struct ListOptions {
  std::string tower;
  bool include_sessions = false;
  bool exclude_exhausted = false;
  std::string status;
};

Result<Json> tower_json(storage::Store& store, const wtclient::Tower& t, const ListOptions& o) {
  std::optional<Json> sessions;
  if (o.include_sessions) {
    wtclient::SessionFilter f;
    f.tower_id = t.id;
    f.exclude_exhausted = o.exclude_exhausted;
    sessions = LNSTORE_TRY(wtclient::sessions_json(store, f, false));
  }
  return wtclient::to_json(t, sessions);
}

// JSON string literal for text lnstore produced itself (hex, addresses,
// names); escapes anything that would need it all the same.
void append_string(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

// A tower without sessions serialized directly, exactly as nlohmann's dump
// would print to_json(tower) as an item of the "towers" list (compact, or
// indented at the list's depth): listing a thousand towers is mostly this.
std::string tower_text(const wtclient::Tower& t, bool compact) {
  // Separators: after '{' / between members / before '}', and the same
  // inside the addresses array one level deeper.
  const char* open = compact ? "{\"" : "{\n      \"";
  const char* next = compact ? ",\"" : ",\n      \"";
  const char* colon = compact ? "\":" : "\": ";
  const char* item_first = compact ? "" : "\n        ";
  const char* item_next = compact ? "," : ",\n        ";
  const char* list_close = compact ? "]" : "\n      ]";
  const char* close = compact ? "}" : "\n    }";
  std::string out;
  out.reserve(256);
  out.append(open).append("id").append(colon).append(std::to_string(t.id));
  out.append(next).append("pubkey").append(colon);
  append_string(out, util::to_hex(t.pubkey));
  out.append(next).append("addresses").append(colon).append("[");
  for (std::size_t i = 0; i < t.addresses.size(); ++i) {
    out.append(i ? item_next : item_first);
    append_string(out, t.addresses[i]);
  }
  out.append(t.addresses.empty() ? "]" : list_close);
  out.append(next).append("status").append(colon);
  append_string(out, t.status == wtclient::TowerStatus::active ? "active" : "inactive");
  out.append(next).append("num_sessions").append(colon).append(std::to_string(t.num_sessions));
  out.append(next).append("sessions").append(colon).append("null").append(close);
  return out;
}

}  // namespace

void setup_tower(CLI::App& app, Context& ctx) {
  auto* tower = add_group(app, "tower", "Watchtowers the client backs up to");

  auto arg = std::make_shared<std::string>();
  auto* add = tower->add_subcommand("add", "Add a tower, or an address to a known tower (re-activates it)");
  add->add_option("ADDRESS", *arg, "PUBKEY@HOST[:PORT] (port 9911 by default)")->required();
  on_run(add, ctx, [&ctx, arg] { return run_operation(ctx, "tower.add", {{"address", *arg}}); });

  auto* remove = tower->add_subcommand("remove", "Remove a tower, or one of its addresses");
  remove->add_option("PUBKEY", *arg, "PUBKEY or PUBKEY@ADDRESS")->required();
  on_run(remove, ctx, [&ctx, arg] { return run_operation(ctx, "tower.remove", {{"pubkey", *arg}}); });

  auto* deactivate = tower->add_subcommand("deactivate", "Stop using a tower for new backups");
  deactivate->add_option("PUBKEY", *arg, "Tower public key")->required();
  on_run(deactivate, ctx, [&ctx, arg] { return run_operation(ctx, "tower.deactivate", {{"pubkey", *arg}}); });

  auto lo = std::make_shared<ListOptions>();
  auto* list = tower->add_subcommand("list", "List towers");
  list->add_flag("--include-sessions", lo->include_sessions, "Include each tower's sessions");
  list->add_flag("--exclude-exhausted", lo->exclude_exhausted, "Leave out exhausted sessions with no pending updates");
  list->add_option("--status", lo->status, "active or inactive")->check(CLI::IsMember({"active", "inactive"}));
  on_run(list, ctx, [&ctx, lo] {
    wtclient::TowerFilter f;
    if (!lo->status.empty()) f.status = lo->status == "active" ? wtclient::TowerStatus::active : wtclient::TowerStatus::inactive;
    if (ctx.out.text()) {
      return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
        Json towers = Json::array();
        for (const auto& t : LNSTORE_TRY(wtclient::list_towers(store, f))) towers.push_back(LNSTORE_TRY(tower_json(store, t, *lo)));
        return Json{{"towers", towers}};
      });
    }
    // JSON is streamed tower by tower: no whole-list document is built.
    return run_read(ctx, [&](storage::Store& store) -> Result<void> {
      auto towers = LNSTORE_TRY(wtclient::list_towers(store, f));
      JsonListStream out(ctx.out, "towers");
      for (const auto& t : towers) {
        if (lo->include_sessions) {
          out.item(LNSTORE_TRY(tower_json(store, t, *lo)));
        } else {
          out.item_text(tower_text(t, out.compact()));
        }
      }
      return out.close();
    });
  });

  auto so = std::make_shared<ListOptions>();
  auto* show = tower->add_subcommand("show", "Show one tower");
  show->add_option("TOWER", so->tower, "Tower id or public key")->required();
  show->add_flag("--include-sessions", so->include_sessions, "Include the tower's sessions");
  show->add_flag("--exclude-exhausted", so->exclude_exhausted, "Leave out exhausted sessions with no pending updates");
  on_run(show, ctx, [&ctx, so] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      auto id = LNSTORE_TRY(wtclient::resolve_tower(store, so->tower));
      return tower_json(store, LNSTORE_TRY(wtclient::load_tower(store, id)), *so);
    });
  });

  auto per_tower = std::make_shared<bool>(false);
  auto* stats = tower->add_subcommand("stats", "Backups and sessions, as lncli wtclient stats, from the database");
  stats->add_flag("--per-tower", *per_tower, "Also the same figures for each tower");
  on_run(stats, ctx, [&ctx, per_tower] {
    return run_read(ctx, [&](storage::Store& store) { return wtclient::stats(store, *per_tower); });
  });
}

}  // namespace lnstore::app
