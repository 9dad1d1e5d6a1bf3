-- FieldSync schema, version 6: enrolled devices. A sync admin issues a one-time code for a
-- user; the tablet enrols with it and its Ed25519 public key; only enrolled, active devices sync,
-- and they sign every revision they create.
CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,     -- SHA-256 of the code; the code itself is never stored
  user_id TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  device_id TEXT
);

CREATE TABLE enrolled_devices (
  device_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  public_key TEXT NOT NULL,       -- raw Ed25519 public key, base64url
  name TEXT,
  app_version TEXT,
  enrolled_by TEXT NOT NULL,
  enrolled_at BIGINT NOT NULL,
  status TEXT NOT NULL,           -- active | revoked
  revoked_by TEXT,
  revoked_at BIGINT,
  quarantine INTEGER NOT NULL     -- 1: a revoked device may still hand over unpushed work
);

-- The device's signature of each pushed revision, kept as evidence.
ALTER TABLE revisions ADD COLUMN signature TEXT;

-- Unpushed work a revoked device handed over before wiping itself: kept, never applied.
CREATE TABLE quarantine (
  device_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  rev TEXT NOT NULL,
  revision TEXT NOT NULL,         -- the revision as JSON
  signature TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, record_id, rev)
);
