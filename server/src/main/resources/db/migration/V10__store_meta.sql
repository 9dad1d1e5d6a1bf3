-- The store's identity and epoch, which change-feed checkpoints are bound to. The identity is
-- made once, when the store is first opened; the epoch is new whenever the store is restored
-- from a backup, so a tablet's checkpoint from before the restore is told to pull again.
CREATE TABLE store_meta (
  meta_key TEXT PRIMARY KEY,
  meta_value TEXT NOT NULL
);
