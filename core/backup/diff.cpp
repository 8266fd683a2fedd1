#include "core/backup/diff.hpp"

#include <map>

namespace lnstore::backup {

namespace {

// The fields of two Singles of one channel point that differ.
std::vector<std::string> fields_changed(const ScbSingle& a, const ScbSingle& b) {
  std::vector<std::string> out;
  auto note = [&](bool differs, const char* name) {
    if (differs) out.emplace_back(name);
  };
  note(a.version != b.version, "type");
  note(a.is_initiator != b.is_initiator, "is_initiator");
  note(a.chain_hash != b.chain_hash, "chain_hash");
  note(a.short_channel_id != b.short_channel_id, "short_channel_id");
  note(a.remote_node_pubkey != b.remote_node_pubkey, "peer");
  note(a.addresses != b.addresses, "addresses");
  note(a.capacity_sat != b.capacity_sat, "capacity_sat");
  note(a.local_csv_delay != b.local_csv_delay, "local_csv_delay");
  note(a.remote_csv_delay != b.remote_csv_delay, "remote_csv_delay");
  note(a.local_keys != b.local_keys, "local_keys");
  note(a.remote_keys != b.remote_keys, "remote_keys");
  note(a.shachain_pubkey != b.shachain_pubkey || !(a.shachain_locator == b.shachain_locator), "shachain_root");
  note(a.lease_expiry != b.lease_expiry, "lease_expiry");
  note(a.close_tx != b.close_tx, "close_tx");
  return out;
}

}  // namespace

BackupDiff diff_backups(const ScbMulti& older, const ScbMulti& newer) {
  std::map<std::string, const ScbSingle*> in_old, in_new;
  for (const auto& s : older.singles) in_old[scb_chan_point(s)] = &s;
  for (const auto& s : newer.singles) in_new[scb_chan_point(s)] = &s;
  BackupDiff diff;
  for (const auto& [point, single] : in_new) {
    auto it = in_old.find(point);
    if (it == in_old.end())
      diff.added.push_back(point);
    else if (!(*it->second == *single)) {
      diff.changed.push_back(point);
      diff.changed_fields[point] = fields_changed(*it->second, *single);
    }
  }
  for (const auto& [point, single] : in_old)
    if (!in_new.contains(point)) diff.removed.push_back(point);
  return diff;
}

nlohmann::ordered_json to_json(const BackupDiff& diff) {
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  for (const auto& point : diff.changed) fields[point] = diff.changed_fields.at(point);
  return {{"added", diff.added}, {"removed", diff.removed}, {"changed", diff.changed}, {"changed_fields", fields}};
}

}  // namespace lnstore::backup
