-- FieldSync schema, version 2: merges, conflict review and device reports. Same SQL subset as V1.

-- A merge or a resolution descends from more than one revision: the primary parent is
-- parent_rev, the others are listed here (JSON array of revs).
ALTER TABLE revisions ADD COLUMN other_parents TEXT;

-- The conflicting fields of an open conflict (JSON array), recomputed as sides join, and the
-- revision that resolved it.
ALTER TABLE conflicts ADD COLUMN fields TEXT;
ALTER TABLE conflicts ADD COLUMN resolution_rev TEXT;
ALTER TABLE conflict_sides ADD COLUMN received_at BIGINT;
CREATE INDEX conflicts_status_opened ON conflicts (status, opened_at);
CREATE INDEX conflicts_resolution ON conflicts (record_id, resolution_rev);

-- What each device last reported: for the admin console's devices page.
CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  app_version TEXT,
  last_seen_at BIGINT NOT NULL,
  pending INTEGER,
  needs_attention INTEGER
);
