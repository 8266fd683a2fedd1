# --backup-file under injected failures (strace -e inject=): every write,
# fsync and rename of the backup file during a `channel close` (and a
# `channel open`) fails in turn, before the commit and after it. Each time
# the file must hold every channel the committed database holds open or
# waiting_close; a failure before the commit changes nothing, one after it
# exits with the cause's status and says "committed".
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
command -v strace >/dev/null || skip "no strace"
strace -f -o /dev/null -e trace=getpid true 2>/dev/null || skip "strace cannot trace here (ptrace not permitted)"
command -v sqlite3 >/dev/null || skip "no sqlite3 CLI"

sed -n 1p docs.jsonl >c1.json; sed -n 2p docs.jsonl >c2.json; sed -n 3p docs.jsonl >c3.json
CP1=$(jq -r .chan_point c1.json)
CLOSING=$(printf 'cd%.0s' {1..32})
expect_ok lnstore --backup-file base.backup channel open c1.json
expect_ok lnstore --backup-file base.backup channel open c2.json
# Without the commitments, so the file differs from what a command writes
# before its commit (a file already holding that is left as it is).
expect_ok lnstore backup export --no-close-tx --file base.backup
sqlite3 "$LNSTORE_DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$LNSTORE_DB" base.db

fresh() {
  rm -rf case && mkdir case
  cp base.db case/lnstore.db
  cp base.backup case/channel.backup
}
# The committed backed-up channels the file lacks (a JSON list).
lacking() {
  local db file
  db=$(LNSTORE_DB="$WORK/case/lnstore.db" lnstore channel list | jq -c '[.channels[] | select(.status != "closed") | .chan_point]')
  file=$(LNSTORE_DB="$WORK/case/lnstore.db" lnstore backup verify case/channel.backup | jq -c .chan_points) ||
    fail "$CASE: the backup does not verify"
  jq -nc --argjson db "$db" --argjson file "$file" '$db - $file'
}
status_of() { LNSTORE_DB="$WORK/case/lnstore.db" lnstore channel show "$1" 2>/dev/null | jq -r .status; }

# run_faults NAME CHANNEL CHANGED_STATUS CMD...: probes which write, fsync
# and rename calls of CMD touch the backup file, then fails each in turn.
run_faults() {
  local name=$1 cp=$2 changed=$3 before_commit=0 after_commit=0
  shift 3
  fresh
  LNSTORE_DB="$WORK/case/lnstore.db" strace -f -y -qq -o probe.txt -e trace=write,rename,fsync "$LNSTORE_BIN" \
    --backup-file case/channel.backup --no-archive "$@" >/dev/null 2>&1 || fail "$name: the probe run failed"
  for call in write rename fsync; do
    local n=0 k
    # Occurrences of $call, numbered as strace's when= counts them; those
    # touching the backup file or its directory are the ones to fail.
    while IFS= read -r line; do
      n=$((n + 1))
      [[ $line == *channel.backup* || $line == "fsync("*"/case>)"* ]] || continue
      k=$n
      CASE="$name: $call #$k"
      fresh
      rc=0
      LNSTORE_DB="$WORK/case/lnstore.db" strace -f -o /dev/null -e trace=$call -e inject=$call:error=EIO:when=$k \
        "$LNSTORE_BIN" --backup-file case/channel.backup --no-archive "$@" >out.json 2>err.json || rc=$?
      [[ $rc -eq 7 ]] || fail "$CASE: exit $rc, expected 7: $(cat err.json)"
      [[ ! -s out.json ]] || fail "$CASE: stdout not empty: $(cat out.json)"
      [[ $(lacking) == '[]' ]] || fail "$CASE: the file lacks $(lacking)"
      if [[ $(status_of "$cp") == "$changed" ]]; then
        after_commit=$((after_commit + 1))
        jq -e '.error.details.committed == true and (.error.message | startswith("committed; "))' err.json >/dev/null ||
          fail "$CASE: committed, but the error does not say so: $(cat err.json)"
      else
        before_commit=$((before_commit + 1))
        jq -e '.error.details.committed != true' err.json >/dev/null || fail "$CASE: says committed: $(cat err.json)"
      fi
    done < <(grep -E "^[0-9]+ +$call\(" probe.txt | sed -E 's/^[0-9]+ +//')
  done
  echo "$name: $before_commit failures before the commit, $after_commit after it"
  ((before_commit > 0)) || fail "$name: no failure before the commit was injected"
  [[ $changed != closed ]] || ((after_commit > 0)) || fail "$name: no failure after the commit was injected"
}

run_faults "close" "$CP1" closed channel close "$CP1" --type cooperative --closing-txid "$CLOSING" --height 700
run_faults "open" "$(jq -r .chan_point c3.json)" open channel open c3.json

# After a failure past the commit, the next rewrite drops the closed channel.
fresh
LNSTORE_DB="$WORK/case/lnstore.db" strace -f -o /dev/null -e trace=rename -e inject=rename:error=EIO:when=2 \
  "$LNSTORE_BIN" --backup-file case/channel.backup --no-archive channel close "$CP1" --type cooperative \
  --closing-txid "$CLOSING" --height 700 >/dev/null 2>err.json && fail "the injected rename did not fail"
LNSTORE_DB="$WORK/case/lnstore.db" expect_ok lnstore backup verify case/channel.backup
check '.chan_points | index("'"$CP1"'") != null'
LNSTORE_DB="$WORK/case/lnstore.db" expect_ok lnstore db check --backup-file case/channel.backup
check '.ok == true'
LNSTORE_DB="$WORK/case/lnstore.db" expect_ok lnstore --backup-file case/channel.backup channel open c3.json
LNSTORE_DB="$WORK/case/lnstore.db" expect_ok lnstore backup verify case/channel.backup
check '.chan_points | index("'"$CP1"'") == null and length == 2'
echo "test_backup_file_faults: ok"
