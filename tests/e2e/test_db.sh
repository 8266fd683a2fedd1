# db init|info|migrate|check|backup, identity and version checks, file modes.
source "$(dirname "$0")/lib.sh"

# A read command on a missing database fails and creates nothing.
expect_err 7 database_not_found lnstore db info
expect_err 7 database_not_found lnstore tower list
[[ ! -e "$LNSTORE_DB" ]] || fail "read command created the database"

expect_ok lnstore db init
check '.created == true and .schema_version >= 1'
expect_ok lnstore db init
check '.created == false'
[[ $(stat -c %a "$LNSTORE_DB") == 600 ]] || fail "database mode is not 0600"
for f in "$LNSTORE_DB"-wal "$LNSTORE_DB"-shm; do
  [[ ! -e $f || $(stat -c %a "$f") == 600 ]] || fail "$f mode is not 0600"
done

expect_ok lnstore db info
check '.application_id == 1280201556 and .journal_mode == "wal" and .schema_version == .latest_version'
check '.counts | keys == ["channels","closed_channels","committed_updates","peers","sessions","towers"]'
check '.size_bytes > 0'

expect_ok lnstore db migrate --dry-run
check '.from == .to and .applied == []'
expect_ok lnstore db migrate
check '.applied == []'

expect_ok lnstore db check
check '.ok == true and .problems == []'

# A write command creates the database at the default path.
unset LNSTORE_DB
expect_ok lnstore tower add "$G1@10.0.0.1"
[[ -f "$XDG_DATA_HOME/lnstore/lnstore.db" ]] || fail "default database path not used"
export LNSTORE_DB="$WORK/lnstore.db"

# Online backup: a consistent copy that opens as an lnstore database.
expect_ok lnstore tower add "$G1@10.0.0.1"
expect_ok lnstore db backup "$WORK/copy.db"
check '.size_bytes > 0'
[[ $(stat -c %a "$WORK/copy.db") == 600 ]] || fail "backup mode is not 0600"
expect_ok lnstore --db "$WORK/copy.db" tower list
check '.towers | length == 1'
expect_err 7 file_exists lnstore db backup "$WORK/copy.db"

# db check finds a broken invariant and exits 1, reporting it.
sqlite3 "$WORK/copy.db" "UPDATE sequences SET value = 0 WHERE name = 'tower_id'"
rc=0; OUT=$(lnstore --db "$WORK/copy.db" db check) || rc=$?
[[ $rc -eq 1 ]] || fail "db check on a broken database should exit 1 (got $rc)"
check '.ok == false and (.problems | map(.kind) | index("sequence_behind") != null)'

# A newer database is refused with exit 6 and left untouched.
cp "$LNSTORE_DB" "$WORK/newer.db"
sqlite3 "$WORK/newer.db" "PRAGMA user_version = 999"
sum=$(sha256sum <"$WORK/newer.db")
LNSTORE_DB="$WORK/newer.db" expect_err 6 database_too_new lnstore tower list
LNSTORE_DB="$WORK/newer.db" expect_err 6 database_too_new lnstore tower add "$G2@10.0.0.2"
[[ $(sha256sum <"$WORK/newer.db") == "$sum" ]] || fail "newer database was modified"

# A foreign SQLite database, and a file that is not SQLite at all.
sqlite3 "$WORK/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES(1);"
sum=$(sha256sum <"$WORK/foreign.db")
LNSTORE_DB="$WORK/foreign.db" expect_err 6 not_lnstore_database lnstore tower add "$G2@10.0.0.2"
[[ $(sha256sum <"$WORK/foreign.db") == "$sum" ]] || fail "foreign database was modified"
head -c 8192 /dev/urandom >"$WORK/random.db"
sum=$(sha256sum <"$WORK/random.db")
LNSTORE_DB="$WORK/random.db" expect_err 6 not_lnstore_database lnstore db info
[[ $(sha256sum <"$WORK/random.db") == "$sum" ]] || fail "random file was modified"

# An unreadable location is an I/O error.
LNSTORE_DB="$WORK/nodir/x/y.db" expect_err 7 database_not_found lnstore db info
echo "test_db: ok"
