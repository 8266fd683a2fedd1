# A 0-byte file given as the database: read commands and db check refuse it
# (exit 6, database_empty) and leave it as it was, 0 bytes with no -wal or
# -shm; db init and write commands initialise it.
source "$(dirname "$0")/lib.sh"
ROOT=tprv8ZgxMBicQKsPf1ujkCE39iYKKmdzD4MgdpKb3EtiJrNCnE2K4GFMtL11adjRsCwA6J1jVKndF6GXpMdSpBGev9cczcjyhrSDVVeEXmwtmCt
printf '%s\n' "$ROOT" >root.key
chmod 600 root.key

untouched() {
  [[ -f "$LNSTORE_DB" && ! -s "$LNSTORE_DB" ]] || fail "the empty database file changed: $(ls -l "$LNSTORE_DB")"
  [[ ! -e "$LNSTORE_DB-wal" && ! -e "$LNSTORE_DB-shm" && ! -e "$LNSTORE_DB-journal" ]] || fail "files left next to the empty database: $(ls -a)"
}

: >"$LNSTORE_DB"
for cmd in "tower list" "session list" "session closable" "update list" "channel list" "channel registrations" \
           "peer list" "db check" "db info" "db migrate" "db migrate --dry-run"; do
  # shellcheck disable=SC2086
  expect_err 6 database_empty lnstore $cmd
  untouched
done
expect_err 6 database_empty lnstore --network regtest --root-key-file root.key backup export
untouched
expect_err 6 database_empty lnstore --network regtest --root-key-file root.key backup export --file out.backup
untouched
[[ ! -e out.backup ]] || fail "backup export wrote a file from an empty database"
expect_err 6 database_empty lnstore db backup copy.db
untouched
[[ ! -e copy.db ]] || fail "db backup copied an empty database"

# A write command initialises it.
expect_ok lnstore tower add "$G1@10.0.0.1"
[[ -s "$LNSTORE_DB" ]] || fail "write command did not initialise the empty file"
expect_ok lnstore db check
check '.ok == true'

# So does db init.
rm -f "$LNSTORE_DB" "$LNSTORE_DB-wal" "$LNSTORE_DB-shm"
: >"$LNSTORE_DB"
expect_ok lnstore db init
check '.created == true'
expect_ok lnstore tower list
check '.towers == []'
echo "test_empty_database: ok"
