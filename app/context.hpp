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
#include <vector>

#include <nlohmann/json.hpp>

#include "app/output.hpp"
#include "core/channels/node_binding.hpp"
#include "core/util/error.hpp"
#include "core/codec/chan_point.hpp"
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
  // With `verify_schema` false (db check only) a schema that is not
  // lnstore's is opened anyway, to be reported.
  [[nodiscard]] Result<storage::Store> open_store(bool write, bool migrate = true, bool verify_schema = true);

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
  // when missing). On success keeps --backup-file current and commits; with
  // `commit` false (a dry run) everything is rolled back instead. On any
  // error before the commit nothing is kept.
  //
  // --backup-file is never behind the committed database: before the
  // commit the file gets the channels backed up before the change and after
  // it (after_operation); after the commit, when that union holds a channel
  // the change closed, the file is rewritten with the committed state
  // (finish_backup_file). A failure of that last step leaves the union
  // file, which lacks nothing, and is reported as "committed; ..." with the
  // cause's exit code.
  template <class Body>
  [[nodiscard]] auto write(Body&& body, bool commit = true)
      -> std::invoke_result_t<Body&, storage::Store&, ops::OperationContext&> {
    auto store = LNSTORE_TRY(open_store(true));
    storage::Transaction tx(store);
    LNSTORE_TRY(tx.begin());
    auto before = LNSTORE_TRY(backup_snapshot(store));
    ops::OperationContext op;
    auto result = LNSTORE_TRY(body(store, op));
    if (!commit) return result;
    const bool finish = LNSTORE_TRY(after_operation(store, op, before));
    LNSTORE_TRY(tx.commit());
    m_committed = true;
    if (finish) LNSTORE_TRY(finish_backup_file(store));
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
  // Inside a write transaction, before its change: the channels a backup
  // holds now (empty without --backup-file).
  [[nodiscard]] Result<std::vector<codec::ChanPoint>> backup_snapshot(storage::Store& store);
  // After an operation, inside its transaction: when the operation changed
  // what a channel backup holds, rewrites --backup-file with the channels
  // backed up `before` the change and now. True when that file holds a
  // channel the change closed: finish_backup_file is due after the commit.
  [[nodiscard]] Result<bool> after_operation(storage::Store& store, const ops::OperationContext& op,
                                             const std::vector<codec::ChanPoint>& before);
  // After the commit (outside any transaction): rewrites --backup-file with
  // the committed channels under the write lock. An error says the change
  // committed and the file still holds the closed channels too.
  [[nodiscard]] Result<void> finish_backup_file(storage::Store& store);

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
