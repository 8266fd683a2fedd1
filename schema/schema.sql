-- The complete current schema, as migrations/ produce it (tests/unit/test_schema.cpp
-- keeps the two equal). Regenerate: lnstore --db X db init && sqlite3 X .schema
CREATE TABLE sequences (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL CHECK (value >= 0)
) WITHOUT ROWID;
CREATE TABLE towers (
  id     INTEGER PRIMARY KEY CHECK (id > 0),
  pubkey BLOB NOT NULL UNIQUE CHECK (length(pubkey) = 33),
  status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1))  -- 0 active, 1 inactive
);
CREATE TABLE tower_addresses (
  tower_id INTEGER NOT NULL REFERENCES towers (id) ON DELETE CASCADE,
  address  TEXT NOT NULL,     -- canonical host:port, lnd's string form
  seq      INTEGER NOT NULL,  -- insertion order
  PRIMARY KEY (tower_id, address)
) WITHOUT ROWID;
CREATE INDEX tower_addresses_order ON tower_addresses (tower_id, seq);
CREATE TABLE key_index_reservations (
  tower_id  INTEGER NOT NULL REFERENCES towers (id) ON DELETE CASCADE,
  blob_type INTEGER NOT NULL CHECK (blob_type BETWEEN 0 AND 65535),
  key_index INTEGER NOT NULL CHECK (key_index BETWEEN 1 AND 2147483647),
  PRIMARY KEY (tower_id, blob_type)
) WITHOUT ROWID;
CREATE TABLE sessions (
  db_id              INTEGER PRIMARY KEY CHECK (db_id > 0),
  id                 BLOB NOT NULL UNIQUE CHECK (length(id) = 33),
  tower_id           INTEGER NOT NULL REFERENCES towers (id),
  key_index          INTEGER NOT NULL CHECK (key_index BETWEEN 0 AND 4294967295),
  status             INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1)),  -- 0 active, 1 terminal
  blob_type          INTEGER NOT NULL CHECK (blob_type BETWEEN 0 AND 65535),
  max_updates        INTEGER NOT NULL CHECK (max_updates BETWEEN 1 AND 65535),
  reward_base        INTEGER NOT NULL CHECK (reward_base BETWEEN 0 AND 4294967295),
  reward_rate        INTEGER NOT NULL CHECK (reward_rate BETWEEN 0 AND 4294967295),
  sweep_fee_rate     INTEGER NOT NULL CHECK (sweep_fee_rate >= 0),
  seqnum             INTEGER NOT NULL DEFAULT 0 CHECK (seqnum BETWEEN 0 AND 65535),
  tower_last_applied INTEGER NOT NULL DEFAULT 0 CHECK (tower_last_applied BETWEEN 0 AND 65535),
  reward_pkscript    BLOB NOT NULL DEFAULT x'',
  rogue_update_count INTEGER NOT NULL DEFAULT 0 CHECK (rogue_update_count >= 0)
);
CREATE INDEX sessions_by_tower ON sessions (tower_id);
CREATE TABLE committed_updates (
  session_db_id  INTEGER NOT NULL REFERENCES sessions (db_id) ON DELETE CASCADE,
  seqnum         INTEGER NOT NULL CHECK (seqnum BETWEEN 1 AND 65535),
  chan_id        BLOB NOT NULL CHECK (length(chan_id) = 32),
  commit_height  INTEGER NOT NULL CHECK (commit_height >= 0),
  hint           BLOB NOT NULL CHECK (length(hint) = 16),
  encrypted_blob BLOB NOT NULL,
  PRIMARY KEY (session_db_id, seqnum)
) WITHOUT ROWID;
CREATE INDEX committed_updates_by_chan ON committed_updates (chan_id);
CREATE TABLE tower_channels (
  db_id             INTEGER PRIMARY KEY CHECK (db_id > 0),
  chan_id           BLOB NOT NULL UNIQUE CHECK (length(chan_id) = 32),
  sweep_pkscript    BLOB NOT NULL,
  max_commit_height INTEGER CHECK (max_commit_height >= 0),  -- NULL until an update is committed
  closed_height     INTEGER CHECK (closed_height >= 0)       -- NULL while open
);
CREATE TABLE acked_ranges (
  session_db_id INTEGER NOT NULL REFERENCES sessions (db_id) ON DELETE CASCADE,
  channel_db_id INTEGER NOT NULL REFERENCES tower_channels (db_id),
  start_height  INTEGER NOT NULL CHECK (start_height >= 0),
  end_height    INTEGER NOT NULL,
  PRIMARY KEY (session_db_id, channel_db_id, start_height),
  CHECK (end_height >= start_height)
) WITHOUT ROWID;
CREATE INDEX acked_ranges_by_channel ON acked_ranges (channel_db_id, session_db_id);
CREATE TABLE closable_sessions (
  session_db_id INTEGER PRIMARY KEY REFERENCES sessions (db_id) ON DELETE CASCADE,
  height        INTEGER NOT NULL CHECK (height >= 0)
);
