// libFuzzer target: `apply` input. Each input is up to 16 JSON Lines run as
// `apply --atomic` runs them (nlohmann parse, then run_operation inside a
// per-line savepoint), on one database created per process with a little
// committed state (a tower, a session with a pending update, a registered
// channel, an open channel and its peer) so that lines referring to existing
// things get past the lookups; the whole input is rolled back afterwards.
// Checked:
//  - no exception escapes and no operation fails with exit internal, I/O,
//    busy or incompatible (SPEC: a malformed line is an error of that line,
//    exit 3; exit 70 is a bug); unknown_operation exactly for unknown names;
//  - every result and error prints as JSON (app/ dumps strictly);
//  - after the lines that succeeded, `db check` (integrity, foreign keys and
//    every model invariant) reports no problem.
// Seeds: tests/fuzz/corpus/apply_line/ (one line per operation, genops lines,
// short multi-line scenarios).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/storage/db_admin.hpp"
#include "core/ops/operations.hpp"
#include "core/storage/store.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/scratch_store.hpp"

namespace {

using namespace lnstore;
using Json = nlohmann::ordered_json;

constexpr std::size_t k_max_lines = 16;

// Committed before the first input. Tower 1 is the generator point; session
// ids are points from shared/bench/genops.py; the channel is the first open
// channel of the lndinit fixture (tests/tools/channel_docs_from_fixture.py).
constexpr const char* k_setup_lines[] = {
    R"({"op":"tower.add","address":"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@127.0.0.1:9911"})",
    R"({"op":"session.reserve","tower":1})",
    R"({"op":"session.create","tower":1,"key_index":1,"id":"02e8ffe881f53d4a165a8da0a2445b22176e3d03953234bbbbc42ed754b6266039","policy":{"blob_type":2,"max_updates":4,"reward_base":0,"reward_rate":0,"sweep_fee_rate":12500}})",
    R"({"op":"channel.register","chan_id":"061d46d2ac6d85fbbf381425ab9b1fa3adca5ce00bc1bfb5669d9ba0843892fc","sweep_pkscript":"0014061d46d2ac6d85fbbf381425ab9b1fa3adca5ce0"})",
    R"({"op":"update.commit","session":"02e8ffe881f53d4a165a8da0a2445b22176e3d03953234bbbbc42ed754b6266039","seqnum":1,"chan_id":"061d46d2ac6d85fbbf381425ab9b1fa3adca5ce00bc1bfb5669d9ba0843892fc","commit_height":0,"hint":"b5258745f7a936f539af06e363ab680b","blob":"fef7d9eea12d9e23a1434a73a3802806"})",
    R"({"op":"channel.open","channel":{"chan_point":"1059bd7737fec4fa2a8aa4c390c3fc2be4e0a9eb25c409b3d9e62af31cd912d3:0","short_channel_id":"440x1x0","peer":"023bb818046b888b0e31870eaf589c1abe726d5d45ef74c4eba682c06dc3a56cec","peer_addresses":["127.0.0.1:10133"],"is_initiator":true,"type":"tweakless","capacity_sat":100000,"local_balance_msat":50000000,"remote_balance_msat":25000000,"fee_per_kw":2500,"num_updates":2,"total_sent_msat":5000000,"total_received_msat":0,"local_csv_delay":4,"remote_csv_delay":4,"local_keys":{"multisig":{"family":0,"index":0,"pubkey":"039a1390416115e5fb67764456cf8790f4035f4371f29316c0c05fa8e6c41fba16"},"revocation_base":{"family":1,"index":0,"pubkey":"02838b5764186a969c7d23e68988d749ac89fac13de896cadce4ebfd207c4e0d46"},"payment_base":{"family":3,"index":0,"pubkey":"022f71ae756877e0f494177ff9ecb885634b87a35a61bd15fdd8093137eaac8ce5"},"delay_base":{"family":4,"index":0,"pubkey":"03e6a049e1616ad3d1bfe2d0094cd2f36fba033894e785c357ded01c97786670d5"},"htlc_base":{"family":2,"index":0,"pubkey":"020c811d7aabf0af6ed4f402207e27ebf48a3071af9c8009133bc946e32879e9a3"}},"remote_keys":{"multisig":"0227b9744bc1563ae916a8a0aa29f4c289ae2a587f6218ae5de6476814fed195a0","revocation_base":"03c92c0203959c5b897d1414c803b95e8e6d93e89b81426fa9f4e14722902edf8c","payment_base":"021f29bdd944b5317578b6a0abf00f3165bdaf012b5d2386ac495ecd124a049512","delay_base":"02ff942a5330bc580dd8349640f5e0d7dd2029c433904cbeb19f3afbf0691de402","htlc_base":"02283399d109686ea8d3c23c2a0d587038c4d9cd991a5333e4dcc4ed0bf7ed010a"},"shachain_root":{"family":5,"index":1,"pubkey":null},"local_commit_tx":"0200000001d312d91cf32ae6d9b309c425eba9e0e42bfcc390c3a48a2afac4fe3777bd59100000000000611bb9800288130000000000001600140c5279ce0268e286404b56ce50d68490c161e52ebe4f0100000000002200202c9150d924e40b38d6b55a28417b1fad3f82ef06a7622aa4041be24fd5d54ae59c30a820","remote_commit_sig":"304402205f8cea7efd72fe041a9fd66a3a121dad16195cebebda9a32be3391a62d589bf702205711319a704a2045fd2ab13841fdcb80a84389d1f4f69c7615db219d3adc4311"}})",
    R"({"op":"peer.add","address":"023bb818046b888b0e31870eaf589c1abe726d5d45ef74c4eba682c06dc3a56cec@[2001:db8::1]:9735"})",
};

std::string describe(const Error& e) {
  return "exit " + std::to_string(static_cast<int>(e.exit)) + " " + e.code + ": " + e.message;
}

// One line as `apply --atomic` runs it (app/cmd_apply.cpp): parse, then the
// operation inside a savepoint that is rolled back if it fails.
Result<Json> run_line(storage::Store& store, std::string_view line, ops::OperationContext& context) {
  Json parsed = Json::parse(line, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return malformed("malformed_json", "not a JSON object");
  auto op = parsed.find("op");
  if (op == parsed.end() || !op->is_string()) return malformed("missing_field", "missing field 'op'");
  const std::string name = op->get<std::string>();
  LNSTORE_TRY(store.savepoint());
  auto result = ops::run_operation(store, name, parsed, context);
  if (!result) {
    store.rollback_to();
    LNSTORE_FUZZ_CHECK((result.error().code == "unknown_operation") == !ops::is_known_operation(name));
    return result;
  }
  LNSTORE_FUZZ_CHECK(ops::is_known_operation(name));
  LNSTORE_TRY(store.release());
  return result;
}

storage::Store& prepared_store() {
  static storage::Store& store = []() -> storage::Store& {
    storage::Store& s = fuzz::scratch_store();
    LNSTORE_FUZZ_CHECK(s.begin().has_value());
    ops::OperationContext context;
    for (const char* line : k_setup_lines) {
      auto r = run_line(s, line, context);
      LNSTORE_FUZZ_CHECK_MSG(r.has_value(), std::string(line).substr(0, 60) + ": " + (r ? "" : describe(r.error())));
    }
    LNSTORE_FUZZ_CHECK(s.commit().has_value());
    return s;
  }();
  return store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  storage::Store& store = prepared_store();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  LNSTORE_FUZZ_CHECK(store.begin().has_value());
  ops::OperationContext context;
  bool changed = false;
  std::size_t lines = 0;
  for (std::size_t start = 0; start <= input.size() && lines < k_max_lines;) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ++lines;
    auto result = run_line(store, line, context);
    if (result) {
      changed = true;
      (void)fuzz::printed(*result);
      continue;
    }
    const ExitClass exit = result.error().exit;
    LNSTORE_FUZZ_CHECK_MSG(exit == ExitClass::rule || exit == ExitClass::usage || exit == ExitClass::malformed,
                           describe(result.error()));
    (void)fuzz::printed(result.error());
  }
  if (changed) {
    auto check = storage::db_check(store);
    LNSTORE_FUZZ_CHECK_MSG(check.has_value(), check ? "" : describe(check.error()));
    LNSTORE_FUZZ_CHECK_MSG(check->ok(), storage::to_json(*check).dump());
  }
  store.rollback();
  LNSTORE_FUZZ_CHECK(!store.in_transaction());
  return 0;
}
