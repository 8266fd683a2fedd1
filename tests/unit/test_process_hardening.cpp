// harden_process_for_secrets: no core dump, not dumpable. Each check runs in
// a forked child, so the test binary itself keeps its core dumps.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

#include "core/util/process_hardening.hpp"
#include "scratch_dir.hpp"

using namespace lnstore;
using lnstore::test::ScratchDir;

TEST_SUITE_BEGIN("process_hardening");

namespace {

// Runs `body` in a child process; its return value is the child's exit code.
int in_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) ::_exit(body());
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("core file size 0 (soft and hard) and not dumpable; idempotent") {
  const int rc = in_child([] {
    // As a shell with `ulimit -c unlimited` would start it (when the test
    // binary already read a secret, only root may raise the hard limit).
    const struct rlimit unlimited {RLIM_INFINITY, RLIM_INFINITY};
    ::setrlimit(RLIMIT_CORE, &unlimited);
    if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0 || util::process_is_hardened()) return 1;
    if (!util::harden_process_for_secrets()) return 2;
    struct rlimit core {};
    if (::getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0) return 3;
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) return 4;
    if (!util::process_is_hardened()) return 5;
    if (!util::harden_process_for_secrets()) return 6;  // the second call is a no-op
    // The hard limit is 0: nothing in this process (or a child) can raise it again.
    const struct rlimit some {1 << 20, 1 << 20};
    if (::setrlimit(RLIMIT_CORE, &some) == 0 && ::geteuid() != 0) return 7;
    return 0;
  });
  CHECK(rc == 0);
}

TEST_CASE("a hardened process that crashes leaves no core file") {
  ScratchDir dir;
  const int rc = in_child([&] {
    if (::chdir(dir.path().c_str()) != 0) return 1;
    const struct rlimit unlimited {RLIM_INFINITY, RLIM_INFINITY};
    ::setrlimit(RLIMIT_CORE, &unlimited);
    ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    if (!util::harden_process_for_secrets()) return 2;
    ::signal(SIGSEGV, SIG_DFL);
    ::raise(SIGSEGV);
    return 3;
  });
  CHECK(rc == 128 + SIGSEGV);
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_SUITE_END();
