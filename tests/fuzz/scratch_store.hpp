// A database for the fuzz targets that need one: created once per fuzzing
// process, migrated, in a fresh directory under $TMPDIR that is removed at
// exit. Targets run each input inside a transaction they roll back, so every
// input sees the same database and nothing is ever fsynced.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/storage/database.hpp"
#include "core/storage/store.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace lnstore::fuzz {

inline std::filesystem::path& scratch_dir() {
  static std::filesystem::path dir;
  return dir;
}

// The process's Store, created on first use; any failure aborts (the target
// cannot run without it).
inline storage::Store& scratch_store() {
  static storage::Store store = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/lnstore-fuzz-XXXXXX";
    LNSTORE_FUZZ_CHECK(::mkdtemp(pattern.data()) != nullptr);
    scratch_dir() = pattern;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch_dir(), ec);
    });
    storage::StoreOptions options;
    options.path = scratch_dir() / "fuzz.sqlite";
    options.create = true;
    auto opened = storage::open_store(options);
    LNSTORE_FUZZ_CHECK_MSG(opened.has_value(), opened ? "" : opened.error().message);
    return std::move(*opened);
  }();
  return store;
}

}  // namespace lnstore::fuzz
