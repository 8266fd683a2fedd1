# backup verify|dump|restore take the backup from a file or stdin ('-'), as
# raw bytes or, with --hex, as the hex text lncli prints; a packed Single
# given as a Multi (or the reverse) is named as such, with the option to use.
source "$(dirname "$0")/lib.sh"
need_python nacl bip32utils
source "$E2E_DIR/backup_lib.sh"
backup_fixture

# lnd's packed Single (scb-format.md section 8), raw, on stdin, and as hex.
expect_ok lnstore backup verify --single vector.single
check '.chan_points == ["'"$VECTOR_CP"'"]'
expect_ok lnstore backup verify --single - <vector.single
check '.chan_points == ["'"$VECTOR_CP"'"]'
xxd -p vector.single >vector.hex
expect_ok lnstore backup verify --single --hex vector.hex
check '.chan_points == ["'"$VECTOR_CP"'"]'
# lncli prints one long line; xxd wraps at 60 columns: both are accepted.
tr -d '\n' <vector.hex | lnstore backup verify --single --hex - >out.json || fail "hex on stdin failed"
jq -e '.chan_points == ["'"$VECTOR_CP"'"]' out.json >/dev/null || fail "hex on stdin: $(cat out.json)"
expect_ok lnstore backup dump --single --hex vector.hex
check '.singles[0].chan_point == "'"$VECTOR_CP"'"'

# The Single without --single: not "unknown multi-version", but what it is.
expect_err 3 wrong_backup_kind lnstore backup verify vector.single
jq -e '.error.details.hint == "--single" and (.error.message | test("add --single"))' "$WORK/stderr" >/dev/null ||
  fail "Single as Multi: $(cat "$WORK/stderr")"
expect_err 3 wrong_backup_kind lnstore backup verify --hex vector.hex
expect_err 3 wrong_backup_kind lnstore backup restore vector.single

# A Multi with --single: the reverse hint.
sed -n 1p docs.jsonl >c1.json
expect_ok lnstore channel open c1.json
expect_ok lnstore backup export --file multi.backup
expect_err 3 wrong_backup_kind lnstore backup verify --single multi.backup
jq -e '.error.details.hint == "no --single" and (.error.message | test("drop --single"))' "$WORK/stderr" >/dev/null ||
  fail "Multi as Single: $(cat "$WORK/stderr")"
expect_ok lnstore backup verify - <multi.backup
check '.chan_points | length == 1'

# Bad hex, and another key: the usual errors, unchanged.
printf 'zz\n' >bad.hex
expect_err 3 bad_hex lnstore backup verify --hex bad.hex
LNSTORE_ROOT_KEY_FILE="$WORK/other.key" expect_err 4 backup_auth_failed lnstore backup verify --single vector.single
# An empty stdin is not a backup.
expect_err 3 bad_backup lnstore backup verify - </dev/null
echo "ok"
