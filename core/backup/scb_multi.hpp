// ScbMulti: lnd's chanbackup.Multi, the plaintext of channel.backup
// (spec/scb-format.md section 3): version 0, u32 BE count, Singles.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/backup/scb_single.hpp"

namespace lnstore::backup {

struct ScbMulti {
  std::uint8_t version = 0;  // DefaultMultiVersion, the only one
  std::vector<ScbSingle> singles;
  bool operator==(const ScbMulti&) const = default;
};

// Serializes version, count and every Single in order. Fails with malformed
// "backup_encode_failed" for a version other than 0 ("unable to pack unknown
// multi-version") and propagates the first Single's encoding error, its
// message prefixed with the Single's position; nothing is returned then.
[[nodiscard]] Result<util::Bytes> encode_scb_multi(const ScbMulti& multi);

// Decodes as lnd does: version must be 0 ("unable to unpack unknown
// multi-version of N"), then exactly `count` Singles; a bad Single fails the
// whole Multi (message "backup single I: FIELD: ...", details.single = I);
// bytes after the last Single are ignored. Errors: malformed "bad_backup".
[[nodiscard]] Result<ScbMulti> decode_scb_multi(std::span<const std::uint8_t> plaintext);

}  // namespace lnstore::backup
