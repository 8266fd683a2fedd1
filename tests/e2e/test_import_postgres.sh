# import lnd-channels / lnd-wtclient from lnd's PostgreSQL backend, on a real
# throwaway server started here: the fixtures loaded in lnd's layout give
# byte-identical results to the bbolt and SQLite files of the same nodes;
# the password comes only from PGPASSWORD or a password file and never shows;
# unreachable servers, bad DSNs, wrong passwords and missing tables fail with
# their exit classes and write nothing.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lnd_sources_lib.sh"
source "$(dirname "$0")/pg_lib.sh"
need_python sqlite3
need_shared fixtures/lnd-sql/chantools/channel.sqlite fixtures/lnd-sql/lndinit/channel.sqlite \
  fixtures/lnd-sql/lnd-invoices/channel.sqlite fixtures/lnd/lndinit/wtclient.db
lnstore import lnd-channels postgresql:///x 2>&1 | grep -q postgres_unsupported && skip "this build has no libpq"
BOLT="$LNSTORE_SHARED_DIR/fixtures/lnd"
SQL="$LNSTORE_SHARED_DIR/fixtures/lnd-sql"
export LNSTORE_NETWORK=regtest
printf '%s\n' tprv8ZgxMBicQKsPejNXQLJKe3dBBs9Zrt53EZrsBzVLQ8rZji3hVb3wcoRvgrjvTmjPG2ixoGUUkCyC6yBEy9T5gbLdvD2a5VmJbcFd5Q9pkAs >root.key
chmod 600 root.key

trap 'pg_stop; rm -rf "$WORK"' EXIT
pg_start "$WORK/pg"
for n in chantools lndinit lnd-invoices; do pg_load "$SQL/$n/channel.sqlite" "$n"; done
export PGPASSWORD=$PG_PASSWORD

# Same answers: bbolt, SQLite and PostgreSQL, every fixture.
for n in chantools lndinit lnd-invoices; do
  key=""; [[ $n == chantools ]] && key=root.key
  wt_bolt=""; wt_sql=""; wt_pg=""
  cp "$SQL/$n/channel.sqlite" "$n.sqlite"
  [[ $n == lndinit ]] && { wt_bolt="$BOLT/lndinit/wtclient.db"; wt_sql="$n.sqlite"; wt_pg=$(pg_dsn "$n"); }
  import_state "bolt-$n.db" "bolt-$n.txt" "$key" "$BOLT/$n/channel.db" "$wt_bolt"
  import_state "sql-$n.db" "sql-$n.txt" "$key" "$n.sqlite" "$wt_sql"
  import_state "pg-$n.db" "pg-$n.txt" "$key" "$(pg_dsn "$n")" "$wt_pg"
  for s in sql pg; do
    cmp -s "bolt-$n.txt" "$s-$n.txt" || fail "$n: $s and bbolt differ: $(diff "bolt-$n.txt" "$s-$n.txt" | head -20)"
    cmp -s "bolt-$n.txt.import" "$s-$n.txt.import" || fail "$n: $s import summary differs: $(diff "bolt-$n.txt.import" "$s-$n.txt.import" | head)"
  done
done
grep -q '"chan_point"' pg-chantools.txt || fail "chantools: no channel listed (a vacuous comparison)"
grep -q 'chan_points' pg-chantools.txt || fail "chantools: no backup exported"

export LNSTORE_DB="$WORK/one.db"
DSN=$(pg_dsn chantools)
expect_ok lnstore import lnd-channels "$DSN"
check '.source == "'"$DSN"'" and .added.count == 4'
# Importing the same node again from bbolt changes nothing: one node, three sources.
expect_ok lnstore import lnd-channels "$BOLT/chantools/channel.db"
check '.changed == false and .unchanged.count == 4'

# The password from a password file, PGPASSWORD unset.
printf '*:*:*:lnd:%s\n' "$PG_PASSWORD" >pgpass && chmod 600 pgpass
(unset PGPASSWORD; PGPASSFILE=$WORK/pgpass lnstore import lnd-channels "$DSN" --dry-run >out.json) \
  || fail "import with PGPASSFILE failed"
jq -e '.unchanged.count == 4 and .dry_run' out.json >/dev/null || fail "PGPASSFILE import: $(cat out.json)"

# Wrong and missing passwords: authentication (4), the password never shown.
PGPASSWORD=wrong-password-123 expect_err 4 authentication_failed lnstore import lnd-channels "$DSN"
! grep -q 'wrong-password-123' stderr || fail "the password shows in the error"
: >nopass && chmod 600 nopass
(unset PGPASSWORD; PGPASSFILE=$WORK/nopass expect_err 4 authentication_failed lnstore import lnd-channels "$DSN")
# A password in the DSN is refused (it would be on the command line), and not echoed.
expect_err 2 password_in_dsn lnstore import lnd-channels "postgresql://lnd:hunter2-secret@/chantools?host=$PG_HOST"
! grep -q 'hunter2-secret' stderr || fail "the DSN's password shows in the error"
expect_err 2 password_in_dsn lnstore import lnd-channels "postgresql:///chantools?host=$PG_HOST&password=hunter2-secret"
! grep -q 'hunter2-secret' stderr || fail "the DSN's password shows in the error"
# Unreachable server: I/O (7).
expect_err 7 postgres_unreachable lnstore import lnd-channels "postgresql:///chantools?host=$WORK/no-server&user=lnd"
expect_err 7 postgres_unreachable lnstore import lnd-channels "postgresql:///no_such_db?host=$PG_HOST&user=lnd"
# Bad DSN: malformed (3).
expect_err 3 bad_dsn lnstore import lnd-channels "postgresql://[::1/chantools"
expect_err 3 bad_dsn lnstore import lnd-channels "postgresql:///chantools?nonsense_option=1"
# A database without lnd's tables, a missing namespace: incompatible (6).
pg_psql postgres -c 'CREATE DATABASE empty' >/dev/null
expect_err 6 not_lnd_sql lnstore import lnd-channels "$(pg_dsn empty)"
expect_err 6 lnd_kv_table_missing lnstore import lnd-channels "$DSN" --table-prefix walletdb
grep -q 'channeldb_kv, decayedlogdb_kv, towerclientdb_kv' stderr || fail "the kv tables are not listed: $(cat stderr)"
