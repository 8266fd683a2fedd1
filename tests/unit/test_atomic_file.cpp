#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/util/atomic_file.hpp"
#include "scratch_dir.hpp"

using namespace lnstore;

using test::entry_count;
using test::slurp;

TEST_CASE("atomic replace: old content until commit, new after, 0600, no temp left") {
  test::ScratchDir dir;
  auto target = dir / "f.bin";
  std::ofstream(target) << "old";
  {
    auto f = util::AtomicFile::create(target).value();
    const std::uint8_t data[] = {'n', 'e', 'w'};
    REQUIRE(f.write(data));
    CHECK(slurp(target) == "old");
    CHECK(entry_count(dir.path()) == 2);
    REQUIRE(f.commit());
  }
  CHECK(slurp(target) == "new");
  CHECK(entry_count(dir.path()) == 1);
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("an abandoned replacement leaves the old file and no temp") {
  test::ScratchDir dir;
  auto target = dir / "f.bin";
  std::ofstream(target) << "old";
  {
    auto f = util::AtomicFile::create(target).value();
    const std::uint8_t data[] = {'x'};
    REQUIRE(f.write(data));
  }
  CHECK(slurp(target) == "old");
  CHECK(entry_count(dir.path()) == 1);
}

TEST_CASE("creating in a missing directory is an I/O error") {
  test::ScratchDir dir;
  auto r = util::AtomicFile::create(dir / "missing" / "f.bin");
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::io);
}
