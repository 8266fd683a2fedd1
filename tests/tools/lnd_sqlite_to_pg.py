#!/usr/bin/env python3
"""Writes, on stdout, a psql script that recreates the kv tables of an lnd
SQLite file (channel.sqlite) in PostgreSQL exactly as lnd's postgres backend
lays them out (kvdb/postgres: schema public, BYTEA, BIGSERIAL ids, the same
indexes and cascade), with the same rows, ids and sequences. Rows are
streamed (COPY FROM STDIN), never held.

Usage: lnd_sqlite_to_pg.py CHANNEL_SQLITE [TABLE...]   (default: every *_kv table)
       lnd_sqlite_to_pg.py --schema TABLE             (only lnd's CREATE statements)
"""
import sqlite3
import sys


def schema(table):
    return f"""CREATE SCHEMA IF NOT EXISTS public;
CREATE TABLE IF NOT EXISTS public.{table}
(
    key BYTEA NOT NULL,
    value BYTEA,
    parent_id BIGINT,
    id BIGSERIAL PRIMARY KEY,
    sequence BIGINT,
    CONSTRAINT {table}_parent FOREIGN KEY (parent_id)
        REFERENCES public.{table} (id)
        ON UPDATE NO ACTION
        ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS {table}_p ON public.{table} (parent_id);
CREATE UNIQUE INDEX IF NOT EXISTS {table}_up ON public.{table} (parent_id, key) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS {table}_unp ON public.{table} (key) WHERE parent_id IS NULL;
"""


def main():
    if sys.argv[1] == "--schema":
        sys.stdout.write(schema(sys.argv[2]))
        return
    src = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    tables = sys.argv[2:] or [r[0] for r in src.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\\_kv' ESCAPE '\\' ORDER BY name")]
    out = sys.stdout
    out.write("SET client_min_messages = warning;\nBEGIN;\n")
    for table in tables:
        out.write(schema(table))
        out.write(f"COPY public.{table} (id, key, value, parent_id, sequence) FROM STDIN;\n")
        # Parents before children (lnd inserts them so; ids grow), as the
        # foreign key needs.
        for rid, key, value, parent, seq in src.execute(
                f"SELECT id, key, value, parent_id, sequence FROM {table} ORDER BY id"):
            out.write("%d\t\\\\x%s\t%s\t%s\t%s\n" % (
                rid, bytes(key).hex(), "\\N" if value is None else "\\\\x" + bytes(value).hex(),
                "\\N" if parent is None else parent, "\\N" if seq is None else seq))
        out.write("\\.\n")
        out.write(f"SELECT setval(pg_get_serial_sequence('public.{table}', 'id'), "
                  f"coalesce((SELECT max(id) FROM public.{table}), 0) + 1, false);\n")
    out.write("COMMIT;\n")


if __name__ == "__main__":
    main()
