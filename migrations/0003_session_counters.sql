-- A session's count of pending (committed, un-acked) updates, kept with the
-- session so listings and acks need not count update rows that carry the
-- encrypted blobs. Channel lookups of pending updates go through the session.
ALTER TABLE sessions ADD COLUMN num_pending INTEGER NOT NULL DEFAULT 0 CHECK (num_pending >= 0);
UPDATE sessions SET num_pending = (SELECT count(*) FROM committed_updates c WHERE c.session_db_id = sessions.db_id);
DROP INDEX committed_updates_by_chan;
