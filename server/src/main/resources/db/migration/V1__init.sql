-- FieldSync schema, version 1. Written in the subset of SQL that SQLite and PostgreSQL both
-- accept, so one migration serves both stores. Booleans are INTEGER 0/1; times are epoch millis.

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  locality TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,            -- comma-separated role names
  team_id TEXT,
  agency TEXT NOT NULL
);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL,
  locality TEXT NOT NULL,
  label TEXT NOT NULL             -- a pseudonymous label, never a family's real name
);

CREATE TABLE case_children (
  case_id TEXT NOT NULL,
  child_id TEXT NOT NULL,
  initials TEXT NOT NULL,
  PRIMARY KEY (case_id, child_id)
);

CREATE TABLE allocations (
  case_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  active INTEGER NOT NULL,
  changed_seq BIGINT NOT NULL,
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX allocations_user ON allocations (user_id, active);

-- One monotonic server sequence (see docs/decisions/0003-single-row-sequence.md).
CREATE TABLE server_sequence (
  id INTEGER PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO server_sequence (id, value) VALUES (1, 0);

-- Every revision ever accepted or kept, append-only.
CREATE TABLE revisions (
  record_id TEXT NOT NULL,
  rev TEXT NOT NULL,
  parent_rev TEXT,
  generation INTEGER NOT NULL,
  type TEXT NOT NULL,
  case_id TEXT,
  child_ids TEXT NOT NULL,        -- JSON array
  deleted INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  author_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  body TEXT NOT NULL,             -- canonical JSON
  pushed_by TEXT NOT NULL,
  seq BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  outcome TEXT NOT NULL,          -- accepted | conflict (| merged, later)
  PRIMARY KEY (record_id, rev)
);

-- The current winner of each record.
CREATE TABLE records (
  record_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  case_id TEXT,
  child_ids TEXT NOT NULL,
  current_rev TEXT NOT NULL,
  seq BIGINT NOT NULL,
  status TEXT NOT NULL,           -- current | conflicted
  hlc TEXT NOT NULL,
  author_id TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX records_seq ON records (seq);
CREATE INDEX records_case_seq ON records (case_id, seq);

-- One open conflict per record, with N sides; designed for automatic merging and the admin
-- console that come next.
CREATE TABLE conflicts (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  base_rev TEXT,
  status TEXT NOT NULL,           -- open | resolved
  opened_seq BIGINT NOT NULL,
  opened_at BIGINT NOT NULL,
  resolved_by TEXT,
  resolved_at BIGINT,
  reason TEXT
);
CREATE UNIQUE INDEX conflicts_one_open ON conflicts (record_id) WHERE status = 'open';

CREATE TABLE conflict_sides (
  conflict_id TEXT NOT NULL,
  rev TEXT NOT NULL,
  author_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  PRIMARY KEY (conflict_id, rev)
);

-- Scope changes, in the same sequence as record changes, so the feed can order them.
CREATE TABLE scope_events (
  seq BIGINT PRIMARY KEY,
  case_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,             -- allocated | deallocated
  at BIGINT NOT NULL
);
CREATE INDEX scope_events_user ON scope_events (user_id, seq);

CREATE TABLE device_checkpoints (
  device_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  checkpoint TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
