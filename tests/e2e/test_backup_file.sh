# --backup-file kept current by channel commands, refusal to overwrite an
# unreadable file, unknown entries kept, archives, and backup watch.
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
sed -n 1p docs.jsonl >c1.json; sed -n 2p docs.jsonl >c2.json; sed -n 3p docs.jsonl >c3.json
CP1=$(jq -r .chan_point c1.json); CP2=$(jq -r .chan_point c2.json); CP3=$(jq -r .chan_point c3.json)
export LNSTORE_BACKUP_FILE="$WORK/channel.backup"

expect_ok lnstore channel open c1.json
expect_ok lnstore backup verify channel.backup
check '.chan_points == ["'$CP1'"]'
[[ $(stat -c %a channel.backup) == 600 ]] || fail "backup file mode is not 0600"
[[ ! -d chan-backup-archives ]] || fail "archived a file that did not exist"
expect_ok lnstore channel open c2.json
expect_ok lnstore backup verify channel.backup
check '.chan_points | sort == (["'$CP1'", "'$CP2'"] | sort)'
[[ $(ls chan-backup-archives | wc -l) -eq 1 ]] || fail "expected one archive"
expect_ok lnstore backup verify "chan-backup-archives/$(ls chan-backup-archives)"
check '.chan_points == ["'$CP1'"]'
# Operations that do not touch backup data leave the file alone.
sum=$(sha256sum <channel.backup)
expect_ok lnstore tower add "$G1@10.0.0.1"
[[ $(sha256sum <channel.backup) == "$sum" ]] || fail "unrelated command rewrote the backup"
# Peer addresses are backup data.
PEER1=$(jq -r .peer c1.json)
expect_ok lnstore --no-archive peer add "$PEER1@198.51.100.7:9735"
expect_ok lnstore backup dump channel.backup
check '[.singles[] | select(.peer == "'$PEER1'") | .addresses[0]] | all(. == "198.51.100.7:9735")'
[[ $(ls chan-backup-archives | wc -l) -eq 1 ]] || fail "--no-archive still archived"

# Close: a cooperative close drops the channel; a local force close keeps it until resolved.
CLOSING=$(printf 'cd%.0s' {1..32})
expect_ok lnstore channel close "$CP1" --type local_force --closing-txid "$CLOSING" --height 600
expect_ok lnstore backup verify channel.backup
check '.chan_points | index("'$CP1'") != null'
expect_ok lnstore channel resolve "$CP1"
expect_ok lnstore backup verify channel.backup
check '.chan_points == ["'$CP2'"]'

# Entries the database does not know are kept (lnd keeps them too).
mkdir other && cp channel.backup other/channel.backup
LNSTORE_DB="$WORK/other.db" expect_ok lnstore --backup-file other/channel.backup channel open c3.json
expect_ok lnstore backup verify other/channel.backup
check '.chan_points | sort == (["'$CP2'", "'$CP3'"] | sort)'

# A file that does not decrypt is never overwritten: exit 4, nothing changes.
head -c 300 /dev/urandom >foreign.backup
sum=$(sha256sum <foreign.backup)
LNSTORE_BACKUP_FILE="$WORK/foreign.backup" expect_err 4 backup_auth_failed lnstore channel open c3.json
[[ $(sha256sum <foreign.backup) == "$sum" ]] || fail "an unreadable backup was overwritten"
expect_err 4 backup_auth_failed lnstore backup export --file foreign.backup
# Another node's root key is refused before any file is read or written
# (the database belongs to the node of root.key since its first backup).
sum=$(sha256sum <channel.backup)
LNSTORE_BACKUP_FILE="$WORK/foreign.backup" LNSTORE_ROOT_KEY_FILE="$WORK/other.key" expect_err 1 node_mismatch lnstore backup export --file channel.backup
[[ $(sha256sum <channel.backup) == "$sum" ]] || fail "another node's key rewrote the backup"
# Without the root key a backup-changing command is refused up front.
LNSTORE_ROOT_KEY_FILE= expect_err 2 root_key_required lnstore channel open c3.json
# In apply, each line keeps the file current.
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' c3.json)
expect_ok lnstore backup verify channel.backup
check '.chan_points | length == 2'

# backup watch: rewrites at start and whenever another process changes backup data.
rm -f watched.backup
"$LNSTORE_BIN" backup watch --file watched.backup --interval 0.1 >watch.out 2>watch.err & wpid=$!
for _ in $(seq 100); do [[ -s watch.out ]] && break; sleep 0.1; done
[[ $(wc -l <watch.out) -eq 1 ]] || fail "watch did not write at start: $(cat watch.err)"
expect_ok lnstore tower add "$G2@10.0.0.2"            # not backup data: no rewrite
sleep 0.5
[[ $(wc -l <watch.out) -eq 1 ]] || fail "watch rewrote without a backup change"
expect_ok lnstore channel close "$CP2" --type cooperative --closing-txid "$CLOSING" --height 700
for _ in $(seq 100); do [[ $(wc -l <watch.out) -ge 2 ]] && break; sleep 0.1; done
kill -TERM $wpid
rc=0; wait $wpid || rc=$?
[[ $rc -eq 0 ]] || fail "watch did not exit cleanly on SIGTERM (exit $rc): $(cat watch.err)"
[[ $(wc -l <watch.out) -eq 2 ]] || fail "watch did not rewrite after the close: $(cat watch.out)"
jq -se '.[1].chan_points == ["'$CP3'"]' watch.out >/dev/null || fail "watch line: $(cat watch.out)"
expect_ok lnstore backup verify watched.backup
check '.chan_points == ["'$CP3'"]'
# An import with --backup-file leaves a file holding every channel it made.
# The file is encrypted under that node's own root key (the chantools
# fixture's, as in test_import_sync.sh): another node's is refused.
need_shared fixtures/lnd/chantools/channel.db
printf '%s\n' tprv8ZgxMBicQKsPejNXQLJKe3dBBs9Zrt53EZrsBzVLQ8rZji3hVb3wcoRvgrjvTmjPG2ixoGUUkCyC6yBEy9T5gbLdvD2a5VmJbcFd5Q9pkAs >chantools.key
chmod 600 chantools.key
export LNSTORE_ROOT_KEY_FILE="$WORK/chantools.key"
LNSTORE_DB="$WORK/imported.db" expect_ok lnstore --backup-file imported.backup import lnd-channels \
  "$LNSTORE_SHARED_DIR/fixtures/lnd/chantools/channel.db"
want=$(LNSTORE_DB="$WORK/imported.db" lnstore channel list | jq -c '[.channels[] | select(.status != "closed") | .chan_point] | sort')
[[ $want != '[]' ]] || fail "the import made no channel"
LNSTORE_DB="$WORK/imported.db" expect_ok lnstore backup verify imported.backup
check '.chan_points | sort == '"$want"
LNSTORE_DB="$WORK/imported.db" expect_ok lnstore db check --backup-file imported.backup
check '.ok == true'
echo "test_backup_file: ok"
