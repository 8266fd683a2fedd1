# health: each check in each of its states (database, backup file, towers,
# sessions, coverage), the exit codes, -o text, the Prometheus textfile
# (through promtool when installed) and the Nagios line; tower stats.
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
sed -n 1p docs.jsonl >c1.json; sed -n 2p docs.jsonl >c2.json; sed -n 3p docs.jsonl >c3.json
CP1=$(jq -r .chan_point c1.json); CP2=$(jq -r .chan_point c2.json); CP3=$(jq -r .chan_point c3.json)
PEER1=$(jq -r .peer c1.json)

# health_run EXIT ARGS...: health must exit EXIT; its stdout is in $OUT and
# must be a report with every key present.
health_run() {
  local want=$1 rc=0
  shift
  OUT=$(lnstore health "$@" 2>"$WORK/stderr") || rc=$?
  [[ $rc -eq $want ]] || fail "expected exit $want from health $* (got $rc): $(cat "$WORK/stderr") $OUT"
  jq -e '(keys == ["checks", "status", "summary"]) and
         all(.checks[]; keys == ["details", "message", "name", "status", "subject"])' <<<"$OUT" >/dev/null ||
    fail "report keys: $OUT"
}
# status_of NAME SUBJECT: the status of one check.
status_of() { jq -r --arg n "$1" --arg s "$2" '[.checks[] | select(.name == $n and .subject == $s) | .status] | join(",")' <<<"$OUT"; }
expect_status() {  # NAME SUBJECT STATUS
  local got
  got=$(status_of "$1" "$2")
  [[ "$got" == "$3" ]] || fail "check $1 $2: expected $3, got '$got': $(jq -c '.checks' <<<"$OUT")"
}
# promcheck FILE: a valid textfile (promtool check metrics reads stdin).
# Without promtool (Debian's prometheus package) every other assertion still
# runs, and the test ends as skipped, saying why.
NO_PROMTOOL=
promcheck() {
  if command -v promtool >/dev/null; then
    promtool check metrics <"$1" >"$WORK/promtool.out" 2>&1 || fail "promtool rejected $1: $(cat "$WORK/promtool.out")"
  else
    NO_PROMTOOL=1
  fi
}

# A read command: a missing database is exit 7 (and UNKNOWN, 3, for Nagios).
expect_err 7 database_not_found lnstore health
rc=0; line=$(lnstore health --nagios 2>/dev/null) || rc=$?
[[ $rc -eq 3 && "$line" == "LNSTORE UNKNOWN - "* ]] || fail "nagios on a missing database: $rc $line"
[[ ! -e "$LNSTORE_DB" ]] || fail "health created the database"

# An empty database: no towers is one warning, not a critical per channel.
expect_ok lnstore db init
health_run 1
check '.status == "warning" and ([.checks[] | select(.status != "ok")] | length) == 1'
expect_status watchtower watchtower warning
expect_status database "$LNSTORE_DB" ok
check '.summary.checks == {"ok": 2, "warning": 1, "critical": 0} and .summary.backup_age_seconds == null'
check '[.checks[] | select(.name == "node")][0].message | startswith("no node or chain recorded")'
health_run 0 --no-watchtower
check '.status == "ok" and ([.checks[].name] == ["database", "node"])'
# ... or turned off in the config file, where every threshold can be set.
mkdir -p config/lnstore
printf 'no-watchtower = true\nlag-warn = 3\npending-warn = 2h\nsession-warn = 0.5\nlag-crit = 7\n' >config/lnstore/config.toml
health_run 0
rm config/lnstore/config.toml
# Bad thresholds are usage errors.
expect_err 2 bad_duration lnstore health --pending-warn soon
expect_err 2 usage lnstore health --session-warn 1.5
expect_err 2 usage lnstore health --lag-warn 0
printf 'lag-warn = many\n' >config/lnstore/config.toml
expect_err 2 bad_config lnstore health
rm config/lnstore/config.toml

# ---- backup file ---------------------------------------------------------
expect_ok lnstore --backup-file channel.backup channel open c1.json
expect_ok lnstore --backup-file channel.backup channel open c2.json
health_run 0 --no-watchtower --file channel.backup
expect_status backup_file "$WORK/channel.backup" ok
expect_status channel_backup "$CP1" ok
expect_status channel_backup "$CP2" ok
expect_status backup_age "$WORK/channel.backup" ok
check '.summary.backup_channels == 2 and .summary.backup_channels_missing == 0 and .summary.backup_age_seconds >= 0'
# --backup-file is the default file to check.
health_run 0 --no-watchtower --backup-file channel.backup
check '.summary.backup_channels == 2'
# The root key is needed to read the file.
expect_err 2 root_key_required env -u LNSTORE_ROOT_KEY_FILE "$LNSTORE_BIN" health --file channel.backup

# A channel missing from the backup: critical, naming it.
expect_ok lnstore channel open c3.json
health_run 1 --no-watchtower --file channel.backup
check '.status == "critical"'
expect_status channel_backup "$CP3" critical
check '[.checks[] | select(.name == "channel_backup" and .status == "critical") | .message] | length == 1 and (.[0] | contains("'$CP3'"))'
check '.summary.backup_channels_missing == 1'
rc=0; line=$(lnstore health --no-watchtower --file channel.backup --nagios --prometheus m.prom) || rc=$?
[[ $rc -eq 2 ]] || fail "nagios exit for critical: $rc"
[[ "$line" =~ ^LNSTORE\ CRITICAL\ -\ 1\ critical,\ 0\ warning:\ channel_backup\ $CP3:.*\|\ critical=1\;\;\;0\ .*backup_missing=1\;\;1\;0 ]] ||
  fail "nagios line: $line"
[[ $(wc -l <<<"$line") -eq 1 ]] || fail "nagios output is not one line"
grep -qx 'lnstore_backup_channels_missing 1' m.prom || fail "textfile lacks the missing count: $(cat m.prom)"
grep -qx 'lnstore_health_status 2' m.prom || fail "textfile status"
grep -qx "lnstore_health_check_status{check=\"channel_backup\",subject=\"$CP3\"} 2" m.prom || fail "textfile per-subject gauge"
grep -qx '# TYPE lnstore_backup_age_seconds gauge' m.prom || fail "textfile TYPE line"
[[ $(stat -c %a m.prom) == 644 ]] || fail "textfile mode $(stat -c %a m.prom)"
if ls -a | grep -q '^\.m\.prom\.tmp'; then fail "a temporary textfile was left behind"; fi
promcheck m.prom

# Rewritten: current again.
expect_ok lnstore --no-archive backup export --file channel.backup
health_run 0 --no-watchtower --file channel.backup
rc=0; line=$(lnstore health --no-watchtower --file channel.backup --nagios) || rc=$?
[[ $rc -eq 0 && "$line" == "LNSTORE OK - "*" | critical=0;;;0 "* ]] || fail "nagios ok line: $rc $line"

# Stale: a channel's backup data changed after the file was written.
touch -d '2 hours ago' channel.backup
health_run 0 --no-watchtower --file channel.backup  # older, but nothing changed since: current
# export --file leaves a file that already holds its channels alone: no
# rewrite, no archive.
sum=$(sha256sum <channel.backup); archives=$(ls chan-backup-archives | wc -l)
expect_ok lnstore backup export --file channel.backup
check '.changed == false and (.chan_points | length) == 3'
[[ $(sha256sum <channel.backup) == "$sum" ]] || fail "an unchanged export rewrote the file"
[[ $(ls chan-backup-archives | wc -l) -eq $archives ]] || fail "an unchanged export archived the file"
cp -p channel.backup old.backup
expect_ok lnstore backup diff old.backup channel.backup --exit-code
check '.changed == [] and .changed_fields == {}'
expect_ok lnstore peer add "$PEER1@198.51.100.7:9735"
health_run 1 --no-watchtower --file channel.backup
expect_status backup_age "$WORK/channel.backup" critical
expect_status channel_backup "$CP1" critical
expect_status channel_backup "$CP3" ok
check '.summary.backup_channels_stale >= 1 and .summary.backup_age_seconds >= 7000'
lnstore health --no-watchtower --file channel.backup --prometheus m.prom >/dev/null || true
grep -q '^lnstore_backup_channels_stale [1-9]' m.prom || fail "textfile stale count"
promcheck m.prom
expect_ok lnstore --no-archive backup export --file channel.backup
check '.changed == true'
health_run 0 --no-watchtower --file channel.backup
# backup diff --exit-code: exit 1 when they differ, naming the fields.
rc=0; OUT=$(lnstore backup diff old.backup channel.backup --exit-code) || rc=$?
[[ $rc -eq 1 ]] || fail "diff --exit-code of different files exits $rc"
check '.changed == (["'$CP1'", "'$CP2'"] | sort) and .changed_fields["'$CP1'"] == ["addresses"]'
expect_ok lnstore backup diff old.backup channel.backup  # without it: exit 0

# A closed and resolved channel still in the file: a warning.
cp channel.backup before-close.backup
expect_ok lnstore channel close "$CP3" --type cooperative --closing-txid "$(printf 'cd%.0s' {1..32})" --height 700
health_run 1 --no-watchtower --file before-close.backup
check '.status == "warning"'
expect_status backup_closed_channel "$CP3" warning
rc=0; line=$(lnstore health --no-watchtower --file before-close.backup --nagios) || rc=$?
[[ $rc -eq 1 && "$line" == "LNSTORE WARNING - 0 critical, 1 warning: backup_closed_channel $CP3"* ]] || fail "nagios warning: $rc $line"

# Mode wider than 0600: a warning.
chmod 644 channel.backup
health_run 1 --no-watchtower --file channel.backup
expect_status backup_file "$WORK/channel.backup" warning
check '[.checks[] | select(.name == "backup_file")][0].details.mode == "0644"'
chmod 600 channel.backup

# Wrong root key: the file does not decrypt.
health_run 1 --no-watchtower --file channel.backup --root-key-file other.key
expect_status backup_file "$WORK/channel.backup" critical
check '[.checks[] | select(.name == "node")][0] | .status == "critical" and .details.error == "node_mismatch"'
check '([.checks[] | select(.name == "backup_file")][0].message | contains("does not decrypt")) and .summary.backup_channels_missing == 2'
# The right key, the wrong chain: the node check says so.
health_run 1 --no-watchtower --network testnet
check '[.checks[] | select(.name == "node")][0] | .status == "critical" and .details.error == "chain_mismatch"'
health_run 0 --no-watchtower
check '[.checks[] | select(.name == "node")][0] | .status == "ok" and (.message | contains("the root key"))'
# Another chain: a mainnet key reads nothing of a regtest file either.
# A missing file.
health_run 1 --no-watchtower --file nothing.backup
expect_status backup_file "$WORK/nothing.backup" critical
check '.summary.backup_channels_missing == 2'

# ---- towers, sessions, coverage -------------------------------------------
# A tower without sessions: the legacy channels have no usable session, and
# they are not registered.
expect_ok lnstore tower add "$G1@10.0.0.1"
health_run 1
expect_status towers towers ok
expect_status tower "$G1" ok
expect_status blob_type legacy critical
expect_status channel_coverage "$CP1" critical
check '[.checks[] | select(.name == "channel_coverage")] | length == 2'
# Deactivated: no active tower is critical.
expect_ok lnstore tower deactivate "$G1"
health_run 1
expect_status towers towers critical
expect_ok lnstore tower add "$G1@10.0.0.1"

# A session that can take 4 updates; both channels registered.
expect_ok lnstore session reserve "$G1" --blob-type legacy
K=$(jq .key_index <<<"$OUT")
expect_ok lnstore session create --tower "$G1" --key-index "$K" --id "$G5" --blob-type legacy --max-updates 4
CID1=$(lnstore channel show "$CP1" | jq -r .chan_id); CID2=$(lnstore channel show "$CP2" | jq -r .chan_id)
expect_ok lnstore channel register "$CID1" --sweep-pkscript 0014aa
expect_ok lnstore channel register "$CID2" --sweep-pkscript 0014bb
health_run 0
expect_status blob_type legacy ok
expect_status session "$G5" ok
expect_status channel_coverage "$CP1" ok

# A channel with updates and no acked height: critical.
set_height() { jq -n --argjson h "$2" '{num_updates: $h}' | lnstore channel update "$1" - >/dev/null; }
set_height "$CP1" 20
health_run 1
expect_status channel_coverage "$CP1" critical
check '[.checks[] | select(.name == "channel_coverage" and .subject == "'$CP1'")][0].details == {"num_updates": 20, "registered": true, "highest_acked_height": null, "lag": 21}'
commit() { lnstore update commit "$G5" --seqnum "$1" --chan-id "$CID1" --commit-height "$2" --hint "$(printf '%032x' "$1")" --blob 00ff >/dev/null; }
commit 1 5
lnstore update ack "$G5" --seqnum 1 --last-applied 1 >/dev/null
# A lagging tower: 20 - 5 = 15 is past --lag-warn 10, below --lag-crit 100.
health_run 1
expect_status channel_coverage "$CP1" warning
health_run 1 --lag-crit 15
expect_status channel_coverage "$CP1" critical
health_run 0 --lag-warn 16
commit 2 19
lnstore update ack "$G5" --seqnum 2 --last-applied 2 >/dev/null
health_run 0
check '[.checks[] | select(.name == "channel_coverage" and .subject == "'$CP1'")][0].details.lag == 1'

# Pending updates past --pending-warn (committed two hours ago).
commit 3 20
sqlite3 "$LNSTORE_DB" "UPDATE committed_updates SET committed_at = committed_at - 7200 WHERE seqnum = 3"
health_run 1
expect_status session "$G5" warning
check '[.checks[] | select(.name == "session")][0].details.oldest_pending_seconds >= 7200 and .summary.pending_updates_oldest_seconds >= 7200'
health_run 0 --pending-warn 3h
lnstore health --prometheus m.prom >/dev/null || true
grep -qE '^lnstore_pending_updates_oldest_seconds (72[0-9][0-9]|7[3-9][0-9][0-9])$' m.prom || fail "textfile pending age: $(grep pending m.prom)"
grep -qx "lnstore_channel_watchtower_lag{chan_point=\"$CP1\"} 1" m.prom || fail "textfile channel lag"
grep -qx "lnstore_session_updates_remaining{session=\"$G5\"} 1" m.prom || fail "textfile session remaining"
promcheck m.prom

# 3 of 4 updates used is past --session-warn 0.9? No (0.75): warn at 0.7.
health_run 0 --pending-warn 3h
health_run 1 --pending-warn 3h --session-warn 0.7
expect_status session "$G5" warning
# Exhausted: the only legacy session is used up, so legacy channels have none.
commit 4 20
health_run 1 --pending-warn 3h
expect_status session "$G5" warning
expect_status blob_type legacy critical
check '[.checks[] | select(.name == "session")][0].message | startswith("exhausted")'
rc=0; line=$(lnstore health --pending-warn 3h --nagios) || rc=$?
[[ $rc -eq 2 && "$line" == "LNSTORE CRITICAL - 1 critical, 1 warning: blob_type legacy: "* ]] || fail "nagios: $rc $line"

# -o text: the status line, then problems, critical first.
rc=0; lnstore -o text health --pending-warn 3h >text.out || rc=$?
[[ $rc -eq 1 ]] || fail "text exit $rc"
[[ $(sed -n 1p text.out) == "health: critical (1 critical, 1 warning, "*" ok)" ]] || fail "text head: $(cat text.out)"
[[ $(sed -n 2p text.out) == "critical  blob_type  legacy: "* ]] || fail "text order: $(cat text.out)"
[[ $(sed -n 3p text.out) == "warning  session  $G5: exhausted"* ]] || fail "text order: $(cat text.out)"

# An inactive tower still holding unacknowledged updates: a warning.
expect_ok lnstore tower deactivate "$G1"
health_run 1 --pending-warn 3h
expect_status tower "$G1" warning

# The database check: a broken invariant is critical. The pending count is
# checked against every committed update only with --full.
sqlite3 "$LNSTORE_DB" "UPDATE sessions SET num_pending = num_pending + 5"
health_run 0 --no-watchtower
check '.checks[0].details.scope == "bounded"'
health_run 1 --no-watchtower --full
expect_status database "$LNSTORE_DB" critical
check '.checks[0].details.scope == "full" and (.checks[0].details.problems[0].kind == "pending_count_mismatch")'
sqlite3 "$LNSTORE_DB" "UPDATE sessions SET num_pending = num_pending - 5"
sqlite3 "$LNSTORE_DB" "UPDATE sessions SET seqnum = 2"  # below the committed seqnums 3 and 4
health_run 1 --no-watchtower
expect_status database "$LNSTORE_DB" critical
check '[.checks[0].details.problems[].kind] | index("seqnum_behind_commits") != null'
sqlite3 "$LNSTORE_DB" "UPDATE sessions SET seqnum = 4"

# A textfile that cannot be written is an I/O error and leaves no file.
expect_err 7 io_error lnstore health --prometheus "$WORK/no/such/dir/m.prom"

# ---- tower stats -----------------------------------------------------------
expect_ok lnstore tower stats
check '. == {"num_backups": 2, "num_pending_backups": 2, "num_failed_backups": null, "num_sessions_acquired": 1, "num_sessions_exhausted": 1, "towers": null}'
expect_ok lnstore tower add "$G2@10.0.0.2"
expect_ok lnstore tower stats --per-tower
check '.towers | length == 2'
check '.towers[0] == {"id": 1, "pubkey": "'$G1'", "status": "inactive", "num_backups": 2, "num_pending_backups": 2, "num_failed_backups": null, "num_sessions_acquired": 1, "num_sessions_exhausted": 1}'
check '.towers[1].num_sessions_acquired == 0 and .towers[1].num_backups == 0'
[[ -z "$NO_PROMTOOL" ]] || skip "promtool is not installed (apt-get install prometheus): the textfiles were not validated"
echo "ok"
