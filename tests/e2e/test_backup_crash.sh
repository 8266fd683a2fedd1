# SIGKILL at random moments while a backup file is rewritten, many times:
# the file is always a complete backup (the old or the new one).
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
expect_ok lnstore backup export --file channel.backup
want=$(lnstore backup verify channel.backup | jq -c '.chan_points | sort')
for i in $(seq 40); do
  ( while :; do "$LNSTORE_BIN" --no-archive backup export --file channel.backup >/dev/null 2>&1 || exit 1; done ) & loop=$!
  sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
  # Kill the loop and whatever lnstore it is running, mid-write or not.
  pkill -KILL -P $loop 2>/dev/null || true
  kill -KILL $loop 2>/dev/null || true
  wait $loop 2>/dev/null || true
  got=$(lnstore backup verify channel.backup | jq -c '.chan_points | sort') || fail "iteration $i: backup does not verify"
  [[ "$got" == "$want" ]] || fail "iteration $i: backup holds $got"
done
# Temporary files of killed writers never replace the backup.
ls -a | grep -q '^\.channel\.backup\.tmp-' && echo "note: killed writers left temporary files" >&2
expect_ok lnstore db check
echo "test_backup_crash: ok"
