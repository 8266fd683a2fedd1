-- Times that `health` judges against. A committed update records when it was
-- committed (unix seconds; NULL for updates committed before this migration
-- or imported from lnd, whose wtdb keeps no time), so updates a tower has not
-- acknowledged for too long can be found. A channel records when the part of
-- its backup that lnd's channel.backup always carries last changed (unix
-- seconds), so a backup file older than that is known to be stale. The close
-- transaction a Single may carry changes with every state update and is not
-- counted: lnd does not rewrite channel.backup for it either.
ALTER TABLE committed_updates ADD COLUMN committed_at INTEGER CHECK (committed_at >= 0);
ALTER TABLE channels ADD COLUMN backup_changed_at INTEGER CHECK (backup_changed_at >= 0);
UPDATE channels SET backup_changed_at = CAST(strftime('%s', created_at) AS INTEGER);

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

-- A backup carries the peer's addresses.
CREATE TRIGGER peer_addresses_backup_added AFTER INSERT ON peer_addresses
BEGIN
  UPDATE channels SET backup_changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE peer_pubkey = NEW.peer_pubkey;
END;

CREATE TRIGGER peer_addresses_backup_removed AFTER DELETE ON peer_addresses
BEGIN
  UPDATE channels SET backup_changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE peer_pubkey = OLD.peer_pubkey;
END;
