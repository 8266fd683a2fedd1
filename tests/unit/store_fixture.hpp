// A fresh, migrated store in a scratch directory, for unit tests.
#pragma once

#include <doctest/doctest.h>

#include "core/store.hpp"
#include "scratch_dir.hpp"

namespace lnstore::test {

struct StoreFixture {
  ScratchDir dir;
  Store store = open();

  Store open() {
    StoreOptions o;
    o.path = dir / "lnstore.db";
    o.create = true;
    auto s = Store::open(o);
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    return std::move(*s);
  }
};

}  // namespace lnstore::test
