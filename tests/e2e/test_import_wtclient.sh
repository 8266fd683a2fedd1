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
check '.dry_run == true and .schema_version == 8 and (.added.sessions | length) > 100 and .changed == true'
[[ ! -s "$LNSTORE_DB" ]] || [[ $(sqlite3 "$LNSTORE_DB" "SELECT count(*) FROM towers") -eq 0 ]] || fail "dry run wrote"
expect_ok lnstore import lnd-wtclient $SRC
check '.changed == true'
# lnd's disk queue of backups not yet sent is reported, item by item.
queued=$(jq '[.task_queues[]? | (.main.items // []) + (.head.items // []) | length] | add // 0' out/wtclient.json)
check '(.skipped | length) == '"$queued"' and all(.skipped[]; .reason | startswith("queued backup"))'
summary=$OUT
expect_ok lnstore import lnd-wtclient $SRC
check '.changed == false and .added.count + .updated.count + .closed.count + .removed.count + .only_here.count == 0 and .unchanged.count > 100'
[[ "$(stat -c '%Y %s' $SRC; sha256sum <$SRC)" == "$before" ]] || fail "the source file changed"

# Every field against what the generator wrote.
compare_with() {  # $1: the generator's JSON of the file last imported
  rm -rf acked && mkdir acked
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
  "$PY" "$LNSTORE_SOURCE_DIR/tests/tools/compare_wtclient_import.py" "$1" dump.json || fail "database differs from $1"
  expect_ok lnstore db check
}
compare_with out/wtclient.json

# Allocators continue where lnd left off.
next_tower=$(( $(jq '.sequences["client-tower-index-bucket"]' out/wtclient.json) + 1 ))
expect_ok lnstore tower add "$G7@10.7.7.7"
check '.id == '$next_tower

# The same node a while later (bbolt_gen's wtclient_next.db): the import
# brings the database to the file's state and says what changed.
rm -f "$LNSTORE_DB"*
expect_ok lnstore import lnd-wtclient out/wtclient_small.db
sid() { jq -r --argjson d "$1" '.sessions[] | select(.db_id == $d) | .id' out/wtclient_small.json; }
S1=$(sid 1) S4=$(sid 4)
C2=$(jq -r '.channels[] | select(.db_id == 2) | .chan_id' out/wtclient_small.json)
expect_next() {
  check '.added.towers == [5] and .added.count == 1 and .removed.sessions == ["'$S4'"] and .removed.count == 1 and
         .updated.sessions == [{"session": "'$S1'", "fields": ["seqnum", "tower_last_applied", "committed_updates", "acked_ranges"]}] and
         .updated.channels == [{"chan_id": "'$C2'", "fields": ["max_commit_height"]}] and .updated.count == 2 and
         .unchanged.towers == [1, 2, 4] and (.unchanged.sessions | length) == 3 and (.unchanged.channels | length) == 4 and
         .closed.count == 0 and .only_here.count == 0 and .changed == true'
}
before=$(db_digest)
expect_ok lnstore import lnd-wtclient out/wtclient_next.db --dry-run
expect_next
[[ "$(db_digest)" == "$before" ]] || fail "a dry run changed the database"
expect_ok lnstore import lnd-wtclient out/wtclient_next.db
expect_next
compare_with out/wtclient_next.json
expect_ok lnstore import lnd-wtclient out/wtclient_next.db
check '.changed == false and .unchanged.count == 13'
# A tower lnstore added since stays, reported as only_here.
expect_ok lnstore tower add "$G7@10.7.7.7"
check '.id == 6'
# So does a key index reserved in lnstore (above lnd's key-index counter).
expect_ok lnstore session reserve 1
reserved=$(jq .key_index <<<"$OUT")
expect_ok lnstore import lnd-wtclient out/wtclient_next.db
check '.only_here.towers == [6] and .updated.count == 0 and .changed == true'
[[ $(sqlite3 "$LNSTORE_DB" "SELECT count(*) FROM key_index_reservations WHERE tower_id = 1 AND key_index = $reserved") -eq 1 ]] \
  || fail "lnstore's reservation $reserved was dropped"

# Another history under the same ids is refused.
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
# A tower lnd kept 40 addresses for: the newest 32 are imported (lnd's own
# order, newest first), and importing the same file again changes nothing.
LNSTORE_DB="$WORK/many.db" expect_ok lnstore import lnd-wtclient out/wtclient_manyaddr.db
LNSTORE_DB="$WORK/many.db" expect_ok lnstore tower show 1
check '(.addresses | length) == 32 and .addresses[0] == "203.0.113.5:9911" and .addresses[31] == "10.0.0.30:9911"'
check '(.addresses | index("10.0.0.31:9911")) == null'
LNSTORE_DB="$WORK/many.db" expect_ok lnstore import lnd-wtclient out/wtclient_manyaddr.db
check '.changed == false'
echo "test_import_wtclient: ok"
