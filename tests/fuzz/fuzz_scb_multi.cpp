// libFuzzer target: the input is the plaintext of a packed Multi (a
// decrypted channel.backup). decode_scb_multi must fail only with malformed
// "bad_backup" (a huge count must not allocate up front), never crash; a
// Multi it accepts must print as JSON, re-encode and decode back to the same
// value. Seeds: tests/fuzz/corpus/scb_multi/ (Multis of the spec vector and
// of Singles of every version, from make_seed_corpus).
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/backup/scb_json.hpp"
#include "core/backup/scb_multi.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lnstore;
  auto multi = backup::decode_scb_multi(std::span<const std::uint8_t>(data, size));
  if (!multi) {
    LNSTORE_FUZZ_CHECK_ERROR(multi.error(), ExitClass::malformed, "bad_backup");
    return 0;
  }
  LNSTORE_FUZZ_CHECK(multi->version == 0);
  (void)fuzz::printed(to_json(*multi));

  LNSTORE_FUZZ_CHECK_ROUND_TRIP(
      *multi, [](const backup::ScbMulti& m) { return backup::encode_scb_multi(m); },
      [](const util::Bytes& bytes) { return backup::decode_scb_multi(bytes); });
  return 0;
}
