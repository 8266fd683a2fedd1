# A result written to a file on a full disk: every byte written or exit 7
# (output_failed, ENOSPC), never a truncated file and exit 0. The disk is a
# one-page tmpfs (mounted when this runs as root), else strace fails every
# write(2) to standard output with ENOSPC; without either the test is
# skipped.
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
expect_ok lnstore backup export
full=${#OUT}
CP=$(head -1 docs.jsonl | jq -r .chan_point)

# /dev/full needs no privilege: the whole export and one channel's.
for args in "backup export" "backup export --chan-point $CP"; do
  rc=0; lnstore $args >/dev/full 2>err.txt || rc=$?
  [[ $rc -eq 7 ]] || fail "$args >/dev/full: exit $rc"
  jq -e '.error.code == "output_failed" and .error.details.errno == "ENOSPC"' err.txt >/dev/null || fail "$args >/dev/full: $(cat err.txt)"
done
# With --file the result is the file's path: written, it commits; a failed
# stdout then says the file was written.
rc=0; lnstore backup export --file "$WORK/cb.backup" >/dev/full 2>err.txt || rc=$?
[[ $rc -eq 7 ]] && grep -q "committed; result not written" err.txt || fail "export --file >/dev/full: exit $rc: $(cat err.txt)"
expect_ok lnstore backup verify "$WORK/cb.backup"

# run_full OUTFILE CMD...: runs CMD with stdout on a full disk; exit code in $rc.
mkdir disk
if mount -t tmpfs -o size=4k,mode=0700 tmpfs "$WORK/disk" 2>/dev/null; then
  trap 'umount "$WORK/disk" 2>/dev/null; rm -rf "$WORK"' EXIT
  (( full > 4096 )) || fail "the export ($full bytes) fits the one-page disk: nothing to test"
  run_full() { local out=$1; shift; rc=0; "$@" >"$out" 2>err.txt || rc=$?; }
  how="a 4 KiB tmpfs"
elif command -v strace >/dev/null; then
  # write(2) fails with ENOSPC everywhere; SQLite writes with pwrite(2), so
  # only stdout and stderr are hit, and the error line cannot be read.
  run_full() { local out=$1; shift; rc=0; strace -f -qq -o /dev/null -e trace=write -e inject=write:error=ENOSPC "$@" >"$out" 2>err.txt || rc=$?; }
  how="strace-injected ENOSPC"
  printf '{"error": {"code": "output_failed", "details": {"errno": "ENOSPC"}}}\n' >expected-err.txt
else
  skip "neither a tmpfs can be mounted (not root) nor strace is installed"
fi
echo "full disk: $how"

for args in "backup export" "backup export --chan-point $CP" "tower list" "channel list"; do
  run_full disk/out.json lnstore $args
  if [[ $rc -eq 0 ]]; then
    # Everything fitted: then it must be all of it.
    jq -e . disk/out.json >/dev/null || fail "$args: exit 0 with a truncated result"
    continue
  fi
  [[ $rc -eq 7 ]] || fail "$args on a full disk: exit $rc: $(cat err.txt)"
  [[ -s err.txt ]] || cp expected-err.txt err.txt  # strace: stderr failed too
  jq -e '.error.code == "output_failed" and .error.details.errno == "ENOSPC"' err.txt >/dev/null ||
    fail "$args on a full disk: $(cat err.txt)"
  rm -f disk/out.json
done
# The whole export cannot fit: it must have failed.
run_full disk/out.json lnstore backup export
[[ $rc -eq 7 ]] || fail "backup export of $full bytes onto $how: exit $rc"
echo "test_output_full_disk: ok"
