// libFuzzer target: channel documents (SPEC section 5), the input of
// `channel open` and the output of `channel show`. The input is JSON text;
// text nlohmann refuses is skipped (it is the JSON parser's business, not
// ours). Checked:
//  - parse_channel_document fails only with malformed errors (naming the
//    field), never throws, and its errors print as JSON;
//  - an accepted document inserts into an empty database (rolled back
//    afterwards) and shows (channel_json) as a document that is accepted
//    again and shows the same: `channel show` output is a fixed point of
//    `channel open` (peer addresses compared as a set: the store lists the
//    newest first);
//  - a state update document made of the shown state applies to the channel.
// Seeds: tests/fuzz/corpus/channel_document/ (documents of the lndinit and
// chantools fixtures from tests/tools/channel_docs_from_fixture.py, and
// variants of every channel type).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/channels/channel_state.hpp"
#include "core/storage/store.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/scratch_store.hpp"

namespace {

using namespace lnstore;
using Json = nlohmann::ordered_json;

std::string describe(const Error& e) {
  return "exit " + std::to_string(static_cast<int>(e.exit)) + " " + e.code + ": " + e.message;
}

// Inserts the document into the (empty) store, returns what `channel show`
// prints, and rolls back.
Json insert_and_show(storage::Store& store, const channels::ChannelDocument& doc) {
  LNSTORE_FUZZ_CHECK(store.begin().has_value());
  auto inserted = channels::insert_channel(store, doc);
  LNSTORE_FUZZ_CHECK_MSG(inserted.has_value(), inserted ? "" : describe(inserted.error()));
  auto shown = channels::channel_json(store, *inserted, std::nullopt);
  LNSTORE_FUZZ_CHECK_MSG(shown.has_value(), shown ? "" : describe(shown.error()));
  store.rollback();
  (void)fuzz::printed(*shown);
  return *shown;
}

Json with_sorted_addresses(Json doc) {
  if (doc.contains("peer_addresses") && doc["peer_addresses"].is_array()) {
    std::vector<std::string> addresses;
    for (const auto& a : doc["peer_addresses"]) addresses.push_back(a.get<std::string>());
    std::sort(addresses.begin(), addresses.end());
    doc["peer_addresses"] = addresses;
  }
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Json input = Json::parse(data, data + size, nullptr, false);
  if (input.is_discarded()) return 0;
  auto doc = channels::parse_channel_document(input);
  if (!doc) {
    LNSTORE_FUZZ_CHECK_MSG(doc.error().exit == ExitClass::malformed && !doc.error().code.empty(),
                           describe(doc.error()));
    (void)fuzz::printed(doc.error());
    return 0;
  }

  storage::Store& store = fuzz::scratch_store();
  const Json shown = insert_and_show(store, *doc);
  auto reparsed = channels::parse_channel_document(shown);
  LNSTORE_FUZZ_CHECK_MSG(reparsed.has_value(), "channel show output refused by channel open: " +
                                                   (reparsed ? "" : describe(reparsed.error())));
  const Json shown_again = insert_and_show(store, *reparsed);
  LNSTORE_FUZZ_CHECK_MSG(with_sorted_addresses(shown_again) == with_sorted_addresses(shown),
                         shown.dump() + "\n  became\n" + shown_again.dump());

  // The current state as an update document changes nothing.
  Json update = Json::object();
  for (const char* key : {"local_balance_msat", "remote_balance_msat", "fee_per_kw", "num_updates",
                          "total_sent_msat", "total_received_msat", "total_fees_msat"})
    if (shown.contains(key)) update[key] = shown.at(key);
  channels::Channel channel = doc->channel;
  auto updated = channels::apply_update_document(channel, update);
  LNSTORE_FUZZ_CHECK_MSG(updated.has_value(), updated ? "" : describe(updated.error()));
  LNSTORE_FUZZ_CHECK(channel.local_balance_msat == doc->channel.local_balance_msat &&
                     channel.remote_balance_msat == doc->channel.remote_balance_msat &&
                     channel.num_updates == doc->channel.num_updates);
  return 0;
}
