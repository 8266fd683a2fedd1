# import lnd-channels / lnd-wtclient from lnd's SQLite backend
# (channel.sqlite, kv tables channeldb_kv and towerclientdb_kv): the same
# node as the bbolt fixtures gives byte-identical results; the file is
# recognised by content, opened read-only and never changed; a file lnd keeps
# writing (WAL) is read as one consistent snapshot; bad sources fail clearly.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lnd_sources_lib.sh"
need_python sqlite3
need_shared fixtures/lnd-sql/chantools/channel.sqlite fixtures/lnd-sql/lndinit/channel.sqlite \
  fixtures/lnd-sql/lnd-invoices/channel.sqlite fixtures/lnd/lndinit/wtclient.db
BOLT="$LNSTORE_SHARED_DIR/fixtures/lnd"
SQL="$LNSTORE_SHARED_DIR/fixtures/lnd-sql"
export LNSTORE_NETWORK=regtest
printf '%s\n' tprv8ZgxMBicQKsPejNXQLJKe3dBBs9Zrt53EZrsBzVLQ8rZji3hVb3wcoRvgrjvTmjPG2ixoGUUkCyC6yBEy9T5gbLdvD2a5VmJbcFd5Q9pkAs >root.key
chmod 600 root.key

# The fixtures live in a read-only folder; a SQLite file in WAL mode can only
# be read where its -shm index can be made, so each is copied (with a name
# that says nothing: the content is what is recognised).
for n in chantools lndinit lnd-invoices; do cp "$SQL/$n/channel.sqlite" "$n.data"; done

# Same answers: bbolt and SQLite, every fixture, every listing.
for n in chantools lndinit lnd-invoices; do
  key=""; [[ $n == chantools ]] && key=root.key
  wt_bolt=""; wt_sql=""
  [[ $n == lndinit ]] && { wt_bolt="$BOLT/lndinit/wtclient.db"; wt_sql="$n.data"; }
  import_state "bolt-$n.db" "bolt-$n.txt" "$key" "$BOLT/$n/channel.db" "$wt_bolt"
  before=$(sha256sum <"$n.data")
  import_state "sql-$n.db" "sql-$n.txt" "$key" "$n.data" "$wt_sql"
  [[ $(sha256sum <"$n.data") == "$before" ]] || fail "$n: the SQLite source changed"
  cmp -s "bolt-$n.txt" "sql-$n.txt" || fail "$n: SQLite and bbolt differ: $(diff "bolt-$n.txt" "sql-$n.txt" | head -20)"
  cmp -s "bolt-$n.txt.import" "sql-$n.txt.import" || fail "$n: import summaries differ: $(diff "bolt-$n.txt.import" "sql-$n.txt.import" | head)"
  grep -q '"chan_point"' "bolt-$n.txt" || [[ $n == lnd-invoices ]] || fail "$n: no channel listed (a vacuous comparison)"
done
# Row ids never matter, only keys: the chantools node with its ids shuffled
# (children before parents, neighbours far apart) reads the same.
"$PY" - chantools.data shuffled.data <<'PY'
import random, sqlite3, sys
src = sqlite3.connect(sys.argv[1])
dst = sqlite3.connect(sys.argv[2])
for (sql,) in src.execute("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name LIKE 'channeldb_kv%'"):
    dst.execute(sql)
rows = src.execute("SELECT id, key, value, parent_id, sequence FROM channeldb_kv").fetchall()
ids = [r[0] for r in rows]
new = ids[:]
random.Random(7).shuffle(new)
remap = dict(zip(ids, [i * 7 + 3 for i in new]))
random.Random(8).shuffle(rows)
dst.executemany("INSERT INTO channeldb_kv (id, key, value, parent_id, sequence) VALUES (?, ?, ?, ?, ?)",
                [(remap[i], k, v, None if p is None else remap[p], q) for i, k, v, p, q in rows])
dst.commit()
PY
import_state shuffled.db shuffled.txt root.key shuffled.data
cmp -s bolt-chantools.txt shuffled.txt || fail "shuffled row ids change the result: $(diff bolt-chantools.txt shuffled.txt | head)"
grep -q '"close_type"\|closed' bolt-lnd-invoices.txt || fail "lnd-invoices: no closed channel listed"
grep -q 'chan_points' bolt-chantools.txt || fail "chantools: no backup exported"
# The source names the SQLite file, and the fixture's counts are there.
export LNSTORE_DB="$WORK/one.db"
expect_ok lnstore import lnd-channels chantools.data --dry-run
check '.source == "'"$WORK"'/chantools.data" and .schema_version == 20 and .added.count == 4 and .dry_run'
expect_ok lnstore import lnd-wtclient lndinit.data --dry-run
check '.schema_version == 8'

# One node, two sources: importing the SQLite copy after the bbolt file
# changes nothing.
export LNSTORE_DB="$WORK/bolt-lndinit.db"
expect_ok lnstore import lnd-channels lndinit.data
check '.changed == false and .unchanged.count == 2'
export LNSTORE_DB="$WORK/one.db"

# lnd v0.21 on SQL closes a channel in place: its bucket stays under
# open-chan-bucket, only the outpoint index says closed (TLV type 0 = 1).
# Such a channel is not open.
cp lndinit.data closed.data
sqlite3 closed.data "UPDATE channeldb_kv SET value = X'000101' WHERE id = (SELECT c.id FROM channeldb_kv c
  JOIN channeldb_kv p ON c.parent_id = p.id WHERE p.parent_id IS NULL AND p.key = CAST('outpoint-bucket' AS BLOB)
  ORDER BY c.key LIMIT 1)"
expect_ok lnstore import lnd-channels closed.data --dry-run
check '.added.count == 1 and (.skipped | length) == 1 and (.skipped[0].reason | test("outpoint index marks it closed"))'

# ... and with lnd's close summary beside it (what lnd writes): the channel is
# closed, in a fresh database and in one that held it open.
cp lndinit.data inplace.data
"$PY" - inplace.data <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql, *a: db.execute(sql, a).fetchall()
top = lambda name: q("SELECT id FROM channeldb_kv WHERE parent_id IS NULL AND key = ?", name.encode())[0][0]
point = q("SELECT key FROM channeldb_kv WHERE parent_id = ? ORDER BY key LIMIT 1", top("outpoint-bucket"))[0][0]
node, chain = q("""SELECT n.key, c.key FROM channeldb_kv x JOIN channeldb_kv c ON x.parent_id = c.id
  JOIN channeldb_kv n ON c.parent_id = n.id WHERE n.parent_id = ? AND x.key = ?""", top("open-chan-bucket"), point)[0]
db.execute("UPDATE channeldb_kv SET value = X'000101' WHERE parent_id = ? AND key = ?", (top("outpoint-bucket"), point))
summary = (point + bytes(8) + chain + b"\x11" * 32 + (500).to_bytes(4, "big") + node + (100000).to_bytes(8, "big")
           + bytes(8) + bytes(8) + b"\x00" + b"\x00" + b"\x00")
db.execute("INSERT INTO channeldb_kv (key, value, parent_id) VALUES (?, ?, ?)", (point, summary, top("closed-chan-bucket")))
db.commit()
open("inplace.point", "w").write(point[:32][::-1].hex() + ":" + str(int.from_bytes(point[32:], "big")))
PY
export LNSTORE_DB="$WORK/inplace.db"
expect_ok lnstore import lnd-channels inplace.data
check '.added.count == 2 and .skipped == [] and (.added.chan_points | index("'"$(cat inplace.point)"'") != null)'
expect_ok lnstore channel list
check '(.channels | length) == 1 and all(.channels[]; .chan_point != "'"$(cat inplace.point)"'")'
expect_ok lnstore channel closed
check '[.closed_channels[].chan_point] == ["'"$(cat inplace.point)"'"]'
export LNSTORE_DB="$WORK/bolt-lndinit.db"
expect_ok lnstore import lnd-channels inplace.data
check '.closed.chan_points == ["'"$(cat inplace.point)"'"] and .skipped == [] and .only_here.count == 0'
export LNSTORE_DB="$WORK/one.db"

# --table-prefix: another namespace of the file (the wrong one here: the
# channel reader finds no metadata in the tower client's table).
expect_err 6 corrupt_source lnstore import lnd-channels lndinit.data --table-prefix towerclientdb
expect_err 6 lnd_kv_table_missing lnstore import lnd-channels lndinit.data --table-prefix walletdb
grep -q 'channeldb_kv, decayedlogdb_kv, towerclientdb_kv' stderr || fail "missing table: the kv tables are not listed: $(cat stderr)"
expect_err 2 bad_table_prefix lnstore import lnd-channels lndinit.data --table-prefix 'x; DROP TABLE y'
expect_err 2 table_prefix_not_sql lnstore import lnd-channels "$BOLT/lndinit/channel.db" --table-prefix channeldb
# --verify-source runs SQLite's quick_check.
expect_ok lnstore import lnd-channels lndinit.data --verify-source --dry-run

# SQLite, but not lnd's: no kv table at all (lnstore's own database here).
expect_err 6 not_lnd_sql lnstore import lnd-channels "$WORK/bolt-chantools.db"
# A kv table without lnd's columns.
sqlite3 odd.sqlite "CREATE TABLE channeldb_kv (k BLOB, v BLOB)"
expect_err 6 corrupt_source lnstore import lnd-channels odd.sqlite
# A damaged SQLite file (its header kept, the rest cut): corrupt, nothing written.
head -c 2000 lndinit.data >cut.sqlite
expect_err 6 database_corrupt lnstore import lnd-channels cut.sqlite
# A missing file.
expect_err 7 source_not_found lnstore import lnd-channels "$WORK/none.sqlite"
# A WAL file in a folder it cannot make its -shm index in: a clear I/O error
# (root ignores permissions, so this part runs for other users only).
if [[ $(id -u) -ne 0 ]]; then
  mkdir ro && cp lndinit.data ro/ && chmod 555 ro
  expect_err 7 io_error lnstore import lnd-channels ro/lndinit.data
  grep -q 'needs its -shm' stderr || fail "no hint for a WAL file in a read-only folder: $(cat stderr)"
  chmod 755 ro
fi

# A file lnd keeps writing: a writer flips the node between two states, each
# in one transaction, touching the first bucket the reader reads (nib: a link
# node goes) and the last (closed-chan-bucket: a close summary comes). Every
# import must see state A or state B, never a mix.
"$PY" - "$SQL/lnd-invoices/channel.sqlite" <<'PY'
import sqlite3, shutil, sys
src = sqlite3.connect(f"file:{sys.argv[1]}?immutable=1", uri=True)
key, value = src.execute("""SELECT c.key, c.value FROM channeldb_kv c JOIN channeldb_kv p ON c.parent_id = p.id
  WHERE p.parent_id IS NULL AND p.key = CAST('closed-chan-bucket' AS BLOB) ORDER BY c.key LIMIT 1""").fetchone()
open("closed.key", "wb").write(key); open("closed.value", "wb").write(value)
PY
cat >writer.py <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("PRAGMA busy_timeout=30000")
key, value = open("closed.key", "rb").read(), open("closed.value", "rb").read()
def top(name):
    return db.execute("SELECT id FROM channeldb_kv WHERE parent_id IS NULL AND key = ?", (name.encode(),)).fetchone()[0]
nib, closed = top("nib"), top("closed-chan-bucket")
peer = db.execute("SELECT key, value FROM channeldb_kv WHERE parent_id = ? ORDER BY key LIMIT 1", (nib,)).fetchone()
def state_b():
    db.execute("BEGIN IMMEDIATE")
    db.execute("DELETE FROM channeldb_kv WHERE parent_id = ? AND key = ?", (nib, peer[0]))
    db.execute("INSERT INTO channeldb_kv (key, value, parent_id) VALUES (?, ?, ?)", (key, value, closed))
    db.execute("COMMIT")
def state_a():
    db.execute("BEGIN IMMEDIATE")
    db.execute("DELETE FROM channeldb_kv WHERE parent_id = ? AND key = ?", (closed, key))
    db.execute("INSERT INTO channeldb_kv (key, value, parent_id) VALUES (?, ?, ?)", (peer[0], peer[1], nib))
    db.execute("COMMIT")
if sys.argv[2] == "b":
    state_b()
    sys.exit(0)
flips = 0
deadline = time.time() + float(sys.argv[3])
while time.time() < deadline:
    state_b(); state_a(); flips += 1
open("flips", "w").write(str(flips))
PY
cp lndinit.data state-a.sqlite
cp lndinit.data state-b.sqlite
"$PY" writer.py state-b.sqlite b
summary() { jq -c 'del(.source)'; }
lnstore import lnd-channels state-a.sqlite --dry-run | summary >a.json
lnstore import lnd-channels state-b.sqlite --dry-run | summary >b.json
! cmp -s a.json b.json || fail "states A and B import the same (the live test would prove nothing)"
jq -e '.added.count == 2 and (.skipped | length) == 1' b.json >/dev/null || fail "state B: $(cat b.json)"

cp lndinit.data live.sqlite
"$PY" writer.py live.sqlite loop 60 &
writer=$!
trap 'kill $writer 2>/dev/null || true; rm -rf "$WORK"' EXIT
seen_a=0 seen_b=0 runs=0
while kill -0 $writer 2>/dev/null && (( runs < 150 )) && (( seen_a < 10 || seen_b < 10 )); do
  lnstore import lnd-channels live.sqlite --dry-run | summary >live.json || fail "import of the live file failed"
  if cmp -s live.json a.json; then seen_a=$((seen_a + 1))
  elif cmp -s live.json b.json; then seen_b=$((seen_b + 1))
  else fail "an import saw a state lnd never committed: $(cat live.json)"; fi
  runs=$((runs + 1))
done
kill $writer 2>/dev/null || true
wait $writer 2>/dev/null || true
(( seen_a > 0 && seen_b > 0 )) || fail "the writer did not change the file during the imports (A $seen_a, B $seen_b)"
echo "live SQLite: $runs imports, $seen_a saw A, $seen_b saw B"
