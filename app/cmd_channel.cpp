// `lnstore channel register|registrations|mark-closed` (watchtower-client
// registrations).
#include <memory>

#include "app/commands.hpp"
#include "core/wtclient.hpp"

namespace lnstore::app {

namespace {
using Json = nlohmann::ordered_json;
struct Options {
  std::string chan_id, sweep_pkscript, height;
  bool include_closed = false;
};
}  // namespace

void setup_channel(CLI::App& app, Context& ctx) {
  auto* channel = app.add_subcommand("channel", "Channels: state, watchtower registration, revocation secrets");
  channel->require_subcommand(1);
  channel->fallthrough();

  auto o = std::make_shared<Options>();
  auto* reg = channel->add_subcommand("register", "Register a channel with the watchtower client");
  reg->add_option("CHAN_ID", o->chan_id, "Channel id (32 bytes hex)")->required();
  reg->add_option("--sweep-pkscript", o->sweep_pkscript, "Script the justice transaction pays to (hex)")->required();
  reg->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return ctx.finish(ctx.write_operation("channel.register", {{"chan_id", o->chan_id}, {"sweep_pkscript", o->sweep_pkscript}}));
    };
  });

  auto* regs = channel->add_subcommand("registrations", "List watchtower channel registrations");
  regs->add_flag("--include-closed", o->include_closed, "Include channels marked closed");
  regs->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return ctx.finish(ctx.read([&](Store& store) -> Result<Json> {
        Json out = Json::array();
        for (const auto& r : LNSTORE_TRY(wtclient::list_registrations(store, o->include_closed))) out.push_back(wtclient::to_json(r));
        return Json{{"registrations", out}};
      }));
    };
  });

  auto* closed = channel->add_subcommand("mark-closed", "Mark a registered channel closed; prints sessions that became closable");
  closed->add_option("CHAN_ID", o->chan_id, "Channel id (32 bytes hex)")->required();
  closed->add_option("--height", o->height, "Block height of the close")->required();
  closed->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return ctx.finish(ctx.write_operation("channel.mark_closed", {{"chan_id", o->chan_id}, {"height", o->height}}));
    };
  });
}

}  // namespace lnstore::app
