# tower add|remove|deactivate|list|show and their refusals.
source "$(dirname "$0")/lib.sh"

expect_ok lnstore tower add "$G1@10.0.0.1"
check '.id == 1 and .pubkey == "'$G1'" and .addresses == ["10.0.0.1:9911"] and .status == "active"'
check '.num_sessions == 0 and .sessions == null and (keys | length) == 6'
expect_ok lnstore tower add "$G1@[2001:db8::1]:9912"
check '.addresses == ["[2001:db8::1]:9912", "10.0.0.1:9911"]'
expect_ok lnstore tower add "$G1@10.0.0.1:9911"
check '.addresses == ["[2001:db8::1]:9912", "10.0.0.1:9911"]'
expect_ok lnstore tower add "$G2@2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"
check '.id == 2 and .addresses == ["2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion:9911"]'
expect_ok lnstore tower add "$G3@tower.example.com:443"
check '.addresses == ["tower.example.com:443"]'

expect_ok lnstore tower list
check '.towers | length == 3 and (map(.id) == [1,2,3])'
expect_ok lnstore tower show 2
check '.pubkey == "'$G2'"'
expect_ok lnstore tower show "$G1" --include-sessions
check '.sessions == []'

expect_ok lnstore tower deactivate "$G2"
check '.status == "inactive"'
expect_ok lnstore tower deactivate "$G2"
check '.status == "inactive"'
expect_ok lnstore tower list --status inactive
check '.towers | map(.id) == [2]'
expect_ok lnstore tower list --status active
check '.towers | map(.id) == [1,3]'
expect_ok lnstore tower add "$G2@10.9.9.9"
check '.status == "active" and .addresses[0] == "10.9.9.9:9911"'

# Removing one address, then the last one.
expect_ok lnstore tower remove "$G1@[2001:db8::1]:9912"
check '.addresses == ["10.0.0.1:9911"]'
expect_err 1 last_tower_addr lnstore tower remove "$G1@10.0.0.1:9911"
# A session-less tower is deleted outright.
expect_ok lnstore tower remove "$G3"
check '. == {"pubkey": "'$G3'", "deleted": true}'
expect_err 1 tower_not_found lnstore tower show "$G3"
expect_err 1 tower_not_found lnstore tower remove "$G3"
expect_err 1 tower_not_found lnstore tower deactivate "$G4"
expect_err 1 tower_not_found lnstore tower show 99

# A tower with sessions becomes inactive; with pending updates it refuses.
expect_ok lnstore session reserve 1
expect_ok lnstore session create --tower 1 --key-index 1 --id "$G5"
expect_ok lnstore channel register "$CHAN1" --sweep-pkscript 0014aa
expect_ok lnstore update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob "$BLOB"
expect_err 1 tower_unacked_updates lnstore tower remove "$G1"
expect_ok lnstore update ack "$G5" --seqnum 1 --last-applied 1
expect_ok lnstore tower remove "$G1"
check '.status == "inactive" and .num_sessions == 1'

# Bad input: exit 3, nothing changed.
expect_err 3 bad_address lnstore tower add "$G4"
expect_err 3 invalid_pubkey lnstore tower add "$OFFCURVE@10.0.0.1"
expect_err 3 bad_length lnstore tower add "0279be@10.0.0.1"
expect_err 3 bad_hex lnstore tower add "zz79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@10.0.0.1"
expect_err 3 bad_address lnstore tower add "$G4@10.0.0.1:0"
expect_err 3 bad_address lnstore tower add "$G4@10.0.0.1:65536"
expect_err 3 bad_address lnstore tower add "$G4@::1"
expect_err 3 bad_address lnstore tower add "$G4@bad..name"
expect_err 3 bad_address lnstore tower add "$G4@abc.onion"
expect_err 2 usage lnstore tower add
expect_err 2 usage lnstore tower list --status sleeping
# tower list serializes its items itself (no JSON document per tower): the
# bytes must be what a JSON library prints for the same document, indented
# (Python's json with indent=2) and compact, for towers with one, two and
# onion addresses, active and inactive; and each item what tower show prints.
lnstore tower list >list.json
lnstore --compact tower list >list_compact.json
"$PY" - list.json list_compact.json <<'PYEOF' || fail "tower list is not byte-identical to a JSON library's output"
import json, sys
pretty = open(sys.argv[1]).read()
compact = open(sys.argv[2]).read()
doc = json.loads(pretty)
assert len(doc["towers"]) >= 2, doc
assert pretty == json.dumps(doc, indent=2) + "\n", pretty
assert compact == json.dumps(doc, separators=(",", ":")) + "\n", compact
PYEOF
for id in $(jq ".towers[].id" list_compact.json); do
  [[ "$(lnstore --compact tower show "$id")" == "$(jq -c ".towers[] | select(.id == $id)" list_compact.json)" ]] ||
    fail "tower list's item $id differs from tower show"
done
echo "test_tower: ok"
