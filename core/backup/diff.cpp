#include "core/backup/diff.hpp"

#include <map>

namespace lnstore::backup {

BackupDiff diff_backups(const ScbMulti& older, const ScbMulti& newer) {
  std::map<std::string, const ScbSingle*> in_old, in_new;
  for (const auto& s : older.singles) in_old[scb_chan_point(s)] = &s;
  for (const auto& s : newer.singles) in_new[scb_chan_point(s)] = &s;
  BackupDiff diff;
  for (const auto& [point, single] : in_new) {
    auto it = in_old.find(point);
    if (it == in_old.end())
      diff.added.push_back(point);
    else if (!(*it->second == *single))
      diff.changed.push_back(point);
  }
  for (const auto& [point, single] : in_old)
    if (!in_new.contains(point)) diff.removed.push_back(point);
  return diff;
}

nlohmann::ordered_json to_json(const BackupDiff& diff) {
  return {{"added", diff.added}, {"removed", diff.removed}, {"changed", diff.changed}};
}

}  // namespace lnstore::backup
