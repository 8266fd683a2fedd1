// The process's one secp256k1 context for secret-key operations.
#pragma once

#include <secp256k1.h>

#include "core/util/error.hpp"

namespace lnstore::crypto {

// A context created on first use and randomised once with 32 bytes from the
// OS CSPRNG (blinding against side channels), then shared read-only: const
// use of a secp256k1 context is thread-safe. Public-key parsing does not need
// it (use secp256k1_context_static). Fails with exit internal, code
// "secp256k1_context", if creation or randomisation failed; the failure is
// remembered, every later call fails the same way.
[[nodiscard]] Result<const secp256k1_context*> secp_context();

}  // namespace lnstore::crypto
