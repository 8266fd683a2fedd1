# channel open|update|close|resolve|list|show|closed|stats with real lnd
# channel data (documents built from the chantools fixture by an independent
# script), and every refusal.
source "$(dirname "$0")/lib.sh"
need_python
need_shared fixtures/lnd/chantools/expected-open-channels.json
"$PY" "$LNSTORE_SOURCE_DIR/tests/tools/channel_docs_from_fixture.py" \
  "$LNSTORE_SHARED_DIR/fixtures/lnd/chantools/expected-open-channels.json" >docs.jsonl
[[ $(wc -l <docs.jsonl) -eq 4 ]] || fail "expected 4 fixture channels"
sed -n 1p docs.jsonl >c1.json; sed -n 2p docs.jsonl >c2.json; sed -n 3p docs.jsonl >c3.json; sed -n 4p docs.jsonl >c4.json
CP1=$(jq -r .chan_point c1.json); CP2=$(jq -r .chan_point c2.json); CP3=$(jq -r .chan_point c3.json); CP4=$(jq -r .chan_point c4.json)
PEER1=$(jq -r .peer c1.json)

expect_ok lnstore channel open c1.json
check '.chan_point == "'$CP1'" and .status == "open" and .short_channel_id == "125x2x0" and .type == "tweakless"'
check '.chan_id == "4dad04f70b3dca63621ca9caf76d8e3a69c1c67acb33618b05349661629f2710"'
check '.peer_addresses == ["172.18.0.5:44848"] and .tower_registration == null and .lease_expiry == null'
check '(keys | length) == 30 and .local_keys.multisig == {"family": 0, "index": 2, "pubkey": "022ebe13208aa99a3f31e9af33714fa27a374ecb3ad72b6f9b8dab9fe1e4ee753f"}'
check '.shachain_root.family == 5 and (.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"))'
# The document round-trips: every input field comes back unchanged.
jq -e --slurpfile out <(echo "$OUT") 'to_entries | all(.value == $out[0][.key])' c1.json >/dev/null || fail "document did not round-trip"
expect_ok lnstore channel open - <c2.json
expect_err 1 channel_already_exists lnstore channel open c1.json
expect_ok lnstore apply <<<"{\"op\": \"channel.open\", \"channel\": $(cat c3.json)}"
check '.ok == true and .result.chan_point == "'$CP3'"'

# A document the model refuses: exit 1, nothing stored.
jq -c '.local_balance_msat = .capacity_sat * 1000' c4.json >over.json
expect_err 1 balance_exceeds_capacity lnstore channel open over.json
# Bad documents: refused as a whole, exit 3, nothing stored.
bad_doc() {  # $1 = jq filter applied to c4.json, $2 = expected code
  jq -c "$1" c4.json >bad.json
  expect_err 3 "$2" lnstore channel open bad.json
}
bad_doc '.peer = "'$OFFCURVE'"' invalid_pubkey
bad_doc '.remote_keys.htlc_base = "02abcd"' bad_length
bad_doc '.local_keys.delay_base.pubkey = "'$OFFCURVE'"' invalid_pubkey
bad_doc '.local_csv_delay = 0' bad_field
bad_doc '.type = "sporty"' bad_field
bad_doc '.lease_expiry = 800000' bad_field
bad_doc '.type = "script_enforced_lease"' missing_field
bad_doc '.chan_point = "zz:0"' bad_chan_point
bad_doc '.chan_point |= sub(":0$"; ":70000")' bad_chan_point
bad_doc '.chan_id = "00"' bad_field
bad_doc '.short_channel_id = "1x2"' bad_short_channel_id
bad_doc '.local_commit_tx = "0200000001"' bad_transaction
bad_doc '.local_commit_tx += "00"' bad_transaction
bad_doc '.remote_commit_sig = "3044"' bad_field
bad_doc '.peer_addresses = ["1.2.3.4:0"]' bad_address
bad_doc 'del(.local_keys.htlc_base)' missing_field
bad_doc '.local_keys.htlc_base = {"family": 2}' bad_field
bad_doc '.extra = 1' bad_field
bad_doc '.created_at = "yesterday"' bad_field
bad_doc '.num_updates = -1' bad_field
bad_doc '.capacity_sat = 0' bad_field
# Spending another outpoint: the commitment must spend the funding output.
jq -c --arg t "$(jq -r .local_commit_tx c1.json)" '.local_commit_tx = $t' c4.json >bad.json
expect_err 3 bad_field lnstore channel open bad.json
printf '{"chan_point": ' >trunc.json
expect_err 3 malformed_json lnstore channel open trunc.json
expect_err 7 file_not_found lnstore channel open "$WORK/none.json"
expect_ok lnstore channel open c4.json

# Lists, stats, decode.
expect_ok lnstore channel list
check '.channels | length == 4 and all(.status == "open")'
expect_ok lnstore channel list --peer "$PEER1"
check '.channels | map(.chan_point) | index("'$CP1'") != null'
expect_ok lnstore channel show "$CP1" --decode
check '.decoded.local_commit_tx.inputs[0].txid == "10279f62619634058b6133cb7ac6c1693a8e6df7caa91c6263ca3d0bf704ad4d"'
check '.decoded.local_commit_tx.inputs[0].vout == 0 and .decoded.funding_tx == null and (.decoded.local_commit_tx.outputs | length) >= 1'
expect_err 1 channel_not_found lnstore channel show "$(printf '00%.0s' {1..32}):1"
expect_err 3 bad_chan_point lnstore channel show nonsense
total_cap=$(jq -s 'map(.capacity_sat) | add' docs.jsonl)
expect_ok lnstore channel stats --by-peer
check '.totals.num_channels == 4 and .totals.capacity_sat == '$total_cap
check '.totals.local_balance_msat == ('$total_cap' * 500) and (.by_peer | map(.num_channels) | add) == 4'

# Updates: state moves forward only, balances stay within capacity.
cap=$(jq .capacity_sat c1.json)
echo '{"local_balance_msat": 1000, "remote_balance_msat": 2000, "num_updates": 5, "fee_per_kw": 300, "total_sent_msat": 7}' >u.json
expect_ok lnstore channel update "$CP1" u.json
check '.local_balance_msat == 1000 and .num_updates == 5 and .fee_per_kw == 300 and .total_sent_msat == 7'
echo '{"num_updates": 4}' | expect_err 1 num_updates_decreased lnstore channel update "$CP1" -
echo '{"local_balance_msat": '$((cap * 1000))'}' | expect_err 1 balance_exceeds_capacity lnstore channel update "$CP1" -
echo '{"capacity_sat": 1}' | expect_err 3 bad_field lnstore channel update "$CP1" -
echo '{"num_updates": 6}' | expect_err 1 channel_not_found lnstore channel update "$(printf '00%.0s' {1..32}):1" -
expect_ok lnstore apply <<<'{"op": "channel.update", "chan_point": "'$CP1'", "update": {"num_updates": 6}}'
check '.result.num_updates == 6'

# A registered channel closes its watchtower registration too.
CHAN_ID1=$(lnstore channel show "$CP1" | jq -r .chan_id)
expect_ok lnstore tower add "$G1@10.0.0.1"
expect_ok lnstore session reserve 1
expect_ok lnstore session create --tower 1 --key-index 1 --id "$G5" --max-updates 1
expect_ok lnstore channel register "$CHAN_ID1" --sweep-pkscript 0014aa
expect_ok lnstore update commit "$G5" --seqnum 1 --chan-id "$CHAN_ID1" --commit-height 6 --hint "$HINT1" --blob "$BLOB"
expect_ok lnstore update ack "$G5" --seqnum 1 --last-applied 1
expect_ok lnstore channel show "$CP1"
check '.tower_registration == {"sweep_pkscript": "0014aa", "max_commit_height": 6, "closed_height": null}'
CLOSING=$(printf 'ab%.0s' {1..32})
expect_err 3 bad_field lnstore channel close "$CP1" --type sideways --closing-txid "$CLOSING" --height 900
expect_err 3 missing_field lnstore channel close "$CP1" --type cooperative --height 900
expect_err 3 bad_txid lnstore channel close "$CP1" --type cooperative --closing-txid 12 --height 900
expect_ok lnstore channel close "$CP1" --type cooperative --closing-txid "$CLOSING" --height 900 --settled-sat 1
check '.status == "closed" and .closable_sessions == ["'$G5'"] and .tower_registration.closed_height == 900'
expect_err 1 channel_not_open lnstore channel close "$CP1" --type cooperative --closing-txid "$CLOSING" --height 901
echo '{"num_updates": 9}' | expect_err 1 channel_not_open lnstore channel update "$CP1" -

# A local force close waits for resolution.
expect_ok lnstore channel close "$CP2" --type local_force --closing-txid "$CLOSING" --height 905 --time-locked-sat 5000
check '.status == "waiting_close" and .closable_sessions == []'
expect_ok lnstore channel closed
check '.closed_channels | map(.chan_point) == ["'$CP1'"]'
expect_err 1 channel_not_waiting_close lnstore channel resolve "$CP3"
expect_ok lnstore channel resolve "$CP2"
check '.status == "closed"'
expect_ok lnstore channel close "$CP3" --type abandoned --height 906
expect_ok lnstore channel closed
check '.closed_channels | map(.type) == ["cooperative", "local_force", "abandoned"]'
check '.closed_channels[0] | .closing_txid == "'$CLOSING'" and .close_height == 900 and .settled_sat == 1 and .peer == "'$PEER1'"'
check '.closed_channels[1].time_locked_sat == 5000 and .closed_channels[2].closing_txid == null'
expect_ok lnstore channel closed --type local_force
check '.closed_channels | map(.chan_point) == ["'$CP2'"]'
expect_ok lnstore channel list --status open
check '.channels | map(.chan_point) == ["'$CP4'"]'
expect_ok lnstore channel stats
check '.totals.num_channels == 1 and .by_peer == null'
expect_ok lnstore db info
check '.counts.channels == 1 and .counts.closed_channels == 3'
expect_ok lnstore db check
echo "test_channel: ok"
