// libFuzzer target: the input is a bbolt file image, read by the lazy reader
// the importers use (BoltCheck::lazy: pages validated as they are loaded),
// in memory. It must never crash, read out of bounds or loop: the walk of
// every bucket may fail on a corrupt page, but only with an error. When the
// full validation walk (BoltCheck::full) accepts the image, the lazy walk
// must read everything back without error, so any failure then aborts. Both
// lnd decoders run on every image whose metas are valid. Seeds: tests/fuzz/corpus/bbolt/ (small bbolt-written
// files from tests/tools/bbolt_gen -corpus).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/lnd/bbolt_file.hpp"
#include "core/lnd/lnd_channeldb_reader.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"

namespace {

// Nested buckets may share pages in a corrupt image, so the number of
// buckets walked is capped (a valid tree this small has far fewer).
constexpr std::size_t k_max_buckets = 4096;

// Walks every bucket; false on the first error. `strict`: an error aborts.
bool walk_everything(const lnstore::lnd::BoltBucket& top, bool strict) {
  std::vector<lnstore::lnd::BoltBucket> pending{top};
  std::size_t walked_buckets = 0;
  while (!pending.empty() && ++walked_buckets <= k_max_buckets) {
    const lnstore::lnd::BoltBucket bucket = pending.back();
    pending.pop_back();
    const auto walked = bucket.for_each([&](const lnstore::lnd::BoltEntry& entry) -> lnstore::Result<void> {
      if (entry.is_bucket) {
        auto nested = bucket.open_nested(entry);
        if (!nested) return std::unexpected(nested.error());
        auto again = bucket.bucket(entry.key);
        if (!again) return std::unexpected(again.error());
        // The lookup finds the entry the walk found (keys may repeat in a
        // corrupt image, so only when it was verified).
        if (strict && (!*again || (*again)->sequence() != nested->sequence())) std::abort();
        pending.push_back(std::move(*nested));
      } else {
        auto value = bucket.get(entry.key);
        if (!value) return std::unexpected(value.error());
        if (strict && (!*value || **value != lnstore::util::Bytes(entry.value.begin(), entry.value.end())))
          std::abort();
      }
      return {};
    });
    if (!walked) {
      if (strict) std::abort();
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const lnstore::util::Bytes image(data, data + size);
  auto db = lnstore::lnd::BoltDb::open_from_bytes(image, lnstore::lnd::BoltCheck::lazy);
  if (!db) return 0;
  const bool verified = lnstore::lnd::BoltDb::open_from_bytes(image, lnstore::lnd::BoltCheck::full).has_value();
  (void)walk_everything(db->root(), verified);
  (void)lnstore::lnd::read_lnd_wtclient(*db);
  (void)lnstore::lnd::read_lnd_channeldb(*db);
  return 0;
}
