// Context: the global options and the services every command uses: opening
// the database, running a command's body in a read or write transaction,
// the output writer, and turning an error into stderr and an exit code.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "app/output.hpp"
#include "core/channels/node_binding.hpp"
#include "core/util/error.hpp"
#include "core/codec/network.hpp"
#include "core/ops/operations.hpp"
#include "core/keys/root_key.hpp"
#include "core/util/secure_bytes.hpp"
#include "core/storage/store.hpp"

namespace lnstore::app {

struct GlobalOptions {
  std::string db;
  std::string network = "mainnet";
  std::string root_key_file;
  std::string backup_file;
  std::string output = "json";
  bool compact = false;
  int busy_timeout_ms = 5000;
  std::string config;
  int verbose = 0;
  int quiet = 0;
  bool no_archive = false;
  bool wide = false;    // -o text: every field, whole
  std::string columns;  // -o text: these fields
};

class Context {
 public:
  GlobalOptions options;
  // Everything printed goes through here (app/output.hpp).
  Output out{options};
  // The command chosen on the command line; set by its parse callback.
  std::function<int()> action;

  std::filesystem::path db_path() const;

  // Opens the database. Write commands create it; read commands fail with
  // exit 7 when it is missing.
  [[nodiscard]] Result<storage::Store> open_store(bool write, bool migrate = true);

  // Runs `body(store)` on the database opened for reading (a missing one is
  // exit 7; with `migrate` false an older schema is left as it is) inside
  // one read transaction: a consistent snapshot, ended when `body` returns.
  template <class Body>
  [[nodiscard]] auto read(Body&& body, bool migrate = true) -> std::invoke_result_t<Body&, storage::Store&> {
    auto store = LNSTORE_TRY(open_store(false, migrate));
    auto tx = LNSTORE_TRY(storage::ReadTransaction::begin(store));
    return body(store);
  }

  // Runs `body(store)` on an existing database holding the write lock, and
  // commits nothing: what `body` reads cannot change until it returns (a
  // backup file written from the store is never behind it).
  // With `commit`, what `body` wrote (the node binding a backup export
  // records) is committed when it succeeds.
  template <class Body>
  [[nodiscard]] auto locked(Body&& body, bool commit = false) -> std::invoke_result_t<Body&, storage::Store&> {
    auto store = LNSTORE_TRY(open_store(false));
    storage::Transaction tx(store);
    LNSTORE_TRY(tx.begin());
    auto result = LNSTORE_TRY(body(store));
    if (commit) LNSTORE_TRY(tx.commit());
    return result;  // otherwise the transaction ends with `tx`: nothing was written
  }

  // Runs `body(store, op)` in one write transaction on the database (created
  // when missing). On success keeps --backup-file current (after_operation,
  // when `body` set op.backup_data_changed) and commits; with `commit` false
  // (a dry run) everything is rolled back instead. On any error nothing is
  // kept.
  template <class Body>
  [[nodiscard]] auto write(Body&& body, bool commit = true)
      -> std::invoke_result_t<Body&, storage::Store&, ops::OperationContext&> {
    auto store = LNSTORE_TRY(open_store(true));
    storage::Transaction tx(store);
    LNSTORE_TRY(tx.begin());
    ops::OperationContext op;
    auto result = LNSTORE_TRY(body(store, op));
    if (!commit) return result;
    LNSTORE_TRY(after_operation(store, op));
    LNSTORE_TRY(tx.commit());
    m_committed = true;
    return result;
  }

  // Runs one named operation (core/ops) with write().
  [[nodiscard]] Result<nlohmann::ordered_json> write_operation(std::string_view name, const nlohmann::ordered_json& params);

  [[nodiscard]] Result<codec::Network> network() const;
  // The root key from --root-key-file (or stdin for "-"), loaded once;
  // usage error "root_key_required" when none was given.
  [[nodiscard]] Result<const keys::RootKey*> root_key();
  // SHA-256 of the family 7 index 0 public key: lnd's backup key.
  [[nodiscard]] Result<util::SecureBytes> backup_key();
  // What the root key and --network say about the node: the node key
  // (family 6, index 0) and the chain's genesis hash, for bind_node.
  [[nodiscard]] Result<channels::NodeClaim> root_key_claim();
  // After an operation, inside its transaction: keeps --backup-file current
  // when the operation changed what a channel backup holds.
  [[nodiscard]] Result<void> after_operation(storage::Store& store, const ops::OperationContext& op);

  // The command's change is durable (a transaction committed, a file was
  // written): from here a failed output write says so.
  void mark_committed() { m_committed = true; }

  // The one place an Error becomes stderr and an exit code (run_command and
  // the CLI's own usage errors come here). A failed stdout write after the
  // command committed says "committed; result not written".
  int report(Error error) const;
  void log(int level, const std::string& message) const { out.log(level, message); }

 private:
  std::optional<keys::RootKey> m_root_key;
  bool m_committed = false;
};

}  // namespace lnstore::app
