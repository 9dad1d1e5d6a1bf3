-- FieldSync schema, version 12: partner agencies and consent to share (issue 13).

-- A partner-agency practitioner's agency kind: domestic_abuse, mental_health, substance_misuse,
-- probation or police. Null for everyone else. The users.agency column stays the organisation's
-- name ("Dorset Police"), which every entry carries.
ALTER TABLE users ADD COLUMN partner_agency TEXT;

-- The writer's agency, stamped by the server on every stored revision from the writer's user
-- row at the time of writing, so an entry stays attributed if the writer later moves.
ALTER TABLE revisions ADD COLUMN author_agency TEXT;

-- Consent to share a case's record with a partner agency: full, partial (record_types lists the
-- types shared, comma-delimited with a leading and trailing comma: ",visit,child_voice,") or
-- none. One row per case and agency; its history is in the audit trail. children is a JSON array
-- of {childId, under16, fraserCompetent}: a child under 16 has their Fraser competence recorded.
CREATE TABLE case_consents (
  case_id TEXT NOT NULL,
  agency TEXT NOT NULL,
  level TEXT NOT NULL,            -- full | partial | none
  record_types TEXT NOT NULL,     -- ',visit,' style list; '' unless partial
  given_by TEXT NOT NULL,         -- parent_carer | young_person
  children TEXT NOT NULL,         -- JSON array
  note TEXT,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  changed_seq BIGINT NOT NULL,
  PRIMARY KEY (case_id, agency)
);
