#include "core/backup/scb_json.hpp"

#include <algorithm>

namespace lnstore::backup {

using Json = nlohmann::ordered_json;

nlohmann::ordered_json to_json(const ScbSingle& s) {
  using nlohmann::ordered_json;
  Json local_keys = Json::object();
  Json remote_keys = Json::object();
  for (std::size_t i = 0; i < k_scb_key_names.size(); ++i) {
    const std::string name(k_scb_key_names[i]);
    local_keys[name] = {{"family", s.local_keys[i].family}, {"index", s.local_keys[i].index}, {"pubkey", nullptr}};
    remote_keys[name] = util::to_hex(s.remote_keys[i]);
  }
  Json addresses = Json::array();
  for (const codec::LndAddress& a : s.addresses) addresses.push_back(to_string(a));
  std::array<std::uint8_t, 32> chain = s.chain_hash;
  std::reverse(chain.begin(), chain.end());

  Json close_tx = nullptr;
  if (s.close_tx) {
    const ScbCloseTx& c = *s.close_tx;
    const bool has_height = scb_is_taproot(s.version) && c.commit_height;
    const bool has_root = s.version == ScbVersion::tapscript_root && c.tapscript_root;
    close_tx = {{"commit_tx", util::to_hex(c.commit_tx)},
                {"commit_sig", util::to_hex(c.commit_sig)},
                {"commit_height", has_height ? Json(*c.commit_height) : Json(nullptr)},
                {"tapscript_root", has_root ? Json(util::to_hex(*c.tapscript_root)) : Json(nullptr)}};
  }
  const bool has_lease = s.version == ScbVersion::script_enforced_lease && s.lease_expiry;
  return {
      {"version", static_cast<int>(s.version)},
      {"type", std::string(scb_version_name(s.version))},
      {"chan_point", scb_chan_point(s)},
      {"short_channel_id", scb_short_channel_id_string(s.short_channel_id)},
      {"chain_hash", util::to_hex(chain)},
      {"is_initiator", s.is_initiator},
      {"peer", util::to_hex(s.remote_node_pubkey)},
      {"addresses", std::move(addresses)},
      {"capacity_sat", s.capacity_sat},
      {"local_csv_delay", s.local_csv_delay},
      {"remote_csv_delay", s.remote_csv_delay},
      {"local_keys", std::move(local_keys)},
      {"remote_keys", std::move(remote_keys)},
      {"shachain_root",
       {{"family", s.shachain_locator.family},
        {"index", s.shachain_locator.index},
        {"pubkey", s.shachain_pubkey ? Json(util::to_hex(*s.shachain_pubkey)) : Json(nullptr)}}},
      {"lease_expiry", has_lease ? Json(*s.lease_expiry) : Json(nullptr)},
      {"close_tx", std::move(close_tx)},
  };
}

nlohmann::ordered_json to_json(const ScbMulti& multi) {
  nlohmann::ordered_json singles = nlohmann::ordered_json::array();
  for (const ScbSingle& s : multi.singles) singles.push_back(to_json(s));
  return {{"version", multi.version}, {"singles", std::move(singles)}};
}

}  // namespace lnstore::backup
