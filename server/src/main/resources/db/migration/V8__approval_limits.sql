-- FieldSync schema, version 8: the scheme of delegation. Each user's limit (in pence) for
-- approving an FNSP request; 0 means they may not approve any. Loaded with the user directory.
ALTER TABLE users ADD COLUMN approval_limit_pence BIGINT NOT NULL DEFAULT 0;
