// Fault injection: named points where storage and file writes can be made to
// fail on purpose, so tests can prove a failure at any of them leaves no
// half-applied state. Production never installs a hook; a point then costs
// one branch.
#pragma once

#include <functional>
#include <string_view>

namespace lnstore::util::fault {

// Points: "sql.begin", "sql.commit", "migration.step", "file.create",
// "file.write", "file.fsync", "file.rename", "file.dir_fsync", "file.read".
using Hook = std::function<bool(std::string_view point)>;  // true: fail here

// Installs (or with an empty hook, removes) the process-wide hook. Tests only.
void set_hook(Hook hook);
// True when the installed hook asks this point to fail.
bool should_fail(std::string_view point);

// Installs a hook for the lifetime of a scope.
class ScopedHook {
 public:
  explicit ScopedHook(Hook hook) { set_hook(std::move(hook)); }
  ~ScopedHook() { set_hook({}); }
  ScopedHook(const ScopedHook&) = delete;
  ScopedHook& operator=(const ScopedHook&) = delete;
};

}  // namespace lnstore::util::fault
