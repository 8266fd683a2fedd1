// `lnstore channel register|registrations|mark-closed` (watchtower-client
// registrations).
#include <memory>

#include "app/commands.hpp"
#include "app/completion.hpp"
#include "app/read_input.hpp"
#include "app/run_command.hpp"
#include "core/codec/bitcoin_tx.hpp"
#include "core/codec/chan_point.hpp"
#include "core/channels/channel_state.hpp"
#include "core/ops/channel_towers.hpp"
#include "core/ops/params.hpp"
#include "core/util/json_text.hpp"
#include "core/wtclient/wtclient.hpp"

namespace lnstore::app {

namespace {
struct Options {
  std::string chan_id, sweep_pkscript, height;
  bool include_closed = false;
};

struct StateOptions {
  std::string chan_point, file, type, closing_txid, height, settled_sat, time_locked_sat, index, secret, status, peer;
  bool decode = false;
  bool by_peer = false;
};

Result<Json> read_document(const std::string& file) {
  auto text = LNSTORE_TRY(read_input(file, k_max_document_bytes));
  Json doc = LNSTORE_TRY(util::parse_json(text, "input"));
  if (!doc.is_object()) return malformed("malformed_json", "input must be a JSON object");
  return doc;
}

// Adds the channel's decoded transactions (txid, inputs, outputs, locktime)
// to its document.
Result<Json> with_decoded_txs(Json doc, const channels::Channel& channel) {
  Json d = Json::object();
  for (const auto& [key, raw] : {std::pair{"funding_tx", &channel.funding_tx}, std::pair{"local_commit_tx", &channel.local_commit_tx}})
    d[key] = *raw ? to_json(LNSTORE_TRY(codec::decode_bitcoin_tx(**raw))) : Json(nullptr);
  doc["decoded"] = d;
  return doc;
}

void setup_channel_state(CLI::App* channel, Context& ctx) {
  auto o = std::make_shared<StateOptions>();

  auto* open = channel->add_subcommand("open", "Add a channel from a JSON channel document");
  open->add_option("FILE", o->file, "Channel document ('-' or absent: stdin)")->type_name("FILE");
  on_run(open, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      auto doc = LNSTORE_TRY(read_document(o->file));
      return ctx.write_operation("channel.open", Json{{"channel", doc}});
    });
  });

  auto* update = channel->add_subcommand("update", "Apply a state update (balances, num_updates, fee, totals, commit tx and signature)");
  update->add_option("CHAN_POINT", o->chan_point, "Channel point txid:index")->required();
  update->add_option("FILE", o->file, "Update document ('-' or absent: stdin)")->type_name("FILE");
  on_run(update, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      auto doc = LNSTORE_TRY(read_document(o->file));
      return ctx.write_operation("channel.update", Json{{"chan_point", o->chan_point}, {"update", doc}});
    });
  });

  auto* close = channel->add_subcommand("close", "Close a channel (local_force waits for 'channel resolve')");
  close->add_option("CHAN_POINT", o->chan_point, "Channel point txid:index")->required();
  close->add_option("--type", o->type, "cooperative, local_force, remote_force, breach, funding_canceled or abandoned")
      ->check(usual_values({"cooperative", "local_force", "remote_force", "breach", "funding_canceled", "abandoned"}))
      ->required();
  close->add_option("--closing-txid", o->closing_txid, "Closing transaction id (hex, as block explorers show it)");
  close->add_option("--height", o->height, "Block height of the close (blocks)")->required();
  close->add_option("--settled-sat", o->settled_sat, "Balance settled to us, in sat (default 0)");
  close->add_option("--time-locked-sat", o->time_locked_sat, "Balance still time-locked, in sat (default 0)");
  on_run(close, ctx, [&ctx, o] {
    Json p = {{"chan_point", o->chan_point}, {"type", o->type}, {"height", o->height}};
    if (!o->closing_txid.empty()) p["closing_txid"] = o->closing_txid;
    if (!o->settled_sat.empty()) p["settled_sat"] = o->settled_sat;
    if (!o->time_locked_sat.empty()) p["time_locked_sat"] = o->time_locked_sat;
    return run_operation(ctx, "channel.close", p);
  });

  auto* resolve = channel->add_subcommand("resolve", "A waiting_close channel is fully resolved: now closed");
  resolve->add_option("CHAN_POINT", o->chan_point, "Channel point txid:index")->required();
  on_run(resolve, ctx, [&ctx, o] { return run_operation(ctx, "channel.resolve", Json{{"chan_point", o->chan_point}}); });

  auto* list = channel->add_subcommand("list", "List channels");
  list->add_option("--status", o->status, "open, waiting_close, closed or restored")
      ->check(CLI::IsMember({"open", "waiting_close", "closed", "restored"}));
  list->add_option("--peer", o->peer, "Only this peer's channels");
  on_run(list, ctx, [&ctx, o] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      channels::ChannelFilter f;
      if (!o->status.empty()) f.status = channels::parse_channel_status(o->status);  // a member (checked above)
      if (!o->peer.empty()) f.peer = LNSTORE_TRY(crypto::parse_pubkey(o->peer, "peer"));
      Json out = Json::array();
      for (const auto& c : LNSTORE_TRY(channels::list_channels(store, f))) out.push_back(LNSTORE_TRY(ops::channel_json(store, c)));
      return Json{{"channels", out}};
    });
  });

  auto* show = channel->add_subcommand("show", "Show one channel");
  show->add_option("CHAN_POINT", o->chan_point, "Channel point txid:index")->required();
  show->add_flag("--decode", o->decode, "Add the decoded funding and commitment transactions");
  on_run(show, ctx, [&ctx, o] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      auto point = LNSTORE_TRY(codec::parse_chan_point(o->chan_point));
      auto found = LNSTORE_TRY(channels::load_channel(store, point));
      auto doc = LNSTORE_TRY(ops::channel_json(store, found));
      if (o->decode) return with_decoded_txs(std::move(doc), found);
      return doc;
    });
  });

  auto* closed = channel->add_subcommand("closed", "List closed channels");
  closed->add_option("--type", o->type, "Only this close type")
      ->check(CLI::IsMember({"cooperative", "local_force", "remote_force", "breach", "funding_canceled", "abandoned"}));
  on_run(closed, ctx, [&ctx, o] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      std::optional<channels::CloseType> t;
      if (!o->type.empty()) t = codec::parse_close_type(o->type);  // a member (checked above)
      return channels::closed_channels_json(store, t);
    });
  });

  auto* stats = channel->add_subcommand("stats", "Totals over open channels");
  stats->add_flag("--by-peer", o->by_peer, "Also per peer");
  on_run(stats, ctx, [&ctx, o] { return run_read(ctx, [&](storage::Store& store) { return channels::channel_stats(store, o->by_peer); }); });

  auto* revoke = channel->add_subcommand("revoke", "Store the per-commitment secret the peer revealed for commitment N");
  revoke->add_option("CHAN_POINT", o->chan_point, "Channel point txid:index")->required();
  revoke->add_option("--index", o->index, "Commitment number N, a count of updates (BOLT 3 index 2^48-1-N)")->required();
  revoke->add_option("--secret", o->secret, "The revealed secret (32 bytes hex)")->required();
  on_run(revoke, ctx, [&ctx, o] {
    return run_operation(ctx, "channel.revoke", Json{{"chan_point", o->chan_point}, {"index", o->index}, {"secret", o->secret}});
  });

  auto* secret = channel->add_subcommand("secret", "Derive the peer's secret for commitment N from the compact store");
  secret->add_option("CHAN_POINT", o->chan_point, "Channel point txid:index")->required();
  secret->add_option("--index", o->index, "Commitment number N")->required();
  on_run(secret, ctx, [&ctx, o] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      auto point = LNSTORE_TRY(codec::parse_chan_point(o->chan_point));
      auto n = LNSTORE_TRY(ops::Params(Json{{"index", o->index}}).integer("index", 0, (std::int64_t{1} << 48) - 1));
      return channels::derive_revocation_secret(store, point, static_cast<std::uint64_t>(n));
    });
  });
}
}  // namespace

void setup_channel(CLI::App& app, Context& ctx) {
  auto* channel = add_group(app, "channel", "Channels: state, watchtower registration, revocation secrets");

  auto o = std::make_shared<Options>();
  auto* reg = channel->add_subcommand("register", "Register a channel with the watchtower client");
  reg->add_option("CHAN_ID", o->chan_id, "Channel id (32 bytes hex)")->required();
  reg->add_option("--sweep-pkscript", o->sweep_pkscript, "Script the justice transaction pays to (hex)")->required();
  on_run(reg, ctx, [&ctx, o] {
    return run_operation(ctx, "channel.register", {{"chan_id", o->chan_id}, {"sweep_pkscript", o->sweep_pkscript}});
  });

  auto* regs = channel->add_subcommand("registrations", "List watchtower channel registrations");
  regs->add_flag("--include-closed", o->include_closed, "Include channels marked closed");
  on_run(regs, ctx, [&ctx, o] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      Json out = Json::array();
      for (const auto& r : LNSTORE_TRY(wtclient::list_registrations(store, o->include_closed))) out.push_back(wtclient::to_json(r));
      return Json{{"registrations", out}};
    });
  });

  auto* closed = channel->add_subcommand("mark-closed", "Mark a registered channel closed; prints sessions that became closable");
  closed->add_option("CHAN_ID", o->chan_id, "Channel id (32 bytes hex)")->required();
  closed->add_option("--height", o->height, "Block height of the close (blocks)")->required();
  on_run(closed, ctx, [&ctx, o] { return run_operation(ctx, "channel.mark_closed", {{"chan_id", o->chan_id}, {"height", o->height}}); });
  setup_channel_state(channel, ctx);
}

}  // namespace lnstore::app
