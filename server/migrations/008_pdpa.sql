-- 008_pdpa: erasure requests and the purge orders devices pull (docs/security.md §6, docs/sync-protocol.md §6.4).

-- A data subject's erasure request (PDPA s.33): recorded by a care manager or an administrator, approved by an
-- administrator. While pending it names the resident; once carried out only the hash of the id is kept.
CREATE TABLE erasure_requests (
  id text PRIMARY KEY,
  resident_id text, -- null once the resident is erased
  resident_hash text NOT NULL, -- sha256 hex of the resident id
  requested_by text NOT NULL, -- who asked (the person, a relative, a representative): as written
  requested_on text NOT NULL, -- YYYY-MM-DD
  reason text NOT NULL,
  recorded_by text REFERENCES users (id), -- null for the retention job
  recorded_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'erased')),
  approved_by text REFERENCES users (id),
  approved_at timestamptz,
  source text NOT NULL CHECK (source IN ('request', 'retention'))
);
CREATE INDEX erasure_requests_resident ON erasure_requests (resident_id);

-- One row per erased resident and bucket its rows lived in: at `seq` every device whose scope holds `bucket`
-- drops the resident, its attached rows, read models and outbox entries (the `{ "erased": id }` eviction of a
-- pull page). The id is a random UUID that no longer leads to any data.
CREATE TABLE sync_erasures (
  seq bigint NOT NULL,
  resident_id text NOT NULL,
  bucket text NOT NULL,
  PRIMARY KEY (seq, bucket)
);
CREATE INDEX sync_erasures_bucket ON sync_erasures (bucket, seq);
