# A throwaway PostgreSQL server for a test (Debian's postgresql package):
# initdb into a folder of the test, a unix socket in that folder only (no
# TCP), password authentication (scram-sha-256) for role lnd, run as the
# postgres user when the test runs as root. pg_start sets PG_HOST (the socket
# folder) and PG_PASSWORD; pg_stop (called from the caller's EXIT trap)
# stops it.

pg_start() {  # DIR (a folder with a server from an earlier pg_start is started again, its data kept)
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n "$bin" && -x "$bin/initdb" && -x "$bin/pg_ctl" ]] || skip "no PostgreSQL server (apt-get install postgresql)"
  command -v psql >/dev/null || skip "no psql (apt-get install postgresql-client)"
  PG_BIN=$bin PG_DIR=$1 PG_HOST=$1 PG_PASSWORD="pw-$RANDOM$RANDOM-secret"
  PG_AS=()
  mkdir -p "$PG_DIR"
  local fresh=1
  if [[ -f "$PG_DIR/data/PG_VERSION" && -f "$PG_DIR/password" ]]; then
    fresh=0
    PG_PASSWORD=$(cat "$PG_DIR/password")
  fi
  (umask 077; printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/password")
  cp "$PG_DIR/password" "$PG_DIR/pwfile"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || skip "running as root and there is no postgres user"
    # The server's user must reach its folder.
    local d=$PG_DIR
    while [[ "$d" != / ]]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
    chown -R postgres "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  if [[ $fresh == 1 ]]; then
    "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U lnd --auth=scram-sha-256 --pwfile="$PG_DIR/pwfile" \
      -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || fail "initdb failed: $(tail -5 "$PG_DIR/initdb.log")"
  fi
  rm -f "$PG_DIR/pwfile"
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || fail "PostgreSQL did not start: $(tail -5 "$PG_DIR/server.log")"
  PG_RUNNING=1
}

pg_stop() {
  [[ -n "${PG_RUNNING:-}" ]] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  PG_RUNNING=
}

pg_psql() {  # DB ARGS...: psql as lnd over the socket
  local db=$1
  shift
  PGPASSWORD=$PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -U lnd -d "$db" "$@"
}

# pg_load SQLITE DB: a new database DB holding the SQLite file's kv tables in
# lnd's PostgreSQL layout.
pg_load() {
  pg_psql postgres -c "CREATE DATABASE \"$2\"" >/dev/null
  "$PY" "$LNSTORE_SOURCE_DIR/tests/tools/lnd_sqlite_to_pg.py" "$1" | pg_psql "$2" >/dev/null \
    || fail "loading $1 into PostgreSQL failed"
}

pg_dsn() {  # DB: the DSN of DB (no password: libpq takes it from PGPASSWORD or PGPASSFILE)
  echo "postgresql:///$1?host=$PG_HOST&user=lnd"
}
