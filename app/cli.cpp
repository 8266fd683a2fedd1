#include "app/cli.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <array>
#include <string_view>

#include "app/commands.hpp"
#include "app/read_input.hpp"
#include "core/util/config_file.hpp"
#include "core/util/file_reader.hpp"

namespace lnstore::app {

namespace {

std::string default_config_path() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    base = std::filesystem::path(home) / ".config";
  else
    return {};
  return (base / "lnstore" / "config.toml").string();
}

void add_global_options(CLI::App& app, GlobalOptions& o) {
  app.add_option("--db", o.db, "Database file (default $XDG_DATA_HOME/lnstore/lnstore.db)")->envname("LNSTORE_DB");
  app.add_option("--network", o.network, "mainnet, testnet, testnet4, signet, regtest or simnet")
      ->envname("LNSTORE_NETWORK")
      ->check(CLI::IsMember({"mainnet", "testnet", "testnet4", "signet", "regtest", "simnet"}));
  app.add_option("--root-key-file", o.root_key_file, "File holding the wallet root key ('-' for stdin)")
      ->envname("LNSTORE_ROOT_KEY_FILE");
  app.add_option("--backup-file", o.backup_file, "A channel.backup file to keep current")->envname("LNSTORE_BACKUP_FILE");
  app.add_option("-o,--output", o.output, "Output format: json or text")
      ->envname("LNSTORE_OUTPUT")
      ->check(CLI::IsMember({"json", "text"}));
  app.add_flag("--compact", o.compact, "One-line JSON");
  app.add_option("--busy-timeout", o.busy_timeout_ms, "Milliseconds to wait for a lock held by another process")
      ->check(CLI::Range(0, 3600000));
  app.add_flag("--no-archive", o.no_archive, "Do not archive the previous backup file when rewriting it");
  app.add_flag("-v,--verbose", o.verbose, "More log lines on stderr");
  app.add_flag("-q,--quiet", o.quiet, "Fewer log lines on stderr");
  app.add_option("--config", o.config, "Config file of 'key = value' lines")->envname("LNSTORE_CONFIG");
}

// The keys a config file may set: the global options, without --config.
constexpr std::array<std::string_view, 10> k_config_keys = {
    "db", "network", "root-key-file", "backup-file", "output", "compact", "busy-timeout", "no-archive", "verbose", "quiet"};

// Applies the config file: its values count only for options given neither
// on the command line nor in the environment (precedence: argv, env, file).
Result<void> apply_config(CLI::App& app, GlobalOptions& o) {
  bool explicit_path = !o.config.empty();
  std::string path = explicit_path ? o.config : default_config_path();
  if (path.empty()) return {};
  auto file = util::open_input(path);  // "-": standard input, as before
  if (!file) {
    if (file.error().code != "file_not_found") return std::unexpected(file.error());
    if (explicit_path) return fail(ExitClass::io, "config_not_found", "config file not found: " + path, {{"path", path}});
    return {};
  }
  auto bytes = LNSTORE_TRY(file->read_all(k_max_config_bytes));
  const std::string text(bytes.begin(), bytes.end());
  const auto entries = LNSTORE_TRY(util::parse_config_file(text, path, k_config_keys));
  for (const util::ConfigEntry& entry : entries) {
    const std::string& key = entry.key;
    const std::string& value = entry.value;
    const int number = entry.line;
    CLI::Option* opt = app.get_option("--" + key);
    if (opt->count() > 0) continue;  // argv or environment wins
    try {
      if (opt->get_type_size() == 0) {  // a flag
        if (value == "true") opt->add_result(std::string("true"));
        else if (value != "false")
          return fail(ExitClass::usage, "bad_config", path + ":" + std::to_string(number) + ": " + key + " takes true or false");
      } else {
        opt->add_result(value);
      }
      opt->run_callback();
    } catch (const CLI::Error& e) {
      return fail(ExitClass::usage, "bad_config", path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return {};
}

// Each of descriptors 0, 1 and 2 that is closed gets /dev/null opened the
// wrong way round in its place (write-only for stdin, read-only for stdout
// and stderr). Nothing lnstore opens later (the database, a document) can
// then become "standard output" and receive the result, and every use of a
// closed stream fails with EBADF: a closed stdin is an error
// (input_closed), never an empty input, and a closed stdout is
// output_failed, never a silent exit 0.
void guard_standard_streams() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    // open returns the lowest free descriptor, which is this one.
    const int got = ::open("/dev/null", (fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) | O_NOCTTY);
    if (got >= 0 && got != fd) ::close(got);
  }
}

}  // namespace

int run(int argc, char** argv) {
  guard_standard_streams();
  // Everything lnstore creates (database, WAL, backups, archives) is private.
  ::umask(077);
  Context ctx;
  CLI::App app{"lnstore: administration of lnd watchtower-client state, channel state and static channel backups"};
  app.name("lnstore");
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", "lnstore 0.1.0");
  add_global_options(app, ctx.options);
  setup_db(app, ctx);
  setup_tower(app, ctx);
  setup_session(app, ctx);
  setup_update(app, ctx);
  setup_channel(app, ctx);
  setup_peer(app, ctx);
  setup_key(app, ctx);
  setup_backup(app, ctx);
  setup_import(app, ctx);
  setup_apply(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      // --help and --version: CLI11 formats the text, the output writer writes it.
      std::ostringstream text, unused;
      app.exit(e, text, unused);
      if (auto written = ctx.out.write(text.str(), true); !written) return ctx.report(written.error());
      return 0;
    }
    return ctx.report(Error{ExitClass::usage, "usage", std::string(e.what()) + " (see 'lnstore --help')"});
  }
  if (auto r = apply_config(app, ctx.options); !r) return ctx.report(r.error());
  if (!ctx.action) return ctx.report(Error{ExitClass::usage, "usage", "no command given (see 'lnstore --help')"});
  try {
    return ctx.action();
  } catch (const std::bad_alloc&) {
    return ctx.report(Error{ExitClass::internal, "out_of_memory", "out of memory"});
  } catch (const std::exception& e) {
    return ctx.report(Error{ExitClass::internal, "internal_error", std::string("internal error: ") + e.what()});
  }
}

}  // namespace lnstore::app
