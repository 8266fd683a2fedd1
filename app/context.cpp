#include "app/context.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/text_format.hpp"
#include "core/operations.hpp"

namespace lnstore::app {

std::filesystem::path Context::db_path() const {
  if (!options.db.empty()) return options.db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "lnstore" / "lnstore.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "lnstore" / "lnstore.db";
}

Result<Store> Context::open_store(bool write, bool migrate) {
  StoreOptions o;
  o.path = db_path();
  o.create = write;
  o.migrate = migrate;
  o.busy_timeout_ms = options.busy_timeout_ms;
  log(2, "opening database " + o.path.string());
  return Store::open(o);
}

Result<nlohmann::ordered_json> Context::write_operation(std::string_view name, const nlohmann::ordered_json& params) {
  auto store = LNSTORE_TRY(open_store(true));
  Transaction tx(store);
  LNSTORE_TRY(tx.begin());
  OperationContext op;
  auto result = LNSTORE_TRY(run_operation(store, name, params, op));
  LNSTORE_TRY(tx.commit());
  log(1, std::string(name) + ": committed");
  return result;
}

Result<nlohmann::ordered_json> Context::read(const std::function<Result<nlohmann::ordered_json>(Store&)>& body) {
  auto store = LNSTORE_TRY(open_store(false));
  LNSTORE_TRY(store.exec("BEGIN"));
  auto result = body(store);
  store.rollback();
  return result;
}

void Context::print(const nlohmann::ordered_json& value) const {
  std::string out;
  if (text_output())
    out = to_text(value);
  else
    out = (options.compact ? value.dump() : value.dump(2)) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

int Context::report(const Error& error) const {
  if (options.output == "json") {
    nlohmann::ordered_json e = {{"error", {{"code", error.code}, {"message", error.message}, {"details", error.details}}}};
    // One line, always: scripts read stderr line by line.
    std::string out = e.dump() + "\n";
    std::fwrite(out.data(), 1, out.size(), stderr);
  } else {
    std::fprintf(stderr, "lnstore: error: %s\n", error.message.c_str());
  }
  return static_cast<int>(error.exit);
}

int Context::finish(const Result<nlohmann::ordered_json>& result) {
  if (!result) return report(result.error());
  print(*result);
  return 0;
}

void Context::log(int level, const std::string& message) const {
  if (level <= options.verbose - options.quiet) std::fprintf(stderr, "lnstore: %s\n", message.c_str());
}

}  // namespace lnstore::app
