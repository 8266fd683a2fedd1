// Restoring channels from static channel backups: the same validation as
// every other way a channel comes in.
#include <doctest/doctest.h>

#include "core/backup/channel_backup.hpp"
#include "scb_samples.hpp"

using namespace lnstore;

TEST_CASE("a Single restores to a channel that passes channels::validate") {
  auto restored = backup::channel_from_single(test::make_scb_single(backup::ScbVersion::anchors, false));
  REQUIRE_MESSAGE(restored.has_value(), restored.error().message);
  CHECK(restored->channel.status == channels::ChannelStatus::restored);
  CHECK(restored->channel.type == codec::ChannelType::anchors);
  CHECK(restored->peer_addresses.size() == 5);  // the opaque address has no host:port
  CHECK(channels::validate(restored->channel).has_value());

  auto lease = backup::channel_from_single(test::make_scb_single(backup::ScbVersion::script_enforced_lease, false));
  REQUIRE_MESSAGE(lease.has_value(), lease.error().message);
  CHECK(lease->channel.lease_expiry == std::optional<std::int64_t>(900001));

  // A commitment signature that is not DER: refused like `channel open` would.
  auto not_der = test::make_scb_single(backup::ScbVersion::anchors, true);
  not_der.close_tx->commit_sig = util::Bytes(71, 0x30);
  auto bad = backup::channel_from_single(not_der);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == "bad_backup");
  CHECK(bad.error().message.find("remote_commit_sig") != std::string::npos);
}
