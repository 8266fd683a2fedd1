// libFuzzer target: the input is the plaintext of a packed Single (what
// `backup dump --single` decodes after decryption). decode_scb_single must
// fail only with malformed "bad_backup", never crash; a Single it accepts
// must print as JSON (`backup dump`), re-encode (lnd could always write what
// it read) and decode back to the same value. Seeds: tests/fuzz/corpus/scb_single/
// (the spec vector's plaintext and Singles of every version, from
// make_seed_corpus).
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/backup/scb_json.hpp"
#include "core/backup/scb_single.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lnstore;
  auto single = backup::decode_scb_single(std::span<const std::uint8_t>(data, size));
  if (!single) {
    LNSTORE_FUZZ_CHECK_ERROR(single.error(), ExitClass::malformed, "bad_backup");
    return 0;
  }
  (void)fuzz::printed(to_json(*single));
  (void)backup::scb_chan_point(*single);

  LNSTORE_FUZZ_CHECK_ROUND_TRIP(
      *single, [](const backup::ScbSingle& s) { return backup::encode_scb_single(s); },
      [](const util::Bytes& bytes) { return backup::decode_scb_single(bytes); });
  return 0;
}
