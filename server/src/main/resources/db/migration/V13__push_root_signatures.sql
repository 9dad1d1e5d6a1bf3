-- Version 13 (decision 0037): a push may be signed once, over the Merkle root of its revisions.
-- Each revision then keeps the root signature in `signature` and its own path to the root here
-- (a JSON array of "L"/"R" + 64 hex digits), so it stays verifiable alone. NULL: the signature
-- in `signature` covers the revision alone (pushes from earlier clients).
ALTER TABLE revisions ADD COLUMN signature_proof TEXT;

-- The change feed's range scan (decision 0038): everything the feed filters and joins on, in
-- the index, so rows out of scope are skipped without reading the records table.
CREATE INDEX records_feed_cover ON records (seq, case_id, status, record_id, current_rev);
