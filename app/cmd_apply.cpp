// `lnstore apply [FILE|-] [--atomic] [--keep-going]`: JSON Lines batches.
#include <cstdio>
#include <memory>

#include "app/commands.hpp"
#include "app/read_input.hpp"
#include "core/util/file_reader.hpp"
#include "core/ops/operations.hpp"

namespace lnstore::app {

namespace {

using Json = nlohmann::ordered_json;

struct Options {
  std::string file;
  bool atomic = false;
  bool keep_going = false;
};

class LineWriter {
 public:
  ~LineWriter() { flush(); }
  void write(const Json& j) {
    m_buffer += j.dump(-1, ' ', false, Json::error_handler_t::replace);
    m_buffer += '\n';
    maybe_flush();
  }
  // {"line": N, "ok": true, "result": ...} without copying the result into a
  // wrapper object: this runs once per input line.
  void write_ok(long line, const Json& result) {
    m_buffer += "{\"line\":";
    m_buffer += std::to_string(line);
    m_buffer += ",\"ok\":true,\"result\":";
    m_buffer += result.dump();
    m_buffer += "}\n";
    maybe_flush();
  }
  void maybe_flush() {
    // Results are only ever written after their line committed, so holding
    // them briefly never reports an unapplied line; flush regularly so a
    // watching script sees progress.
    if (m_buffer.size() > (1 << 15)) flush();
  }
  void flush() {
    if (m_buffer.empty()) return;
    std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
    std::fflush(stdout);
    m_buffer.clear();
  }

 private:
  std::string m_buffer;
};

Json error_json(const Error& e) { return {{"code", e.code}, {"message", e.message}}; }

int run_apply(Context& ctx, const Options& o) {
  // A directory, FIFO or device is refused here, before the database is
  // opened or a line read.
  auto in = util::open_input(o.file);
  if (!in) return ctx.report(in.error());
  auto store = ctx.open_store(true);
  if (!store) return ctx.report(store.error());

  LineWriter out;
  ops::OperationContext op_ctx;
  int first_failure = 0;
  bool any_failure = false;
  if (o.atomic) {
    if (auto r = store->begin(); !r) return ctx.report(r.error());
  }
  std::string line;
  long number = 0;
  for (;;) {
    auto more = in->read_line(line, k_max_apply_line_bytes);
    if (!more) {
      // A line too long or a read error: an error of the next line, after
      // which nothing more can be read reliably, so the run stops.
      ++number;
      out.write({{"line", number}, {"ok", false}, {"error", error_json(more.error())}});
      if (!any_failure) first_failure = static_cast<int>(more.error().exit);
      any_failure = true;
      ctx.log(1, "line " + std::to_string(number) + ": " + more.error().message);
      break;
    }
    if (!*more) break;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<Json> result = [&]() -> Result<Json> {
      Json parsed = Json::parse(line, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object())
        return malformed("malformed_json", "line " + std::to_string(number) + " is not a JSON object");
      auto op = parsed.find("op");
      if (op == parsed.end() || !op->is_string()) return malformed("missing_field", "missing field 'op'");
      std::string name = op->get<std::string>();
      if (o.atomic) {
        LNSTORE_TRY(store->savepoint());
        auto r = ops::run_operation(*store, name, parsed, op_ctx);
        if (!r) {
          store->rollback_to();
          return r;
        }
        LNSTORE_TRY(store->release());
        return r;
      }
      storage::Transaction tx(*store);
      LNSTORE_TRY(tx.begin());
      ops::OperationContext line_ctx;
      auto r = LNSTORE_TRY(ops::run_operation(*store, name, parsed, line_ctx));
      LNSTORE_TRY(ctx.after_operation(*store, line_ctx));
      LNSTORE_TRY(tx.commit());
      return r;
    }();
    if (result) {
      out.write_ok(number, *result);
      continue;
    }
    out.write({{"line", number}, {"ok", false}, {"error", error_json(result.error())}});
    if (!any_failure) first_failure = static_cast<int>(result.error().exit);
    any_failure = true;
    ctx.log(1, "line " + std::to_string(number) + ": " + result.error().message);
    if (!o.keep_going) break;
  }
  if (o.atomic) {
    if (any_failure) {
      store->rollback();
      out.flush();
      if (ctx.options.output == "json")
        std::fprintf(stderr, "%s\n", Json{{"error", {{"code", "atomic_rolled_back"}, {"message", "a line failed; nothing was applied (--atomic)"}, {"details", Json::object()}}}}.dump().c_str());
      else
        std::fprintf(stderr, "lnstore: error: a line failed; nothing was applied (--atomic)\n");
      return o.keep_going ? static_cast<int>(ExitClass::rule) : first_failure;
    }
    if (auto r = ctx.after_operation(*store, op_ctx); !r) {
      store->rollback();
      out.flush();
      return ctx.report(r.error());
    }
    if (auto r = store->commit(); !r) {
      out.flush();
      return ctx.report(r.error());
    }
  }
  out.flush();
  if (!any_failure) return 0;
  return o.keep_going ? static_cast<int>(ExitClass::rule) : first_failure;
}

}  // namespace

void setup_apply(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Options>();
  auto* apply = app.add_subcommand("apply", "Apply operations from JSON Lines (one {\"op\": ...} per line)");
  apply->add_option("FILE", o->file, "Input file ('-' or absent: stdin)");
  apply->add_flag("--atomic", o->atomic, "All lines or nothing, in one transaction");
  apply->add_flag("--keep-going", o->keep_going, "Report a failed line and go on (exit 1 at the end)");
  apply->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_apply(ctx, *o); }; });
}

}  // namespace lnstore::app
