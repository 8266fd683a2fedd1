#!/usr/bin/env python3
"""Loads rows in the COPY text format of tests/tools/bbolt_kvdump (id, key,
value, parent_id, sequence) from stdin into table PREFIX_kv of a SQLite file,
created with lnd's kv schema (kvdb/sqlbase/schema.go) in WAL mode as lnd
opens it: the layout of lnd's db.backend=sqlite. Streamed, one transaction.

Usage: bbolt_kvdump channel.db | lnd_kvdump_to_sqlite.py DST.sqlite [PREFIX]
"""
import sqlite3
import sys


def main():
    dst, prefix = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "channeldb")
    t = f"{prefix}_kv"
    db = sqlite3.connect(dst, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(f"""
CREATE TABLE IF NOT EXISTS {t}
(
    key BLOB NOT NULL,
    value BLOB,
    parent_id BIGINT,
    id INTEGER PRIMARY KEY,
    sequence BIGINT,
    CONSTRAINT {t}_parent FOREIGN KEY (parent_id)
        REFERENCES {t} (id)
        ON UPDATE NO ACTION
        ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS {t}_p ON {t} (parent_id);
CREATE UNIQUE INDEX IF NOT EXISTS {t}_up ON {t} (parent_id, key) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS {t}_unp ON {t} (key) WHERE parent_id IS NULL;
""")

    def rows():
        for line in sys.stdin:
            rid, key, value, parent, seq = line.rstrip("\n").split("\t")
            yield (int(rid), bytes.fromhex(key[3:]), None if value == "\\N" else bytes.fromhex(value[3:]),
                   None if parent == "\\N" else int(parent), None if seq == "\\N" else int(seq))

    db.execute("BEGIN")
    db.executemany(f"INSERT INTO {t} (id, key, value, parent_id, sequence) VALUES (?, ?, ?, ?, ?)", rows())
    db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    main()
