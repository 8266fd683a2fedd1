# A process that holds the root key cannot dump core: before the first byte
# of the key is read it sets its core file size to 0 (soft and hard) and
# makes itself non-dumpable, and its key buffers are marked MADV_DONTDUMP.
# `backup watch` holds the key for its whole life; a crash (here SIGSEGV
# sent to it) must leave no core file, even with `ulimit -c unlimited` and a
# core_pattern that writes to the working directory.
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"  # ROOT, lnd's regtest vector key (no fixtures needed)
export LNSTORE_NETWORK=regtest
printf '%s\n' "$ROOT" >root.key
chmod 600 root.key
export LNSTORE_ROOT_KEY_FILE="$WORK/root.key"
expect_ok lnstore db init

# limits_core PID: "SOFT HARD" of the core file size in /proc/PID/limits.
limits_core() { awk '/^Max core file size/ {print $5, $6}' "/proc/$1/limits"; }
# wait_for CONDITION...: retries for up to 10 s.
wait_for() {
  local _
  for _ in $(seq 100); do "$@" && return 0; sleep 0.1; done
  return 1
}
# The most a shell here may set the core limit to: unlimited where allowed.
raise_core_limit() { ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -Hc)"; }

# Whether a crash here writes a core file to the working directory at all:
# a process that did not harden itself, killed the same way.
mkdir control
(cd control && raise_core_limit && exec sleep 30) & control=$!
wait_for [ -r /proc/$control/limits ] && sleep 0.2
kill -SEGV $control
wait $control || true
cores_written=0
compgen -G "control/core*" >/dev/null && cores_written=1
[[ $(ulimit -Hc) != 0 ]] || echo "note: the hard core limit is 0 here: the limits checks are vacuous"
if [[ $cores_written -eq 0 ]]; then
  echo "note: no core file appears in the working directory here (core_pattern $(cat /proc/sys/kernel/core_pattern 2>/dev/null)," \
    "core limit $(ulimit -Hc)): the no-core-file check is vacuous, the limits are still checked"
fi

# backup watch: hardened while it runs, and a crash leaves no core.
mkdir watchdir
(cd watchdir && raise_core_limit && exec "$LNSTORE_BIN" backup watch --file "$WORK/watch.backup" --interval 0.1) \
  >watch.out 2>watch.err & pid=$!
wait_for [ -s watch.out ] || fail "watch did not write the backup: $(cat watch.err)"
[[ $(limits_core $pid) == "0 0" ]] || fail "watch's core file size is $(limits_core $pid), not 0 0"
if [[ $(id -u) -ne 0 ]]; then
  # A non-dumpable process's /proc files belong to root.
  [[ $(stat -c %u /proc/$pid/status) -eq 0 ]] || fail "watch is still dumpable (its /proc files are not root's)"
else
  # root may read a non-dumpable process's maps: the key buffers are marked "dd".
  grep -q '^VmFlags:.* dd' /proc/$pid/smaps || fail "no mapping of watch is marked MADV_DONTDUMP"
fi
kill -SEGV $pid
rc=0; wait $pid || rc=$?
# 139 = 128 + SIGSEGV (under AddressSanitizer, its report and exit status 1).
[[ $rc -ne 0 ]] || fail "watch survived SIGSEGV"
! compgen -G "watchdir/core*" >/dev/null || fail "a core file of watch was written: $(ls watchdir)"

# Hardened before reading the key: a command that reads the key from a pipe
# nobody has written to yet is already hardened while it waits.
mkfifo key.fifo
(raise_core_limit && exec "$LNSTORE_BIN" --root-key-file - key info <key.fifo >info.out 2>info.err) & pid=$!
exec 3>key.fifo
hardened() { [[ $(limits_core $pid) == "0 0" ]]; }
wait_for hardened || fail "key info did not harden itself before reading the key (core limit $(limits_core $pid))"
printf '%s\n' "$ROOT" >&3
exec 3>&-
rc=0; wait $pid || rc=$?
[[ $rc -eq 0 ]] || fail "key info failed (exit $rc): $(cat info.err)"
jq -e '.source == "xprv"' info.out >/dev/null || fail "key info: $(cat info.out)"
echo "test_core_dump: ok"
