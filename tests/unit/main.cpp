// doctest's runner, plus one rule: a run in which something was skipped
// (tests/unit/skip.hpp) and nothing failed exits 77, which CTest reports as
// skipped rather than passed.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "skip.hpp"

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) return rc;
  if (rc == 0 && lnstore::test::any_skipped()) return 77;
  return rc;
}
