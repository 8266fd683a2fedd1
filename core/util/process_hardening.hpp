// Hardening for a process that is about to hold a private key.
//
// A core dump of lnstore while it holds the wallet root key (every command
// given --root-key-file, and `backup watch` for its whole life) would write
// the key to disk, where a crash reporter may keep or upload it. The key's
// buffers are excluded from dumps one by one (SecureBytes: MADV_DONTDUMP,
// mlock); this turns dumps off for the whole process, so that copies the
// buffers cannot cover (the C library's stdio buffers, the stack) are
// protected too.
#pragma once

#include "core/util/error.hpp"

namespace lnstore::util {

// Sets RLIMIT_CORE to 0 (soft and hard, so no child can raise it again) and
// makes the process non-dumpable (prctl PR_SET_DUMPABLE 0: no core file
// whatever the limit or core_pattern, no ptrace attach or /proc/PID/mem read
// by other processes of the same user). Idempotent and cheap (two system
// calls), so every function that reads a key calls it rather than trusting
// that another did. Must run before the first byte of a key is read.
//
// Fails with exit 7 "process_hardening_failed" (details "errno", "call")
// when the kernel refuses either call (only a sandbox that filters these
// system calls does); the caller then must not read the key.
[[nodiscard]] Result<void> harden_process_for_secrets();

// True when the process is as harden_process_for_secrets leaves it: core
// file size 0 (soft and hard) and not dumpable.
[[nodiscard]] bool process_is_hardened() noexcept;

}  // namespace lnstore::util
