# Output formats, usage errors, config file and environment.
source "$(dirname "$0")/lib.sh"
expect_ok lnstore tower add "$G1@10.0.0.1"
expect_ok lnstore tower list --compact
[[ $(wc -l <<<"$OUT") -eq 1 ]] || fail "--compact is not one line"
expect_ok lnstore tower list
[[ $(head -1 <<<"$OUT") == "{" && $(sed -n 2p <<<"$OUT") == '  "towers": [' ]] || fail "not 2-space JSON"
expect_ok lnstore tower list -o text
grep -q "^ID .*PUBKEY" <<<"$OUT" || fail "text table header missing: $OUT"
grep -q "$G1" <<<"$OUT" || fail "text table row missing"

# Text errors: one line on stderr, "lnstore: error: ...".
rc=0; lnstore -o text tower show 7 2>err.txt || rc=$?
[[ $rc -eq 1 && $(cat err.txt) == "lnstore: error: tower not found: 7" ]] || fail "text error: $(cat err.txt)"

# Input quoted back in an error cannot reach the terminal raw: an escape
# sequence and a byte that is not UTF-8 are shown as \xNN in text, and JSON
# errors stay valid JSON (invalid UTF-8 replaced).
G=0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798
rc=0; lnstore -o text tower add "$G@"$'\e[31mevil\xff.example' 2>err.txt || rc=$?
[[ $rc -eq 3 ]] || fail "escape sequence in an address: exit $rc"
grep -q $'\e' err.txt && fail "raw ESC written to the terminal: $(od -c err.txt | head -3)"
grep -qF '\x1b[31mevil\xff.example' err.txt || fail "escaped input not shown: $(cat err.txt)"
expect_err 3 bad_address lnstore tower add "$G@"$'\e[31mevil\xff.example'
jq -e '.error.message | contains("evil\ufffd.example")' "$WORK/stderr" >/dev/null || fail "JSON error: $(cat "$WORK/stderr")"

# Usage errors exit 2.
# A missing or unknown command adds the group's help after the one-line
# JSON error (test_help.sh checks the help itself).
for args in "" "towers" "tower"; do
  rc=0
  # shellcheck disable=SC2086
  lnstore $args >out.txt 2>err.txt || rc=$?
  [[ $rc -eq 2 && ! -s out.txt ]] || fail "lnstore $args: exit $rc, stdout $(cat out.txt)"
  head -1 err.txt | jq -e '.error.code == "usage"' >/dev/null || fail "lnstore $args: $(head -1 err.txt)"
  grep -q "^Commands:" err.txt || fail "lnstore $args: no group help"
done
expect_err 2 usage lnstore tower list --bogus
expect_err 2 usage lnstore -o yaml tower list

# Config file: used when neither argv nor environment says otherwise.
mkdir -p "$XDG_CONFIG_HOME/lnstore"
printf 'output = "text"\n# comment\nbusy-timeout = 100\n' >"$XDG_CONFIG_HOME/lnstore/config.toml"
expect_ok lnstore tower list
grep -q "^ID" <<<"$OUT" || fail "config output=text not applied"
LNSTORE_OUTPUT=json expect_ok lnstore tower list
check '.towers | length == 1'                       # environment beats the file
expect_ok lnstore -o json tower list
check '.towers | length == 1'                       # argv beats the file
printf 'db = "%s"\n' "$WORK/other.db" >"$WORK/alt.toml"
unset LNSTORE_DB
LNSTORE_CONFIG="$WORK/alt.toml" expect_ok lnstore db init
[[ -f "$WORK/other.db" ]] || fail "LNSTORE_CONFIG not honoured"
export LNSTORE_DB="$WORK/lnstore.db"
printf 'nonsense_key = 1\n' >"$WORK/bad.toml"
expect_err 3 unknown_field lnstore --config "$WORK/bad.toml" tower list
printf 'output\n' >"$WORK/bad.toml"
expect_err 2 bad_config lnstore --config "$WORK/bad.toml" tower list
expect_err 7 config_not_found lnstore --config "$WORK/missing.toml" tower list
rm "$XDG_CONFIG_HOME/lnstore/config.toml"
# A result that cannot be written is an error (exit 7, output_failed naming
# errno), never a silent success; a write that committed says so.
rc=0; lnstore tower add "$G2@10.0.0.2" >/dev/full 2>err.txt || rc=$?
[[ $rc -eq 7 ]] || fail "write to a full stdout: exit $rc"
jq -e '.error.code == "output_failed" and .error.details.errno == "ENOSPC" and .error.details.committed == true' err.txt >/dev/null ||
  fail "output failure after commit: $(cat err.txt)"
grep -q "committed; result not written" err.txt || fail "no 'committed; result not written': $(cat err.txt)"
expect_ok lnstore tower show "$G2"                  # the change itself was kept
rc=0; lnstore -o text tower list >/dev/full 2>err.txt || rc=$?
[[ $rc -eq 7 && $(cat err.txt) == "lnstore: error: cannot write the result to stdout: No space left on device" ]] ||
  fail "read command to a full stdout: exit $rc: $(cat err.txt)"
for cmd in "tower list" "tower list --include-sessions" "session list" "db info" "db check"; do
  rc=0; lnstore $cmd >/dev/full 2>err.txt || rc=$?
  [[ $rc -eq 7 ]] || fail "$cmd to a full stdout: exit $rc"
  jq -e '.error.code == "output_failed" and (.error.details | has("committed") | not)' err.txt >/dev/null || fail "$cmd: $(cat err.txt)"
done
printf '{"op": "tower.add", "address": "%s@10.0.0.3"}\n' "$G3" >one.jsonl
rc=0; lnstore apply one.jsonl >/dev/full 2>err.txt || rc=$?
[[ $rc -eq 7 ]] && grep -q "committed; result not written" err.txt || fail "apply to a full stdout: exit $rc: $(cat err.txt)"


# A closed stdout is a failed write (EBADF), not a result sent nowhere; no
# file lnstore opens (the database) can take descriptor 1 in its place.
for cmd in "tower list" "db info"; do
  rc=0; lnstore $cmd >&- 2>err.txt || rc=$?
  [[ $rc -eq 7 ]] || fail "$cmd >&-: exit $rc"
  jq -e '.error.code == "output_failed" and .error.details.errno == "EBADF"' err.txt >/dev/null || fail "$cmd >&-: $(cat err.txt)"
done
rc=0; lnstore tower add "$G4@10.0.0.4" >&- 2>err.txt || rc=$?
[[ $rc -eq 7 ]] && grep -q "committed; result not written" err.txt || fail "tower add >&-: exit $rc: $(cat err.txt)"
expect_ok lnstore db check

# A reader that goes away (| head -1) ends lnstore by SIGPIPE, as any
# filter: exit 141, no error line. The output must outgrow the pipe.
for i in $(seq 3000); do printf '{"op": "tower.add", "address": "%s@10.0.0.1"}\n' "$G1"; done >many.jsonl
set +o pipefail
lnstore apply --atomic many.jsonl 2>err.txt | head -1 >first.txt
rc=${PIPESTATUS[0]}
set -o pipefail
[[ $rc -eq 141 ]] || fail "apply | head -1: exit $rc (want 141, SIGPIPE)"
[[ ! -s err.txt ]] || fail "apply | head -1 wrote an error: $(cat err.txt)"
jq -e '.ok and .line == 1' first.txt >/dev/null || fail "first line: $(cat first.txt)"

echo "test_output: ok"
