# import lnd-wtclient: lnd's version-8 wtclient.db, written in lnd's exact
# layout by a generator using Debian's Go bbolt, round-trips every field; the
# real (empty) lnd file imports; older/newer/corrupt/locked files are refused;
# the source is never changed.
source "$(dirname "$0")/lib.sh"
need_python
need_shared fixtures/lnd/lndinit/wtclient.db
mkdir gen out
(cd "$LNSTORE_SOURCE_DIR/tests/tools/bbolt_gen" && GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$WORK/gen/bbolt_gen" .) \
  || fail "cannot build the fixture generator (apt-get install golang-go golang-github-coreos-bbolt-dev)"
gen/bbolt_gen out >/dev/null
SRC=out/wtclient.db
before=$(stat -c '%Y %s' $SRC; sha256sum <$SRC)

expect_ok lnstore import lnd-wtclient $SRC --dry-run
check '.dry_run == true and .schema_version == 8 and .imported.sessions > 100 and .changed == true'
[[ ! -s "$LNSTORE_DB" ]] || [[ $(sqlite3 "$LNSTORE_DB" "SELECT count(*) FROM towers") -eq 0 ]] || fail "dry run wrote"
expect_ok lnstore import lnd-wtclient $SRC
check '.changed == true'
# lnd's disk queue of backups not yet sent is reported, item by item.
queued=$(jq '[.task_queues[]? | (.main.items // []) + (.head.items // []) | length] | add // 0' out/wtclient.json)
check '(.skipped | length) == '"$queued"' and all(.skipped[]; .reason | startswith("queued backup"))'
summary=$OUT
expect_ok lnstore import lnd-wtclient $SRC
check '.changed == false and (.imported | all(.[]; . == 0))'
[[ "$(stat -c '%Y %s' $SRC; sha256sum <$SRC)" == "$before" ]] || fail "the source file changed"

# Every field against what the generator wrote.
mkdir acked
for c in $(lnstore channel registrations --include-closed | jq -r '.registrations[].chan_id'); do
  lnstore update acked "$c" >"acked/$c.json"
done
lnstore tower list >towers.json
lnstore session list --with-updates >sessions.json
lnstore channel registrations --include-closed >regs.json
lnstore session closable >closable.json
sqlite3 -json "$LNSTORE_DB" 'SELECT name, value FROM sequences' >seq.json
jq -s '{towers: .[0].towers, sessions: .[1].sessions, registrations: .[2].registrations,
        closable: .[3].closable_sessions, sequences: (.[4] | map({(.name): .value}) | add),
        acked: (.[5:] | map({(.chan_id): .}) | add // {})}' \
  towers.json sessions.json regs.json closable.json seq.json acked/*.json >dump.json
"$PY" "$LNSTORE_SOURCE_DIR/tests/tools/compare_wtclient_import.py" out/wtclient.json dump.json || fail "import differs from the generator's data"
expect_ok lnstore db check

# Allocators continue where lnd left off.
next_tower=$(( $(jq '.sequences["client-tower-index-bucket"]' out/wtclient.json) + 1 ))
expect_ok lnstore tower add "$G7@10.7.7.7"
check '.id == '$next_tower

# Importing into a database that already holds other watchtower data is refused.
rm -f "$LNSTORE_DB"*; expect_ok lnstore tower add "$G1@10.0.0.1"
expect_err 1 import_conflict lnstore import lnd-wtclient $SRC

# The real lnd file (empty, version 8) imports; other versions are refused.
rm -f "$LNSTORE_DB"*
expect_ok lnstore import lnd-wtclient "$LNSTORE_SHARED_DIR/fixtures/lnd/lndinit/wtclient.db"
check '.schema_version == 8 and .changed == false'
expect_err 6 lnd_wtclient_too_old lnstore import lnd-wtclient out/wtclient_v7.db
expect_err 6 lnd_wtclient_unsupported lnstore import lnd-wtclient out/wtclient_v9.db
expect_err 6 corrupt_source lnstore import lnd-wtclient out/both_meta_corrupt.db
expect_err 7 source_not_found lnstore import lnd-wtclient "$WORK/none.db"
head -c 5000 /dev/urandom >random.db
expect_err 6 corrupt_source lnstore import lnd-wtclient random.db
# A file lnd holds open (exclusive lock) is refused as busy.
"$PY" -c '
import fcntl, sys, time
f = open(sys.argv[1], "rb"); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(3)' $SRC & holder=$!
sleep 0.5
expect_err 5 source_locked lnstore import lnd-wtclient $SRC
wait $holder
echo "test_import_wtclient: ok"
