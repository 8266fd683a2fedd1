-- Closed-channel summaries stand on their own, keyed by channel point, as in
-- lnd's closed-channel bucket: a summary imported from lnd may describe a
-- channel whose full state lnstore never held.
CREATE TABLE closed_channel_summaries (
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
INSERT INTO closed_channel_summaries
  SELECT c.funding_txid, c.funding_output_index, x.channel_id, c.short_channel_id, c.peer_pubkey, c.capacity_sat,
         x.close_type, x.closing_txid, x.close_height, x.settled_sat, x.time_locked_sat, x.closed_at
  FROM closed_channels x JOIN channels c ON c.id = x.channel_id;
DROP TABLE closed_channels;
ALTER TABLE closed_channel_summaries RENAME TO closed_channels;
