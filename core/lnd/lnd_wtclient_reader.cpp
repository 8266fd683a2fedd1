#include "core/lnd/lnd_wtclient_reader.hpp"

#include "core/crypto/pubkey.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/codec/lnd_net_address.hpp"

namespace lnstore::lnd {

namespace {

std::string as_string(std::span<const std::uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

bool key_is(std::span<const std::uint8_t> key, std::string_view name) {
  return key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](std::uint8_t a, char b) {
           return a == static_cast<std::uint8_t>(b);
         });
}

std::unexpected<Error> corrupt_field(std::string_view field, std::string_view what) {
  return fail(ExitClass::incompatible, "corrupt_source", std::string(field) + ": " + std::string(what),
              nlohmann::json{{"field", std::string(field)}});
}

std::unexpected<Error> unsupported_value(std::string_view field, std::uint64_t value) {
  return fail(ExitClass::incompatible, "lnd_wtclient_unsupported",
              std::string(field) + ": unknown value " + std::to_string(value) + " (written by a newer lnd?)",
              nlohmann::json{{"field", std::string(field)}});
}

// Prefixes an error with where in the file it happened.
template <class T>
Result<T> at(Result<T> result, const std::string& path) {
  if (!result) {
    Error& error = result.error();
    error.message = "lnd wtclient.db " + path + ": " + error.message;
    error.details["db_path"] = path;
  }
  return result;
}

std::unexpected<Error> at(std::unexpected<Error> error, const std::string& path) {
  error.error().message = "lnd wtclient.db " + path + ": " + error.error().message;
  error.error().details["db_path"] = path;
  return error;
}

// A cursor over one value of lnd's database: damage there makes the source
// "incompatible" (exit 6), not the operator's input malformed.
codec::WireReader value_reader(std::span<const std::uint8_t> value) {
  return codec::WireReader(value, "corrupt_source", {}, ExitClass::incompatible);
}

// lnd's graph encoding of one net.Addr (channeldb's serializeAddr): type 0
// ipv4, 1 ipv6, 2 tor v2, 3 tor v3, 4 opaque, 5 dns. IP and onion hosts print
// as lnd's String() does (core/lnd_net_address.hpp).
Result<codec::NetAddress> read_address(codec::WireReader& in, const std::string& field) {
  using codec::AddressKind;
  const std::uint8_t type = LNSTORE_TRY(in.u8(field + ".type"));
  codec::NetAddress address;
  switch (type) {
    case 0: address = {AddressKind::ipv4, LNSTORE_TRY(in.owned(4, field + ".ip")), 0}; break;
    case 1: address = {AddressKind::ipv6, LNSTORE_TRY(in.owned(16, field + ".ip")), 0}; break;
    case 2: address = {AddressKind::tor_v2, LNSTORE_TRY(in.owned(10, field + ".onion")), 0}; break;
    case 3: address = {AddressKind::tor_v3, LNSTORE_TRY(in.owned(35, field + ".onion")), 0}; break;
    case 4: {
      // The payload of lnwire's opaque address, its type byte included.
      const std::uint16_t length = LNSTORE_TRY(in.u16_be(field + ".length"));
      return codec::NetAddress{AddressKind::opaque, LNSTORE_TRY(in.owned(length, field + ".payload")), 0};
    }
    case 5: {
      const std::uint8_t length = LNSTORE_TRY(in.u8(field + ".length"));
      util::Bytes name = LNSTORE_TRY(in.owned(length, field + ".hostname"));
      // Printable ASCII only: anything else is damage, and would not survive
      // as text (JSON output needs valid UTF-8).
      if (name.empty() || !std::all_of(name.begin(), name.end(), [](std::uint8_t c) { return c > 0x20 && c < 0x7f; }))
        return corrupt_field(field + ".hostname", "not a printable DNS name");
      address = {AddressKind::dns, std::move(name), 0};
      break;
    }
    default:
      return corrupt_field(field + ".type", "unknown address type " + std::to_string(type));
  }
  address.port = LNSTORE_TRY(in.u16_be(field + ".port"));
  return address;
}

Result<std::uint64_t> key_bigsize(std::span<const std::uint8_t> key, std::string_view field) {
  return decode_lnd_bigsize(key, field);
}

Result<std::uint64_t> fixed_be(std::span<const std::uint8_t> bytes, std::size_t width, std::string_view field) {
  if (bytes.size() != width)
    return corrupt_field(field, "expected " + std::to_string(width) + " bytes, found " + std::to_string(bytes.size()));
  std::uint64_t value = 0;
  for (std::uint8_t byte : bytes) value = value << 8 | byte;
  return value;
}

Result<void> expect_value(const KvEntry& entry, std::string_view what) {
  if (entry.is_bucket) return corrupt_field(what, "expected a value, found a bucket");
  return {};
}

Result<void> expect_bucket(const KvEntry& entry, std::string_view what) {
  if (!entry.is_bucket) return corrupt_field(what, "expected a bucket, found a value");
  return {};
}

Result<void> expect_length(std::span<const std::uint8_t> bytes, std::size_t length, std::string_view what) {
  if (bytes.size() != length)
    return corrupt_field(what, "expected " + std::to_string(length) + " bytes, found " + std::to_string(bytes.size()));
  return {};
}

constexpr std::array<std::string_view, 10> k_top_level_buckets = {"client-channel-detail-bucket",
                                                                  "client-channel-id-index",
                                                                  "client-closable-sessions-bucket",
                                                                  "client-session-bucket",
                                                                  "client-session-id-index",
                                                                  "client-session-key-index-bucket",
                                                                  "client-tower-bucket",
                                                                  "client-tower-index-bucket",
                                                                  "client-tower-to-session-index-bucket",
                                                                  "metadata-bucket"};

Result<KvBucket> required_bucket(const KvBucket& root, std::string_view name) {
  std::optional<KvBucket> bucket = LNSTORE_TRY(at(root.bucket(name), std::string(name)));
  if (!bucket)
    return fail(ExitClass::incompatible, "corrupt_source",
                "lnd wtclient.db not initialized: top-level bucket " + std::string(name) + " is missing",
                nlohmann::json{{"db_path", std::string(name)}});
  return *bucket;
}

// Decoding state shared by the bucket readers.
struct Decoder {
  LndWtclientDb& out;
  LndProgressCounter& counter;
  std::vector<std::string> unknown;  // paths of entries not understood

  Result<void> towers(const KvBucket& bucket) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = "client-tower-bucket/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_value(e, "tower"), path));
      const std::uint64_t id = LNSTORE_TRY(at(fixed_be(e.key, 8, "tower id key"), path));
      out.towers.push_back(LNSTORE_TRY(at(decode_lnd_tower(id, e.value), path)));
      return {};
    });
  }

  Result<void> tower_index(const KvBucket& bucket) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = "client-tower-index-bucket/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_value(e, "tower index entry"), path));
      LNSTORE_TRY(at(expect_length(e.key, 33, "tower pubkey key"), path));
      const std::uint64_t id = LNSTORE_TRY(at(fixed_be(e.value, 8, "tower id"), path));
      out.tower_index.push_back({util::Bytes(e.key.begin(), e.key.end()), id});
      return {};
    });
  }

  Result<void> tower_sessions(const KvBucket& bucket) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = "client-tower-to-session-index-bucket/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_bucket(e, "tower's session set"), path));
      LndTowerSessions sessions;
      sessions.tower_id = LNSTORE_TRY(at(fixed_be(e.key, 8, "tower id key"), path));
      const KvBucket set = LNSTORE_TRY(bucket.open_nested(e));
      LNSTORE_TRY(set.for_each([&](const KvEntry& s) -> Result<void> {
        const std::string spath = path + "/" + util::to_hex(s.key);
        LNSTORE_TRY(at(expect_value(s, "session set entry"), spath));
        LNSTORE_TRY(at(expect_length(s.key, 33, "session id key"), spath));
        sessions.session_ids.emplace_back(s.key.begin(), s.key.end());
        return {};
      }));
      out.tower_sessions.push_back(std::move(sessions));
      return {};
    });
  }

  Result<std::vector<LndSessionChannelRanges>> range_index(const KvBucket& bucket, const std::string& path) {
    std::vector<LndSessionChannelRanges> all;
    LNSTORE_TRY(bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string cpath = path + "/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_bucket(e, "channel range index"), cpath));
      LndSessionChannelRanges channel;
      channel.db_chan_id = LNSTORE_TRY(at(key_bigsize(e.key, "db chan id key"), cpath));
      const KvBucket ranges = LNSTORE_TRY(bucket.open_nested(e));
      LNSTORE_TRY(ranges.for_each([&](const KvEntry& r) -> Result<void> {
        const std::string rpath = cpath + "/" + util::to_hex(r.key);
        LNSTORE_TRY(at(expect_value(r, "range"), rpath));
        LndAckedRange range;
        range.start = LNSTORE_TRY(at(key_bigsize(r.key, "range start key"), rpath));
        range.end = LNSTORE_TRY(at(decode_lnd_bigsize(r.value, "range end"), rpath));
        if (range.end < range.start) return at(corrupt_field("range end", "below the range start"), rpath);
        if (!channel.ranges.empty() && range.start <= channel.ranges.back().end)
          return at(corrupt_field("range start key", "overlaps the previous range"), rpath);
        channel.ranges.push_back(range);
        return {};
      }));
      all.push_back(std::move(channel));
      return {};
    }));
    return all;
  }

  Result<void> sessions(const KvBucket& bucket) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = "client-session-bucket/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_bucket(e, "session"), path));
      LNSTORE_TRY(at(expect_length(e.key, 33, "session id key"), path));
      LndSession session;
      session.id.assign(e.key.begin(), e.key.end());
      bool have_body = false;
      bool have_db_id = false;
      const KvBucket sb = LNSTORE_TRY(bucket.open_nested(e));
      LNSTORE_TRY(sb.for_each([&](const KvEntry& f) -> Result<void> {
        if (key_is(f.key, "client-session-body")) {
          const std::string fpath = path + "/client-session-body";
          LNSTORE_TRY(at(expect_value(f, "session body"), fpath));
          session.body = LNSTORE_TRY(at(decode_lnd_session_body(f.value), fpath));
          have_body = true;
        } else if (key_is(f.key, "client-session-db-id")) {
          const std::string fpath = path + "/client-session-db-id";
          LNSTORE_TRY(at(expect_value(f, "session db id"), fpath));
          session.db_id = LNSTORE_TRY(at(decode_lnd_bigsize(f.value, "session db id"), fpath));
          have_db_id = true;
        } else if (key_is(f.key, "client-session-commits")) {
          const std::string fpath = path + "/client-session-commits";
          LNSTORE_TRY(at(expect_bucket(f, "committed updates"), fpath));
          const KvBucket commits = LNSTORE_TRY(sb.open_nested(f));
          LNSTORE_TRY(commits.for_each([&](const KvEntry& c) -> Result<void> {
            const std::string cpath = fpath + "/" + util::to_hex(c.key);
            LNSTORE_TRY(at(expect_value(c, "committed update"), cpath));
            const auto seqnum = static_cast<std::uint16_t>(LNSTORE_TRY(at(fixed_be(c.key, 2, "seqnum key"), cpath)));
            session.committed_updates.push_back(LNSTORE_TRY(at(decode_lnd_committed_update(seqnum, c.value), cpath)));
            return {};
          }));
        } else if (key_is(f.key, "client-session-ack-range-index")) {
          const std::string fpath = path + "/client-session-ack-range-index";
          LNSTORE_TRY(at(expect_bucket(f, "acked range index"), fpath));
          session.acked_ranges = LNSTORE_TRY(range_index(LNSTORE_TRY(sb.open_nested(f)), fpath));
        } else if (key_is(f.key, "client-session-rogue-update-count")) {
          const std::string fpath = path + "/client-session-rogue-update-count";
          LNSTORE_TRY(at(expect_value(f, "rogue update count"), fpath));
          session.rogue_count = LNSTORE_TRY(at(decode_lnd_bigsize(f.value, "rogue update count"), fpath));
        } else {
          unknown.push_back(path + "/" + util::to_hex(f.key));
        }
        return {};
      }));
      if (!have_body) return at(corrupt_field("client-session-body", "client session corrupted: no body"), path);
      if (!have_db_id) return at(corrupt_field("client-session-db-id", "session has no db id"), path);
      out.sessions.push_back(std::move(session));
      counter.record();
      return {};
    });
  }

  Result<void> db_id_index(const KvBucket& bucket, std::string_view name, std::size_t key_length,
                           std::vector<LndDbIdEntry>& into) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = std::string(name) + "/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_value(e, "id index entry"), path));
      LndDbIdEntry entry;
      entry.db_id = LNSTORE_TRY(at(key_bigsize(e.key, "db id key"), path));
      LNSTORE_TRY(at(expect_length(e.value, key_length, "indexed id"), path));
      entry.key.assign(e.value.begin(), e.value.end());
      into.push_back(std::move(entry));
      return {};
    });
  }

  Result<void> channels(const KvBucket& bucket) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = "client-channel-detail-bucket/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_bucket(e, "channel details corrupted: channel"), path));
      LNSTORE_TRY(at(expect_length(e.key, 32, "chan id key"), path));
      LndWtChannel channel;
      channel.chan_id.assign(e.key.begin(), e.key.end());
      bool have_summary = false;
      bool have_db_id = false;
      const KvBucket cb = LNSTORE_TRY(bucket.open_nested(e));
      LNSTORE_TRY(cb.for_each([&](const KvEntry& f) -> Result<void> {
        if (key_is(f.key, "client-channel-summary")) {
          const std::string fpath = path + "/client-channel-summary";
          LNSTORE_TRY(at(expect_value(f, "channel summary"), fpath));
          codec::WireReader reader = value_reader(f.value);
          channel.sweep_pkscript = LNSTORE_TRY(at(reader.var_bytes("sweep pkscript", k_lnd_max_var_bytes), fpath));
          LNSTORE_TRY(at(reader.finish("channel summary"), fpath));
          have_summary = true;
        } else if (key_is(f.key, "client-channel-db-id")) {
          const std::string fpath = path + "/client-channel-db-id";
          LNSTORE_TRY(at(expect_value(f, "channel db id"), fpath));
          channel.db_id = LNSTORE_TRY(at(decode_lnd_bigsize(f.value, "channel db id"), fpath));
          have_db_id = true;
        } else if (key_is(f.key, "client-channel-sessions")) {
          const std::string fpath = path + "/client-channel-sessions";
          LNSTORE_TRY(at(expect_bucket(f, "channel sessions"), fpath));
          const KvBucket set = LNSTORE_TRY(cb.open_nested(f));
          LNSTORE_TRY(set.for_each([&](const KvEntry& s) -> Result<void> {
            const std::string spath = fpath + "/" + util::to_hex(s.key);
            LNSTORE_TRY(at(expect_value(s, "channel session entry"), spath));
            channel.session_db_ids.push_back(LNSTORE_TRY(at(key_bigsize(s.key, "session db id key"), spath)));
            return {};
          }));
        } else if (key_is(f.key, "client-channel-closed-height")) {
          const std::string fpath = path + "/client-channel-closed-height";
          LNSTORE_TRY(at(expect_value(f, "closed height"), fpath));
          channel.closed_height =
              static_cast<std::uint32_t>(LNSTORE_TRY(at(fixed_be(f.value, 4, "closed height"), fpath)));
        } else if (key_is(f.key, "client-channel-max-commitment-height")) {
          const std::string fpath = path + "/client-channel-max-commitment-height";
          LNSTORE_TRY(at(expect_value(f, "max commitment height"), fpath));
          channel.max_height = LNSTORE_TRY(at(decode_lnd_bigsize(f.value, "max commitment height"), fpath));
        } else {
          unknown.push_back(path + "/" + util::to_hex(f.key));
        }
        return {};
      }));
      if (!have_summary) return at(corrupt_field("client-channel-summary", "channel not registered: no summary"), path);
      if (!have_db_id) return at(corrupt_field("client-channel-db-id", "channel has no db id"), path);
      out.channels.push_back(std::move(channel));
      return {};
    });
  }

  Result<void> closable(const KvBucket& bucket) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = "client-closable-sessions-bucket/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_value(e, "closable session"), path));
      LndClosableSession session;
      session.db_id = LNSTORE_TRY(at(key_bigsize(e.key, "session db id key"), path));
      session.height = static_cast<std::uint32_t>(LNSTORE_TRY(at(fixed_be(e.value, 4, "close height"), path)));
      out.closable_sessions.push_back(session);
      return {};
    });
  }

  Result<void> reservations(const KvBucket& bucket) {
    return bucket.for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = "client-session-key-index-bucket/" + util::to_hex(e.key);
      LNSTORE_TRY(at(expect_value(e, "key index reservation"), path));
      LndKeyIndexReservation reservation;
      reservation.key.assign(e.key.begin(), e.key.end());
      if (e.key.size() == 6) {
        reservation.tower_id_field = LNSTORE_TRY(fixed_be(e.key.first(4), 4, "tower id bytes"));
        reservation.blob_type = static_cast<std::uint16_t>(LNSTORE_TRY(fixed_be(e.key.subspan(4), 2, "blob type")));
      } else if (e.key.size() == 8) {
        reservation.legacy = true;
        reservation.tower_id_field = LNSTORE_TRY(fixed_be(e.key, 8, "tower id"));
        reservation.blob_type = 0x0002;  // AltruistCommit: the only type before lnd v0.12
      } else {
        return at(corrupt_field("reservation key", "expected 6 or 8 bytes, found " + std::to_string(e.key.size())),
                  path);
      }
      reservation.key_index = static_cast<std::uint32_t>(LNSTORE_TRY(at(fixed_be(e.value, 4, "key index"), path)));
      out.key_index_reservations.push_back(std::move(reservation));
      return {};
    });
  }

  Result<LndDiskQueue> disk_queue(const KvBucket& bucket, const std::string& path) {
    LndDiskQueue queue;
    LNSTORE_TRY(bucket.for_each([&](const KvEntry& e) -> Result<void> {
      if (key_is(e.key, "oldest-index") || key_is(e.key, "next-index")) {
        const std::string name = as_string(e.key);
        LNSTORE_TRY(at(expect_value(e, name), path + "/" + name));
        const std::uint64_t index = LNSTORE_TRY(at(decode_lnd_bigsize(e.value, name), path + "/" + name));
        (name == "oldest-index" ? queue.oldest_index : queue.next_index) = index;
      } else if (key_is(e.key, "items")) {
        const std::string ipath = path + "/items";
        LNSTORE_TRY(at(expect_bucket(e, "queue items"), ipath));
        const KvBucket items = LNSTORE_TRY(bucket.open_nested(e));
        LNSTORE_TRY(items.for_each([&](const KvEntry& i) -> Result<void> {
          const std::string item_path = ipath + "/" + util::to_hex(i.key);
          LNSTORE_TRY(at(expect_value(i, "queue item"), item_path));
          LndQueuedBackup item;
          item.index = LNSTORE_TRY(at(key_bigsize(i.key, "queue index key"), item_path));
          codec::WireReader reader = value_reader(i.value);
          item.chan_id = LNSTORE_TRY(at(reader.owned(32, "backup id chan id"), item_path));
          item.commit_height = LNSTORE_TRY(at(reader.u64_be("backup id commit height"), item_path));
          LNSTORE_TRY(at(reader.finish("backup id"), item_path));
          queue.items.push_back(std::move(item));
          return {};
        }));
      } else {
        unknown.push_back(path + "/" + util::to_hex(e.key));
      }
      return {};
    }));
    return queue;
  }

  // A top-level bucket that is not one of lnd's fixed ones: a client's task
  // queue when it holds client-task-queue, otherwise reported as unknown.
  Result<void> other_top_level(const KvBucket& root, const KvEntry& e) {
    const std::string name = as_string(e.key);
    if (!e.is_bucket) {
      unknown.push_back(util::to_hex(e.key));
      return {};
    }
    const KvBucket top = LNSTORE_TRY(root.open_nested(e));
    const std::optional<KvBucket> tq = LNSTORE_TRY(top.bucket("client-task-queue"));
    // lnd names its queues after client types ("legacy", "anchor", ...);
    // anything else is not one of them.
    const bool printable =
        !e.key.empty() && std::all_of(e.key.begin(), e.key.end(), [](std::uint8_t c) { return c > 0x20 && c < 0x7f; });
    if (!tq || !printable) {
      unknown.push_back(util::to_hex(e.key));
      return {};
    }
    LndTaskQueue queue;
    queue.client = name;
    const std::string path = util::to_hex(e.key) + "/client-task-queue";
    LNSTORE_TRY(tq->for_each([&](const KvEntry& q) -> Result<void> {
      if (key_is(q.key, "queue-main") || key_is(q.key, "queue-head")) {
        const std::string qpath = path + "/" + as_string(q.key);
        LNSTORE_TRY(at(expect_bucket(q, "queue"), qpath));
        LndDiskQueue decoded = LNSTORE_TRY(disk_queue(LNSTORE_TRY(tq->open_nested(q)), qpath));
        (key_is(q.key, "queue-main") ? queue.main : queue.head) = std::move(decoded);
      } else {
        unknown.push_back(path + "/" + util::to_hex(q.key));
      }
      return {};
    }));
    out.task_queues.push_back(std::move(queue));
    return {};
  }
};

}  // namespace

Result<std::uint64_t> decode_lnd_bigsize(std::span<const std::uint8_t> bytes, std::string_view field) {
  codec::WireReader reader = value_reader(bytes);
  const std::uint64_t value = LNSTORE_TRY(reader.bigsize(field));
  LNSTORE_TRY(reader.finish(field));
  return value;
}

Result<codec::NetAddress> read_lnd_net_address(std::span<const std::uint8_t>& in, std::string_view field) {
  codec::WireReader reader = value_reader(in);
  codec::NetAddress address = LNSTORE_TRY(read_address(reader, std::string(field)));
  in = reader.rest();
  return address;
}

Result<LndTower> decode_lnd_tower(std::uint64_t id, std::span<const std::uint8_t> value) {
  codec::WireReader in = value_reader(value);
  LndTower tower;
  tower.id = id;
  tower.pubkey = LNSTORE_TRY(in.owned(33, "tower.pubkey"));
  if (!crypto::is_valid_pubkey(tower.pubkey)) return corrupt_field("tower.pubkey", "not a valid compressed public key");
  const std::uint32_t count = LNSTORE_TRY(in.u32_be("tower.addresses.count"));
  // No reserve(count): the count is untrusted; each address consumes bytes.
  for (std::uint32_t i = 0; i < count; ++i)
    tower.addresses.push_back(LNSTORE_TRY(read_address(in, "tower.addresses[" + std::to_string(i) + "]")));
  // TLV stream to the end: types strictly increasing, unknown types skipped.
  std::optional<std::uint64_t> previous;
  while (!in.at_end()) {
    const std::uint64_t type = LNSTORE_TRY(in.bigsize("tower.tlv.type"));
    if (previous && type <= *previous) return corrupt_field("tower.tlv.type", "TLV types not strictly increasing");
    previous = type;
    const std::uint64_t length = LNSTORE_TRY(in.bigsize("tower.tlv.length"));
    if (length > in.remaining()) return corrupt_field("tower.tlv", "record length runs past the value");
    const std::span<const std::uint8_t> record = LNSTORE_TRY(in.bytes(static_cast<std::size_t>(length), "tower.tlv"));
    if (type != 0) continue;
    if (record.size() != 1) return corrupt_field("tower.status", "status record must be 1 byte");
    if (record[0] > 1) return unsupported_value("tower.status", record[0]);
    tower.status = static_cast<LndTowerStatus>(record[0]);
    tower.has_status_record = true;
  }
  return tower;
}

Result<LndSessionBody> decode_lnd_session_body(std::span<const std::uint8_t> value) {
  codec::WireReader in = value_reader(value);
  LndSessionBody body;
  body.seqnum = LNSTORE_TRY(in.u16_be("session.seqnum"));
  body.tower_last_applied = LNSTORE_TRY(in.u16_be("session.tower_last_applied"));
  body.tower_id = LNSTORE_TRY(in.u64_be("session.tower_id"));
  body.key_index = LNSTORE_TRY(in.u32_be("session.key_index"));
  const std::uint8_t status = LNSTORE_TRY(in.u8("session.status"));
  if (status > 1) return unsupported_value("session.status", status);
  body.status = static_cast<LndSessionStatus>(status);
  body.policy.blob_type = LNSTORE_TRY(in.u16_be("session.policy.blob_type"));
  body.policy.max_updates = LNSTORE_TRY(in.u16_be("session.policy.max_updates"));
  body.policy.reward_base = LNSTORE_TRY(in.u32_be("session.policy.reward_base"));
  body.policy.reward_rate = LNSTORE_TRY(in.u32_be("session.policy.reward_rate"));
  body.policy.sweep_fee_rate = LNSTORE_TRY(in.u64_be("session.policy.sweep_fee_rate"));
  body.reward_pkscript = LNSTORE_TRY(in.var_bytes("session.reward_pkscript", k_lnd_max_var_bytes));
  LNSTORE_TRY(in.finish("session body"));
  return body;
}

Result<LndCommittedUpdate> decode_lnd_committed_update(std::uint16_t seqnum, std::span<const std::uint8_t> value) {
  codec::WireReader in = value_reader(value);
  LndCommittedUpdate update;
  update.seqnum = seqnum;
  update.chan_id = LNSTORE_TRY(in.owned(32, "update.chan_id"));
  update.commit_height = LNSTORE_TRY(in.u64_be("update.commit_height"));
  update.hint = LNSTORE_TRY(in.owned(16, "update.hint"));
  update.encrypted_blob = LNSTORE_TRY(in.var_bytes("update.encrypted_blob", k_lnd_max_var_bytes));
  LNSTORE_TRY(in.finish("committed update"));
  return update;
}

Result<LndWtclientDb> read_lnd_wtclient(const BoltDb& db, const LndProgress& progress) {
  return read_lnd_wtclient(BoltKvSource(db), progress);
}

Result<LndWtclientDb> read_lnd_wtclient(const KvSource& db, const LndProgress& progress) {
  const KvBucket root = db.root();
  LndProgressCounter counter(db, progress);
  // lndinit's migrate-db tombstones a wtclient.db it copied to SQL as it does
  // a channel.db; lnd refuses both.
  if (LNSTORE_TRY(at(has_migration_tombstone(root), std::string("data-migration-tombstone"))))
    return tombstoned("lnd_wtclient_tombstoned", "wtclient.db");
  const std::optional<KvBucket> metadata = LNSTORE_TRY(root.bucket("metadata-bucket"));
  if (!metadata)
    return fail(ExitClass::incompatible, "corrupt_source", "not an lnd wtclient.db: no metadata-bucket",
                nlohmann::json{{"db_path", "metadata-bucket"}});
  const std::optional<util::Bytes> version = LNSTORE_TRY(metadata->get("version"));
  if (!version)
    return fail(ExitClass::incompatible, "corrupt_source", "lnd wtclient.db has no version",
                nlohmann::json{{"db_path", "metadata-bucket/version"}});
  LndWtclientDb out;
  out.version = static_cast<std::uint32_t>(
      LNSTORE_TRY(at(fixed_be(*version, 4, "version"), std::string("metadata-bucket/version"))));
  if (out.version < k_lnd_wtclient_version)
    return fail(ExitClass::incompatible, "lnd_wtclient_too_old",
                "lnd wtclient.db version " + std::to_string(out.version) +
                    " is older than 8: start lnd once to migrate it (lnd v0.18 or later, with wtclient.active)",
                nlohmann::json{{"version", out.version}});
  if (out.version > k_lnd_wtclient_version)
    return fail(ExitClass::incompatible, "lnd_wtclient_unsupported",
                "lnd wtclient.db version " + std::to_string(out.version) + " is newer than 8, which this lnstore reads",
                nlohmann::json{{"version", out.version}});

  Decoder decoder{out, counter, {}};
  LNSTORE_TRY(root.for_each([&](const KvEntry& e) -> Result<void> {
    if (e.is_bucket) {
      const KvBucket bucket = LNSTORE_TRY(root.open_nested(e));
      out.bucket_sequences[as_string(e.key)] = bucket.sequence();
    }
    const bool known = std::any_of(k_top_level_buckets.begin(), k_top_level_buckets.end(),
                                   [&](std::string_view name) { return key_is(e.key, name); });
    if (known) return at(expect_bucket(e, "top-level bucket"), as_string(e.key));
    return decoder.other_top_level(root, e);
  }));
  for (std::string_view name : k_top_level_buckets) (void)LNSTORE_TRY(required_bucket(root, name));

  LNSTORE_TRY(decoder.towers(LNSTORE_TRY(required_bucket(root, "client-tower-bucket"))));
  LNSTORE_TRY(decoder.tower_index(LNSTORE_TRY(required_bucket(root, "client-tower-index-bucket"))));
  LNSTORE_TRY(decoder.tower_sessions(LNSTORE_TRY(required_bucket(root, "client-tower-to-session-index-bucket"))));
  LNSTORE_TRY(decoder.sessions(LNSTORE_TRY(required_bucket(root, "client-session-bucket"))));
  LNSTORE_TRY(decoder.db_id_index(LNSTORE_TRY(required_bucket(root, "client-session-id-index")),
                                  "client-session-id-index", 33, out.session_id_index));
  LNSTORE_TRY(decoder.channels(LNSTORE_TRY(required_bucket(root, "client-channel-detail-bucket"))));
  LNSTORE_TRY(decoder.db_id_index(LNSTORE_TRY(required_bucket(root, "client-channel-id-index")),
                                  "client-channel-id-index", 32, out.channel_id_index));
  LNSTORE_TRY(decoder.closable(LNSTORE_TRY(required_bucket(root, "client-closable-sessions-bucket"))));
  LNSTORE_TRY(decoder.reservations(LNSTORE_TRY(required_bucket(root, "client-session-key-index-bucket"))));

  out.sequences.tower_id = out.bucket_sequences["client-tower-index-bucket"];
  out.sequences.channel_db_id = out.bucket_sequences["client-channel-id-index"];
  out.sequences.session_db_id = out.bucket_sequences["client-session-id-index"];
  out.sequences.session_key_index = out.bucket_sequences["client-session-key-index-bucket"];
  out.unknown_entries = std::move(decoder.unknown);
  return out;
}

Result<LndWtclientDb> read_lnd_wtclient_file(const std::filesystem::path& path, const LndReadOptions& options) {
  const BoltDb db = LNSTORE_TRY(open_lnd_source(path, options));
  Result<LndWtclientDb> out = read_lnd_wtclient(db, options.progress);
  if (!out) out.error().details["path"] = path.string();
  return out;
}

}  // namespace lnstore::lnd
