// Context: the global options and the services every command uses: opening
// the database, running an operation in a transaction, printing results and
// errors.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

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
};

class Context {
 public:
  GlobalOptions options;
  // The command chosen on the command line; set by its parse callback.
  std::function<int()> action;

  std::filesystem::path db_path() const;
  bool text_output() const { return options.output == "text"; }

  // Opens the database. Write commands create it; read commands fail with
  // exit 7 when it is missing.
  [[nodiscard]] Result<storage::Store> open_store(bool write, bool migrate = true);

  // Runs one named operation in its own durable transaction.
  [[nodiscard]] Result<nlohmann::ordered_json> write_operation(std::string_view name, const nlohmann::ordered_json& params);
  // Runs `body` inside a read transaction (a consistent snapshot).
  [[nodiscard]] Result<nlohmann::ordered_json> read(const std::function<Result<nlohmann::ordered_json>(storage::Store&)>& body);

  [[nodiscard]] Result<codec::Network> network() const;
  // The root key from --root-key-file (or stdin for "-"), loaded once;
  // usage error "root_key_required" when none was given.
  [[nodiscard]] Result<const keys::RootKey*> root_key();
  // SHA-256 of the family 7 index 0 public key: lnd's backup key.
  [[nodiscard]] Result<util::SecureBytes> backup_key();
  // After an operation, inside its transaction: keeps --backup-file current
  // when the operation changed what a channel backup holds.
  [[nodiscard]] Result<void> after_operation(storage::Store& store, const ops::OperationContext& op);

  // Prints a result (exit 0) or the error (its exit code).
  int finish(const Result<nlohmann::ordered_json>& result);
  void print(const nlohmann::ordered_json& value) const;
  int report(const Error& error) const;
  void log(int level, const std::string& message) const;

 private:
  std::optional<keys::RootKey> m_root_key;
};

}  // namespace lnstore::app
