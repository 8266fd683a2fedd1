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
, num_pending INTEGER NOT NULL DEFAULT 0 CHECK (num_pending >= 0));
CREATE INDEX sessions_by_tower ON sessions (tower_id);
CREATE TABLE committed_updates (
  session_db_id  INTEGER NOT NULL REFERENCES sessions (db_id) ON DELETE CASCADE,
  seqnum         INTEGER NOT NULL CHECK (seqnum BETWEEN 1 AND 65535),
  chan_id        BLOB NOT NULL CHECK (length(chan_id) = 32),
  commit_height  INTEGER NOT NULL CHECK (commit_height >= 0),
  hint           BLOB NOT NULL CHECK (length(hint) = 16),
  encrypted_blob BLOB NOT NULL, committed_at INTEGER CHECK (committed_at >= 0),
  PRIMARY KEY (session_db_id, seqnum)
) WITHOUT ROWID;
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
CREATE TABLE peers (
  pubkey     BLOB PRIMARY KEY CHECK (length(pubkey) = 33),
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE peer_addresses (
  peer_pubkey BLOB NOT NULL REFERENCES peers (pubkey) ON DELETE CASCADE,
  address     TEXT NOT NULL,  -- host:port, lnd's string form
  seq         INTEGER NOT NULL,
  PRIMARY KEY (peer_pubkey, address)
) WITHOUT ROWID;
CREATE TABLE channels (
  id                     INTEGER PRIMARY KEY,
  funding_txid           BLOB NOT NULL CHECK (length(funding_txid) = 32),  -- wire (internal) byte order
  funding_output_index   INTEGER NOT NULL CHECK (funding_output_index BETWEEN 0 AND 65535),
  chan_id                BLOB NOT NULL UNIQUE CHECK (length(chan_id) = 32),  -- BOLT 2, derived
  short_channel_id       INTEGER NOT NULL,  -- BOLT 7 u64, stored as its two's complement bits
  peer_pubkey            BLOB NOT NULL REFERENCES peers (pubkey),
  is_initiator           INTEGER NOT NULL CHECK (is_initiator IN (0, 1)),
  type                   TEXT NOT NULL CHECK (type IN ('legacy', 'tweakless', 'anchors', 'anchors_zero_fee_htlc',
                           'script_enforced_lease', 'simple_taproot', 'tapscript_root', 'simple_taproot_final')),
  status                 TEXT NOT NULL CHECK (status IN ('open', 'waiting_close', 'closed', 'restored')),
  capacity_sat           INTEGER NOT NULL CHECK (capacity_sat > 0),
  local_balance_msat     INTEGER NOT NULL CHECK (local_balance_msat >= 0),
  remote_balance_msat    INTEGER NOT NULL CHECK (remote_balance_msat >= 0),
  fee_per_kw             INTEGER NOT NULL CHECK (fee_per_kw >= 0),
  num_updates            INTEGER NOT NULL CHECK (num_updates >= 0),  -- commitment height
  total_sent_msat        INTEGER NOT NULL CHECK (total_sent_msat >= 0),
  total_received_msat    INTEGER NOT NULL CHECK (total_received_msat >= 0),
  total_fees_msat        INTEGER NOT NULL CHECK (total_fees_msat >= 0),
  local_csv_delay        INTEGER NOT NULL CHECK (local_csv_delay BETWEEN 1 AND 65535),
  remote_csv_delay       INTEGER NOT NULL CHECK (remote_csv_delay BETWEEN 1 AND 65535),
  shachain_family        INTEGER CHECK (shachain_family BETWEEN 0 AND 4294967295),
  shachain_index         INTEGER CHECK (shachain_index BETWEEN 0 AND 4294967295),
  shachain_pubkey        BLOB CHECK (shachain_pubkey IS NULL OR length(shachain_pubkey) = 33),
  lease_expiry           INTEGER CHECK (lease_expiry BETWEEN 1 AND 4294967295),
  funding_tx             BLOB,
  local_commit_tx        BLOB,  -- unsigned
  remote_commit_sig      BLOB CHECK (remote_commit_sig IS NULL OR length(remote_commit_sig) BETWEEN 8 AND 98),  -- DER ECDSA, or 98-byte MuSig2 partial sig + nonce (taproot)
  tapscript_root         BLOB CHECK (tapscript_root IS NULL OR length(tapscript_root) = 32),
  local_delivery_script  BLOB,
  remote_delivery_script BLOB,
  created_at             TEXT NOT NULL,
  -- The pending close of a waiting_close channel (a local force close not yet resolved).
  close_type             TEXT,
  closing_txid           BLOB CHECK (closing_txid IS NULL OR length(closing_txid) = 32),
  close_height           INTEGER,
  settled_sat            INTEGER,
  time_locked_sat        INTEGER, backup_changed_at INTEGER CHECK (backup_changed_at >= 0),
  UNIQUE (funding_txid, funding_output_index),
  CHECK (local_balance_msat + remote_balance_msat <= capacity_sat * 1000),
  CHECK ((lease_expiry IS NULL) = (type <> 'script_enforced_lease')),
  CHECK (shachain_pubkey IS NOT NULL OR (shachain_family IS NOT NULL AND shachain_index IS NOT NULL))
);
CREATE INDEX channels_by_peer ON channels (peer_pubkey);
CREATE INDEX channels_by_status ON channels (status);
CREATE TABLE channel_keys (
  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  side       TEXT NOT NULL CHECK (side IN ('local', 'remote')),
  purpose    TEXT NOT NULL CHECK (purpose IN ('multisig', 'revocation_base', 'payment_base', 'delay_base', 'htlc_base')),
  family     INTEGER CHECK (family BETWEEN 0 AND 4294967295),
  key_index  INTEGER CHECK (key_index BETWEEN 0 AND 4294967295),
  pubkey     BLOB CHECK (pubkey IS NULL OR length(pubkey) = 33),
  PRIMARY KEY (channel_id, side, purpose),
  CHECK ((side = 'local' AND family IS NOT NULL AND key_index IS NOT NULL) OR
         (side = 'remote' AND family IS NULL AND key_index IS NULL AND pubkey IS NOT NULL))
) WITHOUT ROWID;
CREATE TABLE revocation_secrets (
  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL CHECK (position BETWEEN 0 AND 48),
  bolt_index INTEGER NOT NULL CHECK (bolt_index BETWEEN 0 AND 281474976710655),
  secret     BLOB NOT NULL CHECK (length(secret) = 32),
  PRIMARY KEY (channel_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS "closed_channels" (
  funding_txid         BLOB NOT NULL CHECK (length(funding_txid) = 32),  -- wire order
  funding_output_index INTEGER NOT NULL CHECK (funding_output_index BETWEEN 0 AND 4294967295),
  channel_id           INTEGER UNIQUE REFERENCES channels (id),  -- NULL for imported summaries
  short_channel_id     INTEGER NOT NULL,
  peer_pubkey          BLOB NOT NULL CHECK (length(peer_pubkey) = 33),
  capacity_sat         INTEGER NOT NULL CHECK (capacity_sat >= 0),
  close_type           TEXT NOT NULL CHECK (close_type IN ('cooperative', 'local_force', 'remote_force', 'breach',
                         'funding_canceled', 'abandoned')),
  closing_txid         BLOB CHECK (closing_txid IS NULL OR length(closing_txid) = 32),  -- wire order
  close_height         INTEGER NOT NULL CHECK (close_height >= 0),
  settled_sat          INTEGER NOT NULL CHECK (settled_sat >= 0),
  time_locked_sat      INTEGER NOT NULL CHECK (time_locked_sat >= 0),
  closed_at            TEXT NOT NULL,
  PRIMARY KEY (funding_txid, funding_output_index)
) WITHOUT ROWID;
CREATE TABLE node_binding (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  node_pubkey BLOB CHECK (node_pubkey IS NULL OR length(node_pubkey) = 33),
  chain_hash  BLOB CHECK (chain_hash IS NULL OR length(chain_hash) = 32)
);
CREATE TRIGGER channels_backup_inserted AFTER INSERT ON channels
BEGIN
  UPDATE channels SET backup_changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = NEW.id;
END;
CREATE TRIGGER channels_backup_changed AFTER UPDATE OF short_channel_id, peer_pubkey, is_initiator, type,
  capacity_sat, local_csv_delay, remote_csv_delay, shachain_family, shachain_index, shachain_pubkey, lease_expiry ON channels
WHEN NEW.short_channel_id IS NOT OLD.short_channel_id OR NEW.peer_pubkey IS NOT OLD.peer_pubkey
  OR NEW.is_initiator IS NOT OLD.is_initiator OR NEW.type IS NOT OLD.type
  OR NEW.capacity_sat IS NOT OLD.capacity_sat OR NEW.local_csv_delay IS NOT OLD.local_csv_delay
  OR NEW.remote_csv_delay IS NOT OLD.remote_csv_delay OR NEW.shachain_family IS NOT OLD.shachain_family
  OR NEW.shachain_index IS NOT OLD.shachain_index OR NEW.shachain_pubkey IS NOT OLD.shachain_pubkey
  OR NEW.lease_expiry IS NOT OLD.lease_expiry
BEGIN
  UPDATE channels SET backup_changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = NEW.id;
END;
CREATE TRIGGER peer_addresses_backup_added AFTER INSERT ON peer_addresses
BEGIN
  UPDATE channels SET backup_changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE peer_pubkey = NEW.peer_pubkey;
END;
CREATE TRIGGER peer_addresses_backup_removed AFTER DELETE ON peer_addresses
BEGIN
  UPDATE channels SET backup_changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE peer_pubkey = OLD.peer_pubkey;
END;
