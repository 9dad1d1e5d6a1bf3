-- FieldSync schema, version 7: refresh tokens, each bound to one enrolled device. Stored only as
-- a SHA-256 hash. Each is used once: a refresh spends it and issues the next (replaced_by). A
-- spent token presented again ends every token of its device, unless it is the device retrying
-- within a short grace window because the answer was lost. Times are epoch ms.
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  -- Unused for this long, the token lapses (sliding: each refresh moves it on).
  expires_at BIGINT NOT NULL,
  -- The sign-in this chain started from ends here, however often it is refreshed.
  session_ends_at BIGINT NOT NULL,
  used_at BIGINT,
  replaced_by TEXT
);
CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);
