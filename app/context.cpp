#include "app/context.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <unistd.h>

#include <algorithm>

#include "app/read_input.hpp"
#include "app/text_format.hpp"
#include "core/keys/passphrase_file.hpp"
#include "core/storage/database.hpp"
#include "core/util/file_reader.hpp"
#include "core/backup/backup_cipher.hpp"
#include "core/backup/channel_backup.hpp"
#include "core/ops/operations.hpp"

namespace lnstore::app {

std::filesystem::path Context::db_path() const {
  if (!options.db.empty()) return options.db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "lnstore" / "lnstore.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "lnstore" / "lnstore.db";
}

Result<storage::Store> Context::open_store(bool write, bool migrate) {
  storage::StoreOptions o;
  o.path = db_path();
  o.create = write;
  o.migrate = migrate;
  o.busy_timeout_ms = options.busy_timeout_ms;
  log(2, "opening database " + o.path.string());
  return storage::open_store(o);
}

Result<nlohmann::ordered_json> Context::write_operation(std::string_view name, const nlohmann::ordered_json& params) {
  auto store = LNSTORE_TRY(open_store(true));
  storage::Transaction tx(store);
  LNSTORE_TRY(tx.begin());
  ops::OperationContext op;
  auto result = LNSTORE_TRY(ops::run_operation(store, name, params, op));
  LNSTORE_TRY(after_operation(store, op));
  LNSTORE_TRY(tx.commit());
  log(1, std::string(name) + ": committed");
  return result;
}

Result<nlohmann::ordered_json> Context::read(const std::function<Result<nlohmann::ordered_json>(storage::Store&)>& body) {
  auto store = LNSTORE_TRY(open_store(false));
  LNSTORE_TRY(store.exec("BEGIN"));
  auto result = body(store);
  store.rollback();
  return result;
}

Result<codec::Network> Context::network() const { return codec::parse_network(options.network); }

Result<const keys::RootKey*> Context::root_key() {
  if (m_root_key) return &*m_root_key;
  if (options.root_key_file.empty())
    return fail(ExitClass::usage, "root_key_required",
                "this command needs the wallet root key: --root-key-file PATH (or '-' for stdin)");
  auto net = LNSTORE_TRY(network());
  auto read = [&]() -> Result<util::SecureBytes> {
    auto file = LNSTORE_TRY(util::open_input(options.root_key_file));
    return file.read_secret(k_max_secret_bytes);
  }();
  if (!read) {
    // Someone may have typed the key itself where its file belongs: never
    // echo something that looks like a key or seed words in an error.
    const auto& path = options.root_key_file;
    bool secret_like = path.starts_with("xprv") || path.starts_with("tprv") ||
                       std::count(path.begin(), path.end(), ' ') >= 5;
    if (secret_like)
      return fail(read.error().exit, read.error().code,
                  "cannot read the root key file (its name is not shown: it looks like a key, which belongs in the file)");
    return std::unexpected(read.error());
  }
  const util::SecureBytes content = std::move(*read);
  const std::string_view text(reinterpret_cast<const char*>(content.data()), content.size());
  std::optional<std::string> passphrase;
  const char* pass_file = std::getenv("LNSTORE_SEED_PASSPHRASE_FILE");
  if (pass_file && *pass_file && keys::looks_like_mnemonic(text))
    passphrase = LNSTORE_TRY(keys::read_passphrase_file(pass_file));
  if (keys::looks_like_mnemonic(text) && ::isatty(STDERR_FILENO))
    std::fprintf(stderr, "lnstore: deciphering the aezeed seed (scrypt)...\n");
  auto key = keys::parse_root_key(text, net, passphrase);
  if (passphrase) util::secure_wipe(passphrase->data(), passphrase->size());
  if (!key) return std::unexpected(key.error());
  m_root_key.emplace(std::move(*key));
  return &*m_root_key;
}

Result<util::SecureBytes> Context::backup_key() {
  auto root = LNSTORE_TRY(root_key());
  return backup::backup_encryption_key(root->key, LNSTORE_TRY(network()));
}

Result<void> Context::after_operation(storage::Store& store, const ops::OperationContext& op) {
  if (!op.backup_data_changed || options.backup_file.empty()) return {};
  auto key = LNSTORE_TRY(backup_key());
  backup::WriteOptions w;
  w.archive = !options.no_archive;
  // Only a real change rewrites (and archives) the file.
  auto r = LNSTORE_TRY(backup::write_backup_file(store, options.backup_file, key.span(), LNSTORE_TRY(network()), w, true));
  if (r.changed) log(1, "rewrote " + options.backup_file + " (" + std::to_string(r.chan_points.size()) + " channels)");
  return {};
}

void Context::print(const nlohmann::ordered_json& value) const {
  std::string out;
  if (text_output())
    out = to_text(value);
  else
    out = (options.compact ? value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) : value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

int Context::report(const Error& error) const {
  if (options.output == "json") {
    nlohmann::ordered_json e = {{"error", {{"code", error.code}, {"message", error.message}, {"details", error.details}}}};
    // One line, always: scripts read stderr line by line.
    std::string out = e.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stderr);
  } else {
    std::fprintf(stderr, "lnstore: error: %s\n", printable(error.message).c_str());
  }
  return static_cast<int>(error.exit);
}

int Context::finish(const Result<nlohmann::ordered_json>& result) {
  if (!result) return report(result.error());
  print(*result);
  return 0;
}

void Context::log(int level, const std::string& message) const {
  if (level <= options.verbose - options.quiet) std::fprintf(stderr, "lnstore: %s\n", printable(message).c_str());
}

}  // namespace lnstore::app
