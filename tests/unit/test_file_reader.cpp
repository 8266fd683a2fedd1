// The one reader of input files: regular files only (never blocking on a
// FIFO), bounded by the caller's limit, every read error reported.
#include <doctest/doctest.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "core/util/fault_injection.hpp"
#include "core/util/file_reader.hpp"
#include "core/util/process_hardening.hpp"
#include "scratch_dir.hpp"

using namespace lnstore;
using lnstore::test::ScratchDir;

TEST_SUITE_BEGIN("file_reader");

namespace {
void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
std::string text_of(const std::vector<std::uint8_t>& b) { return std::string(b.begin(), b.end()); }
std::string text_of(const util::SecureBytes& b) { return std::string(b.begin(), b.end()); }
}  // namespace

TEST_CASE("a regular file is read whole, within the limit") {
  ScratchDir dir;
  write(dir / "a", "hello\nworld");
  auto r = util::read_file(dir / "a", 11);
  REQUIRE_MESSAGE(r, (r ? "" : r.error().code));
  CHECK(text_of(*r) == "hello\nworld");
  write(dir / "empty", "");
  auto e = util::read_file(dir / "empty", 0);
  REQUIRE(e);
  CHECK(e->empty());
}

TEST_CASE("a file over the limit is refused, not truncated") {
  ScratchDir dir;
  write(dir / "a", std::string(100, 'x'));
  auto r = util::read_file(dir / "a", 99);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "file_too_large");
  CHECK(r.error().exit == ExitClass::malformed);
  CHECK(r.error().details["limit_bytes"] == 99);
  auto s = util::read_secret_file(dir / "a", 99);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == "file_too_large");
}

TEST_CASE("a missing file, a directory, a FIFO and a device are refused, naming the path") {
  ScratchDir dir;
  auto missing = util::read_file(dir / "none", 10);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "file_not_found");
  CHECK(missing.error().exit == ExitClass::io);
  CHECK(missing.error().message.find((dir / "none").string()) != std::string::npos);

  std::filesystem::create_directory(dir / "d");
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);  // no writer: opening must not block
  for (const auto& p : {dir / "d", dir / "fifo", std::filesystem::path("/dev/null")}) {
    CAPTURE(p);
    auto r = util::read_file(p, 10);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "not_a_regular_file");
    CHECK(r.error().exit == ExitClass::io);
    CHECK(r.error().details["path"] == p.string());
    CHECK(r.error().message.find(p.string()) != std::string::npos);
    auto s = util::read_secret_file(p, 10);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == "not_a_regular_file");
  }
}

TEST_CASE("an unreadable file is permission_denied") {
  if (::geteuid() == 0) {
    MESSAGE("not checked as root, who may read any file");
    return;
  }
  ScratchDir dir;
  write(dir / "secret", "x");
  ::chmod((dir / "secret").c_str(), 0);
  auto r = util::read_file(dir / "secret", 10);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "permission_denied");
  CHECK(r.error().exit == ExitClass::io);
}

TEST_CASE("a read error is reported with its errno, never taken for the end") {
  ScratchDir dir;
  write(dir / "a", "data");
  util::fault::ScopedHook hook([](std::string_view point) { return point == "file.read"; });
  auto r = util::read_file(dir / "a", 10);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "io_error");
  CHECK(r.error().exit == ExitClass::io);
  CHECK(r.error().details["errno"] == "EIO");
}

TEST_CASE("a secret is read into a buffer of exactly its size") {
  ScratchDir dir;
  write(dir / "k", "xprv...\n");
  auto r = util::read_secret_file(dir / "k", 64);
  REQUIRE(r);
  CHECK(r->size() == 8);
  CHECK(text_of(*r) == "xprv...\n");
}

TEST_CASE("lines: with or without a final newline, bounded") {
  ScratchDir dir;
  write(dir / "l", "one\n\ntwo\r\nthree");
  auto f = util::InputFile::open(dir / "l");
  REQUIRE(f);
  std::string line;
  std::vector<std::string> got;
  for (;;) {
    auto more = f->read_line(line, 100);
    REQUIRE(more);
    if (!*more) break;
    got.push_back(line);
  }
  CHECK(got == std::vector<std::string>{"one", "", "two\r", "three"});

  write(dir / "long", "short\n" + std::string(50, 'x') + "\n");
  auto g = util::InputFile::open(dir / "long");
  REQUIRE(g);
  REQUIRE(g->read_line(line, 10).value());
  CHECK(line == "short");
  auto too_long = g->read_line(line, 10);
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().code == "line_too_long");

  // Lines longer than one read chunk are joined.
  const std::string big(200000, 'y');
  write(dir / "big", big + "\nz");
  auto h = util::InputFile::open(dir / "big");
  REQUIRE(h);
  REQUIRE(h->read_line(line, 1 << 20).value());
  CHECK(line == big);
  REQUIRE(h->read_line(line, 1 << 20).value());
  CHECK(line == "z");
  CHECK_FALSE(h->read_line(line, 1 << 20).value());
}

TEST_CASE("a line over the limit is that line's error, and the next line follows it") {
  ScratchDir dir;
  // One over-long line within the first chunk, one spanning many chunks
  // (dropped as it is read), one cut by the end of the file.
  write(dir / "l", "a\n" + std::string(50, 'x') + "\nb\n" + std::string(1 << 20, 'y') + "\nc\n" + std::string(30, 'z'));
  auto f = util::InputFile::open(dir / "l");
  REQUIRE(f);
  std::string line;
  std::vector<std::string> got;
  for (;;) {
    auto more = f->read_line(line, 10);
    if (!more) {
      CHECK(more.error().code == "line_too_long");
      CHECK(line.empty());
      got.push_back("<too long>");
      continue;
    }
    if (!*more) break;
    got.push_back(line);
  }
  CHECK(got == std::vector<std::string>{"a", "<too long>", "b", "<too long>", "c", "<too long>"});
}

TEST_CASE("a read error while dropping an over-long line is reported") {
  ScratchDir dir;
  write(dir / "l", std::string(200000, 'x') + "\nnext\n");
  auto f = util::InputFile::open(dir / "l");
  REQUIRE(f);
  std::string line;
  auto first = f->read_line(line, 100);
  REQUIRE_FALSE(first);
  CHECK(first.error().code == "line_too_long");
  util::fault::ScopedHook hook([](std::string_view point) { return point == "file.read"; });
  auto second = f->read_line(line, 100);
  REQUIRE_FALSE(second);
  CHECK(second.error().code == "io_error");
}

TEST_CASE("reading a secret hardens the process first: no core dumps, not dumpable") {
  ScratchDir dir;
  write(dir / "key", "secret\n");
  // In a child: the test binary itself keeps its core dumps.
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Earlier tests of this file read secrets in the parent: start dumpable again.
    if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0 || util::process_is_hardened()) ::_exit(1);
    auto plain = util::read_file(dir / "key", 64);  // not a secret: nothing changes
    if (!plain || ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1) ::_exit(2);
    auto secret = util::read_secret_file(dir / "key", 64);
    if (!secret || std::string(secret->begin(), secret->end()) != "secret\n") ::_exit(3);
    struct rlimit core {};
    if (::getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0) ::_exit(4);
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0 || !util::process_is_hardened()) ::_exit(5);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
