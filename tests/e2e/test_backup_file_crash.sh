# SIGKILL at random moments while channels are opened, closed and resolved
# with --backup-file: after every kill the file must hold every channel the
# committed database holds open, waiting_close or restored. Prints how many
# instants broke that (must be 0) and how many kills left a file that still
# held a channel the database had closed (the union written before a commit).
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
export LNSTORE_BACKUP_FILE="$WORK/channel.backup"
KILLS=${LNSTORE_CRASH_KILLS:-100}
CLOSING=$(printf 'cd%.0s' {1..32})

# Channels enough for every kill: the fixture's first channel under new
# channel points (without the transactions that name its real one).
N=$((KILLS * 2))
sed -n 1p docs.jsonl | jq -c --argjson n $N 'del(.local_commit_tx, .remote_commit_sig, .funding_tx) | . as $b
  | range(1; $n + 1) | . as $i | $b | .chan_point = ("\(20480 + $i)" | ("0" * (64 - length)) + .) + ":0"
  | .short_channel_id = "\(700 + $i)x1x0"' |
  awk '{ f = "doc" NR ".json"; print > f; close(f) }'
: >script.txt
for i in $(seq $N); do
  echo "channel open doc$i.json" >>script.txt
  # Close an earlier one: cooperatively (gone at once) or by a local force
  # close, resolved later (waiting_close in between).
  if ((i > 2)); then
    j=$((i - 2))
    if ((j % 2)); then
      echo "channel close $(printf '%064d' $((20480 + j))):0 --type cooperative --closing-txid $CLOSING --height $((800 + j))" >>script.txt
    else
      echo "channel close $(printf '%064d' $((20480 + j))):0 --type local_force --closing-txid $CLOSING --height $((800 + j))" >>script.txt
      if ((j > 2)); then echo "channel resolve $(printf '%064d' $((20480 + j - 2))):0" >>script.txt; fi
    fi
  fi
done
expect_ok lnstore db init
total=$(wc -l <script.txt)

# With strace, every fsync is held back 30 ms (inject=fsync:delay_exit), so
# the kills land often between a backup file's rename and the database's
# commit, and between the commit and the rewrite after it: the moments a
# file written at the wrong time would be behind the database.
SLOW=()
if command -v strace >/dev/null && strace -f -o /dev/null -e trace=getpid true 2>/dev/null; then
  SLOW=(strace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:delay_exit=30000)
fi
# The worker runs the script once, command after command; a command that
# is killed is not run again (a later close of a channel whose open was
# killed before its commit fails harmlessly).
worker() {
  local n
  for ((n = 1; n <= total; n++)); do
    # shellcheck disable=SC2046
    "${SLOW[@]}" "$LNSTORE_BIN" --no-archive $(sed -n "${n}p" script.txt) >/dev/null 2>&1 || true
    echo $n >done.txt
  done
}
# stop_worker: the worker stopped, the command it runs killed.
stop_worker() {
  local c
  kill -STOP $loop 2>/dev/null || return 0
  for c in $(pgrep -P $loop); do
    pkill -KILL -P "$c" 2>/dev/null || true
    kill -KILL "$c" 2>/dev/null || true
  done
}
echo 0 >done.txt
worker 2>/dev/null & loop=$!
trap 'stop_worker; kill -KILL $loop 2>/dev/null || true; rm -rf "$WORK"' EXIT

missing_instants=0
transitional=0
for k in $(seq "$KILLS"); do
  printf -v pause '0.%03d' $((RANDOM % 150))
  sleep "$pause"
  kill -0 $loop 2>/dev/null || fail "the script ran out after $k kills (make it longer)"
  # Stop the worker, then kill whatever lnstore it runs (under strace, the
  # grandchild), mid-write or not; the check sees the database and the file
  # as the kill left them.
  stop_worker
  # The two reads at once (the worker is stopped: nothing changes meanwhile).
  lnstore channel list >list.json & reader=$!
  if [[ -f channel.backup ]]; then
    lnstore backup verify channel.backup >file.json || fail "kill $k: the backup does not verify"
  else
    echo '{"chan_points": []}' >file.json
  fi
  wait $reader || fail "kill $k: channel list failed"
  # The channels the committed database backs up that the file lacks, and
  # whether the file holds a channel the database has closed.
  read -r lacks extra < <(jq -rn --slurpfile list list.json --slurpfile file file.json '
    [$list[0].channels[] | select(.status != "closed") | .chan_point] as $db
    | [$list[0].channels[] | select(.status == "closed") | .chan_point] as $closed
    | "\($db - $file[0].chan_points | tostring) \([$file[0].chan_points[] | select(. as $c | $closed | index($c))] | length)"')
  if [[ $lacks != '[]' ]]; then
    missing_instants=$((missing_instants + 1))
    echo "kill $k: the committed database holds $lacks, the file lacks them" >&2
  fi
  ((extra == 0)) || transitional=$((transitional + 1))
  kill -CONT $loop
done
stop_worker
kill -KILL $loop 2>/dev/null || true
wait $loop 2>/dev/null || true
echo "ran $(cat done.txt) of $total commands"
echo "test_backup_file_crash: $KILLS kills${SLOW:+ (fsync delayed 30 ms)}, $missing_instants instants with a channel missing from the file, $transitional transitional files seen"
[[ $missing_instants -eq 0 ]] || fail "$missing_instants kills left the backup behind the database"
# The next command cleans up: a rewrite drops the closed channels again.
expect_ok lnstore --no-archive backup export --file channel.backup
# (An open killed between its file write and its commit leaves an entry the
# database does not know, which is kept, as lnd keeps those.)
lnstore channel list >list.json
lnstore backup verify channel.backup >file.json
jq -en --slurpfile list list.json --slurpfile file file.json '
  [$list[0].channels[] | select(.status != "closed") | .chan_point] - $file[0].chan_points == []' >/dev/null ||
  fail "after the crashes the backup lacks channels the database holds"
jq -en --slurpfile list list.json --slurpfile file file.json '
  [$list[0].channels[] | select(.status == "closed") | .chan_point] as $closed
  | [$file[0].chan_points[] | select(. as $c | $closed | index($c))] == []' >/dev/null ||
  fail "after the crashes the backup still holds closed channels"
expect_ok lnstore db check
echo "test_backup_file_crash: ok"
