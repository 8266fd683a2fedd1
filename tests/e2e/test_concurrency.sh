# Three writers, readers and `backup watch` at once: every line lands, no
# error but busy, and the watched backup ends up holding every channel.
source "$(dirname "$0")/lib.sh"
need_python nacl bip32utils
source "$E2E_DIR/backup_lib.sh"
backup_fixture
expect_ok lnstore db init
expect_ok lnstore tower add "$G1@10.0.0.1"
# Two independent workloads on two towers/sessions.
make_ops() {  # $1 tower key, $2 session key, $3 key index, $4 chan byte
  local chan; chan=$(printf "$4%.0s" {1..32})
  echo '{"op": "tower.add", "address": "'$1'@10.0.0.9"}'
  echo '{"op": "session.reserve", "tower": "'$1'", "blob_type": "anchor"}'
  echo '{"op": "channel.register", "chan_id": "'$chan'", "sweep_pkscript": "0014aa"}'
  for i in $(seq 1 300); do
    echo '{"op": "update.commit", "session": "'$2'", "seqnum": '$i', "chan_id": "'$chan'", "commit_height": '$i', "hint": "'$HINT1'", "blob": "'$BLOB'"}'
    echo '{"op": "update.ack", "session": "'$2'", "seqnum": '$i', "last_applied": '$i'}'
  done
}
# Sessions need their reserved index, which depends on the order the two
# reservations commit: create them up front, then race the updates.
expect_ok lnstore apply <<LINES
{"op": "tower.add", "address": "$G2@10.0.0.2"}
{"op": "session.reserve", "tower": "$G1", "blob_type": "anchor"}
{"op": "session.create", "tower": "$G1", "key_index": 1, "id": "$G5", "policy": {"blob_type": "anchor", "max_updates": 1000}}
{"op": "session.reserve", "tower": "$G2", "blob_type": "anchor"}
{"op": "session.create", "tower": "$G2", "key_index": 2, "id": "$G6", "policy": {"blob_type": "anchor", "max_updates": 1000}}
LINES
make_ops "$G1" "$G5" 1 aa | grep -v session.reserve >a.jsonl
make_ops "$G2" "$G6" 2 bb | grep -v session.reserve >b.jsonl
# A third writer opens the four real channels one at a time, with pauses,
# while backup watch keeps watched.backup current from its own process.
jq -c '{op: "channel.open", channel: .}' docs.jsonl >c.jsonl
"$LNSTORE_BIN" --busy-timeout 20000 backup watch --file watched.backup --interval 0.05 >watch.out 2>watch.err & pw=$!
lnstore --busy-timeout 20000 apply a.jsonl >a.out 2>a.err & pa=$!
lnstore --busy-timeout 20000 apply b.jsonl >b.out 2>b.err & pb=$!
(while read -r line; do
   printf '%s\n' "$line" | "$LNSTORE_BIN" --busy-timeout 20000 apply - || exit 1
   sleep 0.2
 done <c.jsonl) >c.out 2>c.err & pc=$!
reads=0
while kill -0 $pa 2>/dev/null || kill -0 $pb 2>/dev/null || kill -0 $pc 2>/dev/null; do
  lnstore --busy-timeout 20000 session list >/dev/null || fail "concurrent session list failed"
  lnstore --busy-timeout 20000 channel list >/dev/null || fail "concurrent channel list failed"
  reads=$((reads + 1))
done
wait $pa || fail "writer A failed: $(cat a.err)"
wait $pb || fail "writer B failed: $(cat b.err)"
wait $pc || fail "channel writer failed: $(cat c.err)"
[[ $reads -gt 0 ]] || fail "no concurrent read happened"
[[ $(jq -s 'all(.ok)' a.out) == true && $(jq -s 'all(.ok)' b.out) == true ]] || fail "a line failed"
[[ $(jq -s 'length == 4 and all(.ok)' c.out) == true ]] || fail "a channel line failed: $(cat c.out)"
expect_ok lnstore session list
check '.sessions | map(.num_backups) == [300, 300]'
expect_ok lnstore channel list
check '.channels | length == 4'
expect_ok lnstore db check
# The watcher saw the last open (it polls every 50 ms) and wrote it.
want=$(jq -sc 'map(.chan_point) | sort' docs.jsonl)
for _ in $(seq 100); do
  [[ $(tail -n 1 watch.out | jq -c '.chan_points | sort' 2>/dev/null) == "$want" ]] && break
  sleep 0.1
done
kill -TERM $pw
rc=0; wait $pw || rc=$?
[[ $rc -eq 0 ]] || fail "backup watch failed under concurrent writers (exit $rc): $(cat watch.err)"
[[ ! -s watch.err ]] || fail "backup watch reported: $(cat watch.err)"
[[ $(wc -l <watch.out) -ge 2 ]] || fail "backup watch never rewrote: $(cat watch.out)"
expect_ok lnstore backup verify watched.backup
check "(.chan_points | sort) == $want"
plain=$("$PY" "$REF" decrypt "$ROOT" regtest "$(xxd -p watched.backup | tr -d '\n')" | tr -d '"')
"$PY" "$REF" parse-multi "$plain" >py.json || fail "the watched backup does not parse independently"
jq -e --argjson want "$want" '(.singles | map(.chan_point) | sort) == $want' py.json >/dev/null \
  || fail "Python read other channels from the watched backup: $(jq -c '.singles | map(.chan_point)' py.json)"

# A writer that cannot get the lock within the busy timeout gets exit 5.
"$PY" - "$LNSTORE_DB" <<'PYEOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
time.sleep(3)
c.execute("ROLLBACK")
PYEOF
holder=$!
sleep 0.5
expect_err 5 database_busy lnstore --busy-timeout 200 tower add "$G3@10.0.0.3"
wait $holder
expect_ok lnstore --busy-timeout 200 tower add "$G3@10.0.0.3"
echo "test_concurrency: ok"
