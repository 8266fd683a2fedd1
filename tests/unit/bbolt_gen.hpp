// Runs the Go fixture generator (tests/tools/bbolt_gen, built with Debian's
// golang-go and golang-github-coreos-bbolt-dev) once per test process and
// returns the directory with its files. Tests must not modify these files:
// copy one into their own ScratchDir first.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "core/lnd/bbolt_file.hpp"
#include "scratch_dir.hpp"

namespace lnstore::test {

struct BboltGenOutput {
  std::filesystem::path dir;  // empty when the build or the run failed
  std::string error;          // why, with the build log
};

inline const BboltGenOutput& bbolt_gen_output() {
  static ScratchDir scratch;
  static const BboltGenOutput output = [] {
    BboltGenOutput out;
    const std::filesystem::path source = std::filesystem::path(LNSTORE_SOURCE_DIR) / "tests/tools/bbolt_gen";
    const std::filesystem::path binary = scratch / "bbolt_gen";
    const std::filesystem::path log = scratch / "bbolt_gen.log";
    const std::filesystem::path dir = scratch / "out";
    // GOPATH mode with Debian's packaged sources; a go cache outside $HOME
    // when HOME is unset (as under some CI runners).
    const std::string command = "cd '" + source.string() +
                                "' && unset GOFLAGS && export GO111MODULE=off GOPATH=/usr/share/gocode && "
                                "export GOCACHE=\"${GOCACHE:-${HOME:+$HOME/.cache/go-build}}\" && "
                                "export GOCACHE=\"${GOCACHE:-/tmp/lnstore-go-cache}\" && "
                                "go build -o '" +
                                binary.string() + "' . >'" + log.string() + "' 2>&1 && '" + binary.string() + "' '" +
                                dir.string() + "' >>'" + log.string() + "' 2>&1";
    if (std::system(command.c_str()) != 0) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      out.error = "bbolt_gen failed (needs: apt-get install golang-go golang-github-coreos-bbolt-dev): " + text.str();
      return out;
    }
    out.dir = dir;
    return out;
  }();
  return output;
}

// The generator's output directory; the test stops (saying why) if it could not run.
inline const std::filesystem::path& bbolt_gen_dir() {
  const auto& gen = bbolt_gen_output();
  REQUIRE_MESSAGE(!gen.dir.empty(), gen.error);
  return gen.dir;
}

inline nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// The generator's file NAME.db, opened; the test stops if it does not open.
inline lnd::BoltDb open_bbolt_gen_db(const std::string& name) {
  auto db = lnd::BoltDb::open(bbolt_gen_dir() / (name + ".db"), lnd::BoltCheck::full);
  REQUIRE_MESSAGE(db.has_value(), db.error().message);
  return std::move(*db);
}

// The generator's description of NAME.db (NAME.json).
inline nlohmann::json bbolt_gen_json(const std::string& name) { return read_json_file(bbolt_gen_dir() / (name + ".json")); }

}  // namespace lnstore::test
