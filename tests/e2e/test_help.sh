# Help that helps: a group without a command prints its commands on stderr
# (exit 2), a mistyped command or option gets "did you mean", `lnstore help
# [GROUP [CMD]]` prints help on stdout, usage errors are text on a terminal,
# and --version names the commit, schema and libraries.
source "$(dirname "$0")/lib.sh"

# usage_case ARGS...: exit 2, the JSON error on the first stderr line, nothing on stdout.
usage_case() {
  local rc=0
  lnstore "$@" >out.txt 2>err.txt || rc=$?
  [[ $rc -eq 2 ]] || fail "lnstore $*: exit $rc, want 2"
  [[ ! -s out.txt ]] || fail "lnstore $*: wrote to stdout: $(cat out.txt)"
  head -1 err.txt | jq -e '.error.code == "usage"' >/dev/null || fail "lnstore $*: first stderr line is not the JSON usage error: $(head -1 err.txt)"
}

# No command at all: the top-level commands, each with its description.
usage_case
grep -q "^  tower  *Watchtowers" err.txt || fail "no command: the top-level help is missing: $(cat err.txt)"
grep -q "^  backup  *Static channel backups" err.txt || fail "no command: backup is not listed"

# A group without a command: that group's commands, not the top level.
usage_case tower
head -1 err.txt | jq -e '.error.message == "'"'lnstore tower'"' needs a command"' >/dev/null || fail "tower: $(head -1 err.txt)"
for c in add remove deactivate list show; do grep -q "^  $c  " err.txt || fail "tower: command $c not listed"; done
! grep -q "^  backup  " err.txt || fail "tower: the top-level commands were printed instead of the group's"

# Unknown commands: did you mean, at each level.
usage_case towers
head -1 err.txt | jq -e '.error.details.unknown == "towers" and .error.details.suggestions[0] == "tower"' >/dev/null || fail "towers: $(head -1 err.txt)"
head -1 err.txt | jq -e '.error.message | test("did you mean .tower.")' >/dev/null || fail "towers: no 'did you mean': $(head -1 err.txt)"
usage_case tower lst
head -1 err.txt | jq -e '.error.details.suggestions[0] == "list" and .error.details.command == "lnstore tower"' >/dev/null || fail "tower lst: $(head -1 err.txt)"
grep -q "^  show  " err.txt || fail "tower lst: the group's help is missing"
usage_case sesion list
head -1 err.txt | jq -e '.error.details.suggestions[0] == "session"' >/dev/null || fail "sesion: $(head -1 err.txt)"
# Nothing close: no suggestion, still the help.
usage_case tower zzzzzzzz
head -1 err.txt | jq -e '.error.details.suggestions == []' >/dev/null || fail "zzzzzzzz: $(head -1 err.txt)"

# A mistyped option: did you mean, among the command's and the global options.
usage_case tower list --stauts active
head -1 err.txt | jq -e '.error.details.suggestions[0] == "--status"' >/dev/null || fail "--stauts: $(head -1 err.txt)"
usage_case tower list --netwrk regtest
head -1 err.txt | jq -e '.error.details.suggestions[0] == "--network"' >/dev/null || fail "--netwrk: $(head -1 err.txt)"

# lnstore help [GROUP [CMD]]: stdout, exit 0.
expect_ok lnstore help
grep -q "^  import  *Import lnd" <<<"$OUT" || fail "help: no command list"
grep -q -- "--db FILE" <<<"$OUT" || fail "help: global options missing"
expect_ok lnstore help tower
grep -q "^  deactivate  " <<<"$OUT" || fail "help tower: $OUT"
expect_ok lnstore help tower list
grep -q "^Usage: lnstore tower list \[OPTIONS\]" <<<"$OUT" || fail "help tower list: usage line: $OUT"
grep -q -- "--status active|inactive" <<<"$OUT" || fail "help tower list: --status values: $OUT"
expect_ok lnstore help tower add
grep -q "^Usage: lnstore tower add \[OPTIONS\] ADDRESS" <<<"$OUT" || fail "help tower add: $OUT"
# --help at a group is the same group help.
expect_ok lnstore session --help
grep -q "^  reserve  " <<<"$OUT" || fail "session --help: $OUT"
# An unknown word after help: exit 2 with a suggestion.
usage_case help towr
head -1 err.txt | jq -e '.error.details.suggestions[0] == "tower"' >/dev/null || fail "help towr: $(head -1 err.txt)"
usage_case help tower lsit
head -1 err.txt | jq -e '.error.details.suggestions[0] == "list"' >/dev/null || fail "help tower lsit: $(head -1 err.txt)"

# Every value option's help says its values, unit or default where it has one.
expect_ok lnstore help
for want in "(default mainnet)" "(default json)" "(default 5000)"; do
  grep -qF -- "$want" <<<"$OUT" || fail "help: '$want' missing"
done
expect_ok lnstore help channel close
grep -qF "in sat (default 0)" <<<"$OUT" || fail "help channel close: no unit: $OUT"

# On a terminal, a usage error is text; JSON when asked for.
if command -v script >/dev/null; then
  script -qec "$LNSTORE_BIN tower lst" /dev/null >tty.txt 2>&1 || true
  grep -q "^lnstore: error: unknown command 'lst' for 'lnstore tower'; did you mean 'list'?" tty.txt || fail "terminal: not text: $(cat tty.txt)"
  script -qec "$LNSTORE_BIN -o json tower lst" /dev/null >tty.txt 2>&1 || true
  grep -q '^{"error":{"code":"usage"' tty.txt || fail "terminal with -o json: not JSON: $(cat tty.txt)"
fi

# --version: text by default, JSON with -o json; never needs a command or a database.
expect_ok lnstore --version
grep -Eq "^lnstore [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)$" <<<"$OUT" || fail "--version: $OUT"
grep -Eq "^schema version [0-9]+$" <<<"$OUT" || fail "--version: no schema version: $OUT"
grep -Eq "^SQLite 3\.[0-9.]+, libsecp256k1 [0-9.]+, Crypto\+\+ [0-9.]+$" <<<"$OUT" || fail "--version: libraries: $OUT"
sqlite_runtime=$("$PY" -c 'import sqlite3; print(sqlite3.sqlite_version)' 2>/dev/null || true)
expect_ok lnstore -o json --version
jq -e '.version and .commit and (.schema_version | type == "number") and .libraries.sqlite and .libraries.secp256k1 and .libraries.cryptopp' <<<"$OUT" >/dev/null || fail "-o json --version: $OUT"
[[ -z "$sqlite_runtime" ]] || jq -e --arg v "$sqlite_runtime" '.libraries.sqlite == $v' <<<"$OUT" >/dev/null || fail "--version: SQLite is not the system library ($sqlite_runtime): $OUT"
schema=$(jq -r .schema_version <<<"$OUT")
expect_ok lnstore db init
expect_ok lnstore db info
jq -e --argjson v "$schema" '.schema_version == $v' <<<"$OUT" >/dev/null || fail "--version's schema version is not db info's: $OUT"
[[ -e "$LNSTORE_DB" ]] || fail "db init made no database"
echo "ok"
