// `lnstore peer add|list|show|remove-address`
#include <memory>

#include "app/commands.hpp"
#include "app/run_command.hpp"
#include "core/channels/peer_store.hpp"

namespace lnstore::app {

void setup_peer(CLI::App& app, Context& ctx) {
    auto* peer = add_group(app, "peer", "Peers and the addresses backups carry");
  auto arg = std::make_shared<std::string>();

  auto* add = peer->add_subcommand("add", "Add a peer address (newest first; port 9735 by default)");
  add->add_option("ADDRESS", *arg, "PUBKEY@HOST:PORT")->required();
  on_run(add, ctx, [&ctx, arg] { return run_operation(ctx, "peer.add", Json{{"address", *arg}}); });

  on_run(peer->add_subcommand("list", "List peers"), ctx, [&ctx] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      Json out = Json::array();
      for (const auto& p : LNSTORE_TRY(channels::list_peers(store))) out.push_back(channels::to_json(p));
      return Json{{"peers", out}};
    });
  });

  auto* show = peer->add_subcommand("show", "Show one peer");
  show->add_option("PUBKEY", *arg, "Peer public key")->required();
  on_run(show, ctx, [&ctx, arg] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      return channels::to_json(LNSTORE_TRY(channels::load_peer(store, LNSTORE_TRY(crypto::parse_pubkey(*arg, "pubkey")))));
    });
  });

  auto* remove = peer->add_subcommand("remove-address", "Remove one address of a peer");
  remove->add_option("ADDRESS", *arg, "PUBKEY@HOST:PORT")->required();
  on_run(remove, ctx, [&ctx, arg] { return run_operation(ctx, "peer.remove_address", Json{{"address", *arg}}); });
}

}  // namespace lnstore::app
