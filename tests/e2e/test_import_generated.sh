# import lnd-channels / lnd-wtclient on files made from the real fixtures by
# tests/tools/bbolt_gen (Debian's bbolt): a channel.db grown with lnd-shaped
# revocation-log entries imports like the original in bounded memory (the
# bulk is never read), --verify-source walks it all, progress shows on a
# terminal only, and a tombstoned wtclient.db is refused.
source "$(dirname "$0")/lib.sh"
need_shared fixtures/lnd/lndinit/channel.db fixtures/lnd/lndinit/wtclient.db
command -v go >/dev/null || skip "no Go (apt-get install golang-go golang-github-coreos-bbolt-dev)"
[[ -d /usr/share/gocode/src/go.etcd.io/bbolt ]] || skip "no Go bbolt (apt-get install golang-github-coreos-bbolt-dev)"
[[ -x /usr/bin/time ]] || skip "no /usr/bin/time (apt-get install time)"
FIX="$LNSTORE_SHARED_DIR/fixtures/lnd/lndinit"
# Size of the generated file; small enough to stay well under a minute.
MIB=${LNSTORE_BIG_DB_MIB:-160}

(cd "$LNSTORE_SOURCE_DIR/tests/tools/bbolt_gen" &&
  GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$WORK/bbolt_gen" .) || fail "bbolt_gen does not build"
"$WORK/bbolt_gen" -revlog "$FIX/channel.db" big.db "$MIB" >gen.json || fail "bbolt_gen -revlog failed"
size=$(stat -c %s big.db)
(( size >= MIB << 20 )) || fail "generated file is only $size bytes"
jq -e '.channels == 2 and .entries > 100000' gen.json >/dev/null || fail "unexpected generator report: $(cat gen.json)"

# The small file, then the big one: the same result; the big one in <= 64 MiB.
expect_ok lnstore import lnd-channels "$FIX/channel.db" --dry-run
small=$(jq -S 'del(.source)' <<<"$OUT")
jq -e '.added.count == 2' <<<"$small" >/dev/null || fail "small import: $small"
# lnd's optional confirmation heights (chan-info TLV 8, 9): this v35 file has neither.
jq -e '.confirmation_heights | length == 2 and all(.confirmation_height == null and .close_confirmation_height == null)' \
  <<<"$small" >/dev/null || fail "confirmation heights: $small"
rc=0
/usr/bin/time -f %M -o rss.txt "$LNSTORE_BIN" import lnd-channels big.db --dry-run >big.json 2>big.err || rc=$?
[[ $rc -eq 0 ]] || fail "big import failed ($rc): $(cat big.err)"
[[ ! -s big.err ]] || fail "stderr not empty when it is not a terminal: $(cat big.err)"
[[ "$(jq -S 'del(.source)' big.json)" == "$small" ]] || fail "big file imports differently: $(cat big.json)"
rss_kib=$(tail -n1 rss.txt)
echo "big file: $size bytes, peak RSS $rss_kib KiB"
sanitized || (( rss_kib <= 65536 )) || fail "peak RSS $rss_kib KiB > 64 MiB on a $size-byte file"

# (A sanitizer build's own memory makes the RSS bound meaningless there;
# the normal build's run of this test checks it.)
# --verify-source reads every page (the whole revocation log) and agrees.
# Its memory stays bounded too: touched pages are released as it goes.
rc=0
/usr/bin/time -f %M -o rss.txt "$LNSTORE_BIN" import lnd-channels big.db --dry-run --verify-source >verify.json 2>verify.err ||
  rc=$?
[[ $rc -eq 0 ]] || fail "--verify-source failed ($rc): $(cat verify.err)"
[[ "$(jq -S 'del(.source)' verify.json)" == "$small" ]] || fail "--verify-source imports differently"
rss_kib=$(tail -n1 rss.txt)
echo "big file with --verify-source: peak RSS $rss_kib KiB"
sanitized || (( rss_kib <= 65536 )) || fail "--verify-source: peak RSS $rss_kib KiB > 64 MiB"

# A write import of the big file stores what the small one stores.
expect_ok lnstore import lnd-channels big.db
check '.changed == true and .added.count == 2'
expect_ok lnstore channel list
check '.channels | length == 2'

# Progress: on a terminal (script gives the command one) while the
# --verify-source walk runs, and never with -q.
if command -v script >/dev/null; then
  # No delay before the first report: a fast machine walks the file in less
  # than the default 200 ms.
  LNSTORE_PROGRESS_DELAY_MS=0 script -qec "$LNSTORE_BIN import lnd-channels big.db --dry-run --verify-source >/dev/null" /dev/null >tty.out ||
    fail "import under script failed: $(cat tty.out)"
  grep -q 'lnstore: read .* pages of a .* file, [0-9]* channels decoded' tty.out || fail "no progress on a terminal: $(cat tty.out)"
  LNSTORE_PROGRESS_DELAY_MS=0 script -qec "$LNSTORE_BIN -q import lnd-channels big.db --dry-run --verify-source >/dev/null" /dev/null >tty_q.out ||
    fail "import -q under script failed: $(cat tty_q.out)"
  ! grep -q 'lnstore: read' tty_q.out || fail "progress despite -q: $(cat tty_q.out)"
else
  echo "no script(1): terminal progress not tested"
fi

# Damage in pages the import does not read (64 pages amid the revocation
# logs lose their page type): the import still works; --verify-source
# refuses the file, naming a page.
"$PY" - big.db <<'PY'
import struct, sys
with open(sys.argv[1], "r+b") as f:
    data = f.read(4096)
    page_size = struct.unpack_from("<I", data, 24)[0]
    f.seek(0, 2)
    pages = f.tell() // page_size
    for page in range(pages // 2, pages // 2 + 64):
        f.seek(page * page_size + 8)
        f.write(b"\x00\x00")
PY
export LNSTORE_DB="$WORK/fresh.db"  # compared with the small file's import into an empty database
expect_ok lnstore import lnd-channels big.db --dry-run
[[ "$(jq -S 'del(.source)' <<<"$OUT")" == "$small" ]] || fail "damage in unread pages changed the import"
expect_err 6 corrupt_source lnstore import lnd-channels big.db --dry-run --verify-source
jq -e '.error.details.page > 2' "$WORK/stderr" >/dev/null || fail "the refusal names no page: $(cat "$WORK/stderr")"

# A wtclient.db that lndinit migrate-db tombstoned is refused, as lnd does.
"$WORK/bbolt_gen" -tombstone "$FIX/wtclient.db" tomb_wtclient.db || fail "bbolt_gen -tombstone failed"
expect_err 6 lnd_wtclient_tombstoned lnstore import lnd-wtclient tomb_wtclient.db
grep -q 'migrated to SQL' "$WORK/stderr" || fail "refusal does not say why: $(cat "$WORK/stderr")"
expect_ok lnstore import lnd-wtclient "$FIX/wtclient.db" --dry-run
"$WORK/bbolt_gen" -tombstone "$FIX/channel.db" tomb_channel.db || fail "bbolt_gen -tombstone failed"
expect_err 6 lnd_channeldb_tombstoned lnstore import lnd-channels tomb_channel.db
echo "ok"
