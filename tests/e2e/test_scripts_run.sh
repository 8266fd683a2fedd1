# ./scripts/run with no arguments runs its demo on a demo database it names,
# never the operator's default database; with arguments it runs lnstore.
source "$(dirname "$0")/lib.sh"
: "${LNSTORE_SOURCE_DIR:?}"
# scripts/run builds into the source tree's build/; in any other build tree
# (sanitizers, a package build) running it would start a second build.
[[ "$(cd "${LNSTORE_BUILD_DIR:-/nonexistent}" 2>/dev/null && pwd)" == "$(cd "$LNSTORE_SOURCE_DIR" && pwd)/build" ]] ||
  skip "runs only in the README's build tree ($LNSTORE_SOURCE_DIR/build)"

unset LNSTORE_DB
# The binary under test is the one built; no second build while tests run.
export LNSTORE_RUN_NO_BUILD=1
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data"
mkdir -p "$HOME"
default_db="$XDG_DATA_HOME/lnstore/lnstore.db"
"$LNSTORE_SOURCE_DIR/scripts/run" >demo.out 2>demo.err || fail "scripts/run failed: $(tail -5 demo.err)"
[[ ! -e "$default_db" ]] || fail "the demo wrote the default database $default_db"
demo_db="$LNSTORE_SOURCE_DIR/build/demo/demo.db"
grep -qF "# demo database: $demo_db" demo.err || fail "the demo does not name its database: $(head -3 demo.err)"
[[ -s "$demo_db" ]] || fail "no demo database at $demo_db"
grep -q "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\|0279be66" demo.out || fail "the demo tower is not listed: $(cat demo.out)"
jq -e --arg p "$demo_db" '.path == $p' <(sed -n '/^{/,$p' demo.out) >/dev/null || fail "db info does not describe the demo database"

# With arguments: lnstore itself, on the default database.
"$LNSTORE_SOURCE_DIR/scripts/run" db init >init.out 2>init.err || fail "scripts/run db init: $(cat init.err)"
[[ -s "$default_db" ]] || fail "scripts/run db init did not create the default database"
echo "ok"
