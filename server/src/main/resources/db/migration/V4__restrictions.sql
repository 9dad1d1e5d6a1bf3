-- FieldSync schema, version 4: records of sensitive categories (domestic abuse, exploitation,
-- allegations against professionals) restricted to named workers.
CREATE TABLE record_restrictions (
  record_id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  set_by TEXT NOT NULL,
  set_at BIGINT NOT NULL
);

CREATE TABLE record_restriction_users (
  record_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (record_id, user_id)
);
