// Skipping what cannot run here (a Python module or a shared fixture that is
// missing): the test says why, and its CTest test reports "skipped" (exit
// 77, SKIP_RETURN_CODE in tests/CMakeLists.txt) unless something failed;
// never a silent pass. Python is found through one variable, LNSTORE_PYTHON
// (Debian's /usr/bin/python3 by default: it has python3-nacl and
// python3-bip32utils).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include <doctest/doctest.h>

#ifndef LNSTORE_PYTHON_DEFAULT
#define LNSTORE_PYTHON_DEFAULT "/usr/bin/python3"
#endif

namespace lnstore::test {

inline bool& any_skipped() {
  static bool skipped = false;
  return skipped;
}

// Records a skip and prints its reason; the calling test then returns.
inline void skip(const std::string& reason) {
  any_skipped() = true;
  std::printf("SKIPPED: %s\n", reason.c_str());
  MESSAGE("SKIPPED: " << reason);
}

// The Python interpreter the reference tools run with.
inline std::string python() {
  const char* env = std::getenv("LNSTORE_PYTHON");
  return env != nullptr && *env != '\0' ? env : LNSTORE_PYTHON_DEFAULT;
}

// True when python() runs and imports every module; otherwise records a
// skip naming what is missing and returns false.
inline bool python_ready(std::initializer_list<const char*> modules = {}) {
  std::string probe = "'" + python() + "' -c 'import sys";
  for (const char* m : modules) probe += ", " + std::string(m);
  probe += "' >/dev/null 2>&1";
  if (std::system(probe.c_str()) == 0) return true;
  std::string what = "Python at " + python();
  if (modules.size() != 0) {
    what += " with the modules";
    for (const char* m : modules) what += " " + std::string(m);
  }
  skip("needs " + what + " (set LNSTORE_PYTHON)");
  return false;
}

}  // namespace lnstore::test
