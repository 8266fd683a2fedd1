# Helpers for end-to-end tests: each test_*.sh sources this, runs the built
# binary ($LNSTORE_BIN) as an operator would, and fails on the first broken
# expectation.
set -euo pipefail
: "${LNSTORE_BIN:?set LNSTORE_BIN to the lnstore binary}"
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lnstore-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export LNSTORE_DB="$WORK/lnstore.db"
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
unset LNSTORE_NETWORK LNSTORE_ROOT_KEY_FILE LNSTORE_BACKUP_FILE LNSTORE_OUTPUT LNSTORE_CONFIG
cd "$WORK"

lnstore() { "$LNSTORE_BIN" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# Python for the reference tools, found through this one variable: Debian's
# python3 by default, which has python3-nacl and python3-bip32utils (a python3
# earlier on PATH may lack them; CMake's LNSTORE_PYTHON arrives as
# LNSTORE_PYTHON_DEFAULT). Tests use "$PY".
: "${LNSTORE_PYTHON:=${LNSTORE_PYTHON_DEFAULT:-/usr/bin/python3}}"
export LNSTORE_PYTHON
PY=$LNSTORE_PYTHON

# sanitized: true when the binary under test is a sanitizer build (ASan
# reserves terabytes of address space and adds its own memory, so address
# space limits and peak-RSS bounds say nothing about lnstore there).
sanitized() {
  [[ -n "${LNSTORE_BUILD_DIR:-}" && -f "$LNSTORE_BUILD_DIR/CMakeCache.txt" ]] &&
    grep -q '^LNSTORE_SANITIZE:STRING=..*' "$LNSTORE_BUILD_DIR/CMakeCache.txt"
}

# strace ...: strace, with LeakSanitizer turned off for what it traces.
# LeakSanitizer cannot run under ptrace: at exit it reports "does not work
# under ptrace" and exits 1, so a sanitizer build traced by a fault-injection
# test would fail for a reason that has nothing to do with lnstore. ASan and
# UBSan stay on.
strace() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" command strace "$@"; }

# skip REASON...: this test cannot run here. It says why and exits 77, which
# CTest reports as skipped (SKIP_RETURN_CODE in tests/CMakeLists.txt), never
# as passed.
skip() { echo "SKIPPED: $*"; exit 77; }
# need_python [MODULE...]: skip unless $LNSTORE_PYTHON runs and imports each MODULE.
need_python() {
  command -v "$LNSTORE_PYTHON" >/dev/null || skip "no Python at $LNSTORE_PYTHON (set LNSTORE_PYTHON)"
  local m
  for m in "$@"; do
    "$LNSTORE_PYTHON" -c "import $m" 2>/dev/null || skip "$LNSTORE_PYTHON has no Python module $m"
  done
}
# need_shared PATH...: skip unless each PATH exists under $LNSTORE_SHARED_DIR
# (the fixtures, specs and benchmark tools next to the source tree).
need_shared() {
  [[ -n "${LNSTORE_SHARED_DIR:-}" ]] || skip "LNSTORE_SHARED_DIR is not set"
  local p
  for p in "$@"; do
    [[ -e "$LNSTORE_SHARED_DIR/$p" ]] || skip "no shared fixture $LNSTORE_SHARED_DIR/$p"
  done
}

# expect_ok CMD...: must exit 0; stdout saved in $OUT.
expect_ok() {
  local rc=0
  OUT=$("$@" 2>"$WORK/stderr") || rc=$?
  [[ $rc -eq 0 ]] || fail "expected success from: $* (exit $rc): $(cat "$WORK/stderr")"
}

# expect_err EXIT CODE CMD...: must exit EXIT with the JSON error code CODE on
# stderr (one line), nothing on stdout, and the database unchanged.
expect_err() {
  local want_exit=$1 want_code=$2 rc=0 before after
  shift 2
  before=$(db_digest)
  OUT=$("$@" 2>"$WORK/stderr") || rc=$?
  [[ $rc -eq $want_exit ]] || fail "expected exit $want_exit from: $* (got $rc): $(cat "$WORK/stderr")"
  [[ $(wc -l <"$WORK/stderr") -eq 1 ]] || fail "error is not one line: $(cat "$WORK/stderr")"
  local code
  code=$(jq -r .error.code <"$WORK/stderr") || fail "stderr is not JSON: $(cat "$WORK/stderr")"
  [[ "$code" == "$want_code" ]] || fail "expected error code $want_code from: $* (got $code)"
  [[ -z "$OUT" ]] || fail "stdout not empty on error: $OUT"
  after=$(db_digest)
  [[ "$before" == "$after" ]] || fail "database changed by failed command: $*"
}

# A digest of the database's logical content (or "absent").
db_digest() {
  if [[ -f "$LNSTORE_DB" ]]; then sqlite3 "$LNSTORE_DB" .dump | sha256sum | cut -d' ' -f1; else echo absent; fi
}

# check JQ_EXPR: $OUT must satisfy the jq boolean expression.
check() {
  local r
  r=$(jq -e "$1" <<<"$OUT" 2>&1) || fail "check failed: $1 on: $OUT ($r)"
}

# write_aezeed_words: words.txt (mode 600) holds lnd's aezeed vector 1 as 24
# words (aezeed.md §9.3: entropy 81b637d86359e6960de795e41e0b4cfd enciphered
# with the production scrypt cost, lnd's default passphrase "aezeed").
write_aezeed_words() {
  cat >words.txt <<'W'
above judge emerge veteran reform crunch system all
snap please shoulder vault hurt city quarter cover
enlist swear success suggest drink wagon enrich body
W
  chmod 600 words.txt
}

# Compressed public keys k*G for small k (valid points on the curve).
G1=0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798
G2=02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5
G3=02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9
G4=02e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13
G5=022f8bde4d1a07209355b4a7250a5c5128e88b84bddc619ab7cba8d569b240efe4
G6=03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556
G7=025cbdf0646e5db4eaa398f365f2ea7a0e3d419b7e0330e39ce92bddedcac4f9bc
OFFCURVE=020000000000000000000000000000000000000000000000000000000000000005
CHAN1=$(printf '11%.0s' {1..32})
CHAN2=$(printf '22%.0s' {1..32})
HINT1=$(printf 'a1%.0s' {1..16})
HINT2=$(printf 'b2%.0s' {1..16})
BLOB=$(printf 'cd%.0s' {1..100})
