# contrib/systemd: the units verify with systemd-analyze (no unknown keys, the
# binary they start exists, the timer's service is there), carry the
# hardening the README promises, and rate as well exposed as a service can
# be offline (systemd-analyze security).
source "$(dirname "$0")/lib.sh"
command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed (apt-get install systemd)"
UNITS="$LNSTORE_SOURCE_DIR/contrib/systemd"
names=(lnstore-backup-watch.service lnstore-health.service lnstore-health.timer)
for n in "${names[@]}"; do
  [[ -f "$UNITS/$n" ]] || fail "missing unit $n"
  # The units start /usr/bin/lnstore; verify checks that it is executable.
  sed "s|/usr/bin/lnstore|$LNSTORE_BIN|g" "$UNITS/$n" >"$n"
done
rc=0
systemd-analyze verify --man=no "${names[@]/#/./}" >verify.out 2>&1 || rc=$?
if [[ $rc -ne 0 ]] && grep -qiE 'Failed to (connect|initialize|setup)|No such file or directory.*(bus|manager)|Operation not permitted' verify.out; then
  skip "systemd-analyze cannot run in this container: $(head -1 verify.out)"
fi
[[ $rc -eq 0 && ! -s verify.out ]] || fail "systemd-analyze verify: $(cat verify.out)"

# A unit with a mistake is caught, so the check above can fail.
sed 's/^UMask=0077/UMask=0077\nNoSuchKey=1/' lnstore-health.service >bad.service
systemd-analyze verify --man=no ./bad.service >bad.out 2>&1 || true
grep -q "Unknown key 'NoSuchKey'" bad.out || fail "systemd-analyze did not report an unknown key: $(cat bad.out)"

for n in lnstore-backup-watch.service lnstore-health.service; do
  for want in ProtectSystem=strict NoNewPrivileges=true PrivateTmp=true StateDirectory=lnstore UMask=0077 \
    "LoadCredential=root.key:/etc/lnstore/root.key"; do
    grep -qx "$want" "$n" || fail "$n lacks $want"
  done
  # The root key reaches lnstore as a credential file, never on a command line.
  ! grep -q '^ExecStart=.*root-key' "$n" || fail "$n puts the root key on the command line"
  if out=$(systemd-analyze security --offline=true "./$n" 2>&1); then
    level=$(grep -o 'Overall exposure level for [^:]*: [0-9.]*' <<<"$out" | awk '{print $NF}')
    [[ -n "$level" ]] || fail "no exposure level for $n: $out"
    awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || fail "$n exposure $level is above 2.0"
  fi
done
grep -qx 'SuccessExitStatus=1' lnstore-health.service || fail "a health finding would mark the unit failed"
grep -q -- '--prometheus ' lnstore-health.service || fail "lnstore-health.service writes no textfile"
grep -qx 'OnUnitActiveSec=5min' lnstore-health.timer || fail "timer interval"
echo "test_systemd_units: ok"
