// Restoring channels from a static channel backup into the store (`backup
// restore`, lncli restorechanbackup): each channel the store does not know
// is added with status "restored", from which lnd's recovery can start.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/backup/scb_multi.hpp"
#include "core/codec/network.hpp"
#include "core/storage/store.hpp"
#include "core/util/error.hpp"

namespace lnstore::backup {

struct RestoreResult {
  std::vector<std::string> restored;  // channel points added, in backup order
  std::size_t already_known = 0;      // channels of the backup the store held already (left as they were)
};

// Every Single of `multi` is for `network`'s chain; otherwise malformed
// "wrong_chain" naming the first channel that is not. Reads nothing else, so
// a caller checks before it opens (and so perhaps creates) a database.
[[nodiscard]] Result<void> check_backup_chain(const ScbMulti& multi, codec::Network network);

// Inside the caller's write transaction: checks the chain as above, then
// inserts every channel of `multi` not yet in the store (same channel
// point) as a restored channel, with its peer's addresses. Channels already
// known are left untouched, so restoring a backup twice changes nothing.
// Errors: wrong_chain, bad_backup (a Single no channel can be made of, e.g.
// a zero csv delay), and storage errors; the caller rolls back, so nothing
// of the backup is kept.
[[nodiscard]] Result<RestoreResult> restore_channels(storage::Store& store, const ScbMulti& multi, codec::Network network);

// {"num_restored": N}
nlohmann::ordered_json to_json(const RestoreResult& result);

}  // namespace lnstore::backup
