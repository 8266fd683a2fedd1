#include "core/crypto/secp_context.hpp"

#include <cryptopp/osrng.h>

#include "core/util/secure_bytes.hpp"

namespace lnstore::crypto {

namespace {

struct OwnedContext {
  secp256k1_context* context = nullptr;

  OwnedContext() {
    context = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (context == nullptr) return;
    unsigned char seed[32];
    bool seeded = false;
    try {
      CryptoPP::OS_GenerateRandomBlock(false, seed, sizeof seed);
      seeded = true;
    } catch (const CryptoPP::Exception&) {
    }
    const bool randomised = seeded && secp256k1_context_randomize(context, seed) == 1;
    util::secure_wipe(seed, sizeof seed);
    if (!randomised) {
      secp256k1_context_destroy(context);
      context = nullptr;
    }
  }
  ~OwnedContext() {
    if (context != nullptr) secp256k1_context_destroy(context);
  }
  OwnedContext(const OwnedContext&) = delete;
  OwnedContext& operator=(const OwnedContext&) = delete;
};

}  // namespace

Result<const secp256k1_context*> secp_context() {
  static const OwnedContext owned;  // C++ guarantees one thread-safe initialisation
  if (owned.context == nullptr)
    return fail(ExitClass::internal, "secp256k1_context", "cannot create a randomised secp256k1 context");
  return owned.context;
}

}  // namespace lnstore::crypto
