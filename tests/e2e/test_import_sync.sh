# One node and chain per database, and imports that synchronise: a newer
# channel.db of the same node (made from the chantools fixture by
# bbolt_gen -channeldb-next: one channel advanced, one closed by the peer,
# one opened) brings the database and the --backup-file to its state; a
# second node's files, another chain's --network and another node's root
# key are refused before anything is written.
source "$(dirname "$0")/lib.sh"
need_shared fixtures/lnd/chantools/channel.db fixtures/lnd/lndinit/channel.db
FIX="$LNSTORE_SHARED_DIR/fixtures/lnd"
mkdir gen out
(cd "$LNSTORE_SOURCE_DIR/tests/tools/bbolt_gen" && GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$WORK/gen/bbolt_gen" .) \
  || fail "cannot build the fixture generator (apt-get install golang-go golang-github-coreos-bbolt-dev)"
gen/bbolt_gen -channeldb-next "$FIX/chantools/channel.db" next.db >points.json
gen/bbolt_gen out >/dev/null
A=$(jq -r .advanced points.json) B=$(jq -r .closed points.json) C=$(jq -r .added points.json)
D=d130aa87c402ac8fd363af0045a6cb0f8313f49b65bca92fad574102f17bff11:0
E=a30980d0c88acd36a515dde37da615d6713a422ac1d4fb9bb47823de95bd1094:0
NODE=03b99ab108e39e9e4cf565c1b706480180a70a4fdc4828e44c504530c056be5b5f
REGTEST=0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206
export LNSTORE_NETWORK=regtest
printf '%s\n' tprv8ZgxMBicQKsPejNXQLJKe3dBBs9Zrt53EZrsBzVLQ8rZji3hVb3wcoRvgrjvTmjPG2ixoGUUkCyC6yBEy9T5gbLdvD2a5VmJbcFd5Q9pkAs >root.key
printf '%s\n' tprv8ZgxMBicQKsPd9TeAdPADNnSyH9SSUUbTVeFszDE23Ki6TBB5nCefAdHkK8Fm3qMQR6sHwA56zqRmKmxnHk37JkiFzvncDqoKmPWubu7hDF >other.key
chmod 600 root.key other.key

# Unknown until the first import names them.
expect_ok lnstore db init
expect_ok lnstore db info
check '.node_pubkey == null and .chain_hash == null and .network == null'
expect_ok lnstore import lnd-channels "$FIX/chantools/channel.db"
check '.added.count == 4 and .changed == true'
expect_ok lnstore db info
check '.node_pubkey == "'$NODE'" and .chain_hash == "'$REGTEST'" and .network == "regtest"'
expect_ok lnstore --root-key-file root.key key info
check '.database == "matches"'
expect_ok lnstore --root-key-file root.key backup export --file channel.backup
check '.chan_points | length == 4'
old_local=$(lnstore channel show "$A" | jq .local_balance_msat)

# The newer file, dry run first: the same report, nothing written.
expect_changes() {
  check '.added.chan_points == ["'$C'"] and .closed.chan_points == ["'$B'"] and .removed.count == 0 and
         .only_here.count == 0 and .updated.count == 1 and .updated.channels[0].chan_point == "'$A'" and
         (.updated.channels[0].fields | sort) == ["fee_per_kw", "local_balance_msat", "local_commit_tx", "num_updates", "remote_balance_msat"] and
         (.unchanged.chan_points | sort) == (["'$D'", "'$E'"] | sort) and .changed == true'
}
before=$(db_digest)
expect_ok lnstore import lnd-channels next.db --dry-run
expect_changes
check '.dry_run == true'
[[ "$(db_digest)" == "$before" ]] || fail "a dry run changed the database"
backup_before=$(sha256sum <channel.backup)
expect_ok lnstore --root-key-file root.key --backup-file channel.backup import lnd-channels next.db
expect_changes
expect_ok lnstore channel show "$A"
check '.num_updates == 1 and .local_balance_msat == '"$old_local"' - 1000000 and .status == "open"'
expect_ok lnstore channel show "$B"
check '.status == "closed"'
expect_ok lnstore channel closed
# lnd's ClosureType 4 is a remote force close.
jq -e '.closed_channels[] | select(.chan_point == "'$B'") | .type == "remote_force" and .close_height == 700' <<<"$OUT" >/dev/null \
  || fail "closed summary of $B: $OUT"
expect_ok lnstore channel show "$C"
check '.status == "open" and .num_updates == 0'
# The backup file follows: the new channel in, the closed one out.
[[ "$(sha256sum <channel.backup)" != "$backup_before" ]] || fail "the backup file was not rewritten"
expect_ok lnstore --root-key-file root.key backup verify channel.backup
check '(.chan_points | sort) == (["'$A'", "'$C'", "'$D'", "'$E'"] | sort)'

# Again: nothing left to do.
expect_ok lnstore import lnd-channels next.db
check '.changed == false and .unchanged.count == 5 and .updated.count == 0 and .added.count == 0 and .closed.count == 0'
# A close type stored under lnstore's old reading of lnd's code is corrected.
sqlite3 "$LNSTORE_DB" "UPDATE closed_channels SET close_type = 'funding_canceled'"
expect_ok lnstore import lnd-channels next.db
check '.updated.channels == [{"chan_point": "'$B'", "fields": ["close_type"]}] and .changed == true'
expect_ok lnstore channel closed
jq -e '.closed_channels[0].type == "remote_force"' <<<"$OUT" >/dev/null || fail "close type not corrected: $OUT"
# An older copy of the node's file would roll channel state back.
expect_err 1 stale_source lnstore import lnd-channels "$FIX/chantools/channel.db"

# A channel only lnstore holds (restored from the backup) stays and is
# reported; when lnd's file has it, its state replaces the restored stub.
export LNSTORE_DB="$WORK/third.db"
expect_ok lnstore import lnd-channels "$FIX/chantools/channel.db"
expect_ok lnstore --root-key-file root.key backup restore channel.backup
expect_ok lnstore channel show "$C"
check '.status == "restored"'
expect_ok lnstore import lnd-channels "$FIX/chantools/channel.db"
check '.only_here.chan_points == ["'$C'"] and .unchanged.count == 4 and .changed == true'
expect_ok lnstore import lnd-channels next.db
check '[.updated.channels[] | select(.chan_point == "'$C'") | .fields | index("status") != null] == [true] and .only_here.count == 0'
expect_ok lnstore channel show "$C"
check '.status == "open"'
export LNSTORE_DB="$WORK/lnstore.db"

# Another node's files, another chain, another node's root key: refused,
# nothing written (expect_err compares the database), no backup file made.
expect_err 1 node_mismatch lnstore import lnd-channels "$FIX/lndinit/channel.db"
grep -q "$NODE" "$WORK/stderr" || fail "the refusal does not name the recorded node: $(cat "$WORK/stderr")"
expect_err 1 node_mismatch lnstore import lnd-wtclient out/wtclient.db
expect_err 1 chain_mismatch lnstore --network testnet --root-key-file root.key backup export --file testnet.backup
grep -q "regtest" "$WORK/stderr" && grep -q "testnet" "$WORK/stderr" || fail "the refusal does not name both chains: $(cat "$WORK/stderr")"
[[ ! -e testnet.backup ]] || fail "a refused export wrote its file"
expect_err 1 node_mismatch lnstore --root-key-file other.key backup export --file other.backup
grep -q "wrong seed" "$WORK/stderr" || fail "a root key of another node is not explained: $(cat "$WORK/stderr")"
[[ ! -e other.backup ]] || fail "a refused export wrote its file"
backup_now=$(sha256sum <channel.backup)
PEER=$(lnstore channel show "$D" | jq -r .peer)
expect_err 1 node_mismatch lnstore --root-key-file other.key --backup-file channel.backup peer add "$PEER@10.9.9.9:9735"
[[ "$(sha256sum <channel.backup)" == "$backup_now" ]] || fail "another node's key rewrote the backup file"
# Another node's own backup (made in a database of its own) is not restored here.
LNSTORE_DB="$WORK/other.db" lnstore db init >/dev/null
LNSTORE_DB="$WORK/other.db" lnstore --root-key-file other.key backup export --file theirs.backup >/dev/null || fail "cannot make another node's backup"
expect_err 1 node_mismatch lnstore --root-key-file other.key backup restore theirs.backup
expect_ok lnstore --root-key-file other.key key info
check '.database == "other_node"'

# db rebind: refused while channels exist, unless forced.
expect_err 2 usage lnstore db rebind
expect_err 1 channels_exist lnstore db rebind --chain testnet
expect_ok lnstore db rebind --chain testnet --force
check '.network == "testnet" and .node_pubkey == "'$NODE'"'
expect_ok lnstore db info
check '.network == "testnet"'
expect_err 1 chain_mismatch lnstore import lnd-channels next.db
rm -f "$LNSTORE_DB"*
expect_ok lnstore db rebind --node-pubkey "$NODE" --chain regtest
check '.network == "regtest" and .node_pubkey == "'$NODE'"'
echo "test_import_sync: ok"
