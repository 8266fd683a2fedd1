// `lnstore apply [FILE|-] [--atomic] [--keep-going]`: JSON Lines batches.
#include <memory>
#include <optional>
#include <vector>

#include "app/commands.hpp"
#include "app/read_input.hpp"
#include "app/run_command.hpp"
#include "core/ops/apply_limits.hpp"
#include "core/ops/operations.hpp"
#include "core/util/file_reader.hpp"
#include "core/util/json_text.hpp"
#include "core/util/text.hpp"

namespace lnstore::app {

namespace {

struct Options {
  std::string file;
  bool atomic = false;
  bool keep_going = false;
  std::size_t max_line_bytes = ops::k_apply_default_max_line_bytes;
};

// {"line": N, "ok": true, "result": ...} without copying the result into a
// wrapper object: this runs once per input line.
std::string ok_line(long line, const Json& result) {
  return "{\"line\":" + std::to_string(line) + ",\"ok\":true,\"result\":" + Output::dump(result, -1) + "}";
}

Json error_line(long line, const Error& e) {
  return {{"line", line}, {"ok", false}, {"error", {{"code", e.code}, {"message", e.message}}}};
}

// One input line's operation. With a batch transaction (--atomic) it runs
// in a savepoint of it; otherwise in its own durable transaction, after
// which `finish_backup` is set when --backup-file still holds a channel the
// line closed (rewritten once, after the last line: until then the file
// holds more channels than the database, never fewer).
Result<Json> apply_line(Context& ctx, storage::Store& store, const std::string& line, long number, bool atomic,
                        ops::OperationContext& batch_op, bool& finish_backup) {
  const std::string what = "line " + std::to_string(number);
  Json parsed = LNSTORE_TRY(util::parse_json(line, what));
  if (!parsed.is_object()) return malformed("malformed_json", what + " is not a JSON object");
  auto op = parsed.find("op");
  if (op == parsed.end() || !op->is_string()) return malformed("missing_field", "missing field 'op'");
  std::string name = op->get<std::string>();
  if (atomic) {
    auto savepoint = LNSTORE_TRY(storage::Savepoint::begin(store));
    auto r = LNSTORE_TRY(ops::run_operation(store, name, parsed, batch_op));
    LNSTORE_TRY(savepoint.release());
    return r;
  }
  storage::Transaction tx(store);
  LNSTORE_TRY(tx.begin());
  auto before = LNSTORE_TRY(ctx.backup_snapshot(store));
  ops::OperationContext line_op;
  auto r = LNSTORE_TRY(ops::run_operation(store, name, parsed, line_op));
  const bool transitional = LNSTORE_TRY(ctx.after_operation(store, line_op, before));
  LNSTORE_TRY(tx.commit());
  ctx.mark_committed();
  finish_backup = finish_backup || transitional;
  return r;
}

Result<Streamed> run_apply(Context& ctx, const Options& o) {
  // A directory, FIFO or device is refused here, before the database is
  // opened or a line read.
  auto in = LNSTORE_TRY(util::open_input(o.file));
  auto store = LNSTORE_TRY(ctx.open_store(true));

  // --atomic: one transaction for the batch, committed only when every line succeeded.
  std::optional<storage::Transaction> batch;
  ops::OperationContext batch_op;
  std::vector<codec::ChanPoint> batch_before;
  if (o.atomic) {
    LNSTORE_TRY(batch.emplace(store).begin());
    batch_before = LNSTORE_TRY(ctx.backup_snapshot(store));
  }
  bool finish_backup = false;

  int first_failure = 0;
  bool any_failure = false;
  // A read error: the input was not read to its end, whatever the options.
  std::optional<Error> read_failure;
  std::string line;
  long number = 0;
  const auto failed = [&](const Error& e) -> Result<void> {
    LNSTORE_TRY(ctx.out.line(error_line(number, e)));
    if (!any_failure) first_failure = static_cast<int>(e.exit);
    any_failure = true;
    ctx.log(1, "line " + std::to_string(number) + ": " + e.message);
    return {};
  };
  for (;;) {
    auto more = in.read_line(line, o.max_line_bytes);
    if (!more) {
      ++number;
      LNSTORE_TRY(failed(more.error()));
      // A line too long was skipped to its end: it is that line's error,
      // and --keep-going goes on with the next. Anything else is a read
      // error, after which nothing more can be read reliably.
      if (more.error().code == "line_too_long" && o.keep_going) continue;
      if (more.error().code != "line_too_long") read_failure = more.error();
      break;
    }
    if (!*more) break;
    ++number;
    if (util::is_blank(line)) continue;
    auto result = apply_line(ctx, store, line, number, o.atomic, batch_op, finish_backup);
    // Each result line is written and flushed as soon as its line is done,
    // so a script reading the pipe follows the batch.
    if (result) {
      LNSTORE_TRY(ctx.out.line_text(ok_line(number, *result)));
      continue;
    }
    LNSTORE_TRY(failed(result.error()));
    if (!o.keep_going) break;
  }
  if (read_failure) {
    // The lines before it stay applied (without --atomic) and were reported.
    if (o.atomic) return fail(read_failure->exit, "atomic_rolled_back", "the input could not be read to its end; nothing was applied (--atomic)");
    if (finish_backup) LNSTORE_TRY(ctx.finish_backup_file(store));
    return Streamed{static_cast<int>(read_failure->exit)};
  }
  const int failed_exit = o.keep_going ? static_cast<int>(ExitClass::rule) : first_failure;
  if (o.atomic) {
    // The batch transaction rolls back as this returns.
    if (any_failure) return fail(static_cast<ExitClass>(failed_exit), "atomic_rolled_back", "a line failed; nothing was applied (--atomic)");
    finish_backup = LNSTORE_TRY(ctx.after_operation(store, batch_op, batch_before));
    LNSTORE_TRY(batch->commit());
    ctx.mark_committed();
  }
  // Also after a failed line: the lines before it committed.
  if (finish_backup) LNSTORE_TRY(ctx.finish_backup_file(store));
  return Streamed{any_failure ? failed_exit : 0};
}

}  // namespace

void setup_apply(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Options>();
  auto* apply = app.add_subcommand("apply", "Apply operations from JSON Lines (one {\"op\": ...} per line)");
  apply->add_option("FILE", o->file, "Input file ('-' or absent: stdin)")->type_name("FILE");
  apply->add_flag("--atomic", o->atomic, "All lines or nothing, in one transaction");
  apply->add_flag("--keep-going", o->keep_going, "Report a failed line and go on (exit 1 at the end)");
  apply->add_option("--max-line-bytes", o->max_line_bytes, "Longest line accepted (default 16 MiB); a longer one is that line's error")
      ->check(CLI::Range(std::size_t{1}, ops::k_apply_max_line_bytes_limit));
  // The result lines are the output; the exit code says how the batch went.
  on_run(apply, ctx, [&ctx, o] { return run_command(ctx, [&] { return run_apply(ctx, *o); }); });
}

}  // namespace lnstore::app
