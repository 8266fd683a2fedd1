# SIGKILL during `apply` (per-line durable), many times: the database stays
# consistent and every line whose result was printed is in it.
source "$(dirname "$0")/lib.sh"
need_python
need_shared bench/genops.py spec/scb-format.md fixtures/lnd/chantools/expected-open-channels.json
"$PY" "$LNSTORE_SHARED_DIR/bench/genops.py" 3000 4 20 >ops.jsonl
# db_checked: db check passes (true), or the kill came while the database
# was being created, so the file is still empty: read commands refuse it
# (database_empty) and only a write initialises it (false).
db_checked() {
  local rc=0
  lnstore db check >/dev/null 2>"$WORK/check.err" || rc=$?
  if [[ $rc -eq 6 ]] && jq -e '.error.code == "database_empty"' "$WORK/check.err" >/dev/null; then return 1; fi
  [[ $rc -eq 0 ]] || fail "db check failed (exit $rc): $(cat "$WORK/check.err")"
}
for i in $(seq 25); do
  rm -f "$LNSTORE_DB" "$LNSTORE_DB"-wal "$LNSTORE_DB"-shm out.jsonl
  "$LNSTORE_BIN" apply ops.jsonl >out.jsonl 2>/dev/null & pid=$!
  sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
  kill -KILL $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  [[ -f "$LNSTORE_DB" ]] || continue
  if ! db_checked; then
    [[ -z "$(jq -Rr 'fromjson? | select(.ok) | .line' out.jsonl)" ]] || fail "iteration $i: lines reported applied to an empty database"
    continue
  fi
  # Only whole lines count: the last one may have been cut by the kill.
  printed=$(jq -Rr 'fromjson? | select(.ok) | .line' out.jsonl | sort -n | tail -1)
  [[ -n "$printed" ]] || continue
  # Replay the model: after line N, each session's acked count is known.
  expect_ok lnstore session list
  acks=$(head -n "$printed" ops.jsonl | jq -s '[.[] | select(.op == "update.ack")] | group_by(.session) | map({(.[0].session): length}) | add // {}')
  jq -e --argjson acks "$acks" '
    all(.sessions[]; .num_backups >= ($acks[.id] // 0)) and
    all(.sessions[]; .seqnum == .num_backups + .num_pending_backups)
  ' <<<"$OUT" >/dev/null || fail "iteration $i: printed lines missing or half-applied state: $(jq -c '[.sessions[] | {seqnum, num_backups, num_pending_backups}]' <<<"$OUT")"
done

# The same for channel open/close with --backup-file: the backup is always a
# complete file that decrypts, holding the old or the new set of channels.
source "$E2E_DIR/backup_lib.sh"
backup_fixture
rm -f "$LNSTORE_DB" "$LNSTORE_DB"-wal "$LNSTORE_DB"-shm
export LNSTORE_BACKUP_FILE="$WORK/channel.backup"
mapfile -t docs <docs.jsonl
for i in $(seq 12); do
  doc=${docs[$(( (i - 1) % 4 ))]}
  cp="$(jq -r .chan_point <<<"$doc")"
  (
    if "$LNSTORE_BIN" channel show "$cp" >/dev/null 2>&1; then exit 0; fi
    printf '%s\n' "$doc" | "$LNSTORE_BIN" channel open - >/dev/null 2>&1
  ) & pid=$!
  sleep "0.0$((RANDOM % 10))"
  pkill -KILL -P $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  if [[ -f channel.backup ]]; then
    expect_ok lnstore backup verify channel.backup
  fi
  # A kill before the first open created the database leaves nothing to check.
  if [[ -f "$LNSTORE_DB" ]]; then
    db_checked || true
  fi
done
echo "test_crash_apply: ok"
