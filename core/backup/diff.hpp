// Comparing two static channel backups channel by channel (`backup diff`).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/backup/scb_multi.hpp"

namespace lnstore::backup {

// Channel points ("txid:index", display order), each list sorted.
struct BackupDiff {
  std::vector<std::string> added;    // in the newer backup only
  std::vector<std::string> removed;  // in the older backup only
  std::vector<std::string> changed;  // in both, with any field of the Single different
};

// Compares `older` with `newer` by channel point. Cannot fail. When a backup
// lists a channel point twice, its last Single counts.
BackupDiff diff_backups(const ScbMulti& older, const ScbMulti& newer);

// {"added": [...], "removed": [...], "changed": [...]}
nlohmann::ordered_json to_json(const BackupDiff& diff);

}  // namespace lnstore::backup
