// A fresh, migrated store in a scratch directory, for unit tests.
#pragma once

#include <doctest/doctest.h>

#include "core/storage/database.hpp"
#include "core/storage/store.hpp"
#include "scratch_dir.hpp"

namespace lnstore::test {

struct StoreFixture {
  ScratchDir dir;
  storage::Store store = open();

  storage::Store open() {
    storage::StoreOptions o;
    o.path = dir / "lnstore.db";
    o.create = true;
    auto s = storage::open_store(o);
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    return std::move(*s);
  }
};

}  // namespace lnstore::test
