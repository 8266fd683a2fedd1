# The README's tour runs as written: every shell block marked `<!-- tour -->`
# is run, in order, in one bash with -e and pipefail, in a scratch directory
# holding a copy of examples/, with the built binary as `lnstore` on PATH.
# A step that fails, or a block that uses a file or variable the README does
# not provide, fails this test.
source "$(dirname "$0")/lib.sh"
: "${LNSTORE_SOURCE_DIR:?}"

awk '
  /^<!-- tour -->$/ { want = 1; next }
  want && /^```sh$/ { inside = 1; want = 0; print "# --- block " ++n; next }
  inside && /^```$/ { inside = 0; next }
  inside { print }
' "$LNSTORE_SOURCE_DIR/README.md" >tour.sh
blocks=$(grep -c '^# --- block ' tour.sh || true)
[[ $blocks -ge 2 ]] || fail "found $blocks tour blocks in README.md, want at least 2"

mkdir -p tour/bin
cp -r "$LNSTORE_SOURCE_DIR/examples" tour/examples
ln -s "$LNSTORE_BIN" tour/bin/lnstore
unset LNSTORE_DB
# -u as well: a variable the README never defines fails the run.
(cd tour && PATH="$PWD/bin:$PATH" bash -euo pipefail ../tour.sh) >tour.out 2>tour.err ||
  fail "the README tour failed: $(tail -5 tour.err)"

# It did what it says: the closable session was listed and deleted, the
# channel went through close and resolve, the backup held one channel.
grep -q "^02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5 800000$" tour.out ||
  fail "the tour's session never became closable: $(cat tour.out)"
CP=$(jq -r .chan_point "$LNSTORE_SOURCE_DIR/examples/channel.json")
[[ $(tail -1 tour.out) == "$CP" ]] || fail "the tour's channel is not listed as closed: $(tail -3 tour.out)"
grep -qx 1 tour.out || fail "the tour's backup does not hold its channel"
[[ -s tour/tour.db ]] || fail "the tour did not use its own database"
ls tour/tour-*.db >/dev/null || fail "db backup wrote no copy"
[[ ! -e "$WORK/data/lnstore/lnstore.db" ]] || fail "the tour touched the default database"
echo "ok"
