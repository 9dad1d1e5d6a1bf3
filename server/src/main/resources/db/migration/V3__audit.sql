-- FieldSync schema, version 3: the audit trail. Append-only and hash-chained: each entry's hash
-- is SHA-256 over the previous entry's hash and this entry's fields (see AuditChain), so editing
-- or removing any row breaks every hash after it.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,         -- 1, 2, 3, ... with no gaps
  at BIGINT NOT NULL,             -- epoch millis
  actor TEXT,                     -- user id; null when nobody was signed in
  roles TEXT,                     -- the actor's roles, comma-separated
  device TEXT,                    -- device id, when known
  action TEXT NOT NULL,           -- e.g. login.ok, push.accepted, conflict.resolve, access.refused
  target TEXT,                    -- record, conflict, case or route the action was about
  detail TEXT,                    -- small JSON object; never record content or secrets
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
