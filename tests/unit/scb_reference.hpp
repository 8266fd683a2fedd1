// Runs the independent Python model tests/tools/scb_reference.py (batch
// mode) from a doctest test. It needs LNSTORE_PYTHON (Debian's
// /usr/bin/python3 by default) with python3-nacl and python3-bip32utils;
// without them, or with LNSTORE_SKIP_PYTHON_TESTS=1, the cross-checks are
// skipped, and reported so (tests/unit/skip.hpp).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/scratch_dir.hpp"
#include "tests/unit/skip.hpp"

namespace lnstore::test {

// True (after recording a skip with its reason) when the Python model
// cannot run here; the caller returns.
inline bool python_reference_skipped() {
  const char* skip_env = std::getenv("LNSTORE_SKIP_PYTHON_TESTS");
  if (skip_env != nullptr && std::string(skip_env) == "1") {
    skip("LNSTORE_SKIP_PYTHON_TESTS=1: Python cross-check skipped");
    return true;
  }
  return !python_ready({"nacl", "bip32utils"});
}

// Results of the requests, one {"ok", "result"|"error"} per request; fails
// the test (and returns an empty array) if the script cannot run.
inline nlohmann::json run_scb_reference(const nlohmann::json& requests) {
  ScratchDir dir;
  const auto request_file = dir / "requests.json";
  std::ofstream(request_file) << requests.dump();
  const std::string command = "'" + python() + "' " + std::string(LNSTORE_SOURCE_DIR) +
                              "/tests/tools/scb_reference.py batch '" + request_file.string() + "' 2>&1";
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    const int status = ::pclose(pipe);
    INFO("python output: " << output.substr(0, 2000));
    CHECK_MESSAGE(status == 0, "scb_reference.py failed with " << python() << ": needs python3-nacl and "
                               "python3-bip32utils (or LNSTORE_SKIP_PYTHON_TESTS=1)");
    if (status != 0) return nlohmann::json::array();
  } else {
    FAIL_CHECK("cannot start " << python());
    return nlohmann::json::array();
  }
  auto results = nlohmann::json::parse(output, nullptr, false);
  CHECK_MESSAGE(results.is_array(), "unexpected output from scb_reference.py: " << output.substr(0, 2000));
  if (!results.is_array() || results.size() != requests.size()) return nlohmann::json::array();
  return results;
}

}  // namespace lnstore::test
