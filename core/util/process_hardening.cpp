#include "core/util/process_hardening.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace lnstore::util {

namespace {

std::unexpected<Error> refused(const char* call, int err) {
  return fail(ExitClass::io, "process_hardening_failed",
              std::string("cannot disable core dumps before reading a key: ") + call + ": " + std::strerror(err),
              {{"call", call}, {"errno", err}});
}

}  // namespace

Result<void> harden_process_for_secrets() {
  // Two system calls, made on every call rather than once behind a flag:
  // cheap next to reading a key, and a state something else changed since
  // (a library calling prctl) is put right again.
  const struct rlimit none {0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0) return refused("setrlimit(RLIMIT_CORE)", errno);
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return refused("prctl(PR_SET_DUMPABLE)", errno);
  return {};
}

bool process_is_hardened() noexcept {
  struct rlimit core {};
  return ::getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_cur == 0 && core.rlim_max == 0 &&
         ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
}

}  // namespace lnstore::util
