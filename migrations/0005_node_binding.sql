-- The one node and chain this database belongs to: the node's identity
-- public key and the chain's genesis hash (internal byte order), each NULL
-- until a command first learns it (an lnd import, a backup export or
-- restore, key info with a root key). Commands that bring in or write node
-- data compare against them; only `db rebind` changes a recorded value.
CREATE TABLE node_binding (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  node_pubkey BLOB CHECK (node_pubkey IS NULL OR length(node_pubkey) = 33),
  chain_hash  BLOB CHECK (chain_hash IS NULL OR length(chain_hash) = 32)
);
INSERT INTO node_binding (id) VALUES (1);
