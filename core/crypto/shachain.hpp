// BOLT 3 per-commitment secrets: the sender's generator (generate_from_seed)
// and the receiver's compact store, which keeps at most 49 secrets yet can
// re-derive every secret received so far.
//
// Index conventions: BOLT 3 counts down from 2^48 - 1 (the first commitment)
// to 0; lnd counts commitments up from 0. commitment_to_bolt_index converts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace lnstore::crypto {

inline constexpr std::uint64_t k_shachain_max_index = (std::uint64_t{1} << 48) - 1;
// Positions 0..47 hold the secret whose index has that many trailing zero
// bits; position 48 holds index 0 (all 48 bits zero).
inline constexpr std::size_t k_shachain_positions = 49;

// A 32-byte shachain seed or per-commitment secret, wiped when destroyed.
// Equality compares in constant time.
class ShachainSecret {
 public:
  ShachainSecret() = default;  // all zero
  explicit ShachainSecret(std::span<const std::uint8_t, 32> bytes);
  ShachainSecret(const ShachainSecret&) = default;
  ShachainSecret& operator=(const ShachainSecret&) = default;
  ~ShachainSecret();

  std::span<const std::uint8_t, 32> bytes() const { return m_bytes; }
  std::span<std::uint8_t, 32> mutable_bytes() { return m_bytes; }

  friend bool operator==(const ShachainSecret& a, const ShachainSecret& b);

 private:
  std::array<std::uint8_t, 32> m_bytes{};
};

// Decodes 64 hex digits into a secret; the intermediate buffer is wiped.
// Fails with malformed "bad_hex" or "bad_length" (field "secret").
[[nodiscard]] Result<ShachainSecret> parse_shachain_secret(std::string_view hex);

// BOLT 3 generate_from_seed(seed, index). Fails with malformed
// "revocation_index_out_of_range" when index > 2^48 - 1; nothing is derived then.
[[nodiscard]] Result<ShachainSecret> derive_secret(std::span<const std::uint8_t, 32> seed, std::uint64_t index);

// lnd commitment number N (0, 1, 2, ...) <-> BOLT 3 index 2^48 - 1 - N. Both
// fail with malformed "revocation_index_out_of_range" above 2^48 - 1.
[[nodiscard]] Result<std::uint64_t> commitment_to_bolt_index(std::uint64_t commitment_number);
[[nodiscard]] Result<std::uint64_t> bolt_index_to_commitment(std::uint64_t bolt_index);

// The position BOLT 3 stores a secret at: the number of trailing zero bits of
// its index (48 for index 0). `index` must be <= k_shachain_max_index.
std::uint8_t shachain_position(std::uint64_t index);

// One stored secret: the unit of persistence (one SQLite row per position).
struct ShachainEntry {
  std::uint8_t position = 0;
  std::uint64_t index = 0;  // BOLT 3 index
  ShachainSecret secret;
};

// BOLT 3 "Efficient Per-commitment Secret Storage". Secrets must arrive in
// decreasing BOLT index order starting at 2^48 - 1, each checked against the
// ones it can derive, so a peer cannot slip in a secret from another chain.
class ShachainReceiver {
 public:
  ShachainReceiver() = default;  // nothing received yet

  // Rebuilds a receiver from persisted entries (any order). Succeeds only if
  // the entries are exactly what a run of insert() from 2^48 - 1 down to the
  // lowest entry's index leaves behind: each position matches its index, no
  // position repeats or is missing, and every entry that another entry can
  // derive agrees with it. Otherwise fails with incompatible
  // "revocation_store_corrupt" (the rows were damaged or not written by us).
  [[nodiscard]] static Result<ShachainReceiver> restore(std::span<const ShachainEntry> entries);

  // Stores the secret for BOLT `index`. Fails, leaving the receiver unchanged,
  // with malformed "revocation_index_out_of_range" when index > 2^48 - 1, rule
  // "revocation_out_of_order" when index is not next_index(), and rule
  // "revocation_secret_mismatch" when the secret does not derive a stored one.
  [[nodiscard]] Result<void> insert(std::uint64_t index, const ShachainSecret& secret);

  // The secret for any BOLT index already received (>= lowest_index()). Fails
  // with malformed "revocation_index_out_of_range" when index > 2^48 - 1 and
  // rule "revocation_secret_unknown" when that secret has not been received.
  [[nodiscard]] Result<ShachainSecret> derive(std::uint64_t index) const;

  // The entries, ordered by position (at most 49).
  std::vector<ShachainEntry> entries() const;

  // The index insert() accepts next: 2^48 - 1 when empty, nullopt once index 0
  // has been stored.
  std::optional<std::uint64_t> next_index() const;
  // The lowest (most recent) index received, nullopt when empty.
  std::optional<std::uint64_t> lowest_index() const { return m_lowest; }
  bool empty() const { return !m_lowest.has_value(); }

 private:
  struct Slot {
    std::uint64_t index = 0;
    ShachainSecret secret;
  };
  std::array<std::optional<Slot>, k_shachain_positions> m_slots;
  std::optional<std::uint64_t> m_lowest;
};

}  // namespace lnstore::crypto
