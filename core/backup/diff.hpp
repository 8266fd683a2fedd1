// Comparing two static channel backups channel by channel (`backup diff`).
#pragma once

#include <map>
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
  // For each changed channel point, the fields that differ, named as
  // `backup dump` names them (type, short_channel_id, addresses, close_tx...).
  std::map<std::string, std::vector<std::string>> changed_fields;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

// Compares `older` with `newer` by channel point. Cannot fail. When a backup
// lists a channel point twice, its last Single counts.
BackupDiff diff_backups(const ScbMulti& older, const ScbMulti& newer);

// {"added": [...], "removed": [...], "changed": [...], "changed_fields": {chan_point: [field, ...]}}
nlohmann::ordered_json to_json(const BackupDiff& diff);

}  // namespace lnstore::backup
