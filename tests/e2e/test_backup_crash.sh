# SIGKILL at random moments while a backup file is rewritten, many times:
# the file is always a complete backup (the old or the new one).
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
expect_ok lnstore backup export --file channel.backup
want=$(lnstore backup verify channel.backup | jq -c '.chan_points | sort')
# Every export alternates with and without the close transactions, so each
# one really rewrites the file (an export that would not change it leaves it alone).
export_loop() {
  local close=(--no-close-tx)
  while :; do
    "$LNSTORE_BIN" --no-archive backup export "${close[@]}" --file channel.backup >/dev/null 2>&1 || exit 1
    if [[ ${#close[@]} -eq 0 ]]; then close=(--no-close-tx); else close=(); fi
  done
}
first=$(lnstore --no-archive backup export --no-close-tx --file channel.backup | jq .changed)
[[ "$first" == true ]] || fail "an export without close transactions did not rewrite the file"
for i in $(seq 40); do
  ( export_loop ) & loop=$!
  sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
  # Kill the loop and whatever lnstore it is running, mid-write or not.
  pkill -KILL -P $loop 2>/dev/null || true
  kill -KILL $loop 2>/dev/null || true
  wait $loop 2>/dev/null || true
  got=$(lnstore backup verify channel.backup | jq -c '.chan_points | sort') || fail "iteration $i: backup does not verify"
  [[ "$got" == "$want" ]] || fail "iteration $i: backup holds $got"
done
# Temporary files of killed writers never replace the backup. SIGKILL leaves
# no chance to remove them, so some may remain: each must be private (0600)
# and named as a temporary, and nothing else may appear next to the backup.
shopt -s nullglob dotglob
for f in *channel.backup*; do
  case "$f" in
    channel.backup) ;;
    .channel.backup.tmp-*) [[ $(stat -c %a "$f") == 600 ]] || fail "temporary file $f is not 0600" ;;
    *) fail "unexpected file next to the backup: $f" ;;
  esac
done
shopt -u nullglob dotglob
[[ $(stat -c %a channel.backup) == 600 ]] || fail "channel.backup is not 0600"
# Leftover temporaries do not get in the way of the next write.
expect_ok lnstore --no-archive backup export --file channel.backup
got=$(lnstore backup verify channel.backup | jq -c '.chan_points | sort') || fail "backup does not verify after the crashes"
[[ "$got" == "$want" ]] || fail "backup holds $got after the crashes"
expect_ok lnstore db check
echo "test_backup_crash: ok"
