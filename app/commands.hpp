// One setup function per command group (app/cmd_<group>.cpp). Each adds its
// subcommands to the application and sets Context::action when chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/context.hpp"

namespace lnstore::app {

// Every command speaks ordered JSON (keys in the order SPEC lists them).
using Json = nlohmann::ordered_json;

void setup_db(CLI::App& app, Context& ctx);
void setup_tower(CLI::App& app, Context& ctx);
void setup_session(CLI::App& app, Context& ctx);
void setup_update(CLI::App& app, Context& ctx);
void setup_channel(CLI::App& app, Context& ctx);
void setup_peer(CLI::App& app, Context& ctx);
void setup_key(CLI::App& app, Context& ctx);
void setup_backup(CLI::App& app, Context& ctx);
void setup_import(CLI::App& app, Context& ctx);
void setup_apply(CLI::App& app, Context& ctx);
void setup_health(CLI::App& app, Context& ctx);

}  // namespace lnstore::app
