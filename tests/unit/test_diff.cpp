// Comparing two backups channel by channel.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/backup/diff.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;

TEST_SUITE_BEGIN("diff");

TEST_CASE("identical backups differ in nothing") {
  backup::ScbMulti a{0, {make_scb_single(backup::ScbVersion::anchors, false, 1), make_scb_single(backup::ScbVersion::tweakless, false, 2)}};
  auto d = backup::diff_backups(a, a);
  CHECK(d.added.empty());
  CHECK(d.removed.empty());
  CHECK(d.changed.empty());
}

TEST_CASE("added, removed and changed channels are told apart by channel point") {
  auto one = make_scb_single(backup::ScbVersion::anchors, false, 1);
  auto two = make_scb_single(backup::ScbVersion::anchors, false, 2);
  auto three = make_scb_single(backup::ScbVersion::anchors, false, 3);
  auto two_later = two;
  two_later.close_tx = make_scb_single(backup::ScbVersion::anchors, true, 2).close_tx;  // a newer commitment
  backup::ScbMulti older{0, {one, two}};
  backup::ScbMulti newer{0, {two_later, three}};
  auto d = backup::diff_backups(older, newer);
  CHECK(d.added == std::vector{backup::scb_chan_point(three)});
  CHECK(d.removed == std::vector{backup::scb_chan_point(one)});
  CHECK(d.changed == std::vector{backup::scb_chan_point(two)});
  CHECK(d.changed_fields.at(backup::scb_chan_point(two)) == std::vector<std::string>{"close_tx"});
  CHECK(!d.empty());
  CHECK(backup::diff_backups(older, older).empty());
  auto moved = two;
  moved.capacity_sat += 1;
  moved.remote_csv_delay = static_cast<std::uint16_t>(moved.remote_csv_delay + 1);
  auto fields = backup::diff_backups(backup::ScbMulti{0, {two}}, backup::ScbMulti{0, {moved}}).changed_fields;
  CHECK(fields.at(backup::scb_chan_point(two)) == std::vector<std::string>{"capacity_sat", "remote_csv_delay"});
  // The other way round, what was added is removed; a change stays a change.
  auto back = backup::diff_backups(newer, older);
  CHECK(back.added == d.removed);
  CHECK(back.removed == d.added);
  CHECK(back.changed == d.changed);
}

TEST_CASE("order inside a backup does not matter, and lists come sorted") {
  std::vector<backup::ScbSingle> singles;
  for (std::uint8_t seed = 1; seed <= 5; ++seed) singles.push_back(make_scb_single(backup::ScbVersion::legacy, false, seed));
  backup::ScbMulti forward{0, singles};
  backup::ScbMulti reversed{0, {singles.rbegin(), singles.rend()}};
  auto same = backup::diff_backups(forward, reversed);
  CHECK((same.added.empty() && same.removed.empty() && same.changed.empty()));
  auto from_empty = backup::diff_backups(backup::ScbMulti{}, reversed);
  REQUIRE(from_empty.added.size() == 5);
  CHECK(std::is_sorted(from_empty.added.begin(), from_empty.added.end()));
}

TEST_CASE("to_json lists the three sets") {
  auto one = make_scb_single(backup::ScbVersion::anchors, false, 1);
  auto j = backup::to_json(backup::diff_backups(backup::ScbMulti{}, backup::ScbMulti{0, {one}}));
  CHECK(j == nlohmann::ordered_json{{"added", {backup::scb_chan_point(one)}},
                                    {"removed", nlohmann::ordered_json::array()},
                                    {"changed", nlohmann::ordered_json::array()},
                                    {"changed_fields", nlohmann::ordered_json::object()}});
}

TEST_SUITE_END();
