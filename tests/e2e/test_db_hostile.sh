# Hostile databases, crafted with the sqlite3 CLI from a valid one: db check
# finds each change (exit 1, naming it) and every other command refuses the
# database with exit 6, never 70, leaving the file byte for byte as it was.
# Also: a database others can read is made private, and a read of a
# read-only database leaves no -shm file that breaks the next write.
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
command -v sqlite3 >/dev/null || skip "no sqlite3 CLI"

# A valid database with a tower, a peer and channels.
expect_ok lnstore tower add "$G1@10.0.0.1"
expect_ok lnstore peer add "$G2@198.51.100.7:9735"
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
expect_ok lnstore db check
check '.ok == true'
sqlite3 "$LNSTORE_DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$LNSTORE_DB" valid.db

# craft NAME SQL: hostile.db is valid.db changed by SQL (run with the schema
# writable and CHECK constraints off, as an attacker would).
craft() {
  rm -f hostile.db hostile.db-wal hostile.db-shm
  cp valid.db hostile.db
  sqlite3 hostile.db "PRAGMA writable_schema=ON; PRAGMA ignore_check_constraints=ON; $1" >/dev/null
  sqlite3 hostile.db 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1 || true  # an unparsable schema refuses it
}
digest() {
  if [[ -f hostile.db-wal ]]; then cat hostile.db hostile.db-wal | sha256sum; else sha256sum <hostile.db; fi
}

# refused EXIT CODE CMD...: on hostile.db, CMD exits EXIT with CODE and the
# file is unchanged.
refused() {
  local want_exit=$1 want_code=$2 before rc=0
  shift 2
  before=$(digest)
  LNSTORE_DB="$WORK/hostile.db" "$@" >out.json 2>err.json || rc=$?
  [[ $rc -eq $want_exit ]] || fail "expected exit $want_exit from $* on $CASE (got $rc): $(cat err.json)"
  [[ $(jq -r .error.code err.json) == "$want_code" ]] || fail "expected $want_code from $* on $CASE: $(cat err.json)"
  [[ ! -s out.json ]] || fail "stdout not empty on $CASE: $(cat out.json)"
  [[ $(digest) == "$before" ]] || fail "$* changed the database on $CASE"
}

# found KIND: db check on hostile.db exits 1 and lists a problem of KIND.
found() {
  local rc=0
  LNSTORE_DB="$WORK/hostile.db" "$LNSTORE_BIN" db check >out.json 2>err.json || rc=$?
  [[ $rc -eq 1 ]] || fail "db check on $CASE: exit $rc, expected 1: $(cat out.json err.json)"
  jq -e --arg k "$1" '.ok == false and any(.problems[]; .kind == $k)' out.json >/dev/null ||
    fail "db check on $CASE does not report $1: $(cat out.json)"
}

CP=$(sed -n 1p docs.jsonl | jq -r .chan_point)
PEER=$(sed -n 1p docs.jsonl | jq -r .peer)

# Schema objects lnstore never makes, and changed schema text.
for CASE in \
  "CREATE TRIGGER planted AFTER INSERT ON towers BEGIN UPDATE peer_addresses SET address = '203.0.113.66:9735'; END;" \
  "CREATE VIEW planted AS SELECT * FROM peers;" \
  "CREATE INDEX planted ON towers (id);" \
  "CREATE TABLE planted (x);" \
  "UPDATE sqlite_master SET sql = replace(sql, 'address     TEXT NOT NULL', 'address TEXT') WHERE name = 'peer_addresses';" \
  "PRAGMA user_version = 2;" \
  "DROP INDEX IF EXISTS $(sqlite3 valid.db "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1");"; do
  craft "$CASE"
  found schema
  refused 6 schema_mismatch lnstore tower add "$G3@10.0.0.3"
  refused 6 schema_mismatch lnstore tower list
  refused 6 schema_mismatch lnstore db info
  refused 6 schema_mismatch lnstore channel list
  refused 6 schema_mismatch lnstore db migrate
done
# The planted trigger never ran.
craft "CREATE TRIGGER planted AFTER INSERT ON towers BEGIN UPDATE peer_addresses SET address = '203.0.113.66:9735'; END;"
refused 6 schema_mismatch lnstore tower add "$G3@10.0.0.3"
[[ $(sqlite3 hostile.db "SELECT count(*) FROM peer_addresses WHERE address = '203.0.113.66:9735'") == 0 ]] ||
  fail "the planted trigger ran"

# Schema text SQLite cannot parse: every command, db check included, exit 6.
CASE="unparsable schema"
craft "UPDATE sqlite_master SET sql = 'CREATE TABLE peers (' WHERE name = 'peers';"
refused 6 database_corrupt lnstore tower list
refused 6 database_corrupt lnstore tower add "$G3@10.0.0.3"
refused 6 database_corrupt lnstore db check

# A negative id allocator.
CASE="negative sequence"
craft "UPDATE sequences SET value = -5 WHERE name = 'tower_id';"
found sequence_negative
refused 6 database_corrupt lnstore tower add "$G3@10.0.0.3"

# Text that is not UTF-8 in a peer address.
CASE="invalid UTF-8 address"
craft "UPDATE peer_addresses SET address = CAST(X'3230332e302e3131332e37ff3a39373335' AS TEXT) WHERE peer_pubkey = X'$PEER';"
found invalid_utf8
refused 6 database_corrupt lnstore peer list
refused 6 database_corrupt lnstore backup export

# A tapscript_root channel without its root.
CASE="tapscript_root without root"
craft "UPDATE channels SET type = 'tapscript_root', tapscript_root = NULL WHERE id = (SELECT min(id) FROM channels);"
found channel_unreadable
refused 6 database_corrupt lnstore channel list
refused 6 database_corrupt lnstore channel show "$CP"
refused 6 database_corrupt lnstore backup export

# db check with the backup file and the root key: a backup that lacks a
# channel is a finding; without the root key the file is not read.
CASE="backup file"
expect_ok lnstore backup export --file full.backup
expect_ok lnstore db check --backup-file full.backup
check '.ok == true'
rc=0
LNSTORE_DB="$WORK/other.db" expect_ok lnstore apply < <(sed -n 2p docs.jsonl | jq -c '{op: "channel.open", channel: .}')
LNSTORE_DB="$WORK/other.db" expect_ok lnstore backup export --file partial.backup
lnstore db check --backup-file partial.backup >out.json 2>err.json || rc=$?
[[ $rc -eq 1 ]] || fail "db check with a backup that lacks channels: exit $rc: $(cat err.json)"
jq -e '[.problems[] | select(.kind == "backup_file_behind")] | length == 3' out.json >/dev/null || fail "$(cat out.json)"
rc=0
lnstore db check --backup-file absent.backup >out.json 2>err.json || rc=$?
[[ $rc -eq 1 ]] || fail "db check with a missing backup file: exit $rc: $(cat err.json)"
jq -e '[.problems[] | select(.kind == "backup_file_behind")] | length == 4' out.json >/dev/null || fail "$(cat out.json)"
LNSTORE_ROOT_KEY_FILE= expect_ok lnstore db check --backup-file partial.backup
check '.ok == true'

# Permissions: a database others can read is made private, -wal and -shm too.
chmod 644 "$LNSTORE_DB"
[[ -e "$LNSTORE_DB-shm" ]] && chmod 644 "$LNSTORE_DB-shm"
expect_ok lnstore tower list
[[ $(stat -c %a "$LNSTORE_DB") == 600 ]] || fail "a 0644 database was left $(stat -c %a "$LNSTORE_DB")"
for f in "$LNSTORE_DB-wal" "$LNSTORE_DB-shm"; do
  [[ ! -e "$f" || $(stat -c %a "$f") == 600 ]] || fail "$f was left $(stat -c %a "$f")"
done
# A read of a read-only database leaves no read-only -shm behind.
sqlite3 "$LNSTORE_DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
rm -f "$LNSTORE_DB-wal" "$LNSTORE_DB-shm"
chmod 400 "$LNSTORE_DB"
lnstore tower list >/dev/null 2>err.json || true
chmod 600 "$LNSTORE_DB"
expect_ok lnstore tower add "$G4@10.0.0.4"
for f in "$LNSTORE_DB-wal" "$LNSTORE_DB-shm"; do
  [[ ! -e "$f" || $(stat -c %a "$f") == 600 ]] || fail "$f is $(stat -c %a "$f") after the write"
done
expect_ok lnstore db check
check '.ok == true'
echo "test_db_hostile: ok"
