#include "app/context.hpp"

#include <cstdlib>

#include <unistd.h>

#include <algorithm>

#include "app/read_input.hpp"
#include "core/keys/lnd_key_derivation.hpp"
#include "core/keys/passphrase_file.hpp"
#include "core/storage/database.hpp"
#include "core/util/file_reader.hpp"
#include "core/backup/backup_cipher.hpp"
#include "core/backup/channel_backup.hpp"
#include "core/channels/channel_state.hpp"
#include "core/ops/operations.hpp"

namespace lnstore::app {

std::filesystem::path Context::db_path() const {
  if (!options.db.empty()) return options.db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "lnstore" / "lnstore.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "lnstore" / "lnstore.db";
}

Result<storage::Store> Context::open_store(bool write, bool migrate, bool verify_schema) {
  storage::StoreOptions o;
  o.path = db_path();
  o.create = write;
  o.migrate = migrate;
  o.verify_schema = verify_schema;
  o.busy_timeout_ms = options.busy_timeout_ms;
  log(2, "opening database " + o.path.string());
  auto store = LNSTORE_TRY(storage::open_store(o));
  for (const auto& w : store.warnings()) log(0, "warning: " + w);
  return store;
}

Result<nlohmann::ordered_json> Context::write_operation(std::string_view name, const nlohmann::ordered_json& params) {
  auto result = LNSTORE_TRY(write([&](storage::Store& store, ops::OperationContext& op) {
    return ops::run_operation(store, name, params, op);
  }));
  log(1, std::string(name) + ": committed");
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
    return file.read_secret(keys::k_max_secret_file_bytes);
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
    out.note("deciphering the aezeed seed (scrypt)...");
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

Result<channels::NodeClaim> Context::root_key_claim() {
  auto root = LNSTORE_TRY(root_key());
  auto net = LNSTORE_TRY(network());
  channels::NodeClaim claim = channels::network_claim(net);
  claim.node = LNSTORE_TRY(keys::derive_lnd_pubkey(root->key, net, codec::KeyLocator{codec::k_family_node_key, 0}));
  claim.node_source = "the root key (with --network " + std::string(codec::network_name(net)) + ")";
  claim.node_from_root_key = true;
  return claim;
}

Result<std::vector<codec::ChanPoint>> Context::backup_snapshot(storage::Store& store) {
  if (options.backup_file.empty()) return std::vector<codec::ChanPoint>{};
  return channels::unclosed_chan_points(store);
}

Result<bool> Context::after_operation(storage::Store& store, const ops::OperationContext& op,
                                      const std::vector<codec::ChanPoint>& before) {
  if (!op.backup_data_changed || options.backup_file.empty()) return false;
  // A backup of this node only, under this node's key.
  (void)LNSTORE_TRY(channels::bind_node(store, LNSTORE_TRY(root_key_claim())));
  auto key = LNSTORE_TRY(backup_key());
  backup::WriteOptions w;
  w.archive = !options.no_archive;
  w.also_keep = before;
  // Only a real change rewrites (and archives) the file.
  auto r = LNSTORE_TRY(backup::write_backup_file(store, options.backup_file, key.span(), LNSTORE_TRY(network()), w, true));
  for (const auto& warning : r.warnings) log(0, "warning: " + warning);
  if (r.changed) log(1, "rewrote " + options.backup_file + " (" + std::to_string(r.chan_points.size()) + " channels)");
  return r.transitional;
}

Result<void> Context::finish_backup_file(storage::Store& store) {
  auto r = [&]() -> Result<backup::WriteResult> {
    auto key = LNSTORE_TRY(backup_key());
    return backup::finish_backup_file(store, options.backup_file, key.span(), LNSTORE_TRY(network()), backup::WriteOptions{});
  }();
  if (!r) {
    Error e = r.error();
    e.message = "committed; " + options.backup_file +
                " still holds the channels this change closed (it lacks none) and was not rewritten: " + e.message;
    e.details["committed"] = true;
    return std::unexpected(e);
  }
  if (r->changed) log(1, "rewrote " + options.backup_file + " (" + std::to_string(r->chan_points.size()) + " channels)");
  return {};
}

int Context::report(Error error) const {
  if (error.code == "output_failed" && m_committed) {
    error.message = "committed; result not written: " + error.message;
    error.details["committed"] = true;
  }
  out.error(error);
  return static_cast<int>(error.exit);
}

}  // namespace lnstore::app
