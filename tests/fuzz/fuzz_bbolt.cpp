// libFuzzer target: the input is a bbolt file image. BoltDb::open_from_bytes
// must never crash or read out of bounds, and once it accepts an image every
// bucket, entry and lookup must read back without error (open validated the
// whole tree), so any such failure aborts. The wtclient decoder runs on every
// accepted image too. Seeds: tests/fuzz/corpus/bbolt/ (small bbolt-written
// files from tests/tools/bbolt_gen -corpus).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/lnd/bbolt_file.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"

namespace {

void walk_everything(const lnstore::lnd::BoltBucket& top) {
  std::vector<lnstore::lnd::BoltBucket> pending{top};
  while (!pending.empty()) {
    const lnstore::lnd::BoltBucket bucket = pending.back();
    pending.pop_back();
    const auto walked = bucket.for_each([&](const lnstore::lnd::BoltEntry& entry) -> lnstore::Result<void> {
      if (entry.is_bucket) {
        auto nested = bucket.open_nested(entry);
        if (!nested) std::abort();
        auto again = bucket.bucket(entry.key);
        if (!again || !*again || (*again)->sequence() != nested->sequence()) std::abort();
        pending.push_back(std::move(*nested));
      } else {
        auto value = bucket.get(entry.key);
        if (!value || !*value || **value != lnstore::util::Bytes(entry.value.begin(), entry.value.end())) std::abort();
      }
      return {};
    });
    if (!walked) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto db = lnstore::lnd::BoltDb::open_from_bytes(lnstore::util::Bytes(data, data + size));
  if (!db) return 0;
  walk_everything(db->root());
  (void)lnstore::lnd::read_lnd_wtclient(*db);
  return 0;
}
