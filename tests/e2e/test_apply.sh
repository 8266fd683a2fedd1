# apply: per-line durable, --keep-going, --atomic, malformed lines.
source "$(dirname "$0")/lib.sh"
GENOPS="$LNSTORE_SHARED_DIR/bench/genops.py"
need_python
need_shared bench/genops.py

"$PY" "$GENOPS" 200 4 10 >ops.jsonl
lines=$(wc -l <ops.jsonl)
expect_ok lnstore apply ops.jsonl
[[ $(wc -l <<<"$OUT") -eq $lines ]] || fail "expected one output line per input line"
jq -se 'all(.ok) and (map(.line) == [range(1; '$((lines + 1))')])' <<<"$OUT" >/dev/null || fail "bad apply output"
jq -se '.[-1].result.tower_last_applied == 50' <<<"$OUT" >/dev/null || fail "last ack result"
expect_ok lnstore session list
check '.sessions | length == 4 and all(.num_backups == 50 and .num_pending_backups == 0)'
expect_ok lnstore db check

# Stdin, and the first failure stops the run with its exit code.
cat >bad.jsonl <<LINES
{"op": "tower.add", "address": "$G2@10.0.0.2"}

{"op": "session.reserve", "tower": 99}
{"op": "tower.add", "address": "$G3@10.0.0.3"}
LINES
rc=0; OUT=$(lnstore apply - <bad.jsonl) || rc=$?
[[ $rc -eq 1 ]] || fail "apply should stop with exit 1 (got $rc)"
[[ $(wc -l <<<"$OUT") -eq 2 ]] || fail "apply should stop after the failing line: $OUT"
jq -se '.[1] == {"line": 3, "ok": false, "error": {"code": "tower_not_found", "message": .[1].error.message}}' <<<"$OUT" >/dev/null || fail "error line shape: $OUT"
expect_ok lnstore tower show "$G2"                   # line 1 was durable
expect_err 1 tower_not_found lnstore tower show "$G3"

# --keep-going reports every failure and exits 1 at the end.
rc=0; OUT=$(lnstore apply --keep-going bad.jsonl) || rc=$?
[[ $rc -eq 1 ]] || fail "keep-going should exit 1 (got $rc)"
jq -se 'map(.ok) == [true, false, true]' <<<"$OUT" >/dev/null || fail "keep-going output: $OUT"
expect_ok lnstore tower show "$G3"

# --atomic: all or nothing.
cat >atomic.jsonl <<LINES
{"op": "tower.add", "address": "$G4@10.0.0.4"}
{"op": "tower.deactivate", "pubkey": "$G7"}
LINES
before=$(db_digest)
rc=0; OUT=$(lnstore apply --atomic atomic.jsonl 2>/dev/null) || rc=$?
[[ $rc -eq 1 ]] || fail "atomic failure should exit 1 (got $rc)"
[[ $(db_digest) == "$before" ]] || fail "--atomic failure left changes"
head -1 atomic.jsonl >atomic-ok.jsonl
expect_ok lnstore apply --atomic atomic-ok.jsonl
expect_ok lnstore tower show "$G4"

# Malformed lines are errors of that line (exit 3), not crashes.
for bad in '{"op": "tower.add"' '[1,2]' '{"address": "x"}' '{"op": 7}' '{"op": "tower.fly"}' \
           '{"op": "tower.add", "address": 5}' '{"op": "session.reserve", "tower": [1]}' \
           '{"op": "update.commit", "session": "'$G5'", "seqnum": "one"}' 'not json at all'; do
  before=$(db_digest)
  rc=0; OUT=$(printf '%s\n' "$bad" | lnstore apply) || rc=$?
  [[ $rc -eq 3 ]] || fail "malformed line '$bad' should exit 3 (got $rc)"
  jq -e '.ok == false and .line == 1 and (.error.code | type == "string")' <<<"$OUT" >/dev/null || fail "bad error line for '$bad': $OUT"
  [[ $(db_digest) == "$before" ]] || fail "malformed line changed the database"
done
expect_err 7 file_not_found lnstore apply "$WORK/none.jsonl"

# The atomic path handles a large batch.
"$PY" "$GENOPS" 2000 3 20 >big.jsonl
rm -f "$LNSTORE_DB"*
expect_ok lnstore apply --atomic big.jsonl
expect_ok lnstore db info
check '.counts.sessions == 3 and .counts.committed_updates == 0'
echo "test_apply: ok"
