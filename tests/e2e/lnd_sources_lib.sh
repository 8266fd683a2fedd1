# Helpers for the tests that import the same lnd node from bbolt, SQLite and
# PostgreSQL: what must come out identical, whatever the source.

# Timestamps of the import itself (created_at, updated_at, ...) differ run to
# run; everything else must be equal byte for byte.
STRIP_TIMES='walk(if type == "object" then with_entries(select(.key | test("(_at|_time)$") | not)) else . end)'

# dump_state OUTFILE [ROOT_KEY_FILE]: the list outputs of the current
# database, and with a root key the decoded content of a backup exported
# from it (the file itself is encrypted with a fresh nonce each time).
dump_state() {
  local out=$1 key=${2:-}
  : >"$out"
  local cmd
  for cmd in "channel list" "channel closed" "peer list" "tower list --include-sessions" "session list" "update list"; do
    echo "== $cmd" >>"$out"
    # shellcheck disable=SC2086
    lnstore $cmd | jq -S "$STRIP_TIMES" >>"$out"
  done
  if [[ -n "$key" ]]; then
    rm -f dump.backup
    echo "== backup export" >>"$out"
    lnstore --root-key-file "$key" backup export --file dump.backup | jq -S "$STRIP_TIMES | del(.file)" >>"$out"
    lnstore --root-key-file "$key" backup dump dump.backup | jq -S "$STRIP_TIMES | del(.file)" >>"$out"
  fi
}

# import_state DB OUTFILE KEY CHANNELS_SOURCE [WTCLIENT_SOURCE] [IMPORT_OPTION...]:
# imports into a fresh database DB and dumps its state.
import_state() {
  local db=$1 out=$2 key=$3 channels=$4 wt=${5:-}
  shift 5 || shift $#
  rm -f "$db" "$db-wal" "$db-shm"
  LNSTORE_DB=$db lnstore db init >/dev/null
  LNSTORE_DB=$db lnstore import lnd-channels "$channels" "$@" | jq -S 'del(.source)' >"$out.import"
  [[ -z "$wt" ]] || LNSTORE_DB=$db lnstore import lnd-wtclient "$wt" "$@" | jq -S 'del(.source)' >>"$out.import"
  LNSTORE_DB=$db dump_state "$out" "$key"
}
