-- FieldSync schema, version 9: attachments (a photo of a child's drawing, an audio clip) beside
-- the records that reference them. Content-addressed within a case: the key is the case and the
-- SHA-256 of the bytes, which the record's (device-signed) body names. BYTEA is PostgreSQL's
-- binary type; SQLite stores the bytes as a BLOB under any declared type.
CREATE TABLE attachments (
  case_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  content BYTEA NOT NULL,
  uploaded_by TEXT NOT NULL,
  device_id TEXT,
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (case_id, sha256)
);
