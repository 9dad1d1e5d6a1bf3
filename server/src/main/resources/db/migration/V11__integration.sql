-- FieldSync schema, version 11: the central case record (decisions 0032, 0033). Same SQL subset
-- as V1, so it runs on SQLite and PostgreSQL alike.

-- Users provisioned by SCIM: the identity provider's id for them, whether they may sign in, the
-- version SCIM's ETag carries (one more on every change) and their grade and locality (the
-- enterprise extension). Demo and earlier users are active at version 1.
ALTER TABLE users ADD COLUMN external_id TEXT;
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN grade TEXT;
ALTER TABLE users ADD COLUMN locality TEXT;
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- SCIM groups (a team, a role group, or any group the identity provider keeps), with members.
CREATE TABLE scim_groups (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL UNIQUE,
  external_id TEXT,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE scim_group_members (
  group_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (group_id, user_id)
);

-- One-time activation codes: a new user sets their own password with one. Only the SHA-256 of
-- the code is kept.
CREATE TABLE activation_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX activation_codes_user ON activation_codes (user_id);

-- The case import's versions: each item of the case file carries a version; an item at or
-- below the version already applied changes nothing.
CREATE TABLE import_versions (
  item_key TEXT PRIMARY KEY,      -- kind and id, e.g. case:case-0001, allocation:case-1/u-1
  version BIGINT NOT NULL,
  digest TEXT NOT NULL,           -- SHA-256 of the item as applied
  applied_at BIGINT NOT NULL
);
-- Each case's statutory status from the case management system: cp, cin, cic, early_help or
-- family_help (CP/FH), and whether the case is closed.
ALTER TABLE cases ADD COLUMN status TEXT;
ALTER TABLE cases ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_children ADD COLUMN status TEXT;

-- The export outbox: one entry per (sink, record, revision) that reached an exportable state,
-- written in the same transaction as the revision. Delivered at least once, in order per record
-- (by the revision's server sequence); a claim (claimed_by until claim_until) keeps any other
-- node off an entry while one delivers it.
CREATE TABLE export_outbox (
  sink TEXT NOT NULL,
  record_id TEXT NOT NULL,
  rev TEXT NOT NULL,
  seq BIGINT NOT NULL,
  type TEXT NOT NULL,
  reason TEXT NOT NULL,           -- submitted | decided | signedOff | consented | stored | resolved
  supersedes TEXT,                -- the last rev of this record sent to this sink before, if any
  status TEXT NOT NULL,           -- pending | delivered | dead | skipped
  attempts INTEGER NOT NULL,
  next_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  last_answer TEXT,               -- the sink's last answer (status and the start of its body)
  claimed_by TEXT,
  claim_until BIGINT,
  PRIMARY KEY (sink, record_id, rev)
);
CREATE INDEX export_outbox_due ON export_outbox (sink, status, next_at);
CREATE INDEX export_outbox_record ON export_outbox (sink, record_id, seq);
