# import lnd-channels: lnd's channel.db (real fixtures), matched field by
# field with the fixtures' expected data; then a channel.backup rebuilt from
# the chantools node's channel.db with its published root key (and with its
# 24 seed words), checked by the independent Python implementation.
source "$(dirname "$0")/lib.sh"
need_python nacl bip32utils
need_shared fixtures/lnd/chantools/channel.db fixtures/lnd/lndinit/channel.db fixtures/lnd/lnd-invoices/channel.db
REF="$LNSTORE_SOURCE_DIR/tests/tools/scb_reference.py"
FIX="$LNSTORE_SHARED_DIR/fixtures/lnd"
export LNSTORE_NETWORK=regtest
ROOT=tprv8ZgxMBicQKsPejNXQLJKe3dBBs9Zrt53EZrsBzVLQ8rZji3hVb3wcoRvgrjvTmjPG2ixoGUUkCyC6yBEy9T5gbLdvD2a5VmJbcFd5Q9pkAs
printf '%s\n' "$ROOT" >root.key
printf 'abandon kangaroo tribe spell brass entry argue buzz muffin total rug title autumn wish\nuse bubble alarm rent machine hockey fork slam gaze tobacco\n' >words.txt
chmod 600 root.key words.txt

SRC="$FIX/chantools/channel.db"
before=$(stat -c '%Y %s' "$SRC"; sha256sum <"$SRC")
expect_ok lnstore import lnd-channels "$SRC" --dry-run
check '.dry_run == true and .schema_version == 20 and .added.count == 4 and .skipped == []'
[[ $(sqlite3 "$LNSTORE_DB" "SELECT count(*) FROM channels") -eq 0 ]] || fail "dry run wrote channels"
expect_ok lnstore import lnd-channels "$SRC"
check '.changed == true and .added.count == 4 and .peers.added >= 1'
expect_ok lnstore import lnd-channels "$SRC"
check '.changed == false and .unchanged.count == 4 and .added.count + .updated.count + .closed.count + .only_here.count == 0 and .peers == {"added": 0, "with_new_addresses": 0}'
[[ "$(stat -c '%Y %s' "$SRC"; sha256sum <"$SRC")" == "$before" ]] || fail "the source file changed"

# Field by field against expected-open-channels.json (an independent parser).
check_fixture() {  # $1 fixture folder
  lnstore channel list >have.json
  jq -e --slurpfile have have.json '
    .open_channels | all(. as $e |
      ($have[0].channels[] | select(.chan_point == $e.funding_outpoint)) as $c |
      $c.short_channel_id == "\($e.short_channel_id.block)x\($e.short_channel_id.tx)x\($e.short_channel_id.pos)" and
      $c.peer == $e.remote_node_pub and $c.is_initiator == $e.is_initiator and $c.capacity_sat == $e.capacity_sat and
      $c.local_csv_delay == $e.local_chan_cfg.csv_delay and $c.remote_csv_delay == $e.remote_chan_cfg.csv_delay and
      $c.local_keys.multisig == $e.local_chan_cfg.multisig_key and
      $c.local_keys.revocation_base == $e.local_chan_cfg.revocation_base and
      $c.local_keys.payment_base == $e.local_chan_cfg.payment_base and
      $c.local_keys.delay_base == $e.local_chan_cfg.delay_base and
      $c.local_keys.htlc_base == $e.local_chan_cfg.htlc_base and
      $c.remote_keys.multisig == $e.remote_chan_cfg.multisig_key.pubkey and
      $c.remote_keys.htlc_base == $e.remote_chan_cfg.htlc_base.pubkey and
      $c.local_commit_tx == $e.local_commit.commit_tx_hex and
      $c.remote_commit_sig == $e.local_commit.commit_sig_der_hex and
      $c.num_updates == $e.local_commit.height and
      $c.total_sent_msat == $e.total_msat_sent and $c.total_received_msat == $e.total_msat_received and
      (($e.link_node_addresses + $e.graph_node_addresses) | unique | all(. as $a | $c.peer_addresses | index($a) != null)))
  ' "$FIX/$1/expected-open-channels.json" >/dev/null || fail "$1: imported channels differ from expected-open-channels.json"
  # The same channel points (so the per-channel checks above were not vacuous).
  [[ "$(jq -c '[.channels[].chan_point] | sort' have.json)" == "$(jq -c '[.open_channels[].funding_outpoint] | sort' "$FIX/$1/expected-open-channels.json")" ]] \
    || fail "$1: other channel points than expected"
}
check_fixture chantools
expect_ok lnstore db check

# A channel.backup rebuilt from channel.db with the root key: Python decrypts
# it and finds the same channels, keys and addresses.
expect_ok lnstore --root-key-file root.key key info
check '.node_pubkey | startswith("03b99ab1")'
node=$(jq -r .node_pubkey <<<"$OUT")
expect_ok lnstore --root-key-file words.txt key info
check '.source == "aezeed" and .node_pubkey == "'"$node"'"'
expect_ok lnstore --root-key-file root.key backup export --file channel.backup
check '.chan_points | length == 4 and index("10279f62619634058b6133cb7ac6c1693a8e6df7caa91c6263ca3d0bf704ad4d:0") != null'
plain=$("$PY" "$REF" decrypt "$ROOT" regtest "$(xxd -p channel.backup | tr -d '\n')" | tr -d '"')
"$PY" "$REF" parse-multi "$plain" >py.json
jq -e --slurpfile exp "$FIX/chantools/expected-open-channels.json" '
  (.singles | map(.chan_point) | sort) == ($exp[0].open_channels | map(.funding_outpoint) | sort) and
  all(.singles[]; . as $s | ($exp[0].open_channels[] | select(.funding_outpoint == $s.chan_point)) as $e |
    $s.peer == $e.remote_node_pub and $s.capacity_sat == $e.capacity_sat and
    $s.local_keys.multisig.family == $e.local_chan_cfg.multisig_key.family and
    $s.local_keys.multisig.index == $e.local_chan_cfg.multisig_key.index and
    $s.remote_keys.multisig == $e.remote_chan_cfg.multisig_key.pubkey and
    ($s.addresses | sort) == (($e.link_node_addresses + $e.graph_node_addresses) | unique | sort))
' py.json >/dev/null || fail "Python's reading of the rebuilt backup differs from the fixture: $(jq -c '.singles[0] | {chan_point, addresses, local_keys}' py.json)"
# The seed words alone open it too.
expect_ok lnstore --root-key-file words.txt backup verify channel.backup
check '.chan_points | length == 4'

# The other real files: current layout (version 35) and closed channels (33).
rm -f "$LNSTORE_DB"*
expect_ok lnstore import lnd-channels "$FIX/lndinit/channel.db"
check '.schema_version == 35 and .added.count == 2'
check_fixture lndinit
rm -f "$LNSTORE_DB"*
expect_ok lnstore import lnd-channels "$FIX/lnd-invoices/channel.db"
check '.schema_version == 33 and .added.count == 3 and .closed.count == 0'
expect_ok lnstore channel closed
check '.closed_channels | length == 3 and all(.capacity_sat > 0 and (.closing_txid | length) == 64)'

# Refusals: not a channel.db, corrupt, missing, locked; nothing changes.
expect_err 6 corrupt_source lnstore import lnd-channels "$FIX/lndinit/wtclient.db"
head -c 8192 /dev/urandom >random.db
expect_err 6 corrupt_source lnstore import lnd-channels random.db
expect_err 7 source_not_found lnstore import lnd-channels "$WORK/none.db"
cp "$SRC" locked.db
"$PY" -c '
import fcntl, sys, time
f = open(sys.argv[1], "rb"); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(3)' locked.db & holder=$!
sleep 0.5
expect_err 5 source_locked lnstore import lnd-channels locked.db
wait $holder
echo "test_import_channels: ok"
