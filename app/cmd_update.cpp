// `lnstore update commit|ack|list|acked`
#include <memory>

#include "app/commands.hpp"
#include "app/read_input.hpp"
#include "app/run_command.hpp"
#include "core/wtclient/wtclient.hpp"

namespace lnstore::app {

namespace {

struct Options {
  std::string session, seqnum, chan_id, commit_height, hint, blob, last_applied;
};

// --blob takes hex, or @FILE holding the raw encrypted blob.
Result<std::string> blob_hex(const std::string& arg) {
  if (!arg.starts_with("@")) return arg;
  auto raw = LNSTORE_TRY(read_input(arg.substr(1), k_max_blob_bytes));
  return util::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
}

}  // namespace

void setup_update(CLI::App& app, Context& ctx) {
  auto* update = add_group(app, "update", "Committed and acknowledged state updates");

  auto o = std::make_shared<Options>();
  auto* commit = update->add_subcommand("commit", "Commit an encrypted state update to a session");
  commit->add_option("SESSION_ID", o->session, "Session id (hex)")->required();
  commit->add_option("--seqnum", o->seqnum, "Sequence number, a count from 1 (the session's seqnum + 1)")->required();
  commit->add_option("--chan-id", o->chan_id, "Channel id (32 bytes hex)")->required();
  commit->add_option("--commit-height", o->commit_height, "Commitment height (the channel's update count)")->required();
  commit->add_option("--hint", o->hint, "Breach hint (16 bytes hex)")->required();
  commit->add_option("--blob", o->blob, "Encrypted blob: hex, or @FILE with the raw bytes")->required();
  on_run(commit, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      auto blob = LNSTORE_TRY(blob_hex(o->blob));
      return ctx.write_operation("update.commit", {{"session", o->session}, {"seqnum", o->seqnum}, {"chan_id", o->chan_id},
                                                   {"commit_height", o->commit_height}, {"hint", o->hint}, {"blob", blob}});
    });
  });

  auto* ack = update->add_subcommand("ack", "Record the tower's acknowledgement of an update");
  ack->add_option("SESSION_ID", o->session, "Session id (hex)")->required();
  ack->add_option("--seqnum", o->seqnum, "Sequence number acknowledged")->required();
  ack->add_option("--last-applied", o->last_applied, "The tower's last applied sequence number")->required();
  on_run(ack, ctx, [&ctx, o] {
    return run_operation(ctx, "update.ack", {{"session", o->session}, {"seqnum", o->seqnum}, {"last_applied", o->last_applied}});
  });

  auto lo = std::make_shared<Options>();
  auto* list = update->add_subcommand("list", "List committed (un-acked) updates");
  list->add_option("SESSION_ID", lo->session, "Only this session's updates");
  list->add_option("--chan-id", lo->chan_id, "Only this channel's updates");
  on_run(list, ctx, [&ctx, lo] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      std::optional<util::Bytes> chan;
      if (!lo->chan_id.empty()) chan = LNSTORE_TRY(util::from_hex(lo->chan_id, "chan id", 32));
      Json out = Json::array();
      auto visit = [&](const wtclient::CommittedUpdate& u) -> Result<void> {
        out.push_back(wtclient::to_json(u, true));
        return {};
      };
      if (!lo->session.empty()) {
        auto row = LNSTORE_TRY(wtclient::get_session(store, LNSTORE_TRY(util::from_hex(lo->session, "session id", 33))));
        LNSTORE_TRY(wtclient::for_each_committed_update(store, row.db_id, chan, visit));
      } else {
        std::vector<std::int64_t> ids;
        LNSTORE_TRY(wtclient::for_each_session(store, {}, [&](const wtclient::SessionRow& r) -> Result<void> {
          ids.push_back(r.db_id);
          return {};
        }));
        for (auto id : ids) LNSTORE_TRY(wtclient::for_each_committed_update(store, id, chan, visit));
      }
      return Json{{"updates", out}};
    });
  });

  auto ao = std::make_shared<Options>();
  auto* acked = update->add_subcommand("acked", "Which commitment heights of a channel are backed up, by which sessions");
  acked->add_option("CHAN_ID", ao->chan_id, "Channel id (32 bytes hex)")->required();
  acked->add_option("--session", ao->session, "Only this session");
  on_run(acked, ctx, [&ctx, ao] {
    return run_read(ctx, [&](storage::Store& store) -> Result<Json> {
      auto chan = LNSTORE_TRY(util::from_hex(ao->chan_id, "chan id", 32));
      std::optional<util::Bytes> session;
      if (!ao->session.empty()) session = LNSTORE_TRY(util::from_hex(ao->session, "session id", 33));
      auto all = LNSTORE_TRY(wtclient::acked_ranges(store, chan, session));
      auto reg = LNSTORE_TRY(wtclient::find_registration(store, chan));
      Json sessions = Json::array();
      std::int64_t total = 0;
      for (const auto& s : all) {
        Json ranges = Json::array();
        std::int64_t n = 0;
        for (const auto& r : s.ranges) {
          ranges.push_back({{"start", r.start}, {"end", r.end}});
          n += r.end - r.start + 1;
        }
        total += n;
        sessions.push_back({{"session", util::to_hex(s.session_id)}, {"ranges", ranges}, {"num_acked", n}});
      }
      auto opt = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
      return Json{{"chan_id", util::to_hex(chan)},
                  {"max_commit_height", opt(reg->max_commit_height)},
                  {"closed_height", opt(reg->closed_height)},
                  {"num_acked", total},
                  {"sessions", sessions}};
    });
  });
}

}  // namespace lnstore::app
