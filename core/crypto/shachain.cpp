#include "core/crypto/shachain.hpp"

#include <algorithm>
#include <bit>
#include <string>

#include <cryptopp/misc.h>
#include <cryptopp/sha.h>

#include "core/util/hex.hpp"

namespace lnstore::crypto {

namespace {

std::unexpected<Error> index_out_of_range(std::string_view what, std::uint64_t value) {
  return malformed("revocation_index_out_of_range",
                   std::string(what) + " " + std::to_string(value) + " exceeds 2^48 - 1 (281474976710655)");
}

// BOLT 3 derive_secret(base, bits, I): walks from a stored node down to I,
// flipping and hashing for each of the low `bits` bits set in I.
ShachainSecret derive_from(const ShachainSecret& base, unsigned bits, std::uint64_t index) {
  ShachainSecret node = base;
  ShachainSecret next;
  CryptoPP::SHA256 sha;
  for (unsigned bit = bits; bit-- > 0;) {
    if (((index >> bit) & 1) == 0) continue;
    node.mutable_bytes()[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    sha.CalculateDigest(next.mutable_bytes().data(), node.bytes().data(), 32);
    node = next;
  }
  return node;
}

// Secrets at positions below `bits` share the bits above it with `base_index`
// only if `base` can derive them.
bool derivable(std::uint64_t base_index, unsigned bits, std::uint64_t index) {
  const std::uint64_t mask = ~((std::uint64_t{1} << bits) - 1);
  return (index & mask) == base_index;
}

std::string describe(std::uint64_t index) {
  return "index " + std::to_string(index) + " (commitment " + std::to_string(k_shachain_max_index - index) + ")";
}

}  // namespace

ShachainSecret::ShachainSecret(std::span<const std::uint8_t, 32> bytes) {
  std::copy(bytes.begin(), bytes.end(), m_bytes.begin());
}

ShachainSecret::~ShachainSecret() { CryptoPP::SecureWipeArray(m_bytes.data(), m_bytes.size()); }

bool operator==(const ShachainSecret& a, const ShachainSecret& b) {
  return CryptoPP::VerifyBufsEqual(a.m_bytes.data(), b.m_bytes.data(), a.m_bytes.size());
}

Result<ShachainSecret> parse_shachain_secret(std::string_view hex) {
  auto bytes = LNSTORE_TRY(util::from_hex(hex, "secret", 32));
  ShachainSecret secret(std::span<const std::uint8_t, 32>(bytes.data(), 32));
  CryptoPP::SecureWipeArray(bytes.data(), bytes.size());
  return secret;
}

Result<ShachainSecret> derive_secret(std::span<const std::uint8_t, 32> seed, std::uint64_t index) {
  if (index > k_shachain_max_index) return index_out_of_range("shachain index", index);
  return derive_from(ShachainSecret(seed), 48, index);
}

Result<std::uint64_t> commitment_to_bolt_index(std::uint64_t commitment_number) {
  if (commitment_number > k_shachain_max_index) return index_out_of_range("commitment number", commitment_number);
  return k_shachain_max_index - commitment_number;
}

Result<std::uint64_t> bolt_index_to_commitment(std::uint64_t bolt_index) {
  if (bolt_index > k_shachain_max_index) return index_out_of_range("shachain index", bolt_index);
  return k_shachain_max_index - bolt_index;
}

std::uint8_t shachain_position(std::uint64_t index) {
  if (index == 0) return 48;
  return static_cast<std::uint8_t>(std::countr_zero(index));
}

Result<void> ShachainReceiver::insert(std::uint64_t index, const ShachainSecret& secret) {
  if (index > k_shachain_max_index) return index_out_of_range("shachain index", index);
  const auto expected = next_index();
  if (!expected) {
    return rule_error("revocation_out_of_order", "all 2^48 per-commitment secrets have already been received");
  }
  if (index != *expected) {
    return rule_error("revocation_out_of_order",
                      "expected the secret for " + describe(*expected) + ", got " + describe(index));
  }
  const unsigned position = shachain_position(index);
  for (unsigned lower = 0; lower < position; ++lower) {
    const auto& slot = m_slots[lower];
    if (!slot) continue;
    if (!(derive_from(secret, position, slot->index) == slot->secret)) {
      return rule_error(
          "revocation_secret_mismatch",
          "the secret for " + describe(index) + " does not derive the stored secret for " + describe(slot->index));
    }
  }
  m_slots[position] = Slot{index, secret};
  m_lowest = index;
  return {};
}

Result<ShachainSecret> ShachainReceiver::derive(std::uint64_t index) const {
  if (index > k_shachain_max_index) return index_out_of_range("shachain index", index);
  for (unsigned position = 0; position < k_shachain_positions; ++position) {
    const auto& slot = m_slots[position];
    if (slot && derivable(slot->index, position, index)) return derive_from(slot->secret, position, index);
  }
  return rule_error("revocation_secret_unknown", "the secret for " + describe(index) + " has not been received");
}

std::vector<ShachainEntry> ShachainReceiver::entries() const {
  std::vector<ShachainEntry> out;
  for (unsigned position = 0; position < k_shachain_positions; ++position) {
    const auto& slot = m_slots[position];
    if (slot) out.push_back(ShachainEntry{static_cast<std::uint8_t>(position), slot->index, slot->secret});
  }
  return out;
}

std::optional<std::uint64_t> ShachainReceiver::next_index() const {
  if (!m_lowest) return k_shachain_max_index;
  if (*m_lowest == 0) return std::nullopt;
  return *m_lowest - 1;
}

Result<ShachainReceiver> ShachainReceiver::restore(std::span<const ShachainEntry> entries) {
  const auto corrupt = [](const std::string& message) {
    return fail(ExitClass::incompatible, "revocation_store_corrupt", "stored revocation secrets: " + message);
  };
  ShachainReceiver receiver;
  if (entries.empty()) return receiver;
  if (entries.size() > k_shachain_positions) return corrupt("more than 49 entries");

  std::uint64_t lowest = k_shachain_max_index;
  for (const auto& entry : entries) {
    if (entry.index > k_shachain_max_index)
      return corrupt("index " + std::to_string(entry.index) + " exceeds 2^48 - 1");
    if (entry.position != shachain_position(entry.index)) {
      return corrupt("index " + std::to_string(entry.index) + " is at position " + std::to_string(entry.position) +
                     ", not " + std::to_string(shachain_position(entry.index)));
    }
    auto& slot = receiver.m_slots[entry.position];
    if (slot) return corrupt("position " + std::to_string(entry.position) + " appears twice");
    slot = Slot{entry.index, entry.secret};
    lowest = std::min(lowest, entry.index);
  }

  // After inserting every index from 2^48 - 1 down to `lowest`, position b
  // holds the smallest index >= lowest with exactly b trailing zero bits.
  for (unsigned position = 0; position < k_shachain_positions; ++position) {
    bool want = false;
    std::uint64_t want_index = 0;
    if (position == 48) {
      want = lowest == 0;
    } else {
      std::uint64_t multiple = (lowest + (std::uint64_t{1} << position) - 1) >> position;
      if (multiple % 2 == 0) ++multiple;
      want_index = multiple << position;
      want = want_index <= k_shachain_max_index;
    }
    const auto& slot = receiver.m_slots[position];
    if (!want && slot) {
      return corrupt("position " + std::to_string(position) + " holds index " + std::to_string(slot->index) +
                     " but should hold nothing");
    }
    if (want && !slot)
      return corrupt("position " + std::to_string(position) + " is missing index " + std::to_string(want_index));
    if (want && slot->index != want_index) {
      return corrupt("position " + std::to_string(position) + " holds index " + std::to_string(slot->index) +
                     " but should hold index " + std::to_string(want_index));
    }
  }

  // Every pair insert() would have compared must still agree.
  for (unsigned upper = 1; upper < k_shachain_positions; ++upper) {
    const auto& base = receiver.m_slots[upper];
    if (!base) continue;
    for (unsigned lower = 0; lower < upper; ++lower) {
      const auto& slot = receiver.m_slots[lower];
      if (!slot || !derivable(base->index, upper, slot->index)) continue;
      if (!(derive_from(base->secret, upper, slot->index) == slot->secret)) {
        return corrupt("the secret for index " + std::to_string(base->index) + " does not derive the one for index " +
                       std::to_string(slot->index));
      }
    }
  }
  receiver.m_lowest = lowest;
  return receiver;
}

}  // namespace lnstore::crypto
